"""The patrol and the monthly inspection (第十八条、第二十条), per unit, as data.

For a check day *D* (a day, or the last day of a month — today if the month is
not over) and a period (the month; for a day, the two weeks ending on *D*):

**Updates** (computed here, from :mod:`.activity`, i.e. the records and git):

- an active account with nothing released in the ``account_silent_days`` (14)
  days before *D* — more than 14 days since its last release, or since it was
  opened — fails outright (单项否决, 国办秘函〔2019〕19号);
- a site whose home page (any column) has not changed in ``site_silent_days``
  fails outright;
- a column with an update limit (its ``update_every_days``, or the limit of its
  kind in ``column_days``, the shorter of the two) past that limit is *stale*;
  a column (other than service/interaction) with nothing ever released is *blank*;
  ≥ 5 stale or ≥ 5 blank columns fail the site outright;
- a valid message unanswered past its due day is overdue; unanswered more
  than 3 months after it was received it fails the site outright.

**Rule findings** (not re-implemented: ``govreg check``'s rules are run with
*D* as "today" and their findings grouped by unit and category — unit
responsibility 第五条, filings 第八条, review 第十一至十三条, release time and
source 第十四条, retention 第十五条, content quality 第十二条).  A finding about a
past event (a release, a late filing) is listed only when the event falls in the
period; present states (an unfiled event, an expired item) always.
Announcements running on *D* or ended in the period are listed for information.

Rule findings describe the repository as it is now; the update items describe
it as it stood on *D* (see :mod:`.activity`).
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from ..engine import Report, run_check
from ..findings import Finding, Severity
from ..history import History, read_history
from ..message_status import MessageState, message_status
from ..models import Account, EventType, Site
from ..rules._shared import EVENT_NAMES, lifecycle_facts
from ..rules.account_owner_kind import AccountOwnerSettings
from ..supervision_settings import CATEGORY_LABELS, InspectionSettings, classify, load_section
from .activity import Activity, Publication, build_activity
from .attribution import Attribution
from .observed import RECOMPUTED, Observed, owner_of

# ---------------------------------------------------------------- data

#: Sections of a unit's report, in order, with their Chinese titles.
SECTIONS: dict[str, str] = {
    "updates": "未按时更新（第十八条）",
    "messages": "领导信箱、留言办理（第二十一条第四项）",
    **CATEGORY_LABELS,
    "announcements": "公告情况（第八条）",
    "monitor": "网站实测（govreg monitor）",
}

#: Categories of rule findings listed only when the event they are about (a release, a filing)
#: falls in the period; findings without a date (an unfiled event, a present state) are always listed.
RECENT_ONLY = frozenset({"review", "immutability", "quality", "filing"})

#: Record folders whose last commits serve as evidence (content/ is read by the engine).
RECORD_FOLDERS = ("units", "accounts", "sites", "messages", "rectifications", "incidents", "opinions", "handovers")


@dataclass(frozen=True, slots=True)
class Item:
    """One line of the report."""

    section: str  # key of SECTIONS
    code: str  # own item kind (account-silent …) or the rule's finding code
    level: str  # "veto" | "error" | "warning" | "info"
    subject: str  # the account, column, site, message or file concerned
    message: str
    article: str
    path: str = ""
    line: int | None = None
    date: dt.date | None = None
    commit: str | None = None
    hint: str = ""

    @property
    def veto(self) -> bool:
        return self.level == "veto"

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "code": self.code,
            "level": self.level,
            "veto": self.veto,
            "subject": self.subject,
            "message": self.message,
            "article": self.article,
            "path": self.path,
            "line": self.line,
            "date": self.date.isoformat() if self.date else None,
            "commit": self.commit,
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class ChannelStatus:
    """Last update of one account, site (home page) or column, for the table and the chart."""

    kind: str  # "account" | "site" | "column"
    id: str
    name: str
    where: str  # platform name, or the site's name for a column
    path: str
    last: dt.date | None
    last_title: str | None
    days: int | None  # days since the last release (or since opening, when never)
    limit: int | None
    state: str  # "ok" | "over" | "blank" | "new" (opened recently, nothing yet) | "free" (no limit)
    since: dt.date | None = None  # the day ``days`` is counted from (the last release, or the start of the records)

    @property
    def over(self) -> bool:
        return self.state in ("over", "blank")

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "name": self.name,
            "where": self.where,
            "path": self.path,
            "last": self.last.isoformat() if self.last else None,
            "last_title": self.last_title,
            "days": self.days,
            "limit": self.limit,
            "state": self.state,
            "since": self.since.isoformat() if self.since else None,
        }


@dataclass
class UnitReport:
    unit: str
    name: str
    path: str
    items: list[Item] = field(default_factory=list)
    channels: list[ChannelStatus] = field(default_factory=list)
    weekly: list[int] = field(default_factory=list)
    released: int = 0  # items released in the period

    @property
    def vetoes(self) -> int:
        return sum(1 for i in self.items if i.veto)

    def count(self, level: str) -> int:
        return sum(1 for i in self.items if i.level == level)

    @property
    def problems(self) -> int:
        return sum(1 for i in self.items if i.level in ("veto", "error", "warning"))

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "name": self.name,
            "path": self.path,
            "vetoes": self.vetoes,
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "released": self.released,
            "weekly": self.weekly,
            "channels": [c.to_json() for c in self.channels],
            "items": [i.to_json() for i in self.items],
        }


@dataclass
class Inspection:
    day: dt.date
    start: dt.date
    month: str | None
    settings: InspectionSettings
    units: list[UnitReport]
    history: dict[str, Any]
    notes: list[str]
    quiet_units: int = 0  # units with nothing to report
    other_findings: int = 0  # rule findings outside the inspection's categories
    measures: str = "《政府网站和政务新媒体管理办法》"  # the city's measures with their date (config/govreg.yaml city:)
    monitor: dict[str, Any] | None = None  # the monitor snapshot used (file, day), if any

    @property
    def vetoes(self) -> int:
        return sum(u.vetoes for u in self.units)

    @property
    def has_veto(self) -> bool:
        return self.vetoes > 0

    @property
    def title(self) -> str:
        if self.month:
            year, month = self.month.split("-")
            return f"政府网站和政务新媒体月度检查报告（{year}年{int(month)}月）"
        return f"政府网站和政务新媒体日常巡检报告（{self.day.isoformat()}）"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "day": self.day.isoformat(),
            "start": self.start.isoformat(),
            "month": self.month,
            "vetoes": self.vetoes,
            "passed": not self.has_veto,
            "history": self.history,
            "notes": self.notes,
            "quiet_units": self.quiet_units,
            "other_findings": self.other_findings,
            "monitor": self.monitor,
            "settings": self.settings.model_dump(mode="json"),
            "units": [u.to_json() for u in self.units],
        }


# ---------------------------------------------------------------- dates


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """``YYYY-MM`` → (first day, last day); ValueError with a Chinese message otherwise."""
    try:
        year_text, month_text = month.split("-")
        year, number = int(year_text), int(month_text)
        first = dt.date(year, number, 1)
    except ValueError:
        raise ValueError(f"月份「{month}」应写成 YYYY-MM，例如 2026-11") from None
    return first, first.replace(day=month_calendar.monthrange(year, number)[1])


def account_window(account: Account, day: dt.date) -> tuple[bool, dt.date | None]:
    """(active on ``day``, the day it was opened) from the lifecycle events up to ``day``."""
    active = False
    opened: dt.date | None = None
    for event in sorted(account.lifecycle, key=lambda e: e.date):
        if event.date > day:
            break
        if event.type is EventType.open:
            active, opened = True, opened or event.date
        elif event.type in (EventType.close, EventType.cancel):
            active = False
    return active, opened


# ---------------------------------------------------------------- updates (pure: repo + activity + day)


@dataclass
class UpdateResult:
    items: dict[str, list[Item]]  # unit → items
    channels: dict[str, list[ChannelStatus]]  # unit → statuses


def _platform_name(ctx: Context, platform: str) -> str:
    found = ctx.config.platform(platform)
    return str(found.name) if found is not None else platform


@dataclass(frozen=True, slots=True)
class Silence:
    """How long something has gone without an update on a day, and since when it is counted."""

    days: int | None  # None: nothing to count from (no release, no opening, no records start)
    since: dt.date | None
    text: str
    known: bool = True  # False: the day lies before the records begin; nothing can be said either way


def silence(
    day: dt.date, last: Publication | None, opened: dt.date | None, records_since: dt.date | None, adopted: dt.date | None = None
) -> Silence:
    """Days without an update on ``day``, counted from the last release, else from the opening or the start of the records.

    Before ``records_since`` the repository holds no evidence either way: a release older than it counts from it
    (unless the office declared the adoption date, when releases registered at adoption count by their own date);
    a day before it cannot be judged (``days`` is ``None``, never negative).
    """
    if last is not None:
        released = last.published.isoformat()
        unverified = "（登记库启用前的发布，依据记录中的发布时间，未经 git 核实）" if adopted is not None and last.published <= adopted else ""
        floor = records_since if adopted is None and records_since is not None and records_since > last.published else None
        if floor is None:
            days = (day - last.published).days
            return Silence(days, last.published, f"最近一次发布在 {released}（《{last.title}》）{unverified}，已 {days} 天未更新")
        if floor > day:
            return Silence(None, None, f"登记库自 {floor.isoformat()} 开始登记信息，{day.isoformat()} 的更新情况无从核实", known=False)
        days = (day - floor).days
        return Silence(days, floor, f"登记库自 {floor.isoformat()} 开始登记信息，此后 {days} 天没有发布信息；此前登记的最近一次发布在 {released}（《{last.title}》）")
    floor = adopted or records_since
    candidates = [d for d in (opened, floor) if d is not None]
    if not candidates:
        return Silence(None, None, "没有任何已发布的信息")
    since = max(candidates)
    if since > day:
        return Silence(None, None, f"登记库自 {since.isoformat()} 开始登记信息，{day.isoformat()} 的更新情况无从核实", known=False)
    days = (day - since).days
    if opened is not None and opened == since:
        return Silence(days, since, f"开设于 {opened.isoformat()}，此后 {days} 天没有发布信息")
    return Silence(days, since, f"登记库自 {since.isoformat()} 开始登记信息，此后 {days} 天没有发布信息")


def adoption_note(adopted: dt.date) -> str:
    return f"登记库于 {adopted.isoformat()} 启用：此前（含当日）登记的信息按记录中的发布时间计算，git 历史无法证明这些时间；此后按提交到 git 的时间计算。"


def out_of_scope_units(ctx: Context) -> set[str]:
    """Units whose accounts the measures do not govern (第二条; ``account_owner`` in govreg.yaml): not inspected."""
    raw = (ctx.config.model_extra or {}).get("account_owner")
    try:
        conf = AccountOwnerSettings.model_validate(raw or {}) if not isinstance(raw, AccountOwnerSettings) else raw
    except ValueError:
        return set()  # reported by govreg check
    kinds = set(conf.out_of_scope_kinds) - set(conf.allowed_kinds)
    return {u.id for u in ctx.repo.units.values() if u.kind in kinds}


def update_status(ctx: Context, activity: Activity, settings: InspectionSettings, day: dt.date) -> UpdateResult:
    """Accounts, sites and columns past their limits on ``day``, and the status of each (for charts)."""
    repo = ctx.repo
    records_since = settings.records_since or activity.start
    adopted = settings.adopted
    if adopted is not None:
        activity = activity.adopted(adopted)
    items: dict[str, list[Item]] = {}
    channels: dict[str, list[ChannelStatus]] = {}

    def add(unit: str, item: Item) -> None:
        items.setdefault(unit, []).append(item)

    ungoverned = out_of_scope_units(ctx)
    for account in sorted(repo.accounts.values(), key=lambda a: a.id):
        active, opened = account_window(account, day)
        if not active or account.owner in ungoverned:
            continue
        path = repo.path_of("account", account.id)
        where = _platform_name(ctx, account.platform)
        last = activity.last_of_channel(account.id, day)
        limit: int | None = settings.account_silent_days
        quiet = silence(day, last, opened, records_since, adopted)
        state = "ok" if last is not None else "new"
        if account.platform in settings.silent_exempt_platforms:
            limit, state = None, "free"  # mini-programs and apps have no posts: no 2-week veto
        elif quiet.days is not None and limit is not None and quiet.days > limit:
            state = "over"
            add(account.owner, Item(
                "updates", "account-silent", "veto", f"{account.name}（{where}）",
                f"账号{quiet.text}；超过 {limit} 天，单项否决",
                "第十八条", path, date=quiet.since, commit=last.commit if last else None,
                hint="请尽快发布信息并登记到 content/；确实无力运维的账号，按第七条、第八条程序关停并公告。",
            ))
        channels.setdefault(account.owner, []).append(
            ChannelStatus("account", account.id, account.name, where, path, last.published if last else None,
                          last.title if last else None, quiet.days, limit, state, quiet.since)
        )

    for site in sorted(repo.sites.values(), key=lambda s: s.id):
        if site.status != "active":
            continue
        _site_status(ctx, activity, settings, day, site, records_since, add, channels, adopted)
    return UpdateResult(items, channels)


def _column_limit(settings: InspectionSettings, kind: str, own: int | None) -> int | None:
    limits = [v for v in (own, settings.column_days.get(kind)) if v is not None]
    return min(limits) if limits else None


def _site_status(
    ctx: Context,
    activity: Activity,
    settings: InspectionSettings,
    day: dt.date,
    site: Site,
    records_since: dt.date | None,
    add: Callable[[str, Item], None],
    channels: dict[str, list[ChannelStatus]],
    adopted: dt.date | None = None,
) -> None:
    path = ctx.repo.path_of("site", site.id)
    last_site = activity.last_of_channel(site.id, day)
    quiet = silence(day, last_site, None, records_since, adopted)
    state = "ok"
    if quiet.days is not None and quiet.days > settings.site_silent_days:
        state = "over"
        add(site.owner, Item(
            "updates", "site-silent", "veto", site.name,
            f"网站首页{quiet.text}；超过 {settings.site_silent_days} 天，单项否决",
            "第十八条", path, date=quiet.since, commit=last_site.commit if last_site else None,
            hint="请各栏目责任单位尽快更新栏目内容；首页动态类栏目至少每 2 周更新。",
        ))
    channels.setdefault(site.owner, []).append(
        ChannelStatus("site", site.id, "网站首页", site.name, path, last_site.published if last_site else None,
                      last_site.title if last_site else None, quiet.days, settings.site_silent_days, state, quiet.since)
    )
    stale: list[str] = []  # columns of the key kinds (动态要闻、通知公告、政策文件)
    stale_other: list[str] = []
    blank: list[str] = []
    for i, column in enumerate(site.columns):
        limit = _column_limit(settings, column.kind, column.update_every_days)
        last = activity.last_of_column(site.id, column.id, day)
        quiet = silence(day, last, None, records_since, adopted)
        subject = f"{site.name} › {column.name}"
        unit = column.responsible_unit
        grace = limit or settings.site_silent_days
        if last is None and column.kind not in settings.blank_exempt_kinds and quiet.known and (quiet.days is None or quiet.days > grace):
            state = "blank"
            blank.append(column.name)
            since = f"（登记库自 {quiet.since.isoformat()} 开始登记）" if quiet.since else ""
            add(unit, Item(
                "updates", "column-blank", "error", subject, f"空白栏目：没有任何已发布的信息{since}",
                "第十八条", path, hint="请补充栏目内容；确无内容的栏目，请由网站主管单位整合或撤销（第三条）。",
            ))
        elif limit is not None and quiet.days is not None and quiet.days > limit:
            state = "over"
            (stale if column.kind in settings.stale_key_kinds else stale_other).append(column.name)
            add(unit, Item(
                "updates", "column-stale", "error", subject, f"栏目{quiet.text}（时限 {limit} 天）",
                "第十八条", path, date=quiet.since, commit=last.commit if last else None,
                hint="请栏目责任单位尽快更新栏目内容，并登记到 content/。",
            ))
        else:
            state = "ok" if limit is not None else "free"
            if last is None and column.kind not in settings.blank_exempt_kinds:
                state = "new"
        channels.setdefault(unit, []).append(
            ChannelStatus("column", f"{site.id}/{column.id}", column.name, site.name, f"{path}#columns/{i}",
                          last.published if last else None, last.title if last else None, quiet.days, limit, state, quiet.since)
        )
    checks = (
        (stale, settings.site_fail_stale_columns, "动态要闻、通知公告、政策文件类栏目未按时更新"),
        (stale_other, settings.site_fail_stale_other_columns, "其他栏目未按时更新"),
        (blank, settings.site_fail_blank_columns, "空白栏目"),
    )
    for names, threshold, what in checks:
        if len(names) >= threshold:
            add(site.owner, Item(
                "updates", "site-columns-fail", "veto", site.name,
                f"网站有 {len(names)} 个{what}（达到 {threshold} 个即单项否决）：{'、'.join(names)}",
                "第十八条", path, hint="请网站主管单位督促各栏目责任单位更新，或整合、撤销长期无内容的栏目。",
            ))


# ---------------------------------------------------------------- what the monitor saw on the real sites


def observed_items(ctx: Context, settings: InspectionSettings, observed: Observed, day: dt.date) -> dict[str, list[Item]]:
    """Items from a monitor snapshot: update ages recomputed for ``day`` with the inspection's limits, other problems as found."""
    repo = ctx.repo
    out: dict[str, list[Item]] = {}
    source = f"（来源：{observed.label()}）"

    def add(unit: str, item: Item) -> None:
        out.setdefault(unit, []).append(item)

    for site_id, newest in sorted(observed.home_newest.items()):
        site = repo.sites.get(site_id)
        if site is None or site.status != "active" or newest is None:
            continue
        days = (day - newest).days
        if days > settings.site_silent_days:
            add(site.owner, Item(
                "updates", "monitor-site-silent", "veto", site.name,
                f"网站首页上最新的日期是 {newest.isoformat()}，已 {days} 天未更新；超过 {settings.site_silent_days} 天，单项否决{source}",
                "第十八条", repo.path_of("site", site_id), date=newest,
                hint="这是网站上实际看到的情况；请各栏目责任单位尽快更新首页动态类栏目。",
            ))
    stale: dict[str, list[str]] = {}
    for seen in observed.columns:
        site = repo.sites.get(seen.site)
        if site is None or site.status != "active" or seen.newest is None:
            continue
        index = next((i for i, c in enumerate(site.columns) if c.id == seen.column), None)
        if index is None:
            continue
        column = site.columns[index]
        limit = _column_limit(settings, column.kind, column.update_every_days)
        days = (day - seen.newest).days
        if limit is not None and days > limit:
            stale.setdefault(site.id, []).append(column.name)
            add(column.responsible_unit, Item(
                "updates", "monitor-column-stale", "error", f"{site.name} › {column.name}",
                f"栏目列表页 {seen.url} 上最新的日期是 {seen.newest.isoformat()}，已 {days} 天未更新（时限 {limit} 天）{source}",
                "第十八条", repo.path_of("site", site.id), date=seen.newest,
                hint="这是网站上实际看到的情况；请栏目责任单位尽快更新栏目内容。",
            ))
    for site_id, names in sorted(stale.items()):
        site = repo.sites[site_id]
        if len(names) >= settings.site_fail_stale_columns:
            add(site.owner, Item(
                "updates", "monitor-site-columns-fail", "veto", site.name,
                f"网站上实测有 {len(names)} 个栏目未按时更新（达到 {settings.site_fail_stale_columns} 个即单项否决）：{'、'.join(names)}{source}",
                "第十八条", repo.path_of("site", site_id), hint="请网站主管单位督促各栏目责任单位更新。",
            ))
    for finding in observed.findings:
        if finding.get("code") in RECOMPUTED or finding.get("severity") not in ("error", "warning"):
            continue
        path = str(finding.get("path") or "")
        unit = owner_of(repo, path)
        if unit is None:
            continue
        add(unit, Item(
            "monitor", str(finding["code"]), str(finding["severity"]), subject_of(ctx, path),
            f"{finding.get('message', '')}{source}", str(finding.get("article") or ""), path,
            finding.get("line") if isinstance(finding.get("line"), int) else None, observed.day, None, str(finding.get("hint") or ""),
        ))
    return out


