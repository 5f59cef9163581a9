"""Lifecycle events of an account (第八条): the deadlines they start, and appending them to the record.

:func:`plan` works out, on the working-day calendar, the last day to file the
event in the national filing system (3 working days after the operation; the
day itself is not counted) and the earliest day a public announcement may end
(15 working days after it is published).  :func:`apply` edits the account's
YAML with ``ruamel.yaml`` round-trip, so every comment in the file is kept, and
returns it in canonical format.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..models import Account, AccountStatus, EventType
from ..rules._shared import EVENT_NAMES, FilingSettings
from ..workdays import WorkCalendar, WorkdayResult, unknown_years_message
from .emit import scalar
from .errors import UserError
from .yamlfmt import FormatError, format_record, yaml_engine

if TYPE_CHECKING:  # ruamel.yaml is imported where it is used, so `govreg --help` does not load it
    from ruamel.yaml.comments import CommentedMap

WEEKDAYS = "一二三四五六日"
STATUS_AFTER = {EventType.close: AccountStatus.closed, EventType.cancel: AccountStatus.cancelled}
STATUS_NOTES = {
    AccountStatus.active: "正常运行；须与最后一条备案事件一致",
    AccountStatus.closed: "已关停；须与最后一条备案事件一致",
    AccountStatus.cancelled: "已注销；须与最后一条备案事件一致",
}
#: Fields ``govreg change account`` may change, with their Chinese names.
CHANGEABLE = {"name": "名称", "handle": "账号 ID", "url": "主页网址", "certified_subject": "认证主体", "description": "简介"}


def day(value: dt.date, makeup: frozenset[dt.date] = frozenset()) -> str:
    """``2026-12-01（星期二）``; ``2026-09-20（星期日，调休上班日）`` for a weekend day that is worked."""
    extra = "，调休上班日" if value in makeup else ""
    return f"{value.isoformat()}（星期{WEEKDAYS[value.weekday()]}{extra}）"


@dataclass(frozen=True)
class Announcement:
    start: dt.date
    end: dt.date
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Plan:
    """One event and the dates it sets (第八条)."""

    type: EventType
    date: dt.date
    filing_due: WorkdayResult  # last day to file, and to publish the announcement
    announced: bool  # does this event need a public announcement
    announcement_start: dt.date  # the given start, or the event day (the earliest it is likely to be)
    earliest_end: WorkdayResult  # the announcement may come down on or after this day
    filed: dt.date | None = None
    announcement: Announcement | None = None
    working_days: tuple[int, int] = (3, 15)
    notes: list[str] = field(default_factory=list)
    makeup: frozenset[dt.date] = frozenset()  # weekend days among the dates above that are working days (调休)

    def day(self, value: dt.date) -> str:
        return day(value, self.makeup)

    @property
    def unknown_years(self) -> frozenset[int]:
        return self.filing_due.unknown_years | (self.earliest_end.unknown_years if self.announced else frozenset())

    def lines(self) -> list[str]:
        """What the user must do next, with dates, in Chinese."""
        filing_days, announce_days = self.working_days
        name = EVENT_NAMES[self.type]
        out: list[str] = []
        if self.filed is None:
            out.append(
                f"备案期限：{self.day(self.filing_due.date)}（操作后第 {filing_days} 个工作日，含当日）。"
                "请在“全国政务新媒体信息报送系统”中填报，完成后登记备案日期（见下）。"
            )
        else:
            late = "（已超过期限！）" if self.filed > self.filing_due.date else ""
            out.append(f"备案日期：{self.filed.isoformat()}；期限为 {self.day(self.filing_due.date)}{late}。")
        if self.announced:
            if self.announcement is None:
                out.append(
                    f"公告：须在 {self.day(self.filing_due.date)} 前（含当日）向社会发布{name}公告，公告期不少于 {announce_days} 个工作日；"
                )
                out.append(
                    f"      若于 {self.day(self.announcement_start)} 发布，最早可在 {self.day(self.earliest_end.date)} 撤下（发布当日不计入）。"
                )
            else:
                out.append(
                    f"公告期：{self.announcement.start.isoformat()} 至 {self.announcement.end.isoformat()}；"
                    f"最早可在 {self.day(self.earliest_end.date)} 撤下（发布当日不计入，不少于 {announce_days} 个工作日）。"
                )
        warning = unknown_years_message(self.unknown_years)
        if warning:
            out.append(f"注意：{warning}。国务院办公厅公布该年度节假日安排后，请在 config/calendar.yaml 中补充，并重新核对以上期限。")
        return out + self.notes


def plan(
    calendar: WorkCalendar,
    settings: FilingSettings,
    event_type: EventType,
    date: dt.date,
    *,
    filed: dt.date | None = None,
    announcement: Announcement | None = None,
) -> Plan:
    due = calendar.add_working_days_checked(date, settings.deadline_working_days)
    start = announcement.start if announcement else date
    end = calendar.add_working_days_checked(start, settings.announcement_working_days)
    makeup = frozenset(d for d in (due.date, start, end.date) if d.weekday() >= 5 and calendar.is_working_day(d))
    return Plan(
        event_type,
        date,
        due,
        event_type in settings.announced_events,
        start,
        end,
        filed,
        announcement,
        (settings.deadline_working_days, settings.announcement_working_days),
        makeup=makeup,
    )


def check_event(account: Account, event_type: EventType, date: dt.date, today: dt.date, filed: dt.date | None) -> None:
    """The event must make sense after the account's last one; a :class:`UserError` saying what to do otherwise."""
    status = account.status
    if status is AccountStatus.cancelled:
        raise UserError(
            f"账号 {account.id} 已注销，不能再登记{EVENT_NAMES[event_type]}事件",
            "已注销的账号不再变更；如需重新开设，请用 govreg new account 登记新账号。",
        )
    if event_type is EventType.close and status is AccountStatus.closed:
        raise UserError(
            f"账号 {account.id} 已经关停",
            "如要注销该账号，请运行 govreg close account <id> --cancel；如要补填备案或公告，请加 --update-last（或 --update-event 事件）。",
        )
    last = max(e.date for e in account.lifecycle)
    if date < last:
        raise UserError(
            f"日期 {date.isoformat()} 早于该账号最后一个事件的日期 {last.isoformat()}", "请核对 --date:lifecycle 中的事件须按日期先后登记。"
        )
    if date > today:
        raise UserError(f"日期 {date.isoformat()} 晚于今天（{today.isoformat()}）", "lifecycle 只登记已经完成的操作；请在操作完成后再登记。")
    if filed is not None and (filed < date or filed > today):
        raise UserError(
            f"备案日期 {filed.isoformat()} 应在操作日期 {date.isoformat()} 与今天 {today.isoformat()} 之间",
            "请照报送系统中的备案记录核对 --filed。",
        )


