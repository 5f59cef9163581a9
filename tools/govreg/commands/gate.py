"""``govreg gate``: is the pull request's 三审 chain complete for every unit it touches?"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .. import jsonio
from ..findings import Finding
from ..gate import GitError, PullRequest, gate_repository, load_reviews_file, parse_reviews
from ..gate.codes import FORGE_ERROR
from ..gate.forge import GITHUB_API, ForgeClient, ForgeError
from ..gate.reviews import FORGES, Forge, ForgeReview, detect_forge
from ..gate.summary import markdown, text
from ..report import github
from ..textsafety import visible
from ._output import add_root, repository_root

NAME = "gate"
HELP = "拉取请求的三审签核检查（初审 → 复审 → 终审）"
DESCRIPTION = (
    "检查拉取请求（PR）涉及的每个单位是否已按第十二条完成三审：承办人初审、科室负责人复审、分管领导终审，"
    "三人不同、按顺序、都批准了 PR 的最新提交；名册、规则和工作流的变更还须经政务公开办批准。"
    "审核记录从代码托管平台 API 读取（令牌取自环境变量 GITHUB_TOKEN 或 GITEA_TOKEN），或用 --reviews 从文件读取。"
    "退出码：0 全部完成，1 未完成，2 用法错误，3 内部错误。"
)
FORMATS = ("text", "json", "markdown", "github")


def configure(parser: argparse.ArgumentParser) -> None:
    env = os.environ.get
    add_root(parser)
    parser.add_argument("--base", default=env("GOVREG_PR_BASE"), help="基准提交（目标分支；名册从这里读取）。默认取环境变量 GOVREG_PR_BASE")
    parser.add_argument("--head", default=env("GOVREG_PR_HEAD"), help="PR 的头提交。默认取 GOVREG_PR_HEAD，否则为 HEAD")
    parser.add_argument("--author", default=env("GOVREG_PR_AUTHOR"), help="PR 作者的账号（login）。默认取 GOVREG_PR_AUTHOR")
    parser.add_argument("--reviews", metavar="FILE", help="从 JSON 文件读取审核记录（GitHub 或 Gitea 的格式），不访问网络")
    parser.add_argument("--forge", choices=FORGES, help="代码托管平台类型（默认自动识别）")
    parser.add_argument("--api-url", default=env("GOVREG_API_URL"), help="API 地址（默认取 GITHUB_API_URL；Gitea 形如 https://git.example.gov.cn/api/v1）")
    parser.add_argument("--repo", default=env("GITHUB_REPOSITORY"), help="仓库 owner/name（默认取 GITHUB_REPOSITORY）")
    parser.add_argument("--pr", type=int, default=_int(env("GOVREG_PR_NUMBER")), help="PR 编号（默认取 GOVREG_PR_NUMBER）")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="输出格式；在 Actions 中默认 github")
    parser.add_argument("--output", "-o", help="把结果写入文件")
    parser.add_argument("--summary", default=env("GITHUB_STEP_SUMMARY"), help="把 Markdown 摘要追加到该文件（默认 $GITHUB_STEP_SUMMARY）")
    parser.add_argument("--save-reviews", metavar="FILE", help="把读取到的 PR 与审核记录存为 JSON（可供 govreg audit --reviews-dir 使用）")


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _detect_forge(args: argparse.Namespace) -> Forge:
    if args.forge:
        forge: Forge = args.forge
        return forge
    if os.environ.get("GITEA_ACTIONS") == "true" or os.environ.get("FORGEJO_ACTIONS") == "true":
        return "gitea"
    if os.environ.get("GITEA_TOKEN") and not os.environ.get("GITHUB_TOKEN"):
        return "gitea"
    return "github"


def _fetch(args: argparse.Namespace) -> tuple[PullRequest, list[Any], Forge]:
    forge = _detect_forge(args)
    api = args.api_url or os.environ.get("GITHUB_API_URL")
    if not api:
        server = os.environ.get("GITHUB_SERVER_URL")
        if forge == "gitea" and server:
            api = server.rstrip("/") + "/api/v1"
        elif forge == "github":
            api = GITHUB_API
        else:
            raise ForgeError("请用 --api-url 给出 Gitea 的 API 地址（形如 https://git.example.gov.cn/api/v1）")
    if not args.repo or args.pr is None:
        raise ForgeError("请给出 --repo owner/name 和 --pr 编号（或设置 GITHUB_REPOSITORY、GOVREG_PR_NUMBER），或用 --reviews 从文件读取")
    names = ("GITEA_TOKEN", "GITHUB_TOKEN") if forge == "gitea" else ("GITHUB_TOKEN", "GH_TOKEN")
    token = next((os.environ[n] for n in names if os.environ.get(n)), None)
    client = ForgeClient(forge, api, args.repo, token)
    pull = client.pull_request(args.pr)
    return pull, client.reviews(args.pr), forge


def _raw_reviews(content: str, forge: Forge | None, reviews: list[ForgeReview]) -> tuple[list[Any] | None, Forge | None]:
    """The review objects of a reviews file as given (to save them again with --save-reviews), and its forge."""
    try:
        data = jsonio.loads(content)
    except jsonio.JsonRefused:
        return None, forge
    if isinstance(data, dict):
        saved = data.get("forge")
        forge = forge or (saved if saved in FORGES else None)
        data = data.get("reviews")
    if not isinstance(data, list):
        return None, forge
    return data, forge or detect_forge(data)


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    pull = PullRequest()
    reviews: list[ForgeReview] = []
    extra: list[Finding] = []
    raw: list[Any] | None = None
    forge: Forge | None = args.forge
    if args.reviews:
        try:
            content = jsonio.read_text(Path(args.reviews))  # regular file, capped read (issue 12)
        except jsonio.JsonRefused as exc:
            sys.stderr.write(f"govreg：无法读取审核记录文件 {args.reviews}：{exc}\n")
            return 2
        pull, reviews, extra = load_reviews_file(content, args.reviews, args.forge)
        raw, forge = _raw_reviews(content, args.forge, reviews)
    else:
        try:
            pull, raw, forge = _fetch(args)
        except ForgeError as exc:
            extra.append(FORGE_ERROR("", detail=str(exc)))
        else:
            reviews, more = parse_reviews(raw, "(API)", forge)
            extra += more
    author = args.author or pull.author
    base = args.base or pull.base_sha
    head = args.head or pull.head_sha or "HEAD"
    if not author or not base:
        sys.stderr.write("govreg：需要 PR 作者（--author 或 GOVREG_PR_AUTHOR）和基准提交（--base 或 GOVREG_PR_BASE）\n")
        return 2
    try:
        run_ = gate_repository(root, base, head, author, reviews)
    except GitError as exc:
        sys.stderr.write(f"govreg：{exc}\n")
        return 2
    result = run_.result
    result.findings = extra + result.findings
    number = args.pr if args.pr is not None else pull.number
    if args.save_reviews and raw is not None:
        payload = {
            "pull_request": {"number": number, "user": {"login": author}, "head": {"sha": run_.head_sha}, "base": {"sha": run_.base_sha}},
            "forge": forge,
            "reviews": raw,
        }
        Path(args.save_reviews).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt == "json":
        out = json.dumps({**result.to_json(), "base": run_.base_sha, "pr": number}, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "markdown":
        out = markdown(result, pr_number=number, base_sha=run_.base_sha)
    elif fmt == "github":
        out = github(result.findings) + text(result, pr_number=number, base_sha=run_.base_sha)
    else:
        out = text(result, pr_number=number, base_sha=run_.base_sha)
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(visible(out))  # names, logins, commit messages: never raw control characters
    if args.summary:
        try:
            with open(args.summary, "a", encoding="utf-8") as handle:
                handle.write(markdown(result, pr_number=number, base_sha=run_.base_sha) + "\n")
        except OSError as exc:
            sys.stderr.write(f"govreg：无法写入摘要文件 {args.summary}：{exc.strerror}\n")
    return 0 if result.complete else 1
