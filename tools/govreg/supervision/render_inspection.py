"""The inspection as Markdown, self-contained HTML (inline CSS and SVG charts) or JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from . import charts, templating
from .inspect import SECTIONS, ChannelStatus, Inspection, Item, UnitReport
from .templating import svg
from .text import KINDS, LEVELS, STATES, basis, md_table, short_commit

FORMATS = ("markdown", "html", "json")


def render(inspection: Inspection, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(inspection.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return html(inspection)
    return markdown(inspection)


# ---------------------------------------------------------------- shared wording


def verdict(inspection: Inspection) -> str:
    if inspection.has_veto:
        units = sum(1 for u in inspection.units if u.vetoes)
        return f"未通过：{units} 个单位共 {inspection.vetoes} 项单项否决"
    return "通过：没有单项否决"


def _period(inspection: Inspection) -> str:
    return f"{inspection.start.isoformat()} 至 {inspection.day.isoformat()}"


def _source(inspection: Inspection) -> str:
    h = inspection.history
    if h["source"] == "git":
        return f"内容记录及其 git 历史（{h['commits']} 次提交，{h['publications']} 条已发布信息）"
    return "仅内容记录（未能读取 git 历史）"


def _thresholds(inspection: Inspection) -> list[tuple[str, str]]:
    s = inspection.settings
    kinds = {"news": "动态要闻类", "notice": "通知公告类", "policy": "政策文件类"}
    columns = "、".join(f"{kinds.get(k, k)} {v} 天" for k, v in s.column_days.items())
    return [
        ("政务新媒体账号", f"连续 {s.account_silent_days} 天以上未发布：单项否决"),
        ("网站首页", f"连续 {s.site_silent_days} 天以上未更新：单项否决"),
        ("网站栏目", f"{columns}（栏目自定时限更短时从其规定）；动态要闻、通知公告、政策文件类栏目未按时更新达 {s.site_fail_stale_columns} 个，"
                     f"其他栏目未按时更新达 {s.site_fail_stale_other_columns} 个，或空白栏目达 {s.site_fail_blank_columns} 个：单项否决"),
        ("留言办理", f"超过办理时限为逾期；有效留言超过 {s.message_unanswered_months} 个月未答复：单项否决"),
    ]


def _where(item: Item) -> str:
    if not item.path:
        return ""
    return f"{item.path}:{item.line}" if item.line else item.path


def freshness_text(c: ChannelStatus, day: dt.date) -> str:
    """“最近发布 …,距今 N 天”, saying so when the days are counted from the start of the records instead."""
    assert c.last is not None
    text = f"最近发布 {c.last.isoformat()}，距今 {(day - c.last).days} 天"
    if c.since is not None and c.since != c.last and c.days is not None:
        text += f"（登记库自 {c.since.isoformat()} 开始登记，此前无从核实，按 {c.days} 天计）"
    return text


def _days_cell(c: ChannelStatus, day: dt.date) -> str:
    if c.last is None:
        return str(c.days) if c.days is not None else "—"
    since_last = (day - c.last).days
    if c.since is not None and c.since != c.last and c.days is not None:
        return f"{since_last}（登记库自 {c.since.isoformat()} 起登记，按 {c.days} 计）"
    return str(since_last)


def _channel_row(c: ChannelStatus, day: dt.date) -> list[str]:
    return [
        KINDS[c.kind],
        c.name,
        c.where,
        c.last.isoformat() if c.last else "—",
        _days_cell(c, day),
        str(c.limit) if c.limit else "—",
        STATES[c.state],
    ]


CHANNEL_HEADER = ("类型", "名称", "平台 / 网站", "最近发布", "距今（天）", "时限（天）", "状态")
ITEM_HEADER = ("级别", "对象", "情况", "条款", "文件", "提交")


# ---------------------------------------------------------------- Markdown


def markdown(inspection: Inspection) -> str:
    out = [f"# {inspection.title}", ""]
    out += [
        f"- 检查日期：{inspection.day.isoformat()}（检查期间 {_period(inspection)}）",
        f"- 依据：{basis(inspection.measures)}",
        f"- 结论：**{verdict(inspection)}**",
        f"- 更新时间依据：{_source(inspection)}",
    ]
    out += [f"- 说明：{note}" for note in inspection.notes]
    out += ["", "## 总体情况", ""]
    out += md_table(
        ("序号", "单位", "单项否决", "错误", "警告", "本期发布", "账号", "栏目"),
        (
            (i, u.name, u.vetoes, u.count("error"), u.count("warning"), u.released,
             sum(1 for c in u.channels if c.kind == "account"), sum(1 for c in u.channels if c.kind == "column"))
            for i, u in enumerate(inspection.units, 1)
        ),
    )
    extra = []
    if inspection.quiet_units:
        extra.append(f"另有 {inspection.quiet_units} 个单位没有主办账号、网站栏目，也没有检查问题。")
    if inspection.other_findings:
        extra.append(f"`govreg check` 另有 {inspection.other_findings} 条不属于本检查范围的问题，请查看其输出。")
    if extra:
        out += ["", *extra]
    vetoes = [(u, i) for u in inspection.units for i in u.items if i.veto]
    if vetoes:
        out += ["", "## 单项否决", ""]
        out += md_table(("单位", "对象", "情况", "文件"), ((u.name, i.subject, i.message, _where(i)) for u, i in vetoes))
    out += ["", "## 各单位情况"]
    for n, unit in enumerate(inspection.units, 1):
        out += ["", f"### {n}. {unit.name}", ""]
        summary = f"单项否决 {unit.vetoes} 项，错误 {unit.count('error')} 项，警告 {unit.count('warning')} 项；本期发布 {unit.released} 条。"
        out.append(summary)
        out += _md_unit(unit, inspection.day)
    out += ["", "## 检查标准", ""]
    out += md_table(("对象", "标准"), _thresholds(inspection))
    out += ["", "本报告由 govreg 根据登记库生成；规则类问题以检查日为准按当前记录判断，更新情况按检查日时登记库的状态判断。", ""]
    return "\n".join(out)


def _md_unit(unit: UnitReport, day: dt.date) -> list[str]:
    out: list[str] = []
    if unit.channels:
        out += ["", "#### 各账号、栏目更新情况", ""]
        out += md_table(CHANNEL_HEADER, (_channel_row(c, day) for c in unit.channels))
    for section, items in _by_section(unit).items():
        out += ["", f"#### {SECTIONS.get(section, section)}", ""]
        out += md_table(ITEM_HEADER, ((LEVELS[i.level], i.subject, _md_message(i), i.article, _where(i), short_commit(i.commit)) for i in items))
    return out


def _md_message(item: Item) -> str:
    return f"{item.message}。处理：{item.hint}" if item.hint and item.level != "info" else item.message


def _by_section(unit: UnitReport) -> dict[str, list[Item]]:
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in unit.items:
        grouped[item.section].append(item)
    return dict(grouped)


# ---------------------------------------------------------------- HTML


def html(inspection: Inspection) -> str:
    """The report as a self-contained page, rendered by an autoescaping template (inspection.html.j2)."""
    worst = [u for u in inspection.units if u.problems][:20]
    overview = None
    if worst:
        overview = svg(
            charts.stacked(
                [charts.Stack(u.name, (("veto", u.vetoes), ("error", u.count("error")), ("warning", u.count("warning")))) for u in worst],
                "各单位问题数（问题最多的 20 个单位）",
                (("veto", "单项否决"), ("error", "错误"), ("warning", "警告")),
            )
        )
    return templating.render(
        "inspection.html.j2",
        title=inspection.title,
        fail=inspection.has_veto,
        verdict=verdict(inspection),
        meta=[
            f"检查日期：{inspection.day.isoformat()}（检查期间 {_period(inspection)}）",
            f"依据：{basis(inspection.measures)}",
            f"更新时间依据：{_source(inspection)}",
        ],
        notes=inspection.notes,
        overview=overview,
        units=[_html_unit(unit, inspection) for unit in inspection.units],
        quiet_units=inspection.quiet_units,
        other_findings=inspection.other_findings,
        vetoes=[(u.name, i, _where(i)) for u in inspection.units for i in u.items if i.veto],
        thresholds=_thresholds(inspection),
        channel_header=CHANNEL_HEADER,
        item_header=ITEM_HEADER,
    )


def _html_unit(unit: UnitReport, inspection: Inspection) -> dict[str, Any]:
    bars = [
        charts.Bar(
            f"{c.where}:{c.name}" if c.kind == "account" else f"{c.where}首页" if c.kind == "site" else f"栏目：{c.name}",
            c.days if c.state != "blank" and c.days is not None else None,
            c.limit,
            c.state,
            f"{KINDS[c.kind]}「{c.name}」({c.where}):" + (freshness_text(c, inspection.day) if c.last else STATES[c.state]) + (f"，时限 {c.limit} 天" if c.limit else ""),
        )
        for c in unit.channels
    ]
    figures = []
    if bars:
        figures.append(svg(charts.freshness(bars, f"{unit.name}：各账号、栏目距上次更新的天数")))
    if unit.weekly:
        figures.append(svg(charts.weekly(unit.weekly, inspection.day, f"{unit.name}：每周发布条数")))
    sections = [
        (
            SECTIONS.get(section, section),
            [
                {"item": i, "level": LEVELS[i.level], "hint": i.hint if i.hint and i.level != "info" else "", "where": _where(i), "commit": short_commit(i.commit)}
                for i in items
            ],
        )
        for section, items in _by_section(unit).items()
    ]
    return {
        "report": unit,
        "errors": unit.count("error"),
        "warnings": unit.count("warning"),
        "accounts": sum(1 for c in unit.channels if c.kind == "account"),
        "columns": sum(1 for c in unit.channels if c.kind == "column"),
        "figures": figures,
        "channels": [(_channel_row(c, inspection.day), c.state) for c in unit.channels],
        "sections": sections,
    }