# ---------------------------------------------------------------- messages


def message_items(ctx: Context, settings: InspectionSettings, start: dt.date, day: dt.date) -> dict[str, list[Item]]:
    repo = ctx.repo
    out: dict[str, list[Item]] = {}
    for message in sorted(repo.messages.values(), key=lambda m: (m.received, m.id)):
        status = message_status(message, day, settings.message_unanswered_months)
        path = repo.path_of("message", message.id)
        channel = repo.channel(message.channel)
        subject = f"{message.id}《{message.subject}》"
        where = f"({channel.name})" if channel is not None else ""
        item: Item | None = None
        if status.state is MessageState.overdue_veto:
            item = Item("messages", "message-unanswered-veto", "veto", subject,
                        f"{message.received.isoformat()} 收到{where}，超过 {settings.message_unanswered_months} 个月仍未答复（时限 {message.due.isoformat()}，已逾期 {status.days_late} 天），网站单项否决",
                        "第二十一条", path, date=message.received, hint="请承办单位立即答复，并在留言记录的 answered 中填写答复日期。")
        elif status.state is MessageState.overdue:
            item = Item("messages", "message-overdue", "error", subject,
                        f"{message.received.isoformat()} 收到{where}，办理时限 {message.due.isoformat()} 已过 {status.days_late} 天，仍未答复",
                        "第二十一条", path, date=message.received, hint="请承办单位尽快答复，并在 answered 中填写答复日期。")
        elif status.state is MessageState.answered_late and message.answered is not None and message.answered >= start:
            item = Item("messages", "message-answered-late", "warning", subject,
                        f"{message.answered.isoformat()} 答复，超过办理时限 {message.due.isoformat()} {status.days_late} 天",
                        "第二十一条", path, date=message.answered, hint="今后请在办理时限内答复。")
        elif status.state is MessageState.pending and status.days_left <= settings.message_due_soon_days:
            item = Item("messages", "message-due-soon", "info", subject,
                        f"办理时限 {message.due.isoformat()}，还剩 {status.days_left} 天",
                        "第二十一条", path, date=message.due, hint="请在时限内答复。")
        if item is not None:
            out.setdefault(message.assigned_unit, []).append(item)
    return out


