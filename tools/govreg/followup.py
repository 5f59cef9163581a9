"""The supervision cycle as data: settings and the state of each record (core; pure).

Shared by the rules (``rules/rectification_*`` …), ``govreg inspect --notices``,
``govreg report annual`` and the public site's incident banner, so that "overdue",
"reported late" and "open" mean the same everywhere.

Settings are ``followup:`` in ``config/govreg.yaml``; the defaults are settings, not
statutory numbers (the measures say 立即报告 and 督促整改 without a number):

- ``rectification_days`` (10): working days from ``issued`` to the default deadline;
- ``recheck_days`` (5): working days the office has to re-check a response;
- ``report_hours`` ({cac: 4, police: 4, disclosure-office: 24}): hours from
  detection to each report; ``report_to`` lists, per incident kind, whom to report;
- ``opinion_response_hours`` (24): 国办发〔2016〕61号 asks for a response to major
  public-opinion events within 24 hours at the latest;
- ``handover_days`` (5): working days after a person leaves a role for the handover;
- ``handovers_since``: departures before this date are not checked (the roster's
  history before the registry began to keep handovers).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .filepolicy import atomic_write
from .findings import Severity
from .loader import decode, parse_yaml
from .models import REVIEW_ROLES, Role
from .models_supervision import Authority, Incident, IncidentKind, OpinionEvent, Rectification
from .workdays import WorkCalendar

CHINA = dt.timezone(dt.timedelta(hours=8))

AUTHORITY_NAMES: dict[str, str] = {
    Authority.cac.value: "网信部门",
    Authority.police.value: "公安机关",
    Authority.disclosure_office.value: "政府信息公开工作主管部门",
}
INCIDENT_NAMES: dict[str, str] = {
    IncidentKind.defacement.value: "网页被篡改",
    IncidentKind.hijacked_account.value: "账号被劫持",
    IncidentKind.account_stolen.value: "账号被盗",
    IncidentKind.leak.value: "信息泄露",
    IncidentKind.loss.value: "信息丢失",
    IncidentKind.outage.value: "无法访问",
    IncidentKind.other.value: "其他安全事件",
}
#: incident kinds that make an account unsafe to trust: the public site warns on its page while open
HIJACK_KINDS = frozenset({IncidentKind.hijacked_account, IncidentKind.account_stolen, IncidentKind.defacement})


def _all_authorities() -> list[Authority]:
    return [Authority.cac, Authority.police, Authority.disclosure_office]


class FollowupSettings(BaseModel):
    """``followup:`` in ``config/govreg.yaml``."""

    model_config = ConfigDict(extra="forbid")

    rectification_days: int = Field(default=10, ge=1, le=250, description="整改期限：下发后多少个工作日")
    recheck_days: int = Field(default=5, ge=1, le=250, description="单位报送整改情况后，政务公开办多少个工作日内复查")
    report_hours: dict[Authority, float] = Field(
        default_factory=lambda: {Authority.cac: 4.0, Authority.police: 4.0, Authority.disclosure_office: 24.0},
        description="发现安全事件后多少小时内向各部门报告",
    )
    report_to: dict[IncidentKind, list[Authority]] = Field(
        default_factory=dict, description="各类事件应报告的部门；未列出的类别向网信、公安、政务公开办全部报告（第十七条）"
    )
    opinion_response_hours: float = Field(default=24, gt=0, le=720, description="舆情发现后多少小时内公开回应")
    handover_days: int = Field(default=5, ge=1, le=250, description="人员离岗后多少个工作日内完成账号密码移交")
    handovers_since: dt.date | None = Field(default=None, description="此日期之前的人员变动不检查交接记录")

    def recipients(self, kind: IncidentKind) -> list[Authority]:
        return self.report_to.get(kind, _all_authorities())


def moment(today: dt.date) -> dt.datetime:
    """The time a check on ``today`` judges hour deadlines at (incident reports, opinion responses).

    ``GOVREG_NOW`` (ISO time) when set; the current time when checking the real today;
    otherwise the end of ``today`` (a check of a past or a fixed day, e.g. ``GOVREG_TODAY``).
    """
    forced = os.environ.get("GOVREG_NOW")
    if forced:
        value = dt.datetime.fromisoformat(forced)
        return value if value.tzinfo else value.replace(tzinfo=CHINA)
    current = dt.datetime.now(CHINA)
    if not os.environ.get("GOVREG_TODAY") and current.date() == today:
        return current
    return dt.datetime.combine(today, dt.time(23, 59, 59), CHINA)


# ---------------------------------------------------------------- rectifications


class RectState(str, Enum):
    closed = "closed"  # 复查合格
    waiting = "waiting"  # 期限未到，尚未报送
    overdue = "overdue"  # 超过期限未报送整改情况
    responded = "responded"  # 已报送，等待复查
    recheck_late = "recheck-late"  # 已报送，超过复查时限仍未复查
    failed_no_deadline = "failed-no-deadline"  # 复查不合格且未重新限期


@dataclass(frozen=True, slots=True)
class RectStatus:
    state: RectState
    deadline: dt.date  # the current deadline (the last failed re-check's new one, else the notice's)
    responded: dt.date | None  # the response of the current round
    recheck_due: dt.date | None
    rounds: int
    warning: str | None  # calendar years guessed


def rectification_deadline(notice: Rectification, settings: FollowupSettings, calendar: WorkCalendar) -> tuple[dt.date, str | None]:
    if notice.deadline is not None:
        return notice.deadline, None
    result = calendar.add_working_days_checked(notice.issued, settings.rectification_days)
    return result.date, result.warning


def rectification_status(notice: Rectification, today: dt.date, settings: FollowupSettings, calendar: WorkCalendar) -> RectStatus:
    """Where the notice stands on ``today``: a response is of the current round if it comes after the last re-check."""
    deadline, warning = rectification_deadline(notice, settings, calendar)
    rechecks = sorted((r for r in notice.rechecks if r.verified <= today), key=lambda r: r.verified)
    last = rechecks[-1] if rechecks else None
    if last is not None and last.result == "passed":
        return RectStatus(RectState.closed, deadline, None, None, len(rechecks), warning)
    if last is not None:
        if last.new_deadline is None:
            return RectStatus(RectState.failed_no_deadline, deadline, None, None, len(rechecks), warning)
        deadline = last.new_deadline
    since = last.verified if last is not None else None
    current = [r for r in notice.responses if r.done <= today and (since is None or r.done >= since)]
    if current:
        done = max(r.done for r in current)
        due = calendar.add_working_days_checked(done, settings.recheck_days)
        state = RectState.recheck_late if today > due.date else RectState.responded
        return RectStatus(state, deadline, done, due.date, len(rechecks), warning or due.warning)
    state = RectState.overdue if today > deadline else RectState.waiting
    return RectStatus(state, deadline, None, None, len(rechecks), warning)


# ---------------------------------------------------------------- incidents


@dataclass(frozen=True, slots=True)
class ReportStatus:
    to: Authority
    due: dt.datetime
    at: dt.datetime | None  # first report to this authority
    index: int | None  # its index in ``reports``

    @property
    def late(self) -> bool:
        return self.at is not None and self.at > self.due


def report_statuses(incident: Incident, settings: FollowupSettings) -> list[ReportStatus]:
    out = []
    for authority in settings.recipients(incident.kind):
        hours = settings.report_hours.get(authority, 24.0)
        due = incident.detected + dt.timedelta(hours=hours)
        hits = [(r.at, i) for i, r in enumerate(incident.reports) if r.to is authority]
        first = min(hits) if hits else None
        out.append(ReportStatus(authority, due, first[0] if first else None, first[1] if first else None))
    return out


def incident_open(incident: Incident, now: dt.datetime) -> bool:
    return incident.detected <= now and (incident.closed is None or incident.closed > now)


def open_account_incidents(incidents: Iterable[Incident], now: dt.datetime) -> dict[str, list[Incident]]:
    """Account or site id → the open incidents of a hijacking kind that affect it (the public site's banner)."""
    out: dict[str, list[Incident]] = {}
    for incident in sorted(incidents, key=lambda i: (i.detected, i.id)):
        if incident.kind in HIJACK_KINDS and incident_open(incident, now):
            for target in incident.affects:
                out.setdefault(target, []).append(incident)
    return out


# ---------------------------------------------------------------- public opinion


def opinion_late(event: OpinionEvent, now: dt.datetime, settings: FollowupSettings) -> tuple[bool, dt.datetime]:
    """(late, due): responded after the due time, or not yet responded and the due time has passed."""
    due = event.detected + dt.timedelta(hours=settings.opinion_response_hours)
    if event.responded is not None:
        return event.responded > due, due
    return now > due, due


# ---------------------------------------------------------------- departures from the roster's history


@dataclass(frozen=True, slots=True)
class Departure:
    """A person who left an operating role of a unit (removed from its roster, or lost every review role)."""

    unit: str
    person: str
    name: str
    left: dt.date  # the day the roster change was committed (China time)
    commit: str
    roles: tuple[str, ...]  # the roles held before


def _operators(data: Any) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Person id → (name, review roles) of a unit file's parsed YAML; staff without a review role count too."""
    if not isinstance(data, dict):
        return {}
    staff = {s for s in data.get("staff") or [] if isinstance(s, str)}
    review = {r.value for r in REVIEW_ROLES}
    out = {}
    for person in data.get("people") or []:
        if not isinstance(person, dict) or not isinstance(person.get("id"), str):
            continue
        roles = tuple(str(r) for r in person.get("roles") or [] if str(r) in review)
        if person["id"] in staff and not roles:
            roles = ("staff",)
        if roles:
            out[person["id"]] = (str(person.get("name") or person["id"]), roles)
    return out


def departures(revisions: Mapping[str, list[tuple[str, dt.datetime, bytes | None]]]) -> list[Departure]:
    """Departures from each unit file's revisions: path → [(commit, committed_at, text or None when deleted)], oldest first.

    Pure: the caller reads the revisions (one ``git log`` and one ``git cat-file`` for the whole roster).
    A person who moves to another unit left the first one; a person removed and added back later
    left on the removal.  Each revision is read by the strict loader of the current files
    (:func:`govreg.loader.parse_yaml`); one it refuses is skipped (the current file is checked by the loader).
    """
    out: list[Departure] = []
    for path, revs in revisions.items():
        unit = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        before: dict[str, tuple[str, tuple[str, ...]]] | None = None
        for sha, when, text in revs:
            if text is None:
                now: dict[str, tuple[str, tuple[str, ...]]] = {}
            else:
                # the loader of the current files (one loader everywhere): what it refuses or doubts is not read
                # another way in an old revision (a duplicate key, a tag, an alias bomb …), it is skipped
                decoded, problems = decode(text, path)
                data, more = parse_yaml(decoded, path) if decoded is not None else (None, [])
                if decoded is None or data is None or any(f.severity is Severity.error for f in (*problems, *more)):
                    continue
                now = _operators(data)
            if before is not None:
                for pid, (name, roles) in before.items():
                    if pid not in now:
                        out.append(Departure(unit, pid, name, when.astimezone(CHINA).date(), sha, roles))
            before = now
    out.sort(key=lambda d: (d.left, d.unit, d.person))
    return out


def role_names(roles: Iterable[str]) -> str:
    names = {Role.handler.value: "承办人", Role.section_head.value: "承办科室负责人", Role.leader.value: "分管领导", "staff": "工作人员"}
    return "、".join(names.get(r, r) for r in roles)


def roster_departures(root: Path, cache_dir: Path | None = None) -> tuple[list[Departure], str | None]:
    """Every departure in the roster's history (``units/``): one ``git log`` and one ``git cat-file`` in all.

    Returns (departures, Chinese reason when the history could not be read).
    """
    from .history import read_history

    history = read_history(root, ("units",), cache_dir=cache_dir)
    if not history.available:
        return [], history.reason
    memo = _DeparturesMemo(cache_dir, history.commits) if cache_dir is not None else None
    if memo is not None and (known := memo.read()) is not None:
        return known
    blobs, reason = history.read_blobs(c.blob for c in history.changes if c.blob is not None)
    revisions: dict[str, list[tuple[str, dt.datetime, bytes | None]]] = {}
    for logical in history.files:
        for change in logical.changes:
            text = blobs.get(change.blob) if change.blob is not None else None
            if change.blob is not None and text is None:
                continue  # missing blob (partial clone): skip the revision rather than guess a removal
            # a unit file is named after its unit: follow the lineage under its current name
            revisions.setdefault(logical.path, []).append((change.commit.sha, change.commit.committed_at, text))
    found = departures(revisions)
    if memo is not None and reason is None:
        memo.write(found)
    return found, reason


class _DeparturesMemo:
    """The departures of the last run, kept in the check's cache folder (JSON) under a digest of the roster's
    commits and of govreg's code: the same commits give the same departures, without reading a revision."""

    NAME = "roster-departures.json"

    def __init__(self, folder: Path, commits: Iterable[Any]) -> None:
        import hashlib

        from .cache import code_fingerprint

        self.file = folder / self.NAME
        digest = hashlib.sha256(code_fingerprint().encode())
        for commit in commits:
            digest.update(commit.sha.encode("ascii", "replace"))
        self.key = digest.hexdigest()

    def read(self) -> tuple[list[Departure], str | None] | None:
        import json

        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
            if not isinstance(stored, dict) or stored.get("key") != self.key:
                return None
            return [
                Departure(str(unit), str(person), str(name), dt.date.fromisoformat(left), str(commit), tuple(str(r) for r in roles))
                for unit, person, name, left, commit, roles in stored["departures"]
            ], None
        except (OSError, ValueError, TypeError, KeyError):  # none yet, or unreadable: read the revisions again
            return None

    def write(self, found: list[Departure]) -> None:
        import json

        rows = [[d.unit, d.person, d.name, d.left.isoformat(), d.commit, list(d.roles)] for d in found]
        with contextlib.suppress(OSError):  # a read-only folder: the next run reads the revisions again
            atomic_write(self.file, json.dumps({"key": self.key, "departures": rows}, ensure_ascii=False))
