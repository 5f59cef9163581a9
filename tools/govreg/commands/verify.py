"""``govreg verify QUERY``: the 查验 verdict on the command line, for the hotline staff."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..clock import today_default
from ..identity import LookalikeSettings
from ..repository import load_repository
from ..site.data import STATUS_LABELS, public_data
from ..site.incidents import ACCOUNT_CAUTION
from ..site.verify import build_index
from ..verdict import ENDED, EXIT_CODES, REGISTERED, UNREGISTERED, Verdict, verdict
from ._output import repository_root

NAME = "verify"
HELP = "查验账号：输入名称、账号 ID 或链接，回答是否登记在册、是否仍在运行"
DESCRIPTION = (
    "与公开网站的“查验”页给出相同的结论（同一套规范化和链接识别规则）。"
    "退出码：0 已登记且正常运行，1 未登记或无法识别，2 用法错误，3 内部错误，4 已关停或已注销。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="账号名称、账号 ID（微信号、微博 ID……）或账号链接")
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    repo = load_repository(root)
    data = public_data(repo, today_default())
    try:
        decorations = repo.config.section("identity", LookalikeSettings).decorations
    except ValueError:
        decorations = LookalikeSettings().decorations
    index = build_index(data, repo.config.platforms, decorations)
    result = verdict(args.query, index)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(result, {p.id: p.name for p in repo.config.platforms}))
    return EXIT_CODES[result.kind]


def _line(account: dict[str, Any], platforms: dict[str, str]) -> str:
    status = STATUS_LABELS.get(account["status"], account["status"])
    when = f"{account['opened']} 起" if account["status"] == "active" else account["ended"]
    return (
        f"  {account['name']} · {platforms.get(account['platform'], account['platform'])}："
        f"账号 ID {account['handle']}，主办单位 {account['unit']}，{status}（{when}）\n"
    )


def render_text(result: Verdict, platforms: dict[str, str]) -> str:
    if result.kind == REGISTERED:
        out = "✓ 已登记：这是登记在册的政务新媒体账号。\n"
    elif result.kind == ENDED:
        label = "已关停" if all(a["status"] == "closed" for a in result.matches) else "已注销"
        out = f"⚠ {label}：此账号已不再由政府运营，谨防冒用。\n"
    elif result.kind == UNREGISTERED:
        extra = f"{result.reason}。" if result.reason and result.reason != "名录中没有这个账号" else ""
        out = f"✗ 未登记：名录中没有这个账号，谨防仿冒。{extra}\n"
    else:
        out = f"? 无法识别：{result.reason}。\n"
    out += "".join(_line(a, platforms) for a in result.matches)
    for warning in result.warnings:
        out += f"⚠ 安全警示：{warning['detected']} 发现{warning['kind']}：{warning['summary']}。{ACCOUNT_CAUTION}\n"
    if result.similar:
        out += "名称或账号 ID 相近的已登记账号：\n" + "".join(_line(a, platforms) for a in result.similar)
    return out
