"""The check engine: load the repository, run every rule, return a report.

Rules are discovered, one module per rule, in :mod:`govreg.rules`.  A rule
module has a docstring (its user documentation, rendered on the public rules
page), a ``RULES`` tuple of the :class:`~govreg.findings.Rule` entries it may
emit, and ``check(ctx) -> Iterable[Finding]``.  The engine, not the rule,
applies the repository's severity overrides and fills in line and column.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import pkgutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, cast

from . import loader as loader_module
from . import repository as repository_module
from . import validation as validation_module
from .config import CONFIG_INVALID
from .findings import Finding, Rule, Severity, sort_key
from .repository import Repository, gc_paused, load_repository

if TYPE_CHECKING:
    from .history import History
    from .workdays import WorkCalendar

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def today_default() -> dt.date:
    """Today in China, or ``GOVREG_TODAY`` (YYYY-MM-DD) for reproducible runs."""
    forced = os.environ.get("GOVREG_TODAY")
    if forced:
        return dt.date.fromisoformat(forced)
    return dt.datetime.now(CHINA).date()


def now_default() -> dt.datetime:
    """The time the check runs (China time): ``GOVREG_NOW`` (ISO time), else noon of a forced ``GOVREG_TODAY``, else now.

    Rules decide with this time, or with the forge's merge time from the sign-off ledger, never with
    a commit's author or committer date (the committer sets those).
    """
    forced = os.environ.get("GOVREG_NOW")
    if forced:
        moment = dt.datetime.fromisoformat(forced)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)
    if os.environ.get("GOVREG_TODAY"):
        day = today_default()
        return dt.datetime(day.year, day.month, day.day, 12, tzinfo=CHINA)
    return dt.datetime.now(CHINA)


@dataclass
class Context:
    """What a rule sees: the repository, its configuration, the date, and lazy helpers."""

    repo: Repository
    today: dt.date = field(default_factory=today_default)

    @property
    def config(self) -> Any:
        return self.repo.config

    @cached_property
    def now(self) -> dt.datetime:
        """The time the check runs (see :func:`now_default`)."""
        if self.today == today_default():
            return now_default()
        # a check run "as of" another day (run_check(today=…)): noon of that day
        return dt.datetime(self.today.year, self.today.month, self.today.day, 12, tzinfo=CHINA)

    @cached_property
    def calendar(self) -> WorkCalendar:
        from .workdays import WorkCalendar

        return WorkCalendar.load(self.repo.root)

    @cached_property
    def history(self) -> History:
        from .history import read_history

        # front matter is read lazily: ``govreg check`` needs only a few revisions (History.load_front_matter)
        return read_history(self.repo.root, ("content",), with_front_matter="lazy")


class RuleModule(Protocol):
    __name__: str
    __doc__: str | None
    RULES: tuple[Rule, ...]

    def check(self, ctx: Context) -> Iterable[Finding]: ...


def rule_modules() -> list[RuleModule]:
    from . import rules

    modules: list[RuleModule] = []
    for info in sorted(pkgutil.iter_modules(rules.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module: ModuleType = importlib.import_module(f"{rules.__name__}.{info.name}")
        if hasattr(module, "RULES") and hasattr(module, "check"):
            modules.append(cast(RuleModule, module))
    return modules


def catalogue() -> dict[str, tuple[Rule, str]]:
    """Every finding code → (rule, where it is documented: a module name)."""
    out: dict[str, tuple[Rule, str]] = {}
    for module in (loader_module, validation_module, repository_module):
        for rule in getattr(module, "CATALOGUE", (getattr(module, "SCHEMA", None),)):
            if rule is not None:
                out[rule.code] = (rule, module.__name__)
    out[CONFIG_INVALID.code] = (CONFIG_INVALID, "govreg.config")
    from .gate import rules as gate_rules  # the pull-request gate's codes: same catalogue, own page section

    for rule in gate_rules.CATALOGUE:
        out[rule.code] = (rule, gate_rules.__name__)
    for rule_module in rule_modules():
        for rule in rule_module.RULES:
            out[rule.code] = (rule, rule_module.__name__)
    return out


RULE_CRASHED = Rule(
    "internal-rule-error",
    "规则运行出错",
    "规则 {module} 运行出错:{error}",
    hint="这是 govreg 的缺陷,不是您的数据问题;请把这条信息报告给维护者。其他规则的结果仍然有效。",
)


@dataclass
class Report:
    root: Path
    findings: list[Finding]
    stats: dict[str, Any]

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "stats": self.stats,
            "findings": [f.to_json() for f in self.findings],
        }


def run_check(
    root: Path,
    *,
    today: dt.date | None = None,
    select: Callable[[str], bool] | None = None,
    repo: Repository | None = None,
    ctx: Context | None = None,
) -> Report:
    """Load ``root`` and run every rule. ``select`` filters rule modules by name.

    Pass ``ctx`` to share its lazy history and calendar with the caller (``govreg inspect``).
    """
    with gc_paused():  # see gc_paused: the collector would rescan the loaded repository again and again
        return _run_check(root, today=today, select=select, repo=repo, ctx=ctx)


def _run_check(
    root: Path,
    *,
    today: dt.date | None,
    select: Callable[[str], bool] | None,
    repo: Repository | None,
    ctx: Context | None,
) -> Report:
    if ctx is not None:
        repo = ctx.repo
    repo = repo or load_repository(root)
    ctx = ctx or Context(repo, today or today_default())
    findings = list(repo.findings)
    for module in rule_modules():
        short = module.__name__.rsplit(".", 1)[-1]
        if select is not None and not select(short):
            continue
        try:
            findings.extend(module.check(ctx))
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            findings.append(RULE_CRASHED("", module=short, error=f"{type(exc).__name__}: {exc}"))
    overrides = repo.config.severity
    final: list[Finding] = []
    for finding in findings:
        level = overrides.get(finding.code)
        if level == "off":
            continue
        if level is not None:
            finding = replace(finding, severity=Severity(level))
        final.append(repo.locate(finding))
    final.sort(key=sort_key)
    counts = Counter(f.severity.value for f in final)
    stats: dict[str, Any] = {
        "files": len(repo.entries),
        "units": len(repo.units),
        "accounts": len(repo.accounts),
        "sites": len(repo.sites),
        "content": len(repo.content),
        "messages": len(repo.messages),
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "infos": counts.get("info", 0),
        "today": ctx.today.isoformat(),
    }
    return Report(repo.root, final, stats)
