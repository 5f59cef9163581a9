"""``govreg schemas``: write (or ``--check``) the JSON Schemas generated from the models."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import schemas
from ..monitor.snapshot import snapshot_schema

NAME = "schemas"
HELP = "由数据模型生成 schemas/*.schema.json（含配置文件的 govreg-config.schema.json；--check 只检查是否过期）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("root", nargs="?", default=".", help="仓库根目录")
    parser.add_argument("--check", action="store_true", help="只检查，不写入；过期时退出码为 1")


def extra() -> dict[str, dict[str, object]]:
    """Schemas that are contracts too (not records): the monitor snapshot, the configuration (config/govreg.yaml)."""
    from ..engine import config_schema

    return {"monitor-snapshot": snapshot_schema(), "govreg-config": config_schema()}


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if args.check:
        old = schemas.stale(root, extra())
        for name in old:
            sys.stdout.write(f"{schemas.SCHEMA_DIR}/{name} 已过期；请运行 govreg schemas 重新生成并提交。\n")
        return 1 if old else 0
    for name in schemas.write(root, extra()):
        sys.stdout.write(f"已更新 {schemas.SCHEMA_DIR}/{name}\n")
    return 0
