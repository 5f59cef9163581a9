"""``govreg site``: build the public registry (MkDocs Material) into a folder."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..report import FORMATS, render
from .check import add_scope_options, prepare

if TYPE_CHECKING:
    from ..repository import Repository

NAME = "site"
HELP = "生成公开网站（账号名录、公告、信息发布、规则、开放数据）"
DESCRIPTION = (
    "用 MkDocs 生成公开网站；页面由登记库数据生成，--strict 下任何警告（如坏链接）都使构建失败。"
    "加 --check 时先检查整个仓库（同 govreg check），通过后用同一份已载入的数据生成网站：仓库只读取、检查一次（make site 和 CI 都这样运行）。"
    "退出码：0 成功，1 检查有错误或构建失败，2 用法错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("root", nargs="?", default=".", help="仓库根目录")
    parser.add_argument("--site-dir", default=None, help="输出目录（默认 ROOT/site）")
    parser.add_argument("--config", default=None, help="mkdocs.yml（默认 ROOT/mkdocs.yml）")
    parser.add_argument("--no-strict", action="store_true", help="有警告时也生成（默认严格）")
    parser.add_argument("--check", action="store_true", help="先检查整个仓库（同 govreg check），通过才生成网站；检查和网站共用一次读取")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="--check 的输出格式；在 GitHub/Gitea Actions 中默认 github")
    add_scope_options(parser)
    parser.add_argument(
        "--emit", metavar="DIR", default=None, help="不用 MkDocs：把全部页面（生成的页面与 docs/ 中手写的页面）写成 Markdown 文件到 DIR，供其他网站生成器使用"
    )


def run(args: argparse.Namespace) -> int:
    from ..site.build import SiteBuildError, build_site

    root = Path(args.root)
    if not root.is_dir():
        sys.stderr.write(f"找不到仓库目录 {root}\n")
        return 2
    if args.emit:
        return _emit(root, Path(args.emit))
    repo = None
    if args.check:
        checked = _check(root, args.format, base=args.base, use_cache=not args.no_cache)
        if isinstance(checked, int):
            return checked
        repo = checked
    site_dir = Path(args.site_dir) if args.site_dir else root / "site"
    try:
        build_site(root, site_dir, config_file=Path(args.config) if args.config else None, strict=not args.no_strict, repo=repo)
    except SiteBuildError as exc:
        sys.stderr.write(f"网站生成失败：\n{exc}\n请按上面的提示修改后重试。\n")
        return 1
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    sys.stdout.write(f"已生成网站：{site_dir}（{pages} 个页面）\n")
    return 0


def _check(root: Path, fmt: str | None, *, base: str | None = None, use_cache: bool = True) -> Repository | int:
    """``govreg check`` of ``root``, printed as that command prints it; the loaded repository when it passed, else the exit code.

    The site is then built from this same repository: one load and one check per run (CI runs ``govreg site`` once).
    """
    from ..engine import RULE_CRASHED, run_check
    from ..repository import load_repository

    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    ready = prepare(root, base, use_cache=use_cache)
    cache = ready.cache
    try:
        repo = load_repository(root, cache=cache)
        report = run_check(root, repo=repo, cache=cache, focus=ready.changed, history=ready.history)
    finally:
        ready.close()
    cache.save()
    colour = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(render(report, fmt, colour=colour))
    if fmt == "github":
        sys.stdout.write(render(report, "text"))
    if any(f.code == RULE_CRASHED.code for f in report.findings):
        return 3
    if not report.valid:
        sys.stderr.write("检查未通过，未生成网站：请先按上面的提示修改。\n")
        return 1
    return repo


def _emit(root: Path, target: Path) -> int:
    from ..clock import today_default
    from ..repository import load_repository
    from ..site import SiteSettingsError, render_pages, site_settings
    from ..site.emit import EmitError, emit, site_pages
    from ..site.opendata import OpenDataError

    repo = load_repository(root)
    try:
        site_settings(repo)
        files = site_pages(render_pages(repo, today_default()), root / "docs")
        count = emit(files, target)
    except (SiteSettingsError, EmitError, OpenDataError) as exc:
        sys.stderr.write(f"页面导出失败：{exc}\n")
        return 1
    sys.stdout.write(f"已导出 {count} 个文件到 {target}（Markdown 页面和下载文件，不含 MkDocs 主题）\n")
    return 0
