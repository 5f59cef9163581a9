"""Schema validation of loaded records, with Chinese messages.

pydantic reports errors as (loc, type, ctx, input); this module turns each into
a :class:`Finding` with the field path and a message a department's staff can act
on.  Line and column are filled in later, only for the findings that exist.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, Rule

SCHEMA = Rule(
    "schema",
    "字段不符合格式要求",
    "「{field}」{problem}",
    hint="请对照 schemas/ 中的字段说明修改；在 VS Code 中打开文件可看到字段提示。",
)

_PATTERNS = {
    r"^[a-z0-9][a-z0-9-]{0,62}$": "只能用小写字母、数字和连字符（-），以字母或数字开头",
    r"^[1-8][0-9]{5}$": "应为 6 位行政区划代码，例如 \"640300\"",
    "^https?://[^\\s<>\"']+$": "应为以 http:// 或 https:// 开头的网址",
    r"^[a-z0-9.-]+$": "应为小写的域名，例如 www.example.gov.cn",
}

_TYPE_NAMES = {bool: "布尔值", int: "数字", float: "数字", list: "列表", dict: "映射", type(None): "空值"}


def _field(loc: tuple[str | int, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "（整个记录）"


def _clean_loc(data: Any, loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's union-branch tags (``date``, ``literal['permanent']`` …) from ``loc``."""
    out: list[str | int] = []
    node = data
    for step in loc:
        in_mapping = isinstance(node, dict) and isinstance(step, str) and step in node
        in_sequence = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if in_mapping or in_sequence:
            out.append(step)
            node = node[step]
        elif isinstance(node, dict) and isinstance(step, str) and not out_of_union(step):
            out.append(step)  # a missing key: keep it, nothing deeper exists
            node = None
    return tuple(out)


def out_of_union(step: str) -> bool:
    return any(ch in step for ch in "[]'(") or step in {"date", "datetime", "str", "int", "bool", "float"}


def _problem(err: dict[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return "是必填字段，但没有填写"
    if kind == "extra_forbidden":
        return "不是这类记录的字段（拼写错误？或放错了层级）"
    if kind == "string_type":
        if isinstance(value, (bool, int, float)):
            return f"应为文本，却被读成了{_TYPE_NAMES[type(value)]} {value!r}；请给值加上引号，例如 \"{value}\""
        return f"应为文本，实际是{_TYPE_NAMES.get(type(value), type(value).__name__)}"
    if kind == "string_pattern_mismatch":
        return f"的值 {value!r} 格式不对：{_PATTERNS.get(ctx.get('pattern', ''), '应符合 ' + str(ctx.get('pattern')))}"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_too_long":
        return f"太长（最多 {ctx.get('max_length')} 个字符）"
    if kind in ("enum", "literal_error"):
        return f"的值 {value!r} 不在可选范围内，只能是：{ctx.get('expected', '')}"
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"的值 {value!r} 不是日期，应写成 YYYY-MM-DD，例如 2026-03-01"
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing"):
        return f"的值 {value!r} 不是日期时间，应写成 2026-03-01T10:00:00+08:00"
    if kind == "timezone_aware":
        return f"的值 {value!r} 缺少时区，应写成 2026-03-01T10:00:00+08:00"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"的值 {value!r} 应为整数"
    if kind in ("bool_parsing", "bool_type"):
        return f"的值 {value!r} 应为 true 或 false"
    if kind in ("greater_than_equal", "greater_than"):
        return f"的值 {value!r} 太小（至少 {ctx.get('ge', ctx.get('gt'))}）"
    if kind in ("less_than_equal", "less_than"):
        return f"的值 {value!r} 太大（最多 {ctx.get('le', ctx.get('lt'))}）"
    if kind == "too_short":
        return f"至少要有 {ctx.get('min_length')} 项"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "应为“字段: 值”的映射"  # typography: verbatim (YAML syntax: an ASCII colon and a space)
    if kind == "list_type":
        return "应为列表（每项以“- ”开头）"
    return f"不符合要求：{err.get('msg', kind)}"


def validate(model: type[BaseModel], data: dict[str, Any], path: str) -> tuple[BaseModel | None, list[Finding]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        grouped: dict[tuple[str | int, ...], list[str]] = {}
        for err in exc.errors(include_url=False):
            loc = _clean_loc(data, tuple(err["loc"]))
            problem = _problem(dict(err))
            items = grouped.setdefault(loc, [])
            if problem not in items:
                items.append(problem)
        findings = []
        for loc, problems in grouped.items():
            text = problems[0] if len(problems) == 1 else "；或".join(problems)
            findings.append(SCHEMA(path, loc=loc, field=_field(loc), problem=text))
        return None, findings
