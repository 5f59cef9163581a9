"""``govreg new account``: a new government new-media account, registered with its opening event."""

from __future__ import annotations

from typing import Any

from ..models import AccountStatus
from ..repository import Repository
from ..workdays import WorkCalendar
from .common import (
    Draft,
    check_date,
    check_new_id,
    check_unit,
    check_url,
    parse_date,
    review_chain,
    today,
    unit_choices,
    unit_names,
    validated,
)
from .emit import Notes, emit
from .files import schema_line
from .ids import account_id, unique
from .prompts import Answers, Question

PURPOSES = (("general", "日常政务信息发布"), ("special-topic", "单项活动或专项工作（须报批，第六条）"))
OPERATIONS = (("self", "本单位自行运维"), ("outsourced", "委托第三方专业机构运维（第九条）"))


def active_on_platform(repo: Repository, unit_id: str | None, platform: str | None) -> list[str]:
    return [
        a.id for a in repo.accounts.values() if a.owner == unit_id and a.platform == platform and a.status is AccountStatus.active
    ]


def needs_approval(repo: Repository, answers: Answers) -> bool:
    return answers.get("purpose") == "special-topic" or bool(active_on_platform(repo, answers.get("unit"), answers.get("platform")))


def approval_reason(repo: Repository, answers: Answers) -> str:
    """Why this account needs an approval document (第六条 special topic, 第七条 one account per platform)."""
    if answers.get("purpose") == "special-topic":
        return "专项账号须报经本级政府办公室批准（第六条），请填写批准文件的文号和日期"
    found = repo.config.platform(answers.get("platform") or "")
    unit = repo.units.get(answers.get("unit") or "")
    others = "、".join(f"「{repo.accounts[a].name}」" for a in active_on_platform(repo, answers.get("unit"), answers.get("platform")))
    return (
        f"{unit.name if unit else '本单位'}在{found.name if found else '该平台'}已有在用账号{others}；"
        "同一平台原则上只开设一个账号，再开设须报批（第七条），请填写批准文件的文号和日期"
    )


def questions(repo: Repository) -> list[Question]:
    platforms = repo.config.platforms
    why = lambda a: approval_reason(repo, a)  # noqa: E731

    def platform_label(answers: Answers) -> str:
        found = repo.config.platform(answers.get("platform") or "")
        return found.handle_label if found else "账号 ID"

    def unit_name(answers: Answers) -> str | None:
        unit = repo.units.get(answers.get("unit") or "")
        return unit.name if unit else None

    return [
        Question("unit", "主办单位（单位 id）", "--unit", choices=unit_choices(repo), aliases=unit_names(repo), check=check_unit(repo),
                 help="账号必须以单位名义开设，不得以内设机构或个人名义开设（第六条）"),
        Question("platform", "平台", "--platform", choices=lambda a: [(p.id, p.name) for p in platforms]),
        Question("id", "账号 id（文件名）", "--id",
                 default=lambda a: unique(account_id(a["unit"] or "", a["platform"] or ""), repo.accounts),
                 check=check_new_id(lambda: list(repo.accounts), "账号"), help="一般为 单位 id-平台 id，自动生成即可"),
        Question("name", "账号名称（在平台上显示的名称）", "--name"),
        Question("handle", "账号 ID", "--handle", help="微信号、微博 ID、抖音号等，见平台上的账号资料"),
        Question("url", "账号主页网址", "--url", required=False, check=check_url),
        Question("certified_subject", "认证主体（平台上的认证名称）", "--certified-subject", default=unit_name,
                 help="须为主办单位的名称"),
        Question("purpose", "用途", "--purpose", default="general", choices=lambda a: PURPOSES),
        Question("approval_number", "报批文件的批准文号", "--approval-number", when=lambda a: needs_approval(repo, a), why=why,
                 help="专项账号，或本单位在该平台已有在用账号时须报批（第六条、第七条）"),
        Question("approval_date", "报批文件的日期（YYYY-MM-DD）", "--approval-date", when=lambda a: needs_approval(repo, a), why=why,
                 check=check_date(not_after_today=True)),
        Question("operation", "运维方式", "--operation", default="self", choices=lambda a: OPERATIONS),
        Question("vendor", "运维单位名称", "--vendor", when=lambda a: a.get("operation") == "outsourced"),
        Question("agreement", "外包保密协议编号", "--agreement", when=lambda a: a.get("operation") == "outsourced"),
        Question("agreement_date", "外包保密协议签署日期（YYYY-MM-DD）", "--agreement-date",
                 when=lambda a: a.get("operation") == "outsourced", check=check_date(not_after_today=True)),
        Question("rules", "外包服务管理制度、运营监管制度的名称或文号", "--outsourcing-rules",
                 when=lambda a: a.get("operation") == "outsourced"),
        Question("description", "账号简介", "--description", required=False),
        Question("date", "开设日期（YYYY-MM-DD）", "--date", default=lambda a: today().isoformat(), check=check_date(not_after_today=True)),
        Question("filed", "在全国政务新媒体信息报送系统备案的日期（未备案直接回车）", "--filed", required=False,
                 check=check_date(not_after_today=True, not_before=lambda a: parse_date(a.get("date") or ""))),
    ]


