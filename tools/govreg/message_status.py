"""The state of a 领导信箱 / 留言 record on a given day (第二十一条第四项).

One function, used by the ``message-*`` rules, the inspection and the assessment,
so "late" means the same everywhere:

- ``answered`` on or before ``due`` → on time; after ``due`` → answered late;
- not answered and ``due`` has passed → overdue; more than
  ``unanswered_months`` calendar months after ``received`` → the site fails the
  national indicator outright (单项否决: a valid message left unanswered over 3 months);
- otherwise pending (with the days left).

Messages marked ``valid: false`` (repeated, empty or abusive) and messages
received after the day are not judged.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import Enum

from .models import Message


class MessageState(str, Enum):
    not_judged = "not-judged"
    pending = "pending"
    on_time = "on-time"
    answered_late = "answered-late"
    overdue = "overdue"
    overdue_veto = "overdue-veto"

    @property
    def label(self) -> str:
        return {
            "not-judged": "不计",
            "pending": "办理中",
            "on-time": "按时答复",
            "answered-late": "逾期答复",
            "overdue": "逾期未答复",
            "overdue-veto": "超过期限未答复（单项否决）",
        }[self.value]


@dataclass(frozen=True, slots=True)
class MessageStatus:
    state: MessageState
    days_late: int = 0  # days past ``due`` (answered or still open)
    days_left: int = 0  # days until ``due`` while pending
    veto_from: dt.date | None = None  # the first day the message counts as unanswered too long


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus calendar months, clamped to the month's last day (1-31 + 1 month → 2-28)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def message_status(message: Message, day: dt.date, unanswered_months: int = 3) -> MessageStatus:
    """The state of ``message`` as of ``day`` (answers dated after ``day`` are not known yet)."""
    if not message.valid or message.received > day:
        return MessageStatus(MessageState.not_judged)
    veto_from = add_months(message.received, unanswered_months) + dt.timedelta(days=1)
    if message.answered is not None and message.answered <= day:
        late = (message.answered - message.due).days
        if late > 0:
            return MessageStatus(MessageState.answered_late, days_late=late, veto_from=veto_from)
        return MessageStatus(MessageState.on_time, veto_from=veto_from)
    if day > message.due:
        state = MessageState.overdue_veto if day >= veto_from else MessageState.overdue
        return MessageStatus(state, days_late=(day - message.due).days, veto_from=veto_from)
    return MessageStatus(MessageState.pending, days_left=(message.due - day).days, veto_from=veto_from)