# ---------------------------------------------------------------- announcements (from the filing rules' facts)


def announcement_items(ctx: Context, start: dt.date, day: dt.date) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    for facts in lifecycle_facts(ctx):
        notice = facts.event.announcement
        if notice is None or notice.from_ > day:
            continue
        account = facts.account
        subject = f"{account.name}（{_platform_name(ctx, account.platform)}）"
        what = EVENT_NAMES[facts.event.type]
        length = f"{facts.announced_days.days} 个工作日" if facts.announced_days is not None else "?"
        if notice.to >= day:
            message = f"{what}公告中：{notice.from_.isoformat()} 至 {notice.to.isoformat()}（共 {length}）"
            code = "announcement-running"
        elif notice.to >= start:
            message = f"{what}公告已于 {notice.to.isoformat()} 期满（自 {notice.from_.isoformat()} 起，共 {length}）"
            code = "announcement-ended"
        else:
            continue
        out.setdefault(account.owner, []).append(
            Item("announcements", code, "info", subject, message, "第八条", facts.path, date=notice.to,
                 hint="公告期满后，请按程序完成关停、注销并在报送系统中备案。" if facts.event.type is not EventType.change else "")
        )
    return out


# ---------------------------------------------------------------- rule findings


def finding_items(
    ctx: Context, report: Report, attribution: Attribution, settings: InspectionSettings, start: dt.date, day: dt.date
) -> tuple[dict[str, list[Item]], int]:
    table = settings.category_table()
    out: dict[str, list[Item]] = {}
    other = 0
    for finding in report.findings:
        category = classify(finding.code, finding.article, table)
        if category == "other":
            other += 1
            continue
        evidence = attribution.evidence(finding, category)
        if category in RECENT_ONLY and evidence.date is not None and not start <= evidence.date <= day:
            continue
        out.setdefault(attribution.unit_of(finding), []).append(_item(finding, category, evidence.date, evidence.commit, ctx))
    return out, other


