"""``govreg new rectification|incident|opinion|handover``: the supervision cycle's records, with Chinese prompts.

- rectification — 整改通知 (第二十条): usually drafted by ``govreg inspect --notices``; by hand for a
  problem found otherwise;
- incident — 安全事件 (第十六条、第十七条): registered as soon as it is found; reports added as they are made;
- opinion — 舆情事件 (第十九条)；
- handover — 账号密码移交 (第十六条), after a person leaves a role.
"""

from __future__ import annotations

from typing import Any

from ..followup import AUTHORITY_NAMES, INCIDENT_NAMES, FollowupSettings, rectification_deadline
from ..models_supervision import Rectification
from ..repository import Repository
from ..workdays import WorkCalendar
from .common import (
    Draft,
    check_date,
    check_datetime,
    check_new_id,
    check_unit,
    now,
    parse_date,
    parse_datetime,
    review_chain,
    supervisor_chain,
    today,
    unit_choices,
    validated,
)
from .emit import Notes, emit
from .errors import UserError
from .ids import slug_problem
from .prompts import Answers, Check, Question

KINDS = ("rectification", "incident", "opinion", "handover")
FOLDERS = {"rectification": "rectifications", "incident": "incidents", "opinion": "opinions", "handover": "handovers"}
TABLES = {"rectification": "rectifications", "incident": "incidents", "opinion": "opinions", "handover": "handovers"}


def _schema(kind: str) -> str:
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def _ids(repo: Repository, kind: str) -> list[str]:
    return list(getattr(repo, TABLES[kind]))


def _slug_list(value: str) -> list[str]:
    return [v for v in (part.strip() for part in value.replace(",", ",").replace("、", ",").split(",")) if v]


def _check_channels(repo: Repository) -> Check:
    def check(value: str, answers: Answers) -> str | None:
        wrong = [v for v in _slug_list(value) if v not in repo.sites and v not in repo.accounts]
        return f"不是登记在册的网站或账号：{'、'.join(wrong)}" if wrong else None

    return check


def _check_person(repo: Repository) -> Check:
    def check(value: str, answers: Answers) -> str | None:
        return None if value in repo.people else f"人员「{value}」不在名册中（units/ 中的 people）"

    return check


def questions(repo: Repository, kind: str) -> list[Question]:
    new_id = Question("id", "记录编号（英文、数字和连字符）", "--id", check=check_new_id(lambda: _ids(repo, kind), "记录"))
    unit = Question("unit", "单位（单位 id）", "--unit", choices=unit_choices(repo), check=check_unit(repo))
    if kind == "rectification":
        return [
            Question("unit", "被通报、应整改的单位（单位 id）", "--unit", choices=unit_choices(repo), check=check_unit(repo)),
            Question("code", "问题代码（检查报告中的代码，如 account-silent、column-stale）", "--code",
                     check=lambda v, a: slug_problem(v)),
            Question("subject", "通报的对象（账号、网站、栏目或信息的名称）", "--subject"),
            Question("message", "问题说明", "--message"),
            Question("path", "问题所在的记录文件（没有直接回车）", "--path", required=False),
            Question("issued", "下发日期（YYYY-MM-DD）", "--issued", default=lambda a: today().isoformat(), check=check_date()),
            Question("deadline", "整改期限（YYYY-MM-DD；直接回车按配置的工作日数计算）", "--deadline", required=False,
                     check=check_date()),
            Question("id", "通知编号", "--id", default=lambda a: f"{(a.get('issued') or '')[:7]}-{a.get('unit')}-{a.get('code')}"[:63].rstrip("-"),
                     check=check_new_id(lambda: _ids(repo, kind), "整改通知")),
        ]
    if kind == "incident":
        kinds = tuple(INCIDENT_NAMES.items())
        return [
            unit,
            Question("kind", "事件类别", "--kind", choices=lambda a: kinds),
            Question("affects", "受影响的网站或账号 id（多个用逗号分隔）", "--affects", check=_check_channels(repo)),
            Question("detected", "发现时间（YYYY-MM-DD HH:MM，北京时间）", "--detected", default=lambda a: now().strftime("%Y-%m-%d %H:%M"),
                     check=check_datetime),
            Question("summary", "公开说明（不得含个人信息和内部细节；显示在公开网站的警示中）", "--summary"),
            Question("measures", "已采取的补救措施（多条用分号分隔；没有直接回车）", "--measures", required=False),
            Question("id", "事件编号", "--id", default=lambda a: f"{(a.get('detected') or '')[:7]}-{(a.get('affects') or '').split(',')[0]}-{a.get('kind')}"[:63].rstrip("-"),
                     check=check_new_id(lambda: _ids(repo, kind), "安全事件")),
        ]
    if kind == "opinion":
        return [
            unit,
            Question("detected", "发现时间（YYYY-MM-DD HH:MM，北京时间）", "--detected", default=lambda a: now().strftime("%Y-%m-%d %H:%M"),
                     check=check_datetime),
            Question("subject", "舆情概要（公开）", "--subject"),
            Question("channels", "涉及的网站或账号 id（多个用逗号分隔；没有直接回车）", "--channels", required=False, check=_check_channels(repo)),
            Question("responded", "首次公开回应时间（YYYY-MM-DD HH:MM；尚未回应直接回车）", "--responded", required=False, check=check_datetime),
            Question("response_url", "回应的网址（没有直接回车）", "--response-url", required=False),
            new_id,
        ]
    return [
        unit,
        Question("person", "离开岗位的人员 id", "--person", check=lambda v, a: slug_problem(v)),
        Question("left", "离岗日期（YYYY-MM-DD）", "--left", check=check_date(not_after_today=True)),
        Question("accounts", "移交的账号 id（多个用逗号分隔；默认本单位全部在用账号）", "--accounts",
                 default=lambda a: ",".join(sorted(x.id for x in repo.accounts.values() if x.owner == a.get("unit") and x.status.value == "active"))),
        Question("credentials_rotated", "修改密码、更换绑定手机和管理员的日期（YYYY-MM-DD）", "--credentials-rotated",
                 default=lambda a: today().isoformat(), check=check_date(not_after_today=True)),
        Question("by", "办理移交的人员 id", "--by", check=_check_person(repo)),
        Question("successor", "接手的人员 id（没有直接回车）", "--successor", required=False, check=_check_person(repo)),
        Question("trained", "是否已对接手人员进行平台操作培训", "--trained", default="yes", choices=lambda a: (("yes", "是"), ("no", "否"))),
        Question("id", "记录编号", "--id", default=lambda a: f"{(a.get('left') or '')[:7]}-{a.get('person')}"[:63].rstrip("-"),
                 check=check_new_id(lambda: _ids(repo, kind), "移交记录")),
    ]


