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
import pkgutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, create_model

from . import loader as loader_module
from . import repository as repository_module
from . import validation as validation_module
from .clock import CHINA, now_default, today_default
from .config import CONFIG_INVALID, EXTRA_SECTIONS, Config, extra_section_findings, unknown_sections
from .context import Context, RuleModule
from .findings import Finding, Rule, Severity, sort_key
from .repository import Repository, gc_paused, load_repository

__all__ = ["CHINA", "RULE_CRASHED", "Context", "Report", "RuleModule", "catalogue", "now_default", "rule_modules", "run_check", "today_default"]

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
    """Every finding code of ``govreg check`` → (rule, where it is documented: a module name).

    The pull-request gate, a layer above, adds its own codes: :func:`govreg.gate.codes.catalogue`.
    """
    out: dict[str, tuple[Rule, str]] = {}
    for module in (loader_module, validation_module, repository_module):
        for rule in getattr(module, "CATALOGUE", (getattr(module, "SCHEMA", None),)):
            if rule is not None:
                out[rule.code] = (rule, module.__name__)
    out[CONFIG_INVALID.code] = (CONFIG_INVALID, "govreg.config")
    for rule_module in rule_modules():
        for rule in rule_module.RULES:
            out[rule.code] = (rule, rule_module.__name__)
    return out


def config_sections() -> dict[str, type[BaseModel]]:
    """Every section of config/govreg.yaml beyond the core's: the site's and each rule module's ``SETTINGS``."""
    sections: dict[str, type[BaseModel]] = dict(EXTRA_SECTIONS)
    for module in rule_modules():
        sections.update(getattr(module, "SETTINGS", {}))
    return sections


class _StrictConfig(Config):
    model_config = ConfigDict(extra="forbid", title="govreg 配置（config/govreg.yaml）")


def config_model() -> type[BaseModel]:
    """The one model of config/govreg.yaml: the core settings (:class:`Config`) and every section, unknown keys forbidden."""
    fields: dict[str, Any] = {name: (model | None, None) for name, model in sorted(config_sections().items())}
    return create_model("GovregConfig", __base__=_StrictConfig, **fields)


def config_schema() -> dict[str, Any]:
    """JSON Schema of config/govreg.yaml (``schemas/govreg-config.schema.json``), for editors and reviewers."""
    schema = config_model().model_json_schema(by_alias=True, mode="validation")
    schema["properties"].pop("platforms", None)  # read from config/platforms.yaml, not from govreg.yaml
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


RULE_CRASHED = Rule(
    "internal-rule-error",
    "规则运行出错",
    "规则 {module} 运行出错：{error}",
    hint="这是 govreg 的缺陷，不是您的数据问题；请把这条信息报告给维护者。其他规则的结果仍然有效。",
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
    findings += unknown_sections(repo.root, repo.config, set(config_sections()))
    findings += extra_section_findings(repo.root, repo.config)
    for module in rule_modules():
        short = module.__name__.rsplit(".", 1)[-1]
        if select is not None and not select(short):
            continue
        try:
            findings.extend(module.check(ctx))
        except Exception as exc:  # a bug in one rule must not hide the others' findings
            findings.append(RULE_CRASHED("", module=short, error=f"{type(exc).__name__}: {exc}"))
    overrides = repo.config.severity
    articles = repo.config.city.articles  # another city's measures number their articles differently
    final: list[Finding] = []
    for finding in findings:
        level = overrides.get(finding.code)
        if level == "off":
            continue
        if level is not None:
            finding = replace(finding, severity=Severity(level))
        if finding.code in articles:
            finding = replace(finding, article=articles[finding.code])
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
