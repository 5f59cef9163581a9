"""The national new-media filing (第八条) as table rows, with the columns kept as data.

``config/filing-columns.yaml`` lists the columns of the filing template in order,
each a header and one of the fields in :data:`FIELDS`::

    columns:
      - {header: 账号名称, field: account.name}
      - {header: 平台, field: platform.name}
      - {header: 开设日期, field: event.open_date}

One row per lifecycle event (开设、变更、关停、注销), so a period can select the
events filed or due in it.  Deadlines come from the filing rules' own working-day
computation (:func:`govreg.rules._shared.lifecycle_facts`), so the export and
``govreg check`` always agree.  Without the file, :data:`DEFAULT_COLUMNS` apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..config import read_data_file
from ..context import Context
from ..loader import locate
from ..models import EventType
from ._shared import EVENT_NAMES, EventFacts, lifecycle_facts

COLUMNS_FILE = "config/filing-columns.yaml"

STATUS_NAMES = {"active": "正常运行", "closed": "已关停", "cancelled": "已注销"}
MODE_NAMES = {"self": "自行运维", "outsourced": "委托第三方运维"}

Value = str | int | dt.date | None


@dataclass(frozen=True, slots=True)
class Row:
    """One lifecycle event with everything a column may show."""

    facts: EventFacts
    unit_name: str
    unit_credit_code: str | None
    platform_name: str
    filing_status: str
    number: int = 0


def _date_of(kind: EventType) -> Callable[[Row], Value]:
    return lambda r: r.facts.event.date if r.facts.event.type is kind else None


def _announcement(attr: str) -> Callable[[Row], Value]:
    def get(r: Row) -> Value:
        notice = r.facts.event.announcement
        value: Value = getattr(notice, attr) if notice is not None else None
        return value

    return get


#: field → (Chinese description, getter).  The only names a column may use.
FIELDS: dict[str, tuple[str, Callable[[Row], Value]]] = {
    "row.number": ("序号（每个工作表从 1 起）", lambda r: r.number),
    "account.id": ("账号在登记库中的 id", lambda r: r.facts.account.id),
    "account.name": ("账号名称", lambda r: r.facts.account.name),
    "account.handle": ("账号 ID（微信号、微博 ID、抖音号……）", lambda r: r.facts.account.handle),
    "account.url": ("账号链接", lambda r: r.facts.account.url),
    "account.handle_or_url": ("账号 ID/链接（有链接时两者都列出）", lambda r: f"{r.facts.account.handle} {r.facts.account.url}".strip() if r.facts.account.url else r.facts.account.handle),
    "account.certified_subject": ("认证主体", lambda r: r.facts.account.certified_subject),
    "account.status": ("账号状态（正常运行、已关停、已注销）", lambda r: STATUS_NAMES[r.facts.account.status.value]),
    "account.purpose": ("账号用途（综合、专项）", lambda r: "专项" if r.facts.account.purpose == "special-topic" else "综合"),
    "account.approval": ("报批文号（专项账号、同平台第二个账号）", lambda r: r.facts.account.approval.number if r.facts.account.approval else None),
    "account.description": ("账号简介", lambda r: r.facts.account.description),
    "platform.id": ("平台 id", lambda r: r.facts.account.platform),
    "platform.name": ("平台名称", lambda r: r.platform_name),
    "unit.id": ("主办单位 id", lambda r: r.facts.account.owner),
    "unit.name": ("主办单位", lambda r: r.unit_name),
    "unit.credit_code": ("主办单位统一社会信用代码", lambda r: r.unit_credit_code),
    "operation.mode": ("运维方式（自行运维、委托第三方运维）", lambda r: MODE_NAMES[r.facts.account.operation.mode]),
    "operation.vendor": ("运维单位（自行运维时为主办单位）", lambda r: r.facts.account.operation.vendor or (r.unit_name if r.facts.account.operation.mode == "self" else None)),
    "event.type": ("备案事项（开设、变更、关停、注销）", lambda r: EVENT_NAMES[r.facts.event.type]),
    "event.date": ("操作日期", lambda r: r.facts.event.date),
    "event.open_date": ("开设日期（本行为开设事项时）", _date_of(EventType.open)),
    "event.change_date": ("变更日期（本行为变更事项时）", _date_of(EventType.change)),
    "event.close_date": ("关停日期（本行为关停事项时）", _date_of(EventType.close)),
    "event.cancel_date": ("注销日期（本行为注销事项时）", _date_of(EventType.cancel)),
    "event.due": ("备案期限（操作后第 3 个工作日）", lambda r: r.facts.due.date),
    "event.filed": ("备案日期", lambda r: r.facts.event.filed),
    "event.filing_status": ("备案情况（已备案、逾期备案、待备案、逾期未备案）", lambda r: r.filing_status),
    "event.note": ("说明", lambda r: r.facts.event.note),
    "announcement.from": ("公告开始日期", _announcement("from_")),
    "announcement.to": ("公告结束日期", _announcement("to")),
    "announcement.url": ("公告链接", _announcement("url")),
    "announcement.title": ("公告标题", _announcement("title")),
}


class FilingColumn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    header: str = Field(min_length=1, max_length=100)
    field: str
    width: int | None = Field(default=None, ge=4, le=100, description="XLSX 列宽（字符）")


class FilingColumns(BaseModel):
    model_config = ConfigDict(extra="forbid")
    columns: list[FilingColumn] = Field(min_length=1)


DEFAULT_COLUMNS = FilingColumns(
    columns=[
        FilingColumn(header=h, field=f)
        for h, f in (
            ("序号", "row.number"),
            ("账号名称", "account.name"),
            ("平台", "platform.name"),
            ("账号 ID/链接", "account.handle_or_url"),
            ("主办单位", "unit.name"),
            ("认证主体", "account.certified_subject"),
            ("运维单位", "operation.vendor"),
            ("备案事项", "event.type"),
            ("开设日期", "event.open_date"),
            ("变更日期", "event.change_date"),
            ("关停日期", "event.close_date"),
            ("注销日期", "event.cancel_date"),
            ("备案期限", "event.due"),
            ("备案日期", "event.filed"),
            ("备案情况", "event.filing_status"),
            ("账号状态", "account.status"),
            ("公告开始日期", "announcement.from"),
            ("公告结束日期", "announcement.to"),
        )
    ]
)


class ColumnsError(ValueError):
    """``config/filing-columns.yaml`` is invalid: a Chinese ``detail`` and, when known, the ``line``."""

    def __init__(self, detail: str, line: int | None = None) -> None:
        self.detail, self.line = detail, line
        super().__init__(f"{COLUMNS_FILE}:{line}:{detail}" if line else f"{COLUMNS_FILE}:{detail}")


def load_columns(root: Path) -> FilingColumns:
    """The columns of ``config/filing-columns.yaml``, or :data:`DEFAULT_COLUMNS` without the file."""
    data, findings = read_data_file(root, COLUMNS_FILE)
    if findings:
        raise ColumnsError(findings[0].message, findings[0].line)
    if data is None:
        return DEFAULT_COLUMNS

    def line(loc: tuple[str | int, ...]) -> int | None:
        where = locate((root / COLUMNS_FILE).read_text(encoding="utf-8-sig"), loc)
        return where[0] if where else None

    try:
        columns = FilingColumns.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        raise ColumnsError(f"{'.'.join(str(p) for p in loc)}:{err['msg']}", line(loc)) from None
    for i, column in enumerate(columns.columns):
        if column.field not in FIELDS:
            raise ColumnsError(f"第 {i + 1} 列「{column.header}」的字段 {column.field} 不存在；可用的字段：{'、'.join(FIELDS)}", line(("columns", i, "field")))
    return columns


def filing_status(facts: EventFacts, today: dt.date) -> str:
    filed, due = facts.event.filed, facts.due.date
    if filed is not None:
        return "已备案" if filed <= due else f"逾期备案（期限 {due.isoformat()}）"
    return f"待备案（期限 {due.isoformat()}）" if today <= due else f"逾期未备案（期限 {due.isoformat()}）"


@dataclass
class Sheet:
    unit: str
    name: str
    rows: list[Row]


def filing_rows(ctx: Context, start: dt.date | None = None, end: dt.date | None = None) -> list[Sheet]:
    """Lifecycle events per unit (unit id order; events by account, then date); with a period only
    the events filed in it or whose filing deadline falls in it."""
    repo = ctx.repo
    sheets: dict[str, Sheet] = {}

    def inside(day: dt.date | None) -> bool:
        return day is not None and (start is None or day >= start) and (end is None or day <= end)

    for facts in lifecycle_facts(ctx):
        if (start is not None or end is not None) and not (inside(facts.event.filed) or inside(facts.due.date)):
            continue
        account = facts.account
        unit = repo.units.get(account.owner)
        platform = ctx.config.platform(account.platform)
        sheet = sheets.setdefault(account.owner, Sheet(account.owner, unit.name if unit else account.owner, []))
        sheet.rows.append(
            Row(facts, sheet.name, unit.credit_code if unit else None, platform.name if platform else account.platform, filing_status(facts, ctx.today))
        )
    out = []
    for unit_id in sorted(sheets):
        sheet = sheets[unit_id]
        sheet.rows.sort(key=lambda r: (r.facts.account.id, r.facts.event.date, r.facts.index))
        sheet.rows = [Row(r.facts, r.unit_name, r.unit_credit_code, r.platform_name, r.filing_status, i) for i, r in enumerate(sheet.rows, 1)]
        out.append(sheet)
    return out


def cells(row: Row, columns: FilingColumns) -> list[Value]:
    return [FIELDS[c.field][1](row) for c in columns.columns]