def _item(finding: Finding, category: str, date: dt.date | None, commit: str | None, ctx: Context) -> Item:
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "info"}[finding.severity]
    return Item(category, finding.code, level, subject_of(ctx, finding.path), finding.message, finding.article, finding.path, finding.line, date, commit, finding.hint)


def subject_of(ctx: Context, path: str) -> str:
    """A record's title or name, for the 对象 column; the path when it did not load."""
    entry = ctx.repo.entries.get(path)
    record = entry.record if entry is not None else None
    for attr in ("title", "name", "subject"):
        value = getattr(record, attr, None)
        if isinstance(value, str):
            return value
    return path or "（仓库）"


# ---------------------------------------------------------------- the inspection


def period(today: dt.date, month: str | None, settings: InspectionSettings) -> tuple[dt.date, dt.date, list[str]]:
    """(first day, check day, notes) of the inspection of ``month`` (``YYYY-MM``) or of ``today``.

    A month not over yet is checked as of ``today``; a month not begun is a ValueError.
    """
    if month is None:
        return today - dt.timedelta(days=settings.account_silent_days - 1), today, []
    start, end = month_bounds(month)
    if start > today:
        raise ValueError(f"月份 {month} 还没有开始（今天是 {today.isoformat()}）")
    if end > today:
        return start, today, [f"{month} 尚未结束，按 {today.isoformat()} 的情况检查。"]
    return start, end, []


