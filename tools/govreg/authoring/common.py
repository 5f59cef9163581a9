"""What the ``new`` drafts share: the draft itself, checks of typed values, the reviewer chain."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..clock import CHINA, today_default
from ..models import MODELS, Person, Role, Unit
from ..repository import Repository
from ..validation import validate
from .errors import UserError
from .ids import slug_problem
from .prompts import Answers, Check

URL = re.compile(r"^https?://[^\s<>\"']+$")

UNIT_KIND_LABELS = {
    "government": "人民政府",
    "government-office": "政府办公室",
    "agency": "行政机关（部门）",
    "public-institution-with-admin-functions": "承担行政职能的事业单位",
    "park": "工（农）业园区",
    "township": "乡镇（街道）",
    "internal-body": "内设机构（不能主办账号和网站）",
    "party-body": "党委部门（宣传部、网信办等）",
}
ROLE_LABELS = {
    "handler": "承办人（初审）",
    "section-head": "承办科室负责人（复审）",
    "leader": "分管领导（终审）",
    "supervisor": "政务公开办审核人",
    "escalation-reviewer": "党委、政府有关业务部门审核人",
    "emergency-approver": "党委、政府分管负责同志",
}
YES_NO = (("no", "否"), ("yes", "是"))


@dataclass
class Draft:
    """A record ready to be written: where, what, and what to tell the user."""

    kind: str
    rel: str
    text: str
    data: dict[str, Any]
    reviewers: list[str] = field(default_factory=list)  # lines describing the sign-off chain
    notices: list[str] = field(default_factory=list)  # warnings to show before writing


# ---------------------------------------------------------------- dates and values


def today() -> dt.date:
    return today_default()


def now() -> dt.datetime:
    """Now in China, to the minute; ``GOVREG_NOW`` (ISO) or ``GOVREG_TODAY`` (date, time kept) for reproducible runs."""
    forced = os.environ.get("GOVREG_NOW")
    if forced:
        value = dt.datetime.fromisoformat(forced)
        return value if value.tzinfo else value.replace(tzinfo=CHINA)
    current = dt.datetime.now(CHINA).replace(second=0, microsecond=0)
    day = today_default()
    return current.replace(year=day.year, month=day.month, day=day.day)


def parse_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        return None


def parse_datetime(value: str) -> dt.datetime | None:
    """``2026-11-27 10:00`` or ``2026-11-27T10:00:00+08:00``; without a zone, China time."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA)


def check_date(*, not_after_today: bool = False, not_before: Callable[[Answers], dt.date | None] | None = None) -> Check:
    def check(value: str, answers: Answers) -> str | None:
        day = parse_date(value)
        if day is None:
            return "日期应写成 YYYY-MM-DD，例如 2026-11-26"
        if not_after_today and day > today():
            return f"不能晚于今天（{today().isoformat()}）；只登记已经完成的操作"
        earliest = not_before(answers) if not_before else None
        if earliest is not None and day < earliest:
            return f"不能早于 {earliest.isoformat()}"
        return None

    return check


def check_datetime(value: str, answers: Answers) -> str | None:
    return None if parse_datetime(value) else "时间应写成 YYYY-MM-DD HH:MM（北京时间），例如 2026-11-27 10:00"


def check_url(value: str, answers: Answers) -> str | None:
    return None if URL.match(value) else "应为以 http:// 或 https:// 开头的完整网址"


def check_retention(value: str, answers: Answers) -> str | None:
    if value == "permanent" or parse_date(value):
        return None
    return "应为截止日期（YYYY-MM-DD）或 permanent（长期公开）"


def check_new_id(taken: Callable[[], Sequence[str]], what: str) -> Check:
    def check(value: str, answers: Answers) -> str | None:
        problem = slug_problem(value)
        if problem:
            return problem
        if value in taken():
            return f"{what} id「{value}」已被使用，请换一个"
        return None

    return check


def suggest(value: str, options: dict[str, str]) -> str:
    """'您是不是要找 …' for an unknown id, from ids and names in ``options`` (id → name)."""
    close = difflib.get_close_matches(value, list(options), n=3, cutoff=0.5)
    close += [k for k, name in options.items() if value and value in name and k not in close][:3]
    if not close:
        return ""
    return "；您是不是要找：" + "、".join(f"{k}（{options[k]}）" for k in close[:4])


def check_unit(repo: Repository, what: str = "单位") -> Check:
    def check(value: str, answers: Answers) -> str | None:
        if value in repo.units:
            return None
        names = {u.id: u.name for u in repo.units.values()}
        return f"没有 id 为「{value}」的{what}（见 units/ 目录）{suggest(value, names)}"

    return check


def unit_names(repo: Repository) -> Callable[[Answers], list[tuple[str, str]]]:
    """Every unit as (id, Chinese name): a unit may be given by its name or a unique prefix."""
    return lambda answers: [(u.id, u.name) for u in repo.units.values()]


def unit_choices(repo: Repository, limit: int = 40) -> Callable[[Answers], list[tuple[str, str]]] | None:
    """Units as numbered choices when there are few enough to list, else ``None`` (typed, with suggestions)."""
    if len(repo.units) > limit:
        return None
    return lambda answers: sorted(((u.id, u.name) for u in repo.units.values()), key=lambda t: t[0])


# ---------------------------------------------------------------- the roster


def people_with(unit: Unit, role: Role) -> list[Person]:
    found = [p for p in unit.people if role in p.roles and not p.vendor]
    if role is Role.leader and unit.leader_in_charge:
        lead = next((p for p in unit.people if p.id == unit.leader_in_charge), None)
        if lead is not None and lead not in found:
            found.insert(0, lead)
    return found


def _who(people: list[Person]) -> str:
    if not people:
        return "（名册中没有，请先在 units/ 中登记）"
    return " 或 ".join(f"{p.name}" + (f"（@{p.login}）" if p.login else "（未登记 login）") for p in people)


def review_chain(unit: Unit) -> list[str]:
    """The three sign-offs of 第十二条 for ``unit``'s records, from its roster, as lines for the user."""
    return [
        f"初审 承办人：{_who(people_with(unit, Role.handler))}（提交拉取请求的承办人即完成初审）",
        f"复审 承办科室负责人：{_who(people_with(unit, Role.section_head))}",
        f"终审 分管领导：{_who(people_with(unit, Role.leader))}",
    ]


def supervisor_chain(repo: Repository) -> list[str]:
    office = repo.units.get(repo.config.supervising_office)
    if office is None:
        return [f"政务公开办审核人（config/govreg.yaml 的 supervising_office「{repo.config.supervising_office}」不在 units/ 中）"]
    return [f"政务公开办审核：{_who(people_with(office, Role.supervisor))}（{office.name}）"]


# ---------------------------------------------------------------- finishing a draft


def validated(kind: str, data: dict[str, Any], rel: str) -> None:
    """The draft's data must validate against its model; a :class:`UserError` with every problem otherwise."""
    _, findings = validate(MODELS[kind], data, rel)
    if findings:
        problems = "；".join(f.message for f in findings)
        raise UserError(f"填写的内容不符合格式要求：{problems}", "请按提示改正相应的参数（或重新运行并在提示中改正）后再试。")


def yes(value: str | None) -> bool:
    return value in ("yes", "y", "true", "是")
