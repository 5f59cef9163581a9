"""Findings are data: a stable code, a severity, where, what, and which article.

Each kind of finding is a :class:`Rule` in the catalogue (frictionless-style):
a stable ``code``, the ``article`` of the measures it enforces, a Chinese
``title`` and message ``template``, a default ``severity`` and a ``hint`` that
tells the user what to do next.  Rule modules create findings by calling the
rule; the engine, not the rule, applies the repository's severity overrides.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    path: str
    message: str
    article: str = ""
    line: int | None = None
    column: int | None = None
    hint: str = ""
    # where in the record, as a JSON path-like tuple, for locating line/column lazily
    loc: tuple[str | int, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "article": self.article,
            "hint": self.hint,
        }

    def at(self, line: int | None, column: int | None) -> Finding:
        return replace(self, line=line, column=column)


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of the catalogue of findings."""

    code: str
    title: str
    template: str
    severity: Severity = Severity.error
    article: str = ""
    hint: str = ""
    description: str = ""

    def __call__(
        self,
        path: str,
        *,
        loc: tuple[str | int, ...] = (),
        line: int | None = None,
        column: int | None = None,
        severity: Severity | None = None,
        hint: str | None = None,
        **params: Any,
    ) -> Finding:
        return Finding(
            code=self.code,
            severity=severity or self.severity,
            path=path,
            message=self.template.format_map(_SafeDict(params)),
            article=self.article,
            line=line,
            column=column,
            hint=(hint if hint is not None else self.hint).format_map(_SafeDict(params)),
            loc=loc,
        )


def sort_key(f: Finding) -> tuple[str, int, int, str]:
    return (f.path, f.line or 0, f.column or 0, f.code)
