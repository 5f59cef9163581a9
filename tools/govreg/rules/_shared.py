"""Helpers shared by the rule modules (not a rule: the leading underscore hides it from discovery).

- :func:`once` keeps a value computed from the repository on the check's
  :class:`~govreg.engine.Context`, so an index is built once per check, not
  once per rule or per record.
- :func:`settings` reads a rule's section of ``config/govreg.yaml``; a bad
  section becomes ``schema`` / ``config-invalid`` findings with their line
  (reported once, by the first rule that asks) and the defaults apply.
- :func:`regions` reads ``config/regions.yaml`` (division code → portal domain) once.
- :func:`calendar` is the working-day calendar of the run; a malformed
  ``config/calendar.yaml`` falls back to the library's calendar and is
  reported by the ``calendar_unknown_year`` module.
- :func:`lifecycle_facts` works out every lifecycle event's filing deadline
  and announcement length once, for the filing, announcement and calendar rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, field_validator

from ..config import CONFIG_INVALID, Platform, read_data_file
from ..findings import Finding, Rule
from ..identity import UrlIdentity, identity_from_url
from ..loader import locate
from ..models import Account, EventType, LifecycleEvent, Unit, UnitKind
from ..validation import validate
from ..workdays import CalendarConfigError, WorkCalendar, WorkdayCount, WorkdayResult

if TYPE_CHECKING:
    from ..context import Context

T = TypeVar("T")
S = TypeVar("S", bound=BaseModel)

_PREFIX = "_govreg_rules_"
#: :func:`once` keys whose value is built from the repository's records, not only from its configuration or
#: history: a view of the repository (the engine's per-file phase, :meth:`Repository.view`) builds its own;
#: every other value is shared between the check and its views (so a settings problem is reported once)
REPOSITORY_KEYS = frozenset({"content-texts", "lifecycle-facts", "responsible-units"})


#: :func:`once` keys whose value is built from the content's git history (``ctx.history``), which only per-file
#: rules read: the engine lets go of the history, and of these, before the global rules run
HISTORY_KEYS = frozenset({"deleted-lineages"})


def history_bound(name: str) -> bool:
    """Is the context attribute ``name`` a :func:`once` value built from the history (see :data:`HISTORY_KEYS`)?"""
    return name.startswith(_PREFIX) and name[len(_PREFIX) :] in HISTORY_KEYS


#: context attribute: per judged file, the paths it links to (see :func:`listed_paths`)
LISTED = "_listed_paths"


def listed_paths(ctx: Context) -> dict[str, frozenset[str]]:
    """Where a per-file rule that depends on the listing (``DEPENDS = ("listing",)``) notes, per file it
    judged, every path under the root whose existence its findings there depend on (lower case, relative to
    the root).  The engine keeps them in the check cache by the file's blob id: when a pull request adds
    or removes files, only the files that link to them are judged again (:func:`govreg.engine.also_judged`).
    A file judged without a note is judged again whenever any file is added or removed."""
    found: dict[str, frozenset[str]] = ctx.__dict__.setdefault(LISTED, {})
    return found


def repository_bound(name: str) -> bool:
    """Is the context attribute ``name`` a :func:`once` value built from the records (see :data:`REPOSITORY_KEYS`)?"""
    return name.startswith(_PREFIX) and name[len(_PREFIX) :] in REPOSITORY_KEYS
CONFIG_FILE = "config/govreg.yaml"

#: Chinese names of the unit kinds, for messages.
KIND_NAMES: dict[UnitKind, str] = {
    UnitKind.government: "人民政府",
    UnitKind.government_office: "政府办公室",
    UnitKind.agency: "行政机关（部门）",
    UnitKind.public_institution: "承担行政职能的事业单位",
    UnitKind.park: "工（农）业园区",
    UnitKind.township: "乡镇（街道）",
    UnitKind.internal_body: "内设机构",
    UnitKind.party_body: "党委部门",
}

EVENT_NAMES: dict[EventType, str] = {
    EventType.open: "开设",
    EventType.change: "变更",
    EventType.close: "关停",
    EventType.cancel: "注销",
}


def kind_names(kinds: Iterable[UnitKind]) -> str:
    return "、".join(KIND_NAMES[k] for k in kinds)


def once(ctx: Context, key: str, build: Callable[[], T]) -> T:
    """``build()`` the first time ``key`` is asked for in this check, the cached value afterwards."""
    store: dict[str, Any] = ctx.__dict__
    name = _PREFIX + key
    if name not in store:
        store[name] = build()
    value: T = store[name]
    return value


def settings(ctx: Context, name: str, model: type[S]) -> tuple[S, list[Finding]]:
    """The ``name:`` section of ``config/govreg.yaml`` as ``model``; findings only on the first call."""

    def load() -> tuple[S, list[Finding]]:
        raw = (ctx.config.model_extra or {}).get(name)
        if raw is None or isinstance(raw, model):
            return ctx.config.section(name, model), []
        if not isinstance(raw, dict):
            return model(), [CONFIG_INVALID(CONFIG_FILE, loc=(name,), detail=f"中的「{name}」应为“字段: 值”的映射")]  # typography: verbatim (YAML syntax: an ASCII colon and a space)
        checked, findings = validate(model, raw, CONFIG_FILE)
        if isinstance(checked, model):
            return ctx.config.section(name, model), []
        return model(), located(ctx, [replace(f, loc=(name, *f.loc)) for f in findings])

    value, findings = once(ctx, f"settings:{name}", load)
    reported = once(ctx, f"settings-reported:{name}", lambda: [False])
    if reported[0]:
        return value, []
    reported[0] = True
    return value, findings


def located(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """Line and column for findings in files that are not records (``config/``): the engine locates only records."""
    texts: dict[str, str | None] = {}
    out = []
    for finding in findings:
        if finding.line is None and finding.loc:
            if finding.path not in texts:
                try:
                    texts[finding.path] = (ctx.repo.root / finding.path).read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    texts[finding.path] = None
            text = texts[finding.path]
            where = locate(text, finding.loc) if text is not None else None
            if where is not None:
                finding = finding.at(*where)
        out.append(finding)
    return out


def calendar(ctx: Context) -> WorkCalendar:
    """The run's calendar; never raises (see :func:`calendar_error`)."""
    store: dict[str, Any] = ctx.__dict__
    if "calendar" not in store:
        try:
            ctx.calendar  # noqa: B018  (cached_property: loads config/calendar.yaml once)
        except CalendarConfigError as exc:
            store[_PREFIX + "calendar-error"] = exc
            store["calendar"] = WorkCalendar()
    result: WorkCalendar = store["calendar"]
    return result