def _quoted(value: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value) if scalar(value).startswith('"') else value


def _announcement_map(notice: Announcement) -> CommentedMap:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    out["from"] = notice.start
    out["to"] = notice.end
    if notice.url:
        out["url"] = notice.url
    if notice.title:
        out["title"] = _quoted(notice.title)
    return out


def _set_eol(node: CommentedMap, key: str, comment: str, indent: int) -> None:
    value = node[key]
    text = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else scalar(value)
    node.yaml_add_eol_comment(comment, key, column=indent + len(key) + 2 + len(text) + 2)


def _eol_text(node: CommentedMap, key: str) -> str | None:
    """The end-of-line comment after ``key``'s value (its first line only), without the ``#``."""
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if token is None or not token.value.lstrip().startswith("#"):
        return None
    first, _, rest = token.value.partition("\n")
    if rest.strip():
        return None  # comment lines follow: leave the token alone rather than lose them
    return first.strip().lstrip("#").strip() or None


def _load(text: str, rel: str) -> CommentedMap:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    try:
        data = yaml_engine().load(text)
    except Exception as exc:  # ruamel raises several unrelated types for bad input
        raise UserError(f"无法读取 {rel}：{exc}", "请先运行 govreg check，按提示改正该文件的语法错误后重试。") from None
    if not isinstance(data, CommentedMap) or not isinstance(data.get("lifecycle"), CommentedSeq):
        raise UserError(f"{rel} 中没有 lifecycle 列表", "请先运行 govreg check，按提示补全账号记录后重试。")
    return data


def _finish(data: CommentedMap, rel: str) -> str:
    out = io.StringIO()
    yaml_engine().dump(data, out)
    try:
        return format_record(out.getvalue(), "account", rel)
    except FormatError as exc:  # cannot happen for data that was just loaded; report it as the user's next step anyway
        raise UserError(f"无法整理 {rel}：{exc.message}", "请运行 govreg check 查看该文件的问题。") from None


def append_event(text: str, rel: str, p: Plan, *, note: str | None, changes: dict[str, str]) -> str:
    """The account file with the event of ``p`` appended, ``changes`` applied and the status updated."""
    from ruamel.yaml.comments import CommentedMap

    data = _load(text, rel)
    for key, value in changes.items():
        comment = _eol_text(data, key)
        data[key] = _quoted(value)
        if comment:
            _set_eol(data, key, comment, 0)  # keep the comment two spaces after the new value
    new_status = STATUS_AFTER.get(p.type)
    if new_status is not None:
        data["status"] = new_status.value
        _set_eol(data, "status", STATUS_NOTES[new_status], 0)
    event = CommentedMap()
    event["type"] = p.type.value
    event["date"] = p.date
    if p.filed is not None:
        event["filed"] = p.filed
    if p.announcement is not None:
        event["announcement"] = _announcement_map(p.announcement)
    if note:
        event["note"] = _quoted(note)
    _set_eol(event, "type", EVENT_NAMES[p.type], 4)
    data["lifecycle"].append(event)
    return _finish(data, rel)


def update_last(text: str, rel: str, *, filed: dt.date | None, announcement: Announcement | None, note: str | None, index: int = -1) -> str:
    """The account file with the filing date, announcement or note of one event (the last by default) filled in."""
    from ruamel.yaml.comments import CommentedMap

    data = _load(text, rel)
    event = data["lifecycle"][index]
    if filed is not None:
        event["filed"] = filed
    if announcement is not None:
        old = event.get("announcement")
        if isinstance(old, CommentedMap):
            for key, value in _announcement_map(announcement).items():
                old[key] = value
        else:
            event["announcement"] = _announcement_map(announcement)
    if note:
        event["note"] = _quoted(note)
    return _finish(data, rel)


def change_note(account: Account, changes: dict[str, str]) -> str:
    """``名称由「吴忠教育」变更为「吴忠教育发布」`` for the fields changed."""
    parts = []
    for key, value in changes.items():
        old = getattr(account, key)
        label = CHANGEABLE[key] + (" " if CHANGEABLE[key][-1].isascii() else "")
        parts.append(f"{label}由「{old}」变更为「{value}」" if old else f"{label}变更为「{value}」")
    return "；".join(parts)