def build(repo: Repository, kind: str, answers: Answers, calendar: WorkCalendar, settings: FollowupSettings) -> Draft:
    record_id = answers["id"] or ""
    unit = repo.units.get(answers["unit"] or "")
    if unit is None:
        raise UserError(f"单位「{answers['unit']}」不存在", "请用 units/ 中的文件名作为单位 id。")
    rel = f"{FOLDERS[kind]}/{unit.id}/{record_id}.yaml"
    notes = Notes()
    data: dict[str, Any] = {"id": record_id, "unit": unit.id}
    notes.eol[("unit",)] = unit.name
    reviewers = review_chain(unit)
    if kind == "rectification":
        issued = parse_date(answers["issued"] or "") or today()
        finding: dict[str, Any] = {"code": answers["code"], "message": answers["message"]}
        if answers.get("path"):
            finding["path"] = answers["path"]
        data.update({"subject": answers["subject"], "finding": finding, "issued": issued})
        deadline = parse_date(answers.get("deadline") or "")
        if deadline is None:
            draft = Rectification.model_validate({**data, "deadline": None})
            deadline, _ = rectification_deadline(draft, settings, calendar)
            notes.eol[("deadline",)] = f"下发日期加 {settings.rectification_days} 个工作日"
        data["deadline"] = deadline
        data["responses"] = []
        data["rechecks"] = []
        notes.before[("responses",)] = ["单位整改后填写：- {done: 完成日期，action: 整改措施，evidence_url: 证明材料网址}"]
        notes.before[("rechecks",)] = ["政务公开办复查后填写：- {verified: 复查日期，by: 复查人 id, result: passed 或 failed, new_deadline: 不合格时重新限期}"]
        header = [_schema(kind), f"整改通知（第二十条）：{unit.name}。"]
        reviewers = supervisor_chain(repo)
    elif kind == "incident":
        data.update({"kind": answers["kind"], "affects": _slug_list(answers["affects"] or ""), "detected": parse_datetime(answers["detected"] or "")})
        notes.eol[("kind",)] = INCIDENT_NAMES.get(answers["kind"] or "", "")
        data["summary"] = answers["summary"]
        data["reports"] = []
        recipients = "、".join(f"{AUTHORITY_NAMES[a.value]} {settings.report_hours.get(a, 24):g} 小时内" for a in settings.recipients(_kind(answers)))
        notes.before[("reports",)] = [f"应报告：{recipients}（第十七条）。每次报告后填写：- {{to: cac/police/disclosure-office, at: 时间}}"]
        data["measures"] = [m.strip() for m in (answers.get("measures") or "").replace(";", ";").split(";") if m.strip()]
        data["closed"] = None
        notes.eol[("closed",)] = "处置完毕后填写时间；账号被劫持、被盗或网页被篡改时，处置完毕前公开网站显示警示"
        header = [_schema(kind), f"安全事件（第十六条、第十七条）：{unit.name}。报告人和文号写在 reports 中，不公开。"]
    elif kind == "opinion":
        data.update({"detected": parse_datetime(answers["detected"] or ""), "subject": answers["subject"]})
        data["channels"] = _slug_list(answers.get("channels") or "")
        data["coordinated_with"] = []
        notes.eol[("coordinated_with",)] = "会商的部门：propaganda 宣传、cac 网信、police 公安"
        responded = parse_datetime(answers.get("responded") or "")
        data["responded"] = responded
        notes.eol[("responded",)] = f"应在发现后 {settings.opinion_response_hours:g} 小时内公开回应"
        if answers.get("response_url"):
            data["response_url"] = answers["response_url"]
        header = [_schema(kind), f"舆情事件（第十九条）：{unit.name}。内部研判意见写在 note 中，不公开。"]
    else:
        data.update({
            "person": answers["person"], "left": parse_date(answers["left"] or ""),
            "accounts": _slug_list(answers["accounts"] or ""),
            "credentials_rotated": parse_date(answers["credentials_rotated"] or ""), "by": answers["by"],
        })
        notes.eol[("credentials_rotated",)] = "修改密码、更换绑定手机和管理员的日期"
        if answers.get("successor"):
            data["successor"] = answers["successor"]
        data["trained"] = answers.get("trained") == "yes"
        header = [_schema(kind), f"账号密码移交记录（第十六条）：{unit.name}。"]
    text = emit(data, notes, header)
    validated(kind, data, rel)
    return Draft(kind, rel, text, data, reviewers=reviewers)


def _kind(answers: Answers) -> Any:
    from ..models_supervision import IncidentKind

    return IncidentKind(answers["kind"])