def calendar_error(ctx: Context) -> CalendarConfigError | None:
    calendar(ctx)
    error: CalendarConfigError | None = ctx.__dict__.get(_PREFIX + "calendar-error")
    return error


def account_path(ctx: Context, account: Account) -> str:
    return ctx.repo.path_of("account", account.id)


def unit_path(ctx: Context, unit: Unit) -> str:
    return ctx.repo.path_of("unit", unit.id)


def opened_on(account: Account) -> dt.date:
    """The date the account was opened (its first open event, else its first event)."""
    for event in account.lifecycle:
        if event.type is EventType.open:
            return event.date
    return min(event.date for event in account.lifecycle)


def normalise_name(name: str) -> str:
    """A unit name for comparison: no spaces, ASCII parentheses as full-width ones."""
    return "".join(name.split()).replace("(", "(").replace(")", ")")


# ---------------------------------------------------------------- lifecycle facts


class FilingSettings(BaseModel):
    """``filing:`` in config/govreg.yaml (第八条)."""

    deadline_working_days: int = 3
    announcement_working_days: int = 15
    #: events that need a public announcement (开设除外)
    announced_events: list[EventType] = [EventType.change, EventType.close, EventType.cancel]
    #: events dated before this day are not checked: the measures took effect on the day they were issued (第二十三条,
    #: 2025-03-13), and records carried over from before cannot be judged by them; None: check all
    since: dt.date | None = dt.date(2025, 3, 13)


