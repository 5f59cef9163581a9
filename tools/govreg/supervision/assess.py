"""The annual assessment (第二十一条): per unit, the deductions of items (一)–(五) with their evidence.

For year *Y*, assessed as of *A* = 31 December *Y*, or today if the year is not over:

- **(一) 未明确主管领导、管理机构和专门工作人员** — the unit-responsibility findings
  (第五条) of ``govreg check`` run on *A*;
- **(二) 更新滞后、内容缺失或错误** — every account, site and column that failed the
  monthly inspection of a month of *Y* (checked on the month's last day, as the
  repository stood then: see :mod:`.activity`), once per object and month; plus
  content-quality and retention findings about items of *Y*;
- **(三) 未进行涉敏审核、保密审查** — review, personal-information and secrecy
  findings about items released in *Y*;
- **(四) 领导信箱、留言未及时办理回应** — every valid message due in *Y* and answered
  late or not answered by *A*;
- **(五) 其他违规** — the other rule findings (filings, announcements, release time or
  source changed, accounts, sites, incidents reported late, public opinion answered late,
  handovers missing …) about events of *Y* or present on *A*; and every rectification
  notice whose deadline fell in *Y* and that was not done by it (done late, or not by *A*),
  judged from the record itself (the rule ``rectification-overdue`` only sees the ones
  still without a response, so it is not counted twice).

Only findings of level *error* deduct (warnings too with ``count_warnings``, and those
of ``count_warning_categories``); a finding about a dated event (a release, a filing,
a message) deducts only in the year of that event.  Each occurrence deducts ``per``
points, a single-veto occurrence ``veto_factor`` times as many; an item never
deducts more than its ``weight``.  The ranking uses standard competition ranking
(1, 2, 2, 4) on the score, higher first; a unit with a single-veto finding (``veto_codes``:
a forged release time, 第十四条) ranks after every unit without one, whatever its score.
Units of ``exempt_kinds`` (internal bodies; party bodies such as the 宣传部, which are not
government departments) are not ranked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..context import Context
from ..engine import Report, run_check
from ..findings import Severity
from ..followup import FollowupSettings, rectification_deadline
from ..history import History, read_history
from ..message_status import MessageState, message_status
from ..rules._shared import calendar
from ..supervision_settings import ITEM_LABELS, AssessmentSettings, InspectionSettings, classify, load_section
from .activity import Activity, build_activity
from .attribution import Attribution
from .inspect import RECORD_FOLDERS, adoption_note, observed_items, subject_of, update_status
from .observed import load_observed


@dataclass(frozen=True, slots=True)
class Deduction:
    item: str  # "1" … "5"
    code: str
    subject: str
    message: str
    path: str
    line: int | None
    date: dt.date | None  # None: a state present on the assessment day
    commit: str | None
    points: float  # before the item's cap

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "code": self.code,
            "subject": self.subject,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "date": self.date.isoformat() if self.date else None,
            "commit": self.commit,
            "points": self.points,
        }


@dataclass
class UnitScore:
    unit: str
    name: str
    path: str
    deductions: list[Deduction] = field(default_factory=list)
    by_item: dict[str, float] = field(default_factory=dict)  # capped points deducted per item
    score: float = 0.0
    rank: int = 0
    vetoes: list[Deduction] = field(default_factory=list)  # single-veto findings (伪造发布时间 …)
    group: str = ""  # the ranking group (``assessment.rank_groups``); "" = the one ranking

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    def count(self, item: str) -> int:
        return sum(1 for d in self.deductions if d.item == item)

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "name": self.name,
            "path": self.path,
            "score": self.score,
            "rank": self.rank,
            "vetoed": self.vetoed,
            "group": self.group,
            "vetoes": [d.to_json() for d in self.vetoes],
            "deducted": {k: {"points": v, "count": self.count(k)} for k, v in self.by_item.items()},
            "deductions": [d.to_json() for d in self.deductions],
        }


@dataclass
class Assessment:
    year: int
    day: dt.date  # the assessment day
    settings: AssessmentSettings
    units: list[UnitScore]
    months: list[dt.date]  # the monthly check days replayed for item (二)
    history: dict[str, Any]
    notes: list[str]
    measures: str = "《政府网站和政务新媒体管理办法》"  # the city's measures (config/govreg.yaml city:)

    @property
    def title(self) -> str:
        return f"{self.year}年度政府网站和政务新媒体综合考评"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "year": self.year,
            "day": self.day.isoformat(),
            "total": self.settings.total,
            "items": {k: {"label": ITEM_LABELS[k], **v.model_dump()} for k, v in sorted(self.settings.items.items())},
            "months": [d.isoformat() for d in self.months],
            "history": self.history,
            "notes": self.notes,
            "units": [u.to_json() for u in self.units],
        }


def assessment_day(year: int, today: dt.date) -> dt.date:
    """31 December of ``year``, or ``today`` when the year is not over; ValueError for a future year."""
    if year > today.year:
        raise ValueError(f"{year} 年还没有开始（今天是 {today.isoformat()}）")
    return min(dt.date(year, 12, 31), today)


def month_ends(year: int, day: dt.date) -> list[dt.date]:
    """The last day of each month of ``year`` up to ``day`` (``day`` itself for a month not over)."""
    out = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        if first > day:
            break
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), day))
    return out


def assess(
    ctx: Context,
    year: int,
    *,
    activity: Activity | None = None,
    report: Report | None = None,
    record_history: History | None = None,
    snapshots: Path | None = None,
) -> Assessment:
    """Assess ``year``; ``ctx.today`` must be :func:`assessment_day` of it.

    With ``snapshots`` (a ``govreg monitor`` snapshot directory), each monthly check of item (二)
    also counts the columns and home pages the monitor saw out of date on the real site
    (snapshot of that month end, or of the 3 days before).
    """
    settings = load_section(ctx.config, "assessment", AssessmentSettings)
    inspection = load_section(ctx.config, "inspection", InspectionSettings)
    day = ctx.today
    notes: list[str] = []
    if day < dt.date(year, 12, 31):
        notes.append(f"{year} 年尚未结束，按 {day.isoformat()} 的情况评分。")
    history = ctx.history
    if activity is None:
        activity = build_activity(ctx.repo, history)
    if activity.source != "git":
        notes.append(f"未能读取 git 历史（{activity.reason}），更新情况仅依据记录中的发布时间，未经核实。")
    if inspection.adopted is not None:
        notes.append(adoption_note(inspection.adopted))
    if report is None:
        report = run_check(ctx.repo.root, ctx=ctx)
    if record_history is None:
        record_history = read_history(ctx.repo.root, RECORD_FOLDERS)
    attribution = Attribution(ctx.repo, history, record_history, {p.path: p for p in activity.publications if p.removed is None})

    deductions: dict[str, list[Deduction]] = {}

    def add(unit: str, deduction: Deduction) -> None:
        deductions.setdefault(unit, []).append(deduction)

    # (二) the monthly inspections of the year, replayed on the month ends
    months = month_ends(year, day)
    seen_months: list[str] = []
    for check_day in months:
        updates = update_status(ctx, activity, inspection, check_day)
        for owner, listed in updates.items.items():
            for found in listed:
                factor = settings.veto_factor if found.veto else 1.0
                add(owner, Deduction("2", found.code, found.subject, f"{check_day.isoformat()} 月度检查：{found.message}",
                                     found.path, found.line, check_day, found.commit, settings.items["2"].per * factor))
        observed = load_observed(snapshots, check_day)[0] if snapshots is not None else None
        if observed is None:
            continue
        seen_months.append(check_day.strftime("%Y-%m"))
        for owner, listed in observed_items(ctx, inspection, observed, check_day).items():
            for found in listed:
                if found.section != "updates":
                    continue
                factor = settings.veto_factor if found.veto else 1.0
                add(owner, Deduction("2", found.code, found.subject, f"{check_day.isoformat()} 月度检查：{found.message}",
                                     found.path, found.line, check_day, None, settings.items["2"].per * factor))
    if snapshots is not None:
        notes.append(
            f"第（二）项中标注“网站实测”的扣分取自 govreg monitor 快照（{snapshots}），涉及月份：{'、'.join(seen_months)}；其余依据登记库记录及其 git 历史。"
            if seen_months else f"在 {snapshots} 中没有各月末的网站实测快照，第（二）项仅依据登记库记录。"
        )

    # (四) messages due in the year, answered late or not at all
    for message in sorted(ctx.repo.messages.values(), key=lambda m: (m.due, m.id)):
        if message.due.year != year or message.due >= day:
            continue
        status = message_status(message, day, inspection.message_unanswered_months)
        if status.state not in (MessageState.answered_late, MessageState.overdue, MessageState.overdue_veto):
            continue
        what = f"{message.answered.isoformat()} 答复，超过时限 {status.days_late} 天" if message.answered and message.answered <= day else f"至 {day.isoformat()} 未答复，超过时限 {status.days_late} 天"
        factor = settings.veto_factor if status.state is MessageState.overdue_veto else 1.0
        path = ctx.repo.path_of("message", message.id)
        commit, _ = attribution.last_commit(path)
        add(message.assigned_unit, Deduction("4", f"message-{status.state.value}", f"{message.id}《{message.subject}》",
                                             f"{message.received.isoformat()} 收到，办理时限 {message.due.isoformat()}，{what}",
                                             path, None, message.answered or message.due, commit, settings.items["4"].per * factor))

    # (五) rectification notices not done by their deadline (第二十条)
    followup = load_section(ctx.config, "followup", FollowupSettings)
    for notice in sorted(ctx.repo.rectifications.values(), key=lambda n: (n.issued, n.id)):
        deadline, _ = rectification_deadline(notice, followup, calendar(ctx))
        if deadline.year != year or deadline >= day:
            continue
        done = min((r.done for r in notice.responses if r.done <= day), default=None)
        if done is not None and done <= deadline:
            continue
        what = f"{done.isoformat()} 才完成整改" if done is not None else f"至 {day.isoformat()} 未报送整改情况"
        path = ctx.repo.path_of("rectification", notice.id)
        commit, _ = attribution.last_commit(path)
        add(notice.unit, Deduction("5", "rectification-late", notice.subject,
                                   f"{notice.issued.isoformat()} 下发的整改通知（{notice.finding.message}），整改期限 {deadline.isoformat()}，{what}",
                                   path, None, deadline, commit, settings.items["5"].per))

    # (一)(二)(三)(五) from the rule findings
    table = inspection.category_table()
    for finding in report.findings:
        if finding.code == "rectification-overdue":
            continue  # counted above from the record
        category = classify(finding.code, finding.article, table)
        counted = finding.severity is Severity.error or (
            finding.severity is Severity.warning and (settings.count_warnings or category in settings.count_warning_categories)
        )
        if not counted:
            continue
        evidence = attribution.evidence(finding, category)
        if evidence.date is not None and evidence.date.year != year:
            continue
        key = settings.item_of(category)
        add(attribution.unit_of(finding), Deduction(key, finding.code, subject_of(ctx, finding.path), finding.message,
                                                    finding.path, finding.line, evidence.date, evidence.commit, settings.items[key].per))

    exempt = set(settings.exempt_kinds)
    scores: list[UnitScore] = []
    for unit_id in sorted(set(ctx.repo.units) | set(deductions)):
        unit = ctx.repo.units.get(unit_id)
        if unit is not None and unit.kind.value in exempt:
            continue
        chosen = sorted(deductions.get(unit_id, []), key=lambda d: (d.item, d.date or day, d.path, d.code))
        by_item = {}
        for key, scheme in sorted(settings.items.items()):
            by_item[key] = min(sum(d.points for d in chosen if d.item == key), scheme.weight)
        total = round(settings.total - sum(by_item.values()), 2)
        scores.append(UnitScore(unit_id, unit.name if unit else unit_id, ctx.repo.path_of("unit", unit_id), chosen, by_item, total))
    veto_codes = set(settings.veto_codes)
    group_of_kind = {kind: label for label, kinds in settings.rank_groups.items() for kind in kinds}
    for score in scores:
        score.vetoes = [d for d in score.deductions if d.code in veto_codes]
        unit = ctx.repo.units.get(score.unit)
        score.group = group_of_kind.get(unit.kind.value, "") if unit is not None else ""
    order = {label: i for i, label in enumerate(settings.rank_groups)}
    scores.sort(key=lambda s: (order.get(s.group, len(order)), s.vetoed, -s.score, len(s.deductions), s.unit))
    for i, score in enumerate(scores):
        previous = scores[i - 1] if i else None
        if previous is None or previous.group != score.group:
            score.rank, first = 1, i
        elif previous.score == score.score and previous.vetoed == score.vetoed:
            score.rank = previous.rank
        else:
            score.rank = i - first + 1
    info = {
        "source": activity.source,
        "commits": len(history.commits) if history.available else 0,
        "publications": len(activity.publications),
    }
    return Assessment(year, day, settings, scores, months, info, notes, measures=ctx.repo.config.city.measures_title)
