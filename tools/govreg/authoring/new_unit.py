"""``govreg new unit``: a unit with its leader in charge, staff and roster (第五条)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..config import read_data_file
from ..models import Role
from ..repository import Repository
from .common import ROLE_LABELS, UNIT_KIND_LABELS, Draft, check_new_id, check_unit, supervisor_chain, unit_names, validated, yes
from .emit import Notes, emit
from .errors import UserError
from .files import schema_line
from .ids import person_id, unique
from .prompts import Answers, Prompter, Question, parse_pairs, resolve

PERSON_KEYS = ("name", "roles", "title", "login", "id", "phone", "email", "vendor")
UNIT_ROLES = ("handler", "section-head", "leader")


def regions(repo: Repository) -> list[tuple[str, str]]:
    data, _ = read_data_file(repo.root, "config/regions.yaml")
    if not isinstance(data, list):
        return []
    return [(str(r["code"]), str(r.get("name", ""))) for r in data if isinstance(r, dict) and "code" in r]


def questions(repo: Repository) -> list[Question]:
    known = regions(repo)
    city = repo.config.city

    def check_region(value: str, answers: Answers) -> str | None:
        if len(value) == 6 and value.isdigit() and value[0] in "12345678":
            return None
        example = f"{city.region}（{city.name}）" if city.region else "640300"
        return f"应为 6 位行政区划代码，例如 {example}"

    return [
        Question("id", "单位 id（英文，作文件名）", "--id", check=check_new_id(lambda: list(repo.units), "单位"),
                 help="小写英文字母、数字和连字符，如 audit-bureau；登记后不再更改"),
        Question("name", "单位全称", "--name"),
        Question("kind", "单位类型", "--kind", choices=lambda a: list(UNIT_KIND_LABELS.items())),
        Question("parent", "上级单位 id（没有直接回车）", "--parent", required=False, aliases=unit_names(repo), check=check_unit(repo, "上级单位")),
        Question("region", "行政区划代码", "--region", default=city.region,
                 choices=(lambda a: known) if known else None, check=None if known else check_region),
        Question("credit_code", "统一社会信用代码（可不填）", "--credit-code", required=False),
        Question("contact", "对外公开的联系电话", "--contact", required=False),
    ]


def _roles(text: str) -> list[str]:
    picked: list[str] = []
    for part in text.replace("+", " ").replace(",", " ").replace("、", " ").split():
        if part.isdigit() and 1 <= int(part) <= len(UNIT_ROLES):
            part = UNIT_ROLES[int(part) - 1]
        if part not in ROLE_LABELS:
            raise ValueError(part)
        if part not in picked:
            picked.append(part)
    return picked


def person_questions(unit_id: str, taken: Sequence[str]) -> list[Question]:
    def check_roles(value: str, answers: Answers) -> str | None:
        try:
            return None if _roles(value) else "至少选择一个角色"
        except ValueError as exc:
            return f"没有角色「{exc}」；可选：1 handler、2 section-head、3 leader（多个用 + 连接，如 1+2）"

    def check_id(value: str, answers: Answers) -> str | None:
        problem = check_new_id(lambda: list(taken), "人员")(value, answers)
        return problem

    return [
        Question("name", "姓名", "name"),
        Question("title", "职务（可不填）", "title", required=False),
        Question("roles", "审核角色：1 handler 承办人（初审）、2 section-head 承办科室负责人（复审）、3 leader 分管领导（终审）", "roles",
                 check=check_roles, help="多个角色用 + 连接，如 1+2"),
        Question("login", "代码托管平台账号（用于核对拉取请求上的审核，可稍后补填）", "login", required=False),
        Question("id", "人员 id", "id", default=lambda a: unique(person_id(unit_id, a.get("name") or ""), taken), check=check_id),
    ]


def ask_people(unit_id: str, taken: list[str], prompter: Prompter) -> list[Answers]:
    prompter.say("")
    prompter.say("人员名册：请至少登记承办人、承办科室负责人和分管领导各一名（三审须由三个不同的人完成，第十二条）。")
    people: list[Answers] = []
    while True:
        prompter.say(f"—— 第 {len(people) + 1} 位人员 ——")
        answers = resolve(person_questions(unit_id, [*taken, *(p["id"] or "" for p in people)]), {}, prompter)
        people.append(answers)
        have = {r for p in people for r in _roles(p["roles"] or "")}
        lacking = [ROLE_LABELS[r] for r in UNIT_ROLES if r not in have]
        if lacking:
            prompter.say(f"还需要登记：{'、'.join(lacking)}。")
            continue
        if not prompter.confirm("继续添加人员？", default=False):
            return people


def people_from_flags(unit_id: str, values: Sequence[str], taken: list[str]) -> list[Answers]:
    people: list[Answers] = []
    for value in values:
        pairs: dict[str, str | None] = dict(parse_pairs(value, "--person", PERSON_KEYS))
        if not pairs.get("name") or not pairs.get("roles"):
            raise UserError(f"--person「{value}」缺少 name 或 roles", '请写成 --person "name=王晓东,roles=handler,title=办公室科员,login=wangxd"。')
        used = [*taken, *(p["id"] or "" for p in people)]
        answers = resolve(person_questions(unit_id, used), pairs, None)
        answers.update({k: v for k, v in pairs.items() if k in ("phone", "email", "vendor")})
        people.append(answers)
    return people


def build(repo: Repository, answers: Answers, people: list[Answers]) -> Draft:
    unit_id = answers["id"] or ""
    rel = f"units/{unit_id}.yaml"
    have = {r for p in people for r in _roles(p["roles"] or "")}
    # "承办科室负责人（复审，section-head）": the role's id inside the label's own brackets
    lacking = [f"{ROLE_LABELS[r][:-1]}，{r}）" if ROLE_LABELS[r].endswith("）") else f"{ROLE_LABELS[r]}（{r}）" for r in UNIT_ROLES if r not in have]
    if lacking:
        raise UserError(
            f"人员名册缺少：{'、'.join(lacking)}",
            '三审须由承办人、承办科室负责人、分管领导三个不同的人完成（第十二条）；请用 --person "name=…,roles=…" 补充。',
        )
    notes = Notes()
    data: dict[str, Any] = {"id": unit_id, "name": answers["name"], "kind": answers["kind"]}
    notes.eol[("kind",)] = UNIT_KIND_LABELS.get(answers["kind"] or "", "")
    if answers.get("parent"):
        data["parent"] = answers["parent"]
        parent = repo.units.get(answers["parent"] or "")
        notes.eol[("parent",)] = f"上级单位：{parent.name}" if parent else "上级单位"
    data["region"] = answers["region"]
    region_names = dict(regions(repo))
    notes.eol[("region",)] = f"行政区划代码{':' + region_names[answers['region'] or ''] if answers['region'] in region_names else ''}，须加引号"
    if answers.get("credit_code"):
        data["credit_code"] = answers["credit_code"]
    records: list[dict[str, Any]] = []
    for p in people:
        person: dict[str, Any] = {"id": p["id"], "name": p["name"], "roles": _roles(p["roles"] or "")}
        if p.get("title"):
            person["title"] = p["title"]
        if p.get("login"):
            person["login"] = p["login"]
        if yes(p.get("vendor")):
            person["vendor"] = True
        for key in ("phone", "email"):
            if p.get(key):
                person[key] = p[key]
        records.append(person)
    leader = next(p for p in records if Role.leader.value in p["roles"])
    data["leader_in_charge"] = leader["id"]
    notes.eol[("leader_in_charge",)] = f"分管领导：{leader['name']}"
    staff = [p for p in records if {"handler", "section-head"} & set(p["roles"]) and not p.get("vendor")]
    data["staff"] = [p["id"] for p in staff]
    notes.eol[("staff",)] = "专（兼）职工作人员（不含第三方运维人员）"
    for i, member in enumerate(staff):
        notes.eol[("staff", i)] = member["name"]
    if answers.get("contact"):
        data["contact"] = answers["contact"]
        notes.eol[("contact",)] = "对外公开的联系方式"
    data["people"] = records
    for i, record in enumerate(records):
        notes.eol[("people", i, "roles")] = "、".join(ROLE_LABELS[r] for r in record["roles"])
    notes.blank_before.add(("people",))
    notes.before[("people",)] = [
        "人员名册：people 及其中的 login、phone、email 不公开（public_dump 时去除）。",
        "roles:handler 初审、section-head 复审、leader 终审；三审须由三个不同的人完成。",
        "login：代码托管平台账号，用于核对拉取请求中的审核人，全库唯一。",
    ]
    header = [schema_line("unit", rel) or "", f"{answers['name']}：单位登记（第五条：明确分管领导，落实专（兼）职工作人员）"]
    text = emit(data, notes, header)
    validated("unit", data, rel)
    draft = Draft("unit", rel, text, data, reviewers=supervisor_chain(repo))
    without_login = [p["name"] for p in records if not p.get("login")]
    if without_login:
        draft.notices.append(f"{'、'.join(without_login)} 没有登记 login：其在拉取请求上的批准无法核对，请尽快补填。")
    return draft
