"""``govreg new content``: an information item (Markdown with front matter) with its review block started.

The item is written as a draft unless a release time is given: the handler's
initial review (初审) is recorded with the time of writing; the second and final
reviews are prepared as commented lines naming the people from the unit's
roster, to be filled in when they have signed (第十二条、第十三条).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models import Account, AccountStatus, Role, Site
from ..repository import Repository
from .common import (
    YES_NO,
    Draft,
    check_datetime,
    check_retention,
    check_unit,
    check_url,
    now,
    parse_date,
    parse_datetime,
    people_with,
    review_chain,
    suggest,
    today,
    unit_names,
    validated,
    yes,
)
from .emit import Notes, emit
from .errors import UserError
from .ids import slug_from_title, slug_problem, unique
from .prompts import Answers, Question

SOURCE_KINDS = (("original", "原创（本单位主动公开的信息）"), ("reprint", "转载主流媒体或上级机关的信息"))
DOCUMENT_LEVELS = (
    ("none", "不是上级文件"),
    ("central", "中央、国务院及其部委文件（须从人民日报、新华社、中国政府网等转载）"),
    ("region", "自治区政府及其部门文件（须从自治区政府门户网站等转载）"),
    ("local", "本市或县（市、区）文件"),
)
DISCLOSURES = (("proactive", "主动公开"), ("on-request", "依申请公开"), ("not-public", "不予公开"))


def _channel(repo: Repository, answers: Answers) -> Site | Account | None:
    return repo.channel(answers.get("channel") or "")


def questions(repo: Repository) -> list[Question]:
    def check_channel(value: str, answers: Answers) -> str | None:
        channel = repo.channel(value)
        if channel is None:
            names = {a.id: a.name for a in repo.accounts.values()} | {s.id: s.name for s in repo.sites.values()}
            return f"没有 id 为「{value}」的网站或账号（见 sites/、accounts/）{suggest(value, names)}"
        if isinstance(channel, Account) and channel.status is not AccountStatus.active:
            return f"账号「{channel.name}」已{'关停' if channel.status is AccountStatus.closed else '注销'}，不能再发布信息"
        return None

    def columns(answers: Answers) -> list[tuple[str, str]]:
        site = _channel(repo, answers)
        return [(c.id, c.name) for c in site.columns] if isinstance(site, Site) else []

    def default_unit(answers: Answers) -> str | None:
        channel = _channel(repo, answers)
        if isinstance(channel, Account):
            return channel.owner
        if isinstance(channel, Site):
            column = next((c for c in channel.columns if c.id == answers.get("column")), None)
            return column.responsible_unit if column else channel.owner
        return None

    def handlers(answers: Answers) -> list[tuple[str, str]]:
        unit = repo.units.get(answers.get("unit") or "")
        return [(p.id, p.name) for p in people_with(unit, Role.handler)] if unit else []

    def default_handler(answers: Answers) -> str | None:
        found = handlers(answers)
        return found[0][0] if len(found) == 1 else None

    def unit_name(answers: Answers) -> str | None:
        unit = repo.units.get(answers.get("unit") or "")
        return unit.name if unit and answers.get("source_kind") != "reprint" else None

    def check_slug(value: str, answers: Answers) -> str | None:
        problem = slug_problem(value)
        if problem:
            return problem
        return "同一目录下已有同名文件，请换一个" if (repo.root / folder(answers) / f"{value}.md").exists() else None

    reprint = lambda a: a.get("source_kind") == "reprint"  # noqa: E731
    return [
        Question("channel", "发布渠道（网站 id 或账号 id）", "--channel", check=check_channel,
                 help="账号 id 见 accounts/<单位>/ 下的文件名，网站 id 见 sites/"),
        Question("column", "网站栏目", "--column", choices=columns, when=lambda a: isinstance(_channel(repo, a), Site)),
        Question("unit", "发布单位（单位 id，三审由本单位人员负责）", "--unit", default=default_unit, aliases=unit_names(repo), check=check_unit(repo)),
        Question("title", "标题", "--title"),
        Question("slug", "文件名（英文，不含 .md）", "--slug",
                 default=lambda a: unique(slug_from_title(a.get("title") or ""), _taken(repo, folder(a))), check=check_slug),
        Question("source_kind", "信息来源", "--source", default="original", choices=lambda a: SOURCE_KINDS),
        Question("source_name", "来源名称（发布单位或转载媒体）", "--source-name", default=unit_name),
        Question("source_url", "转载原文网址", "--source-url", when=reprint, check=check_url),
        Question("document_level", "转载的是否为上级文件", "--document-level", default="none", when=reprint, choices=lambda a: DOCUMENT_LEVELS),
        Question("published_at", "发布时间（YYYY-MM-DD HH:MM；还未发布直接回车，保存为草稿）", "--published-at", required=False, check=check_datetime),
        Question("retention", "公开期限（截止日期 YYYY-MM-DD，或 permanent 长期公开）", "--retention", default="permanent", check=check_retention),
        Question("disclosure", "公开属性", "--disclosure", default="proactive", choices=lambda a: DISCLOSURES),
        Question("sensitive", "是否敏感信息（须经党委、政府有关业务部门审核）", "--sensitive", default="no", choices=lambda a: YES_NO),
        Question("emergency", "是否涉及重特大突发事件（须经党委、政府分管负责同志审批）", "--emergency", default="no", choices=lambda a: YES_NO),
        Question("summary", "摘要（可不填）", "--summary", required=False),
        Question("handler", "初审承办人（人员 id）", "--handler", default=default_handler, choices=handlers),
        Question("reviewed_at", "初审时间（YYYY-MM-DD HH:MM）", "--reviewed-at", default=lambda a: now().strftime("%Y-%m-%d %H:%M"), check=check_datetime),
    ]


def folder(answers: Answers) -> str:
    published = parse_datetime(answers.get("published_at") or "")
    year = published.year if published else today().year
    return f"content/{answers.get('channel') or ''}/{year}"


def _taken(repo: Repository, rel_folder: str) -> list[str]:
    base = repo.root / rel_folder
    return [p.stem for p in base.glob("*.md")] if base.is_dir() else []


def build(repo: Repository, answers: Answers, body: str) -> Draft:
    unit = repo.units[answers["unit"] or ""]
    channel = _channel(repo, answers)
    rel = f"{folder(answers)}/{answers['slug']}.md"
    if (repo.root / rel).exists():
        raise UserError(f"{rel} 已存在", "请用 --slug 换一个文件名；如要修改已有信息，请直接编辑该文件。")
    notes = Notes()
    data: dict[str, Any] = {"title": answers["title"], "channel": answers["channel"]}
    if isinstance(channel, Site):
        data["column"] = answers["column"]
        column = next((c for c in channel.columns if c.id == answers["column"]), None)
        notes.eol[("channel",)] = f"发布渠道：网站「{channel.name}」"
        notes.eol[("column",)] = f"栏目：{column.name if column else ''}，见 sites/{channel.id}.yaml"
    elif isinstance(channel, Account):
        platform = repo.config.platform(channel.platform)
        notes.eol[("channel",)] = f"发布渠道：账号「{channel.name}」（{platform.name if platform else channel.platform}）"
    data["unit"] = unit.id
    notes.eol[("unit",)] = f"发布单位：{unit.name}；三审由本单位人员负责"
    source: dict[str, Any] = {"kind": answers["source_kind"], "name": answers["source_name"]}
    if answers.get("source_url"):
        source["url"] = answers["source_url"]
    if answers.get("document_level") not in (None, "none"):
        source["document_level"] = answers["document_level"]
    data["source"] = source
    notes.eol[("source",)] = "信息来源（第十条、第十四条）"
    published = parse_datetime(answers.get("published_at") or "")
    if published is not None:
        data["published_at"] = published
        notes.eol[("published_at",)] = "发布后不得改动（第十四条）"
    else:
        notes.before[("retention",)] = ["published_at：草稿。发布时在此填写发布时间，如 published_at: 2026-11-27T10:00:00+08:00（发布后不得改动，第十四条）"]
    retention = answers["retention"] or "permanent"
    data["retention"] = parse_date(retention) or retention
    notes.eol[("retention",)] = "长期公开" if retention == "permanent" else "公开期限，到期后巡查清理（第十五条）"
    if answers.get("disclosure") not in (None, "proactive"):
        data["disclosure"] = answers["disclosure"]
    if yes(answers.get("sensitive")):
        data["sensitive"] = True
        notes.eol[("sensitive",)] = "敏感信息：须经党委、政府有关业务部门审核后方可发布（第十二条）"
    if yes(answers.get("emergency")):
        data["emergency"] = True
        notes.eol[("emergency",)] = "重特大突发事件：须经党委、政府分管负责同志审批（第十二条）"
    if answers.get("summary"):
        data["summary"] = answers["summary"]
    reviewed = parse_datetime(answers["reviewed_at"] or "") or now()
    handler = repo.person(answers["handler"] or "")
    data["review"] = {"initial": {"by": answers["handler"], "at": reviewed}}
    notes.eol[("review",)] = "三审（第十二条）：初审承办人、复审承办科室负责人、终审分管领导"
    notes.eol[("review", "initial", "by")] = f"初审：{handler.name if handler else ''}（承办人）"
    heads = people_with(unit, Role.section_head)
    leaders = people_with(unit, Role.leader)
    head = heads[0] if heads else None
    leader = leaders[0] if leaders else None
    notes.after[("review", "initial")] = [
        "复审、终审完成后，去掉下面各行开头的 # 并填写审核时间（审核人按本单位名册）：",
        "second:",
        f"  by: {head.id if head else '（复审人员 id）'}  # 复审：{head.name if head else ''}（承办科室负责人）",
        "  at: YYYY-MM-DDTHH:MM:00+08:00",
        "final:",
        f"  by: {leader.id if leader else '（终审人员 id）'}  # 终审：{leader.name if leader else ''}（分管领导）",
        "  at: YYYY-MM-DDTHH:MM:00+08:00",
        "  opinion: 同意发布",
    ]
    trailer: list[str] = []
    if yes(answers.get("sensitive")):
        trailer += ["敏感信息：有关业务部门审核后填写", "# escalation:", "#   by: （审核人员 id）", "#   at: YYYY-MM-DDTHH:MM:00+08:00", "#   opinion: 同意发布"]
    if yes(answers.get("emergency")):
        trailer += ["重特大突发事件：分管负责同志审批后填写", "# emergency_approval:", "#   by: （审批人员 id）", "#   at: YYYY-MM-DDTHH:MM:00+08:00", "#   opinion: 同意发布"]
    front = emit(data, notes, trailer=trailer)
    validated("content", data, rel)
    text_body = body.strip("\n") or "（请在此撰写正文。）"
    text = f"---\n{front}---\n\n{text_body}\n"
    draft = Draft("content", rel, text, data, reviewers=review_chain(unit))
    if published is None:
        draft.notices.append("未填写发布时间，保存为草稿；发布前须完成三审并填写 published_at（第十三条）。")
    return draft


def read_body(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"找不到正文文件 {path}", "请检查 --body-file 的路径；正文文件须为 UTF-8 编码的文本或 Markdown。") from None
    except UnicodeDecodeError:
        raise UserError(f"正文文件 {path} 不是 UTF-8 编码", "请把正文文件另存为 UTF-8 编码后重试。") from None
