"""``govreg close account ID``: register closing (关停) or, with ``--cancel``, cancelling (注销) an account."""

from __future__ import annotations

import argparse

from ..models import EventType
from . import _lifecycle

NAME = "close"
HELP = "登记账号关停（--cancel 为注销）：追加事件，算出备案期限和公告最早结束日期"
DESCRIPTION = (
    "在账号的 lifecycle 中追加关停（或注销）事件并修改 status，按法定工作日算出备案期限（操作后 3 个工作日内）"
    "和公告最早可撤下的日期（不少于 15 个工作日，第八条），然后运行检查。文件中的注释全部保留。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    _lifecycle.configure(parser, change=False)


def run(args: argparse.Namespace) -> int:
    return _lifecycle.run(args, EventType.cancel if args.cancel else EventType.close)
