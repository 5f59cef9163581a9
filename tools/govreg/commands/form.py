"""``govreg form PATH``: the review form (审查表) of a content item as printable HTML, and PDF through Chromium."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .. import jsonio
from ..authoring.errors import UserError
from ..authoring.files import atomic_write, relative, repository_root
from ..authoring.form import Approval, build_form, render_html
from ..clock import today_default
from ..engine import run_check
from ..findings import Severity
from ..gate.reviews import load_reviews_file
from ..ledger import record_signoffs
from ..repository import load_repository
from ._authoring import fail

NAME = "form"
HELP = "生成一条信息的《政府网站和政务新媒体政务信息发布审查表》（可打印的 HTML 或 PDF）"
DESCRIPTION = (
    "根据信息文件的记录（标题、渠道、来源、发布时间、三审人员和时间、发布意见）和拉取请求上的批准（--reviews），"
    "生成第十二条、第十三条要求的审查表：一个自包含的 HTML 文件，用浏览器打开即可打印；"
    "有 Chromium 浏览器时加 --pdf（或 -o 给出 .pdf 文件名）直接生成 PDF。一般一条信息连同正文打印在一张 A4 纸上。"
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="信息文件", help="content/ 下的 .md 信息文件")
    parser.add_argument(
        "--output", "-o", metavar="文件",
        help="输出文件，HTML 或 PDF 都写到这里（默认当前目录下的 审查表-<文件名>.html 或 .pdf；- 表示把 HTML 输出到屏幕）",
    )  # fmt: skip
    parser.add_argument("--pdf", action="store_true", help="生成 PDF 而不是 HTML（需要 Chromium）；-o 以 .pdf 结尾时不必再加")
    parser.add_argument(
        "--reviews", metavar="JSON 文件", help="拉取请求的审核记录（代码托管平台 API 返回的 JSON，或 govreg gate --save-reviews 存档的文件）"
    )
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")


def _approvals(path: str) -> tuple[list[Approval], str | None, str, list[str]]:
    """Approvals in a reviews file, the PR author, the PR label, and warnings."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取审核记录 {path}：{exc}", "请检查 --reviews 的路径；文件应为 UTF-8 编码的 JSON。") from None
    pull, reviews, findings = load_reviews_file(text, path)
    errors = [f.message for f in findings if f.severity is Severity.error]
    if errors and not reviews:
        raise UserError(
            f"审核记录 {path} 无法使用：{'；'.join(errors)}",
            "请提供代码托管平台 API 返回的审核列表（JSON），或 govreg gate --save-reviews 存档的文件。",
        )
    raw: Any = jsonio.loads(text)  # load_reviews_file read it already: size and depth are within the caps
    items = raw.get("reviews") if isinstance(raw, dict) else raw
    out: list[Approval] = []
    for review in reviews:
        if review.state != "approved" or review.dismissed:
            continue
        body = items[review.index].get("body") if isinstance(items, list) and isinstance(items[review.index], dict) else None
        out.append(Approval(review.login, review.submitted_at, body if isinstance(body, str) else ""))
    label = f" #{pull.number}" if pull.number is not None else ""
    return out, pull.author, label, [f.message for f in findings]


def find_chromium() -> str | None:
    forced = os.environ.get("GOVREG_CHROMIUM")
    if forced:
        return forced if Path(forced).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_text: str, target: Path) -> None:
    """Print ``html_text`` to ``target`` with headless Chromium (``--print-to-pdf``)."""
    browser = find_chromium()
    if browser is None:
        raise UserError(
            "找不到 Chromium 浏览器，无法直接生成 PDF",
            "用浏览器打开 HTML 审查表后按 Ctrl+P，打印机选“另存为 PDF”即可；或安装 Chromium（Debian/Ubuntu：apt-get install chromium）后重试。",
        )
    with tempfile.TemporaryDirectory(prefix="govreg-form-") as tmp:
        page = Path(tmp) / "form.html"
        page.write_text(html_text, encoding="utf-8")
        output = Path(tmp) / "form.pdf"
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UserError(f"Chromium 未能生成 PDF：{exc}", "请用浏览器打开 HTML 审查表后按 Ctrl+P 另存为 PDF。") from None
        if not output.is_file() or not output.read_bytes().startswith(b"%PDF"):
            raise UserError("Chromium 未能生成 PDF", "请用浏览器打开 HTML 审查表后按 Ctrl+P 另存为 PDF。")
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(output, staged)
        os.replace(staged, target)  # readers see the old file or the new one, never half


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        root = repository_root(Path(args.root))
        rel = relative(root, Path(args.path))
        if not rel.startswith("content/") or not rel.endswith(".md"):
            raise UserError(f"{rel} 不是信息文件", "审查表针对 content/ 下的 .md 信息文件；请给出信息文件的路径。")
        if not (root / rel).is_file():
            raise UserError(f"找不到文件 {rel}", "请检查路径和文件名的拼写。")
        repo = load_repository(root)
        report = run_check(root, repo=repo)
        if rel not in repo.content:
            raise UserError(f"{rel} 的元数据有误，无法生成审查表", f"请先运行 govreg check，按提示改正 {rel} 后重试。")
        approvals: list[Approval] | None = None
        author: str | None = None
        label = ""
        warnings: list[str] = []
        if args.reviews:
            approvals, author, label, warnings = _approvals(args.reviews)
        entry = repo.entries[rel]
        signed, _ = record_signoffs(root, rel)  # the sign-off ledger: times and opinions as the forge recorded them
        form = build_form(
            repo, rel, body=entry.doc.body, findings=report.findings, approvals=approvals, author=author, pull_request=label, today=today_default(),
            signoffs=signed.signoffs if signed is not None else None,
        )  # fmt: skip
        page = render_html(form)
        stem = Path(rel).stem
        for warning in warnings:
            sys.stderr.write(f"注意（审核记录）：{warning}\n")
        for approval in form.approvals:
            if not approval.person_id:
                sys.stderr.write(f"注意：拉取请求上批准的账号 {approval.login} 不在任何单位的名册中，未计入审查表。\n")
        for problem in form.problems:
            sys.stderr.write(f"注意：{problem}；请核对记录的 review 与拉取请求上的批准是否一致。\n")
        want_pdf = bool(args.pdf) or (args.output not in (None, "-") and args.output.lower().endswith(".pdf"))
        if args.output == "-":
            if args.pdf:
                raise UserError("PDF 不能输出到屏幕", "请用 -o 给出 PDF 文件名，如 -o 审查表.pdf。")
            out.write(page)
        elif want_pdf:
            target = Path(args.output or f"审查表-{stem}.pdf")
            try:
                print_pdf(page, target)
            except UserError as error:
                fallback = target.with_suffix(".html")
                atomic_write(fallback, page)
                raise UserError(error.message, f"已改为生成 HTML 审查表 {fallback}，请用它打印。{error.hint}") from None
            out.write(f"已生成审查表 {target}（PDF，A4）：打印后由审核人在签字栏手签存档。\n")
        else:
            target = Path(args.output or f"审查表-{stem}.html")
            atomic_write(target, page)
            out.write(f"已生成审查表 {target}：用浏览器打开，按 Ctrl+P 打印（A4），审核人在签字栏手签后存档。\n")
    except UserError as error:
        return fail(error)
    return 0
