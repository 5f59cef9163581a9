"""``govreg site``: build the public registry (MkDocs Material) into a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "site"
HELP = "生成公开网站（账号名录、公告、信息发布、规则、开放数据）"
DESCRIPTION = "用 MkDocs 生成公开网站；页面由登记库数据生成，--strict 下任何警告（如坏链接）都使构建失败。"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("root", nargs="?", default=".", help="仓库根目录")
    parser.add_argument("--site-dir", default=None, help="输出目录（默认 ROOT/site）")
    parser.add_argument("--config", default=None, help="mkdocs.yml（默认 ROOT/mkdocs.yml）")
    parser.add_argument("--no-strict", action="store_true", help="有警告时也生成（默认严格）")
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
    site_dir = Path(args.site_dir) if args.site_dir else root / "site"
    try:
        build_site(root, site_dir, config_file=Path(args.config) if args.config else None, strict=not args.no_strict)
    except SiteBuildError as exc:
        sys.stderr.write(f"网站生成失败：\n{exc}\n请按上面的提示修改后重试。\n")
        return 1
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    sys.stdout.write(f"已生成网站：{site_dir}（{pages} 个页面）\n")
    return 0


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
