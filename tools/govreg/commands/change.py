"""``govreg change account ID``: register a change (变更) of an account and apply the new values."""

from __future__ import annotations

import argparse

from ..models import EventType
from . import _lifecycle

NAME = "change"
HELP = "登记账号变更（名称、账号 ID 等）：修改记录并追加变更事件，算出备案期限和公告最早结束日期"
DESCRIPTION = (
    "修改账号的名称、账号 ID、主页网址、认证主体或简介，并在 lifecycle 中追加变更事件；按法定工作日算出备案期限"
    "（操作后 3 个工作日内）和公告最早可撤下的日期（不少于 15 个工作日，第八条）。"
    "加 --update-last 则不追加事件，只为最后一个事件补填备案日期和公告；--update-event 开设（或事件日期）为更早的事件补填。文件中的注释全部保留。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    _lifecycle.configure(parser, change=True)


def run(args: argparse.Namespace) -> int:
    return _lifecycle.run(args, EventType.change)
