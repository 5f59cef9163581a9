"""The annual assessment as Markdown, self-contained HTML (with a score chart) or JSON."""

from __future__ import annotations

import json

from ..supervision_settings import ITEM_LABELS
from . import charts, templating
from .assess import Assessment, Deduction, UnitScore
from .templating import svg
from .text import md_table, short_commit

FORMATS = ("markdown", "html", "json")
NUMERALS = {"1": "（一）", "2": "（二）", "3": "（三）", "4": "（四）", "5": "（五）"}


def render(assessment: Assessment, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(assessment.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return html(assessment)
    return markdown(assessment)


def _scheme(a: Assessment) -> list[tuple[str, str, str, str]]:
    return [(NUMERALS[k], ITEM_LABELS[k], f"{v.weight:g}", f"{v.per:g}") for k, v in sorted(a.settings.items.items())]


def _meta(a: Assessment) -> list[str]:
    out = [
        f"考评日期：{a.day.isoformat()}（考评年度 {a.year} 年）",
        f"依据：{a.measures}第二十一条",
        f"评分办法：满分 {a.settings.total:g} 分，按第二十一条（一）至（五）项扣分，每项扣分以该项分值为限；单项否决情形按 {a.settings.veto_factor:g} 处计",
        f"更新情况：按 {len(a.months)} 次月度检查（各月最后一天）复核，依据"
        + ("内容记录及其 git 历史" if a.history["source"] == "git" else "内容记录（未能读取 git 历史）"),
    ]
    return out + [f"说明：{n}" for n in a.notes]


def _ranking_header(a: Assessment) -> tuple[str, ...]:
    return ("名次", "单位", "得分", *(NUMERALS[k] for k in sorted(a.settings.items)), "扣分处数")


def _ranking_row(a: Assessment, u: UnitScore) -> list[str]:
    return [f"{u.group} {u.rank}" if u.group else str(u.rank), u.name + ("（单项否决）" if u.vetoed else ""), f"{u.score:g}", *(f"-{u.by_item.get(k, 0):g}" if u.by_item.get(k) else "0" for k in sorted(a.settings.items)), str(len(u.deductions))]


def _deduction_row(d: Deduction) -> list[str]:
    where = f"{d.path}:{d.line}" if d.line else d.path
    return [NUMERALS[d.item], d.subject, d.message, d.date.isoformat() if d.date else "现状", where, short_commit(d.commit), f"{d.points:g}"]


DEDUCTION_HEADER = ("项", "对象", "情况", "日期", "文件", "提交", "扣分")


def markdown(a: Assessment) -> str:
    out = [f"# {a.title}", ""]
    out += [f"- {m}" for m in _meta(a)]
    out += ["", "## 评分办法", ""]
    out += md_table(("项", "情形", "分值", "每处扣分"), _scheme(a))
    out += ["", "## 排名", ""]
    out += md_table(_ranking_header(a), (_ranking_row(a, u) for u in a.units))
    out += ["", "## 扣分明细"]
    for u in a.units:
        if not u.deductions:
            continue
        out += ["", f"### 第 {u.rank} 名 {u.name}（{u.score:g} 分）", ""]
        out += md_table(DEDUCTION_HEADER, (_deduction_row(d) for d in u.deductions))
    clean = [u.name for u in a.units if not u.deductions]
    if clean:
        out += ["", f"没有扣分的单位：{'、'.join(clean)}。"]
    out += ["", "“日期”为问题发生的日期（发布、备案、月度检查或留言时限）；“现状”表示考评日仍存在的问题。“提交”为能证明该问题的 git 提交。", ""]
    return "\n".join(out)


def html(a: Assessment) -> str:
    """The assessment as a self-contained page, rendered by an autoescaping template (assessment.html.j2)."""
    chart = svg(charts.scores([(u.name, u.score, a.settings.total) for u in a.units], f"{a.year} 年各单位得分")) if a.units else None
    return templating.render(
        "assessment.html.j2",
        title=a.title,
        meta=_meta(a),
        scheme=_scheme(a),
        chart=chart,
        ranking_header=_ranking_header(a),
        ranking=[(u, _ranking_row(a, u)) for u in a.units],
        deduction_header=DEDUCTION_HEADER,
        details=[(u, [_deduction_row(d) for d in u.deductions]) for u in a.units if u.deductions],
        score=lambda value: f"{value:g}",
    )
