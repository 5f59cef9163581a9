"""``govreg monitor``: fetch the registered websites and accounts and report what is really there."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..clock import today_default
from ..monitor.net import parse_resolve
from ..monitor.render import FORMATS, render
from ..monitor.run import MonitorUsageError, run_monitor
from ..monitor.snapshot import write_snapshot
from ..repository import load_repository
from ._output import add_root, date_arg, repository_root, write_output
from .inspect import DEFAULT_SNAPSHOTS  # one place for the default: monitor writes, inspect and assess read

NAME = "monitor"
HELP = "巡测真实网站和账号：能否访问、证书、首页标识码和备案号、栏目实际更新日期、死链接、暗链"
DESCRIPTION = (
    "逐个访问登记的在用网站：首页能否通过 HTTPS 打开、跳转、用时、证书；首页底部的网站标识码、ICP 备案号、"
    "公安机关备案号是否与登记一致；各栏目列表页上最新信息的日期；首页和栏目页上的死链接、隐藏链接（暗链）、"
    "混合内容和 HTTP 链接；能不登录访问的政务新媒体账号主页。每次运行写一份带日期的快照，供 govreg inspect、"
    "govreg assess 使用。退出码：0 没有错误，1 有错误，2 用法或配置错误，3 内部错误。"
)



def _cache_default() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "govreg" / "monitor"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--sites", help="只巡测这些网站（网站 id，逗号分隔）")
    parser.add_argument("--date", type=date_arg, help="检查日期（YYYY-MM-DD，默认今天）；用于计算未更新天数")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text", help="输出格式（默认 text）")
    parser.add_argument("--output", "-o", help="把结果写入文件（默认输出到屏幕）")
    parser.add_argument("--resolve", action="append", default=[], metavar="HOST=ADDR:PORT",
                        help="把对该主机的请求发到本地地址（可重复）；本地服务器使用 TLS 时写 HOST=https://ADDR:PORT")
    parser.add_argument("--offline", action="store_true", help="只访问 --resolve 给出的主机，其他主机一律不访问")
    parser.add_argument("--ca-file", help="额外信任的 CA 证书（PEM）；默认只信任系统证书")
    parser.add_argument("--cache", help=f"条件请求缓存目录（默认 {_cache_default()}）")
    parser.add_argument("--no-cache", action="store_true", help="不使用缓存")
    parser.add_argument("--snapshots", help=f"快照目录（默认 仓库/{DEFAULT_SNAPSHOTS}）；快照文件为 <日期>.json")
    parser.add_argument("--no-snapshot", action="store_true", help="不写快照")
    parser.add_argument("--no-accounts", action="store_true", help="不巡测政务新媒体账号")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    try:
        routes = parse_resolve(args.resolve)
    except ValueError as exc:
        sys.stderr.write(f"govreg monitor：{exc}\n")
        return 2
    if args.ca_file and not Path(args.ca_file).is_file():
        sys.stderr.write(f"govreg monitor：找不到 CA 证书文件 {args.ca_file}\n")
        return 2
    repo = load_repository(root)
    sites = [s.strip() for s in args.sites.split(",") if s.strip()] if args.sites else None
    cache = None if args.no_cache else Path(args.cache) if args.cache else _cache_default()
    try:
        result = run_monitor(
            repo, args.date or today_default(), sites=sites, routes=routes, offline=args.offline,
            cache_dir=cache, ca_file=args.ca_file, with_accounts=not args.no_accounts,
        )
    except MonitorUsageError as exc:
        sys.stderr.write(f"govreg monitor：{exc}\n")
        return 2
    if not args.no_snapshot:
        target = write_snapshot(Path(args.snapshots) if args.snapshots else root / DEFAULT_SNAPSHOTS, result.snapshot)
        sys.stderr.write(f"快照已写入 {target}\n")
    write_output(render(result, args.format), args.output)
    return 0 if result.valid else 1
