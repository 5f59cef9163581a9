"""The annual work report （工作年度报表） of the websites and the new-media accounts.

国办发〔2017〕47号 (websites) and 国办发〔2018〕123号 (new-media accounts) ask every
supervising office for a yearly report in a national table layout, due 31 January.
The public text of those templates gives the *sections* (information published,
interaction, security, new media …) but not every column with certainty, so the
columns here are **data** (:data:`SITE_COLUMNS`, :data:`ACCOUNT_COLUMNS`), each
marked ``national=True`` when its header is in the public template and ``False``
when it is this registry's own addition; quantities the registry cannot know
(visits, followers) are listed as columns with no value and said so in the output.

Counts come from the records and their git history: an item counts as published in
the year when its first release (:mod:`.activity`) falls in the year and it is still
visible at the year's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine import CHINA, Context
from ..followup import FollowupSettings, RectState, opinion_late, rectification_status, report_statuses
from ..models import Account, AccountStatus, EventType, Site
from ..models_supervision import ReportKind
from ..rules._shared import calendar
from ..supervision_settings import load_section
from .activity import Activity, build_activity

Value = int | float | str | None


@dataclass(frozen=True, slots=True)
class ReportColumn:
    section: str
    header: str
    key: str
    national: bool  # the header is in the public national template


SITE_COLUMNS: tuple[ReportColumn, ...] = (
    ReportColumn("基本信息", "网站名称", "name", True),
    ReportColumn("基本信息", "首页网址", "url", True),
    ReportColumn("基本信息", "主办单位", "owner", True),
    ReportColumn("基本信息", "网站类型", "kind", True),
    ReportColumn("基本信息", "政府网站标识码", "site_code", True),
    ReportColumn("基本信息", "ICP备案编号", "icp", True),  # typography: verbatim (the national report's column names)
    ReportColumn("基本信息", "公安机关备案号", "psb", True),
    ReportColumn("网站访问", "独立用户访问总量（个）", "visitors", True),
    ReportColumn("网站访问", "网站总访问量（次）", "visits", True),
    ReportColumn("信息发布", "总数（条）", "published", True),
    ReportColumn("信息发布", "政务动态信息更新量（条）", "published_news", True),
    ReportColumn("信息发布", "信息公开目录信息更新量（条）", "published_policy", True),
    ReportColumn("信息发布", "通知公告更新量（条）", "published_notice", False),
    ReportColumn("互动交流", "收到留言数量（条）", "messages", True),
    ReportColumn("互动交流", "办结留言数量（条）", "answered", True),
    ReportColumn("互动交流", "平均办理时间（天）", "answer_days", True),
    ReportColumn("互动交流", "逾期办理数量（条）", "answered_late", False),
    ReportColumn("回应关切", "回应公众关注热点或重大舆情数量（次）", "opinions", True),
    ReportColumn("安全防护", "安全事件数量（次）", "incidents", False),
    ReportColumn("安全防护", "问题整改数量（个）", "rectified", True),
    ReportColumn("监督检查", "整改通知数量（份）", "notices", False),
)

ACCOUNT_COLUMNS: tuple[ReportColumn, ...] = (
    ReportColumn("基本信息", "账号名称", "name", True),
    ReportColumn("基本信息", "平台", "platform", True),
    ReportColumn("基本信息", "账号ID", "handle", False),  # typography: verbatim (the national report's column names)
    ReportColumn("基本信息", "主办单位", "owner", True),
    ReportColumn("基本信息", "状态", "status", False),
    ReportColumn("运行情况", "信息发布量（条）", "published", True),
    ReportColumn("运行情况", "关注量、订阅数", "followers", True),
    ReportColumn("互动交流", "收到留言数量（条）", "messages", True),
    ReportColumn("互动交流", "办结留言数量（条）", "answered", True),
    ReportColumn("回应关切", "回应舆情数量（次）", "opinions", False),
    ReportColumn("安全防护", "安全事件数量（次）", "incidents", False),
    ReportColumn("监督检查", "整改通知数量（份）", "notices", False),
)

#: columns the registry has no data for (kept so the layout is complete; left blank)
UNKNOWN_KEYS = frozenset({"visitors", "visits", "followers"})


@dataclass
class AnnualReport:
    year: int
    day: dt.date
    sites: list[dict[str, Value]]
    accounts: list[dict[str, Value]]
    summary: list[tuple[str, str, Value]]  # (section, label, value)
    notes: list[str] = field(default_factory=list)
    city: str = "本市"  # config/govreg.yaml city.name

    @property
    def title(self) -> str:
        return f"{self.city}政府网站和政务新媒体工作年度报表（{self.year}年）"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "year": self.year,
            "day": self.day.isoformat(),
            "site_columns": [_col(c) for c in SITE_COLUMNS],
            "account_columns": [_col(c) for c in ACCOUNT_COLUMNS],
            "sites": self.sites,
            "accounts": self.accounts,
            "summary": [{"section": s, "label": label, "value": v} for s, label, v in self.summary],
            "notes": self.notes,
        }


def _col(c: ReportColumn) -> dict[str, Any]:
    return {"section": c.section, "header": c.header, "key": c.key, "national": c.national}


KIND_NAMES = {"portal": "门户网站", "department": "部门网站", "special-topic": "专项网站"}
STATUS_NAMES = {"active": "正常运行", "closed": "已关停", "cancelled": "已注销"}
REPORT_KIND = ReportKind.annual


def annual_report(ctx: Context, year: int, activity: Activity | None = None) -> AnnualReport:
    """The report of ``year`` as of ``ctx.today`` (31 December, or today for a year not over)."""
    repo, day = ctx.repo, ctx.today
    start = dt.date(year, 1, 1)
    followup = load_section(ctx.config, "followup", FollowupSettings)
    cal = calendar(ctx)
    notes: list[str] = []
    if day < dt.date(year, 12, 31):
        notes.append(f"{year} 年尚未结束，按 {day.isoformat()} 的情况统计。")
    if activity is None:
        activity = build_activity(repo, ctx.history)
    if activity.source != "git":
        notes.append(f"未能读取 git 历史（{activity.reason}），发布量仅依据记录中的发布时间，未经核实。")
    notes.append(
        "表格按国办发〔2017〕47号、国办发〔2018〕123号公开的年度报表格式排列；列名后标注“*”的是本登记库补充的列，"
        "不在公开的全国格式中；访问量、关注量等登记库没有的数据留空，请从网站统计系统和平台后台填写。"
    )
    end_of_year = min(dt.date(year, 12, 31), day)

    def in_year(d: dt.date | None) -> bool:
        return d is not None and start <= d <= end_of_year

    def published(channel: str, column_kinds: set[str] | None = None, site: Site | None = None) -> int:
        pubs = activity.by_channel.get(channel, [])
        kinds = {c.id: c.kind for c in site.columns} if site is not None else {}
        return sum(
            1 for p in pubs
            if start <= p.published <= end_of_year and p.visible(end_of_year)
            and (column_kinds is None or kinds.get(p.column or "") in column_kinds)
        )

    messages_by_channel: dict[str, list[Any]] = {}
    for m in repo.messages.values():
        if in_year(m.received) and m.valid:
            messages_by_channel.setdefault(m.channel, []).append(m)
    opinions: dict[str, int] = {}
    for o in repo.opinions.values():
        if in_year(o.detected.astimezone(CHINA).date()) and o.responded is not None:
            for c in o.channels:
                opinions[c] = opinions.get(c, 0) + 1
    incidents: dict[str, int] = {}
    for i in repo.incidents.values():
        if in_year(i.detected.astimezone(CHINA).date()):
            for c in i.affects:
                incidents[c] = incidents.get(c, 0) + 1
    notices_by_path: dict[str, list[Any]] = {}
    for n in repo.rectifications.values():
        if in_year(n.issued) and n.finding.path:
            notices_by_path.setdefault(n.finding.path, []).append(n)

    def message_cells(channel: str) -> dict[str, Value]:
        listed = messages_by_channel.get(channel, [])
        answered = [m for m in listed if m.answered is not None and m.answered <= end_of_year]
        days = [(m.answered - m.received).days for m in answered]
        return {
            "messages": len(listed),
            "answered": len(answered),
            "answer_days": round(sum(days) / len(days), 1) if days else None,
            "answered_late": sum(1 for m in answered if m.answered > m.due),
        }

    def notice_cells(path: str) -> dict[str, Value]:
        listed = notices_by_path.get(path, [])
        closed = sum(1 for n in listed if rectification_status(n, end_of_year, followup, cal).state is RectState.closed)
        return {"notices": len(listed), "rectified": closed}

    sites: list[dict[str, Value]] = []
    for site in sorted(repo.sites.values(), key=lambda s: (s.kind.value != "portal", s.id)):
        owner = repo.units.get(site.owner)
        row: dict[str, Value] = {
            "name": site.name, "url": f"https://{site.domain}/", "owner": owner.name if owner else site.owner,
            "kind": KIND_NAMES.get(site.kind.value, site.kind.value), "site_code": site.site_code, "icp": site.icp, "psb": site.psb,
            "published": published(site.id), "published_news": published(site.id, {"news"}, site),
            "published_policy": published(site.id, {"policy"}, site), "published_notice": published(site.id, {"notice"}, site),
            "opinions": opinions.get(site.id, 0), "incidents": incidents.get(site.id, 0),
        }
        row.update(message_cells(site.id))
        row.update(notice_cells(repo.path_of("site", site.id)))
        sites.append(row)

    accounts: list[dict[str, Value]] = []
    for account in sorted(repo.accounts.values(), key=lambda a: (a.owner, a.id)):
        if not _existed_in(account, start, end_of_year):
            continue
        owner = repo.units.get(account.owner)
        platform = repo.config.platform(account.platform)
        row = {
            "name": account.name, "platform": platform.name if platform is not None else account.platform, "handle": account.handle,
            "owner": owner.name if owner else account.owner, "status": STATUS_NAMES.get(account.status.value, account.status.value),
            "published": published(account.id), "opinions": opinions.get(account.id, 0), "incidents": incidents.get(account.id, 0),
        }
        row.update({k: v for k, v in message_cells(account.id).items() if k in ("messages", "answered")})
        row["notices"] = notice_cells(repo.path_of("account", account.id))["notices"]
        accounts.append(row)

    summary = _summary(ctx, year, start, end_of_year, accounts, sites, followup, in_year)
    return AnnualReport(year, day, sites, accounts, summary, notes, city=repo.config.city.name)


def _existed_in(account: Account, start: dt.date, end: dt.date) -> bool:
    opened = min((e.date for e in account.lifecycle if e.type is EventType.open), default=None)
    ended = max((e.date for e in account.lifecycle if e.type in (EventType.close, EventType.cancel)), default=None)
    if opened is not None and opened > end:
        return False
    return not (account.status is not AccountStatus.active and ended is not None and ended < start)


def _summary(
    ctx: Context, year: int, start: dt.date, end: dt.date, accounts: list[dict[str, Value]], sites: list[dict[str, Value]],
    followup: FollowupSettings, in_year: Callable[[dt.date | None], bool],
) -> list[tuple[str, str, Value]]:
    repo = ctx.repo
    cal = calendar(ctx)
    events = [(a, e) for a in repo.accounts.values() for e in a.lifecycle if in_year(e.date)]
    notices = [n for n in repo.rectifications.values() if in_year(n.issued)]
    states = [rectification_status(n, end, followup, cal) for n in notices]
    year_incidents = [i for i in repo.incidents.values() if in_year(i.detected.astimezone(CHINA).date())]
    late_incidents = sum(1 for i in year_incidents if any(s.late or s.at is None for s in report_statuses(i, followup)))
    year_opinions = [o for o in repo.opinions.values() if in_year(o.detected.astimezone(CHINA).date())]
    end_moment = dt.datetime.combine(end, dt.time(23, 59, 59), CHINA)
    archived = [r for r in repo.reports.values() if r.kind is ReportKind.inspection and in_year(r.as_of)]
    valid_messages = [m for m in repo.messages.values() if in_year(m.received) and m.valid]

    def total(rows: list[dict[str, Value]], key: str) -> int:
        return sum(int(v) for r in rows if isinstance(v := r.get(key), (int, float)))

    return [
        ("概况", "政府网站（个）", len(sites)),
        ("概况", "政务新媒体账号（个，年内运行过）", len(accounts)),
        ("概况", "年内开设账号（个）", sum(1 for _, e in events if e.type is EventType.open)),
        ("概况", "年内关停、注销账号（个）", sum(1 for _, e in events if e.type in (EventType.close, EventType.cancel))),
        ("信息发布", "网站发布信息（条）", total(sites, "published")),
        ("信息发布", "政务新媒体发布信息（条）", total(accounts, "published")),
        ("互动交流", "收到有效留言（条）", len(valid_messages)),
        ("互动交流", "已答复（条）", sum(1 for m in valid_messages if m.answered is not None and m.answered <= end)),
        ("互动交流", "逾期答复或未答复（条）", sum(1 for m in valid_messages if (m.answered or end + dt.timedelta(days=1)) > m.due and m.due < end)),
        ("监督检查", "存档的检查报告（份）", len(archived)),
        ("监督检查", "下发整改通知（份）", len(notices)),
        ("监督检查", "整改并复查合格（份）", sum(1 for s in states if s.state is RectState.closed)),
        ("监督检查", "逾期未整改（份）", sum(1 for s in states if s.state is RectState.overdue)),
        ("安全防护", "安全事件（次）", len(year_incidents)),
        ("安全防护", "未按时报告的安全事件（次）", late_incidents),
        ("回应关切", "舆情事件（次）", len(year_opinions)),
        ("回应关切", "按时回应（次）", sum(1 for o in year_opinions if not opinion_late(o, end_moment, followup)[0])),
        ("账号交接", "账号密码移交记录（份）", sum(1 for h in repo.handovers.values() if in_year(h.left))),
    ]
