"""规则: what the repository enforces, from the rule modules' own documentation and the catalogue."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from ..config import City
from ..context import RuleModule
from ..findings import Rule
from . import paths
from .escape import cell, md
from .markup import a, head, heading, page, table

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示", "off": "不检查"}
CORE_TITLE = "登记文件的基本检查"
GATE_TITLE = "拉取请求的三审签核"
MONITOR_TITLE = "网站和账号的实测"
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,5})(\s)")


def split_doc(doc: str | None, fallback: str) -> tuple[str, str]:
    """A module docstring as (title, Markdown body); body headings are demoted below the page title."""
    text = inspect.cleandoc(doc or "").strip()
    if not text:
        return fallback, ""
    first, _, rest = text.partition("\n")
    title = first.lstrip("#").strip() or fallback
    lines = []
    fenced = False
    for line in rest.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" + m.group(1) + m.group(2), line)
        lines.append(line)
    return title, "\n".join(lines).strip()


_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def article_number(article: str) -> int:
    """第二十一条 → 21; anything else sorts last."""
    m = re.fullmatch(r"第([一二三四五六七八九十]+)条", article)
    if not m:
        return 999
    text = m.group(1)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _DIGITS.get(text, 999)
    return (_DIGITS.get(tens, 1) if tens else 1) * 10 + _DIGITS.get(ones, 0)


def _articles(rules: list[Rule]) -> str:
    return "、".join(sorted({r.article for r in rules if r.article}, key=article_number))


def _severity(rule: Rule, overrides: Mapping[str, str]) -> str:
    level = overrides.get(rule.code, rule.severity.value)
    return SEVERITY_LABELS.get(level, md(level))


def _rule_rows(rules: list[Rule], overrides: Mapping[str, str], src: str, module_page: dict[str, str]) -> Iterator[tuple[str, ...]]:
    for rule in rules:
        target = module_page.get(rule.code)
        code = f"`{rule.code}`" if re.fullmatch(r"[a-z0-9-]+", rule.code) else md(rule.code)
        yield (
            a(code, src, target) if target else code,
            cell(rule.title),
            _severity(rule, overrides),
            cell(rule.article),
            cell(rule.hint),
        )


HEADERS = ("编号", "名称", "级别", "依据", "处理建议")


def render(
    modules: list[RuleModule], catalogue: Mapping[str, tuple[Rule, str]], overrides: Mapping[str, str], city: City | None = None
) -> Iterator[tuple[str, str]]:
    """Pages of the rules: an index of every finding code and a page per rule module.

    ``city`` names the measures and renumbers articles where the local measures differ (``city.articles``).
    """
    city = city or City()
    numbering = city.articles
    measures = city.measures_title
    catalogue = {code: (replace(rule, article=numbering.get(code, rule.article)), where) for code, (rule, where) in catalogue.items()}
    module_page: dict[str, str] = {}
    by_module: dict[str, list[Rule]] = {}
    titles: dict[str, str] = {}
    rule_module_names = {m.__name__ for m in modules}
    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1]
        path = paths.rule_module(short)
        titles[module.__name__], _ = split_doc(module.__doc__, short)
        for rule in module.RULES:
            module_page[rule.code] = path
    core: list[Rule] = []
    gate: list[Rule] = []
    monitor: list[Rule] = []
    for rule, where in catalogue.values():
        if where in rule_module_names:
            by_module.setdefault(where, []).append(rule)
        elif where.startswith("govreg.gate"):
            gate.append(rule)
        elif where.startswith("govreg.monitor"):
            monitor.append(rule)
        else:
            core.append(rule)
    src = paths.RULES
    blocks = [
        head("规则"),
        f"登记库每次变更都由软件按下列规则自动检查，依据为{measures}的有关条款。"
        "“错误”须改正后才能合并，“警告”和“提示”供审核人参考。点击编号查看规则说明和示例。",
    ]
    index_rows = []
    # in the order of the measures: by the first article each rule enforces
    modules = sorted(modules, key=lambda m: (min((article_number(r.article) for r in by_module.get(m.__name__, [])), default=999), m.__name__))
    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1]
        rules = by_module.get(module.__name__, [])
        articles = _articles(rules)
        index_rows.append((a(md(titles[module.__name__]), src, paths.rule_module(short)), cell(articles), str(len(rules))))
    blocks.append(heading(2, "规则一览", "modules"))
    blocks.append(table(("规则", "依据", "检查项"), index_rows, empty="暂无规则模块。"))
    blocks.append(heading(2, "全部检查项", "codes"))
    every = [rule for module in modules for rule in by_module.get(module.__name__, [])]
    blocks.append(table(HEADERS, _rule_rows(every, overrides, src, module_page), empty="暂无。"))
    blocks.append(heading(2, CORE_TITLE, "core"))
    blocks.append("读取、校验登记文件时的检查：文件格式、字段取值、编号唯一、引用的记录存在等。")
    blocks.append(table(HEADERS, _rule_rows(core, overrides, src, {}), empty="暂无。"))
    blocks.append(heading(2, GATE_TITLE, "gate"))
    blocks.append(
        "拉取请求合并前，由 govreg gate 按人员名册核对“三审”签核：承办人初审、承办科室负责人复审、分管领导终审，"
        "三人不同、依次审核、均针对最新提交；名册、规则和工作流的变更还须政务公开办审核。"
    )
    blocks.append(table(HEADERS, _rule_rows(gate, overrides, src, {}), empty="暂无。"))
    if monitor:
        blocks.append(heading(2, MONITOR_TITLE, "monitor"))
        blocks.append(
            "政务公开办用 govreg monitor 实际访问各网站和账号主页：能否访问、证书、首页标识码和备案号、栏目更新、"
            "死链接和暗链等。结果进入日常巡检、月度检查和年度考评，不阻止合并。"
        )
        blocks.append(table(HEADERS, _rule_rows(monitor, overrides, src, {}), empty="暂无。"))
    yield src, page(*blocks)
    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1]
        path = paths.rule_module(short)
        title, body = split_doc(module.__doc__, short)
        rules = by_module.get(module.__name__, [])
        yield (
            path,
            page(
                head(title),
                body,
                heading(2, "检查项", "codes"),
                table(HEADERS, _rule_rows(rules, overrides, path, {}), empty="暂无。"),
                a("返回规则一览", path, paths.RULES),
            ),
        )
