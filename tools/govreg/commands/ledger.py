"""``govreg ledger``: write the sign-off ledger (run by the trusted publish workflow at merge)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from .. import jsonio
from ..gate import GitError, gate_repository, load_reviews_file
from ..gate.core import _STEP_ROLE, GateResult
from ..gate.gitio import resolve
from ..gate.reviews import FORGES, ForgeReview, detect_forge
from ..ledger import LEDGER_PATH, append, parse_time, read_ledger
from ._output import repository_root

NAME = "ledger"
HELP = "签核账本：合并时记录 PR 的三审签核（由发布工作流运行）"
DESCRIPTION = (
    f"在 {LEDGER_PATH} 末尾追加一条记录（每条记录以哈希值链接前一条，只能追加）："
    "init 建立账本（给出起始提交，此后合并的每一次修改都须有签核记录）；"
    "record 记录一个已合并的 PR：按基准提交的名册重新核对审核记录，写入 PR 编号、头提交、合并提交、合并时间和每一步签核的人员、角色、时间、意见。"
    "退出码：0 已写入，1 账本已损坏，2 用法错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("init", "record"), help="init：建立账本；record：记录一个已合并的 PR")
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    parser.add_argument("--since", default="HEAD", help="init：起始提交（默认 HEAD）")
    parser.add_argument("--reviews", metavar="FILE", help="record:govreg gate --save-reviews 存档的审核记录")
    parser.add_argument("--merge", help="record：合并提交（默认 HEAD）")
    parser.add_argument("--merged-at", help="record：代码托管平台记录的合并时间（ISO 8601，如 PR 的 merged_at）")
    parser.add_argument("--base", help="record：基准提交（默认取存档中的 base.sha）")
    parser.add_argument("--head", help="record:PR 的头提交（默认取存档中的 head.sha）")
    parser.add_argument("--author", help="record:PR 作者（默认取存档中的 user.login）")
    parser.add_argument("--pr", type=int, help="record:PR 编号（默认取存档中的 number）")


def signoffs(result: GateResult, reviews: list[ForgeReview]) -> list[dict[str, Any]]:
    """Every step the gate counted, as the ledger records it (the forge's time and comment)."""
    by_index = {r.index: r for r in reviews}
    out: list[dict[str, Any]] = []
    for chain in result.chains:
        for step in chain.steps:
            s = step.signer
            if s is None:
                continue
            review = by_index.get(s.review_index) if s.review_index is not None else None
            out.append(
                {
                    "chain": chain.subject, "step": step.key, "person": s.person_id, "login": s.login,
                    "role": _STEP_ROLE[step.key].value, "state": "approved" if review is not None else "authored",
                    "at": s.at.isoformat() if s.at else None, "opinion": review.body if review is not None else "",
                }
            )  # fmt: skip
    return out


def _forge(text: str) -> str:
    try:
        data = jsonio.loads(text)
    except jsonio.JsonRefused:
        return detect_forge([])
    if isinstance(data, dict):
        if data.get("forge") in FORGES:
            return str(data["forge"])
        data = data.get("reviews")
    return detect_forge(data if isinstance(data, list) else [])


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    try:
        if args.action == "init":
            if read_ledger(root).entries:
                sys.stderr.write(f"govreg：{LEDGER_PATH} 已存在，账本只能建立一次\n")
                return 2
            since = resolve(root, args.since)[0]
            append(root, [{"kind": "genesis", "since": since, "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}])
            sys.stdout.write(f"已建立签核账本 {LEDGER_PATH}（起始提交 {since[:10]}）\n")
            return 0
        return _record(root, args)
    except GitError as exc:
        sys.stderr.write(f"govreg：{exc}\n")
        return 2
    except ValueError as exc:
        sys.stderr.write(f"govreg：{exc}\n")
        return 1


def _record(root: Path, args: argparse.Namespace) -> int:
    if not args.reviews:
        sys.stderr.write("govreg：record 需要 --reviews（govreg gate --save-reviews 存档的审核记录）\n")
        return 2
    try:
        text = Path(args.reviews).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"govreg：无法读取审核记录文件 {args.reviews}：{exc}\n")
        return 2
    pull, reviews, problems = load_reviews_file(text, args.reviews)
    base, head, author = args.base or pull.base_sha, args.head or pull.head_sha, args.author or pull.author
    merged_at = parse_time(args.merged_at)
    if not base or not head or not author or merged_at is None:
        sys.stderr.write("govreg：需要基准提交、头提交、PR 作者（存档中或 --base/--head/--author）和带时区的合并时间 --merged-at\n")
        return 2
    merge = resolve(root, args.merge or "HEAD")[0]
    run_ = gate_repository(root, base, head, author, reviews)
    entry = {
        "kind": "merge",
        "pr": args.pr if args.pr is not None else pull.number,
        "forge": _forge(text),
        "base": run_.base_sha,
        "head": run_.head_sha,
        "merge": merge,
        "merged_at": merged_at.isoformat(),
        "author": author,
        "complete": run_.result.complete,
        "signoffs": signoffs(run_.result, reviews),
        "findings": sorted({f.code for f in [*problems, *run_.result.findings]}),
    }
    written = append(root, [entry])[0]
    state = "三审完整" if run_.result.complete else "三审不完整（govreg audit --verify 将报告）"
    sys.stdout.write(f"已记入签核账本：第 {written['seq']} 条，PR #{entry['pr']}，合并提交 {merge[:10]}，{state}\n")
    return 0