def inspect(
    ctx: Context,
    *,
    month: str | None = None,
    activity: Activity | None = None,
    report: Report | None = None,
    record_history: History | None = None,
    observed: Observed | None = None,
) -> Inspection:
    """Inspect the repository as of ``ctx.today`` — for ``month``, ``ctx.today`` must be its check day (see :func:`period`).

    Runs ``govreg check``'s rules through the engine (sharing ``ctx``'s history)
    unless ``report`` is given.  Raises :class:`~.settings.SettingsError` on a bad
    ``inspection:`` section.
    """
    settings = load_section(ctx.config, "inspection", InspectionSettings)
    day = ctx.today
    if month is not None:
        start, _ = month_bounds(month)
        notes = [] if day == month_bounds(month)[1] else [f"{month} 尚未结束，按 {day.isoformat()} 的情况检查。"]
    else:
        start, _, notes = period(day, None, settings)

    history = ctx.history
    if activity is None:
        activity = build_activity(ctx.repo, history)
    if activity.source != "git":
        notes.append(f"未能读取 git 历史（{activity.reason}），更新时间仅依据记录中的发布时间，未经核实。")
    elif activity.uncommitted:
        notes.append(f"有 {activity.uncommitted} 条已发布信息尚未提交到 git，其发布时间未经核实。")
    if history.shallow:
        notes.append("仓库是浅克隆，较早的提交不可见；更新时间可能偏晚。")
    if settings.adopted is not None:
        notes.append(adoption_note(settings.adopted))
    if report is None:
        report = run_check(ctx.repo.root, ctx=ctx)
    if record_history is None:
        record_history = read_history(ctx.repo.root, RECORD_FOLDERS)
    attribution = Attribution(ctx.repo, history, record_history, {p.path: p for p in activity.publications if p.removed is None})

    updates = update_status(ctx, activity, settings, day)
    per_unit: dict[str, list[Item]] = {}
    found, other = finding_items(ctx, report, attribution, settings, start, day)
    seen = observed_items(ctx, settings, observed, day) if observed is not None else {}
    if observed is not None:
        notes.append(f"标注“{observed.label()}”的各项取自 govreg monitor 的快照 {observed.file}（在网站上实际看到的情况）；其余各项依据登记库记录及其 git 历史。")
    for part in (updates.items, message_items(ctx, settings, start, day), found, announcement_items(ctx, start, day), seen):
        for owner, listed in part.items():
            per_unit.setdefault(owner, []).extend(listed)

    order = {key: i for i, key in enumerate(SECTIONS)}
    level_order = {"veto": 0, "error": 1, "warning": 2, "info": 3}
    units: list[UnitReport] = []
    quiet = 0
    for unit_id in sorted(set(ctx.repo.units) | set(per_unit) | set(updates.channels)):
        items = per_unit.get(unit_id, [])
        channels = updates.channels.get(unit_id, [])
        if not items and not channels:
            quiet += 1
            continue
        unit = ctx.repo.units.get(unit_id)
        pubs = activity.by_unit.get(unit_id, [])
        items.sort(key=lambda i: (order.get(i.section, 99), level_order[i.level], i.subject, i.path, i.line or 0))
        units.append(
            UnitReport(
                unit_id,
                unit.name if unit is not None else unit_id,
                ctx.repo.path_of("unit", unit_id),
                items,
                channels,
                activity.weekly(pubs, day, settings.chart_weeks),
                activity.count(pubs, start, day),
            )
        )
    units.sort(key=lambda u: (-u.vetoes, -u.count("error"), -u.count("warning"), u.unit))
    info = {
        "source": activity.source,
        "reason": activity.reason,
        "commits": len(history.commits) if history.available else 0,
        "publications": len(activity.publications),
        "shallow": history.shallow,
    }
    monitor = {"file": observed.file, "day": observed.day.isoformat()} if observed is not None else None
    return Inspection(day, start, month, settings, units, info, notes, quiet, other, measures=ctx.repo.config.city.basis, monitor=monitor)