def build(repo: Repository, answers: Answers, calendar: WorkCalendar) -> Draft:
    unit = repo.units[answers["unit"] or ""]
    platform = repo.config.platform(answers["platform"] or "")
    platform_name = platform.name if platform else answers["platform"] or ""
    handle_label = platform.handle_label if platform else "账号 ID"
    account = answers["id"] or ""
    rel = f"accounts/{unit.id}/{account}.yaml"
    opened = parse_date(answers["date"] or "") or today()
    notes = Notes()
    data: dict[str, Any] = {"id": account, "name": answers["name"], "platform": answers["platform"], "handle": answers["handle"]}
    notes.eol[("platform",)] = f"{platform_name}；平台 id 见 config/platforms.yaml"
    notes.eol[("handle",)] = handle_label
    if answers.get("url"):
        data["url"] = answers["url"]
    data["owner"] = unit.id
    notes.eol[("owner",)] = f"主办单位：{unit.name}；不得以内设机构或个人名义开设（第六条）"
    data["certified_subject"] = answers["certified_subject"]
    notes.eol[("certified_subject",)] = "认证主体须为主办单位"
    if answers.get("purpose") == "special-topic":
        data["purpose"] = "special-topic"
        notes.eol[("purpose",)] = "单项活动或专项工作账号（第六条）"
    if answers.get("approval_number"):
        data["approval"] = {"number": answers["approval_number"], "date": parse_date(answers["approval_date"] or "")}
        notes.eol[("approval",)] = "报批文件（第六条、第七条）"
    if answers.get("operation") == "outsourced":
        data["operation"] = {
            "mode": "outsourced",
            "vendor": answers["vendor"],
            "agreement": {"reference": answers["agreement"], "date": parse_date(answers["agreement_date"] or "")},
            "rules": answers["rules"],
        }
        notes.eol[("operation", "mode")] = "委托第三方运维；内容审核不可外包（第九条）"
        notes.eol[("operation", "agreement")] = "外包保密协议（不公开）"
        notes.eol[("operation", "rules")] = "外包服务管理制度、运营监管制度（不公开）"
    data["status"] = "active"
    notes.eol[("status",)] = "正常运行；须与最后一条备案事件一致"
    if answers.get("description"):
        data["description"] = answers["description"]
    event: dict[str, Any] = {"type": "open", "date": opened}
    due = calendar.add_working_days_checked(opened, 3)
    notes.eol[("lifecycle", 0, "type")] = "开设"
    if answers.get("filed"):
        event["filed"] = parse_date(answers["filed"] or "")
    else:
        notes.eol[("lifecycle", 0, "date")] = f"备案后在下面加一行 filed: 备案日期（最迟 {due.date.isoformat()}）"
    data["lifecycle"] = [event]
    notes.blank_before.add(("lifecycle",))
    notes.before[("lifecycle",)] = [
        "开设、变更、关停、注销后 3 个工作日内在“全国政务新媒体信息报送系统”备案（filed）；",
        "变更、关停、注销还须向社会公告不少于 15 个工作日（announcement）（第八条）。",
    ]
    header = [
        schema_line("account", rel) or "",
        f"{unit.name}在{platform_name}平台开设的政务新媒体账号。",
    ]
    text = emit(data, notes, header)
    validated("account", data, rel)
    draft = Draft("account", rel, text, data, reviewers=review_chain(unit))
    others = [a for a in active_on_platform(repo, unit.id, answers["platform"]) if a != account]
    if others:
        draft.notices.append(
            f"{unit.name}在{platform_name}已有在用账号：{'、'.join(others)}。第七条：一个单位原则上在同一平台只开设一个账号，"
            "已按报批文件登记；请考虑整合功能，集中做优一个主账号。"
        )
    if due.warning:
        draft.notices.append(f"备案期限按估算：{due.warning}。")
    return draft
