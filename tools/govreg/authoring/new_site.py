"""``govreg new site``: a government website with its columns and their responsible units (第三条、第四条、第五条)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..repository import Repository
from .common import Draft, check_date, check_new_id, check_unit, parse_date, review_chain, unit_choices, unit_names, validated
from .emit import Notes, emit
from .errors import UserError
from .files import schema_line
from .ids import slug_problem
from .prompts import Answers, Prompter, Question, parse_pairs, resolve

SITE_KINDS = (
    ("portal", "本级人民政府门户网站"),
    ("department", "部门网站（原则上不开设，须报批，第四条）"),
    ("special-topic", "专项网站（原则上不开设，须报批，第四条）"),
)
COLUMN_KINDS = (
    ("news", "动态要闻类（2 周内须更新）"),
    ("notice", "通知公告类（6 个月内须更新）"),
    ("policy", "政策文件类（6 个月内须更新）"),
    ("service", "办事服务"),
    ("interaction", "互动交流"),
    ("other", "其他"),
)
DEFAULT_DAYS = {"news": 14, "notice": 180, "policy": 180}
COLUMN_KEYS = ("id", "name", "kind", "unit", "days")
#: The columns a portal starts with (the responsible unit is the owner until changed).
STANDARD_COLUMNS = (
    ("news", "要闻动态", "news"),
    ("notices", "通知公告", "notice"),
    ("policy-documents", "政策文件", "policy"),
    ("policy-interpretation", "政策解读", "policy"),
    ("government-info", "政府信息公开", "other"),
    ("services", "政务服务", "service"),
    ("interaction", "政民互动", "interaction"),
)


def questions(repo: Repository) -> list[Question]:
    return [
        Question("id", "网站 id（英文，作文件名）", "--id", check=check_new_id(lambda: list(repo.sites), "网站"),
                 help="如 litong-portal；登记后不再更改"),
        Question("name", "网站名称", "--name"),
        Question("domain", "域名", "--domain", check=lambda v, a: None if v == v.lower() and "." in v and "/" not in v else "应为小写域名，如 www.example.gov.cn（不含 http://）"),
        Question("kind", "网站类型", "--kind", default="portal", choices=lambda a: SITE_KINDS),
        Question("owner", "主办单位（单位 id）", "--owner", choices=unit_choices(repo), aliases=unit_names(repo), check=check_unit(repo),
                 help="门户网站由本级政府办公室主管（第三条）"),
        Question("site_code", "网站标识码（10 位）", "--site-code"),
        Question("icp", "ICP 备案号", "--icp", help="如 宁ICP备05001234号-1"),  # typography: verbatim (the number as registered)
        Question("psb", "公安机关备案号", "--psb", help="如 宁公网安备 64030202000123号"),
        Question("approval_number", "报批文件的批准文号", "--approval-number", when=lambda a: a.get("kind") != "portal"),
        Question("approval_date", "报批文件的日期（YYYY-MM-DD）", "--approval-date", when=lambda a: a.get("kind") != "portal",
                 check=check_date(not_after_today=True)),
    ]


def column_questions(repo: Repository, owner: str, taken: Sequence[str]) -> list[Question]:
    def check_id(value: str, answers: Answers) -> str | None:
        return slug_problem(value) or (f"栏目 id「{value}」重复" if value in taken else None)

    def check_days(value: str, answers: Answers) -> str | None:
        return None if value.isdigit() and 1 <= int(value) <= 3660 else "应为 1 到 3660 之间的天数"

    return [
        Question("id", "栏目 id（英文）", "id", check=check_id),
        Question("name", "栏目名称", "name"),
        Question("kind", "栏目类型", "kind", default="other", choices=lambda a: COLUMN_KINDS),
        Question("unit", "内容保障责任单位（单位 id，第五条）", "unit", default=owner, aliases=unit_names(repo), check=check_unit(repo)),
        Question("days", "更新时限（天，没有固定要求直接回车）", "days", required=False,
                 default=lambda a: str(DEFAULT_DAYS[a["kind"] or ""]) if a.get("kind") in DEFAULT_DAYS else None, check=check_days),
    ]


def standard_columns(owner: str) -> list[Answers]:
    return [
        {"id": cid, "name": name, "kind": kind, "unit": owner, "days": str(DEFAULT_DAYS[kind]) if kind in DEFAULT_DAYS else None}
        for cid, name, kind in STANDARD_COLUMNS
    ]


def ask_columns(repo: Repository, owner: str, kind: str, prompter: Prompter) -> list[Answers]:
    prompter.say("")
    if kind == "portal" and prompter.confirm("使用标准栏目（要闻动态、通知公告、政策文件、政策解读、政府信息公开、政务服务、政民互动）？"):
        return standard_columns(owner)
    columns: list[Answers] = []
    while True:
        prompter.say(f"—— 第 {len(columns) + 1} 个栏目 ——")
        columns.append(resolve(column_questions(repo, owner, [c["id"] or "" for c in columns]), {}, prompter))
        if not prompter.confirm("继续添加栏目？", default=True):
            return columns


def columns_from_flags(repo: Repository, owner: str, values: Sequence[str]) -> list[Answers]:
    columns: list[Answers] = []
    for value in values:
        pairs: dict[str, str | None] = dict(parse_pairs(value, "--column", COLUMN_KEYS))
        columns.append(resolve(column_questions(repo, owner, [c["id"] or "" for c in columns]), pairs, None))
    return columns


def build(repo: Repository, answers: Answers, columns: list[Answers]) -> Draft:
    site_id = answers["id"] or ""
    rel = f"sites/{site_id}.yaml"
    owner = repo.units[answers["owner"] or ""]
    if not columns:
        raise UserError("没有登记任何栏目", '请用 --column-spec "id=news,name=要闻动态,kind=news" 登记栏目（可多次使用），门户网站可加 --standard-columns。')
    notes = Notes()
    data: dict[str, Any] = {"id": site_id, "name": answers["name"], "domain": answers["domain"], "kind": answers["kind"], "owner": owner.id}
    notes.eol[("kind",)] = dict(SITE_KINDS).get(answers["kind"] or "", "")
    notes.eol[("owner",)] = f"主办单位：{owner.name}"
    data["site_code"] = answers["site_code"]
    notes.eol[("site_code",)] = "网站标识码：6 位行政区划代码 + 4 位顺序号"
    data["icp"] = answers["icp"]
    data["psb"] = answers["psb"]
    if answers.get("approval_number"):

        data["approval"] = {"number": answers["approval_number"], "date": parse_date(answers["approval_date"] or "")}
        notes.eol[("approval",)] = "报批文件（第四条）"
    data["status"] = "active"
    records: list[dict[str, Any]] = []
    for c in columns:
        column: dict[str, Any] = {"id": c["id"], "name": c["name"], "responsible_unit": c["unit"] or owner.id, "kind": c["kind"] or "other"}
        if c.get("days"):
            column["update_every_days"] = int(c["days"] or 0)
        records.append(column)
    data["columns"] = records
    notes.blank_before.add(("columns",))
    notes.before[("columns",)] = [
        "栏目责任制（第五条）：每个栏目写明内容保障责任单位（responsible_unit）。",
        "update_every_days：栏目更新时限（天）。动态要闻类 14 天，通知公告、政策文件类 180 天",
        "（国办秘函〔2019〕19号检查指标）；没有固定更新要求的栏目不填。",
    ]
    header = [
        schema_line("site", rel) or "",
        f"{answers['name']}：由{owner.name}主管，负责页面设计、栏目建设、功能拓展、域名管理（第三条）。",
    ]
    text = emit(data, notes, header)
    validated("site", data, rel)
    return Draft("site", rel, text, data, reviewers=review_chain(owner))
