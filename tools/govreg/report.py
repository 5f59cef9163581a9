"""Rendering a report: text (grouped by file, coloured on a terminal), JSON, GitHub annotations, SARIF.

The JSON output is a documented contract (docs/dev/findings.md):
``{"valid": bool, "stats": {...}, "findings": [{"code", "severity", "path", "line", "column", "message", "article", "hint"}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from .engine import Report
from .findings import Finding, Severity
from .textsafety import json_safe, visible

FORMATS = ("text", "json", "github", "sarif")

_COLOURS = {Severity.error: "\033[31m", Severity.warning: "\033[33m", Severity.info: "\033[36m"}
_RESET = "\033[0m"
_DIM = "\033[2m"
_BOLD = "\033[1m"


def render(report: Report, fmt: str, *, colour: bool = False, focus: int | None = None) -> str:
    """``focus``: the first ``focus`` findings are about the paths the user gave (the text output sets them apart)."""
    # data reaches messages (names, titles …): never print control, bidi or zero-width characters raw
    if fmt == "json":
        return json_safe(json.dumps(report.to_json(), ensure_ascii=False, indent=2)) + "\n"
    if fmt == "github":
        return github(report.findings)
    if fmt == "sarif":
        return json_safe(json.dumps(sarif(report), ensure_ascii=False, indent=2)) + "\n"
    return text(report, colour=colour, focus=focus)


def text(report: Report, *, colour: bool = False, focus: int | None = None) -> str:
    def c(code: str, s: str) -> str:
        return f"{code}{s}{_RESET}" if colour else s

    def block(findings: list[Finding]) -> list[str]:
        lines: list[str] = []
        for path, group in groupby(findings, key=lambda f: f.path):
            lines.append(c(_BOLD, visible(path, newlines=True) if path else "（仓库）"))
            for f in group:
                where = f"{f.line}:{f.column or 1}" if f.line else "-"
                article = f"〔{f.article}〕" if f.article else ""
                message = visible(f.message, newlines=True)
                lines.append(f"  {c(_DIM, where.ljust(8))}{c(_COLOURS[f.severity], f.severity.label)}  {message}{article}  {c(_DIM, f.code)}")
                if f.hint:
                    lines.append(f"  {' ' * 8}{c(_DIM, '→ ' + visible(f.hint, newlines=True))}")
            lines.append("")
        return lines

    if focus is None:
        lines = block(report.findings)
    else:
        mine, rest = report.findings[:focus], report.findings[focus:]
        lines = block(mine) if mine else [c(_BOLD, "您给出的文件没有发现问题。"), ""]
        if rest:
            lines += [c(_BOLD, f"仓库中其他文件另有 {len(rest)} 条检查结果："), "", *block(rest)]
    s = report.stats
    summary = (
        f"检查了 {s['files']} 个文件（单位 {s['units']}、网站 {s['sites']}、账号 {s['accounts']}、信息 {s['content']}）："
        f"{s['errors']} 个错误，{s['warnings']} 个警告。"
    )
    if report.valid:
        summary += " 通过。" if not s["warnings"] else " 通过（警告不阻止合并，但请尽快处理）。"
    else:
        summary += " 未通过：请按每条错误下面的 → 提示修改后再提交。"
    lines.append(c(_BOLD, summary))
    return "\n".join(lines) + "\n"


def _escape_data(s: str) -> str:
    return visible(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands (also understood by Gitea/Forgejo Actions)."""
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
    out = []
    for f in findings:
        props = [f"file={_escape_prop(f.path)}"] if f.path else []
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_prop(f.code + (' ' + f.article if f.article else ''))}")
        message = f.message + (f"\n{f.hint}" if f.hint else "")
        out.append(f"::{level[f.severity]} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out) + ("\n" if out else "")


def sarif(report: Report) -> dict[str, Any]:
    from .gate.codes import catalogue  # the gate's codes too; only SARIF needs them, so not imported at start-up

    rules = catalogue()
    used = sorted({f.code for f in report.findings})
    index = {code: i for i, code in enumerate(used)}
    level = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}
    results = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": level[f.severity],
            "message": {"text": f.message + (f"({f.hint})" if f.hint else "")},
        }
        if f.path:
            region = {"startLine": f.line, "startColumn": f.column or 1} if f.line else None
            location: dict[str, Any] = {"artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"}}
            if region:
                location["region"] = region
            result["locations"] = [{"physicalLocation": location}]
        results.append(result)
    driver_rules = []
    for code in used:
        rule = rules.get(code, (None, ""))[0]
        entry: dict[str, Any] = {"id": code}
        if rule is not None:
            entry["shortDescription"] = {"text": rule.title}
            entry["properties"] = {"article": rule.article}
            entry["help"] = {"text": rule.hint}
        driver_rules.append(entry)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "govreg", "rules": driver_rules}},
                "results": results,
            }
        ],
    }