@dataclass(frozen=True, slots=True)
class EventFacts:
    """One lifecycle event with its deadline and announcement length, worked out once."""

    account: Account
    path: str
    index: int
    event: LifecycleEvent
    due: WorkdayResult  # last day to file (and to start the announcement)
    needs_announcement: bool
    announced_days: WorkdayCount | None  # working days in (from, to], when announced
    judged: bool = True  # False: dated before ``filing.since`` (listed by the export, not judged by the rules)

    @property
    def unknown_years(self) -> frozenset[int]:
        years = self.due.unknown_years
        if self.announced_days is not None:
            years |= self.announced_days.unknown_years
        return years


def filing_settings(ctx: Context) -> tuple[FilingSettings, list[Finding]]:
    return settings(ctx, "filing", FilingSettings)


def judged_facts(ctx: Context) -> list[EventFacts]:
    """The lifecycle facts the rules judge: events on or after ``filing.since``."""
    return [f for f in lifecycle_facts(ctx) if f.judged]


def lifecycle_facts(ctx: Context) -> list[EventFacts]:
    def build() -> list[EventFacts]:
        cal = calendar(ctx)
        conf, _ = filing_settings(ctx)
        announced = set(conf.announced_events)
        out: list[EventFacts] = []
        for account in ctx.repo.accounts.values():
            path = account_path(ctx, account)
            for i, event in enumerate(account.lifecycle):
                judged = conf.since is None or event.date >= conf.since
                due = cal.add_working_days_checked(event.date, conf.deadline_working_days)
                notice = event.announcement
                days = cal.working_days_between_checked(notice.from_, notice.to) if notice is not None and notice.to >= notice.from_ else None
                out.append(EventFacts(account, path, i, event, due, event.type in announced, days, judged))
        return out

    return once(ctx, "lifecycle-facts", build)


# ---------------------------------------------------------------- regions (config/regions.yaml)

REGIONS_FILE = "config/regions.yaml"


class Region(BaseModel):
    """One administrative division and its government portal."""

    model_config = {"extra": "forbid"}

    code: str
    name: str
    portal: str


def regions(ctx: Context) -> tuple[dict[str, Region], list[Finding]]:
    """``config/regions.yaml`` by division code, and the findings of reading it (read once per check)."""

    def load() -> tuple[dict[str, Region], list[Finding]]:
        data, findings = read_data_file(ctx.repo.root, REGIONS_FILE)
        out: dict[str, Region] = {}
        if data is None:
            return out, findings
        if not isinstance(data, list):
            return out, [*findings, CONFIG_INVALID(REGIONS_FILE, line=1, column=1, detail="regions.yaml 应为区划列表")]
        for i, item in enumerate(data):
            if not isinstance(item, dict):
                findings.append(CONFIG_INVALID(REGIONS_FILE, loc=(i,), detail=f"第 {i + 1} 项应为映射（code、name、portal）"))
                continue
            model, more = validate(Region, item, REGIONS_FILE)
            findings += [replace(f, loc=(i, *f.loc)) for f in more]
            if isinstance(model, Region):
                out[model.code] = model
        return out, located(ctx, findings)

    return once(ctx, "regions", load)


class SitePatternSettings(BaseModel):
    """A site field's expected shape as data: a regular expression and an example to show."""

    pattern: str
    example: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式：{exc}") from None
        return value


def check_site_pattern(ctx: Context, section: str, model: type[SitePatternSettings], rule: Rule, field: str) -> Iterable[Finding]:
    """Every site's ``field`` must match the pattern configured under ``section``."""
    conf, findings = settings(ctx, section, model)
    yield from findings
    pattern = re.compile(conf.pattern)
    for site in ctx.repo.sites.values():
        value = str(getattr(site, field))
        if not pattern.match(value):
            yield rule(ctx.repo.path_of("site", site.id), loc=(field,), value=value, example=conf.example)


def account_links(ctx: Context) -> Iterator[tuple[Account, Platform, str, UrlIdentity]]:
    """Accounts that give a link (``url``) on a platform whose domains are known, with what the link says."""
    platforms = ctx.config.platforms
    for account in ctx.repo.accounts.values():
        platform = ctx.config.platform(account.platform)
        if account.url is None or platform is None or not platform.domains:
            continue
        url = str(account.url)
        yield account, platform, url, identity_from_url(url, platforms)
