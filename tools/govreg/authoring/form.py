"""《政府网站和政务新媒体政务信息发布审查表》(第十二条、第十三条) for one content item, as printable HTML.

:func:`build_form` gathers the facts from the record (title, channel, source,
release time, the 三审 entries of its ``review`` block, escalation and emergency
approval) and, when given, the pull request's approvals (matched to the unit's
roster by ``login``); :func:`render_html` lays them out as a self-contained A4
page with print CSS (no external files, fonts or scripts), followed by the text
of the item, so the unit can print and archive a signed paper copy.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datalists import load_data_list
from ..engine import CHINA
from ..findings import Finding, Severity
from ..ledger import FORM_STEPS, Signoff
from ..models import Account, ContentItem, Escalation, ReviewStep, Role, Site
from ..repository import Repository
from ..topics import FILE as TOPICS_FILE
from ..topics import TopicList, TopicMatcher, needs_pre_review

TITLE = "政府网站和政务新媒体政务信息发布审查表"

#: 第十二条(一) 审核程序: (step key, label, role, duty)
STEPS = (
    ("initial", "初审", "承办人", "重点审查保密事项和公开属性,并对原稿(初稿)或经编辑修改后的初稿清样进行通篇校对。"),
    ("second", "复审", "承办科室负责人", "重点审核信息内容,对初校文字清样和花脸稿、音视频修改稿逐一比对校核,并与原稿对照校核。"),
    ("final", "终审", "分管领导", "结合复审意见对稿件进行全面审查和宏观把握,并签署发布意见。"),
)
STEP_ROLES = {"initial": Role.handler, "second": Role.section_head, "final": Role.leader}

#: 第十二条(二) 审核要求
CHECKLIST = (
    ("法规审核", "不违反国家方针政策和法律法规;不违反保护知识产权的有关规定。"),
    ("保密审核", "不涉及国家秘密、商业秘密及个人隐私;不擅自公开不宜公开的文件、信息等敏感内容;不含未经决议的行政管理事项(公开征集意见的除外)。"),
    ("转载审核", "转载中央、国务院及其部委文件,从人民日报、新华社等中央新闻单位或中国政府网、部委官方网站等权威平台转载;转载自治区文件,从自治区人民政府门户网站、自治区政府部门官方网站等权威平台转载。"),
    ("质量审核", "不与非法网站建立链接;无虚假不实内容;标题、正文、图片、统计数据、附件等无错别字、表述不当等问题。"),
    ("其他审核", "不涉意识形态领域问题;不对本地区、本部门的宣传和发展产生负面影响;不用于营利性、商业性活动;不含其他不适宜发布的内容。"),
)

SOURCE_KINDS = {"original": "原创(主动公开的信息)", "reprint": "转载"}
DOCUMENT_LEVELS = {"central": "中央、国务院及其部委文件", "region": "自治区政府及其部门文件", "local": "本市或县(市、区)文件", "none": ""}
DISCLOSURES = {"proactive": "主动公开", "on-request": "依申请公开", "not-public": "不予公开"}


@dataclass
class Approval:
    """One approval on the pull request, matched to the roster."""

    login: str
    at: dt.datetime | None
    body: str = ""
    person: str = ""  # name, when the login is in the unit's roster
    person_id: str = ""
    roles: tuple[str, ...] = ()


@dataclass
class StepRow:
    key: str
    label: str
    role: str
    duty: str
    name: str = ""
    person_id: str = ""
    at: dt.datetime | None = None
    opinion: str = ""
    origin: str = ""  # 登记记录 / 拉取请求 / (empty: not done)


@dataclass
class ReviewForm:
    path: str
    title: str
    unit: str
    channel: str
    source: list[tuple[str, str]]
    disclosure: str
    published: str
    retention: str
    flags: str
    summary: str
    steps: list[StepRow]
    extra_steps: list[StepRow]
    approvals: list[Approval] = field(default_factory=list)
    pull_request: str = ""
    findings: list[Finding] = field(default_factory=list)
    body_html: str = ""
    generated: str = ""
    problems: list[str] = field(default_factory=list)  # mismatches between the record and the approvals


def _time(value: dt.datetime | None) -> str:
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value else ""


def _time_html(value: dt.datetime | None) -> str:
    """A time on two lines (date, then hour and minute), for narrow table cells."""
    return _e(_time(value)).replace(" ", "<br>", 1)


def _person(repo: Repository, person_id: str) -> str:
    person = repo.person(person_id)
    if person is None:
        return f"{person_id}(名册中没有此人)"
    return person.name + (f"({person.title})" if person.title else "")


def _step_from_record(repo: Repository, row: StepRow, entry: ReviewStep | Escalation | None) -> None:
    if entry is None:
        return
    row.name = _person(repo, entry.by)
    row.person_id = entry.by
    row.at = entry.at
    row.opinion = getattr(entry, "opinion", None) or getattr(entry, "note", None) or ""
    row.origin = "登记记录"


def _channel_text(repo: Repository, item: ContentItem) -> str:
    channel = repo.channel(item.channel)
    if isinstance(channel, Site):
        column = next((c for c in channel.columns if c.id == item.column), None)
        return f"网站:{channel.name}({channel.domain})" + (f" / 栏目:{column.name}" if column else "")
    if isinstance(channel, Account):
        platform = repo.config.platform(channel.platform)
        return f"政务新媒体:{channel.name}({platform.name if platform else channel.platform},{channel.handle})"
    return item.channel


def match_approvals(repo: Repository, item: ContentItem, approvals: list[Approval]) -> None:
    """Fill in who each approving login is, from the roster of the item's unit (and the escalation roles)."""
    by_login = {p.login.casefold(): (u, p) for u, p in repo.people.values() if p.login}
    for approval in approvals:
        hit = by_login.get(approval.login.casefold())
        if hit is None:
            continue
        unit, person = hit
        approval.person = person.name + ("" if unit.id == item.unit else f"({unit.name})")
        approval.person_id = person.id
        roles = [r.value for r in person.roles]
        if unit.leader_in_charge == person.id and Role.leader.value not in roles:
            roles.append(Role.leader.value)
        approval.roles = tuple(roles if unit.id == item.unit else [r for r in roles if r in ("escalation-reviewer", "emergency-approver", "pre-reviewer")])


def _fill_from_approvals(repo: Repository, item: ContentItem, rows: list[StepRow], approvals: list[Approval], author: str | None) -> list[str]:
    """Steps the record leaves empty, filled from approvals in time order; and mismatches with the record.

    The pull request's author, when a handler of the item's unit, has done the initial review by opening it.
    """
    problems: list[str] = []
    used: set[str] = set()
    author_person = None
    if author:
        hit = next(((u, p) for u, p in repo.people.values() if p.login and p.login.casefold() == author.casefold()), None)
        if hit is not None and hit[0].id == item.unit and Role.handler in hit[1].roles:
            author_person = hit[1]
    ordered = sorted((a for a in approvals if a.person_id), key=lambda a: (a.at is None, a.at or dt.datetime.min.replace(tzinfo=CHINA)))
    for row in rows:
        role = STEP_ROLES[row.key].value
        if row.origin:
            by_author = row.key == "initial" and author_person is not None and author_person.id == row.person_id
            approval = next((a for a in ordered if a.person_id == row.person_id), None)
            if approval is not None and not by_author:
                row.at, row.opinion = approval.at, approval.body or row.opinion  # one record of a signature: the forge's
            # the initial review is done by opening the PR: without the PR's author (a bare review list) it cannot be doubted
            unknown_author = row.key == "initial" and author is None
            if not by_author and approval is None and not unknown_author:
                problems.append(f"{row.label}:登记记录中的{row.name}没有在拉取请求上批准")
            used.add(row.person_id)
            continue
        if row.key == "initial" and author_person is not None:
            row.name, row.person_id, row.origin = author_person.name, author_person.id, "拉取请求(提交人)"
            used.add(author_person.id)
            continue
        candidate = next((a for a in ordered if role in a.roles and a.person_id not in used), None)
        if candidate is not None:
            row.name, row.person_id, row.at, row.opinion, row.origin = candidate.person, candidate.person_id, candidate.at, candidate.body, "拉取请求"
            used.add(candidate.person_id)
    return problems


def _fill_from_ledger(repo: Repository, item: ContentItem, rows: list[StepRow], signoffs: Sequence[Signoff]) -> None:
    """Who signed, when and with what opinion, from the sign-off ledger (the forge's record kept in git): it wins over the typed block."""
    for signoff in signoffs:
        key = FORM_STEPS.get(signoff.step)
        if key in ("initial", "second", "final") and signoff.chain != item.unit:
            continue
        row = next((r for r in rows if r.key == key), None)
        if row is None:
            continue
        row.name, row.person_id, row.at = _person(repo, signoff.person), signoff.person, signoff.at
        row.opinion = signoff.opinion or row.opinion
        row.origin = "签核账本"


def build_form(
    repo: Repository,
    path: str,
    *,
    body: str,
    findings: list[Finding],
    approvals: list[Approval] | None = None,
    author: str | None = None,
    pull_request: str = "",
    today: dt.date | None = None,
    signoffs: Sequence[Signoff] | None = None,
) -> ReviewForm:
    item = repo.content[path]
    unit = repo.units.get(item.unit)
    source = [("来源类型", SOURCE_KINDS.get(item.source.kind, item.source.kind)), ("来源名称", item.source.name)]
    if item.source.url:
        source.append(("原文网址", item.source.url))
    if DOCUMENT_LEVELS.get(item.source.document_level):
        source.append(("转载文件", DOCUMENT_LEVELS[item.source.document_level]))
    flags = "、".join(x for x, on in (("敏感信息", item.sensitive), ("涉及重特大突发事件", item.emergency), ("涉及民族、宗教事务", item.ethnic)) if on) or "否"
    steps = [StepRow(key, label, role, duty) for key, label, role, duty in STEPS]
    for row in steps:
        _step_from_record(repo, row, getattr(item.review, row.key))
    extra: list[StepRow] = []
    if item.sensitive or item.escalation is not None:
        row = StepRow("escalation", "有关部门审核", "党委、政府有关业务部门", "重要信息或敏感信息不能作出判断时,须请党委、政府有关业务部门审核,审核通过后方可发布。")
        _step_from_record(repo, row, item.escalation)
        extra.append(row)
    if item.emergency or item.emergency_approval is not None:
        row = StepRow("emergency", "突发事件审批", "党委、政府分管负责同志", "涉及重特大突发事件、突发性群体事件等信息,必须经审批同意后方可发布。")
        _step_from_record(repo, row, item.emergency_approval)
        extra.append(row)
    needs_pre, _ = needs_pre_review(item, body, TopicMatcher(load_data_list(repo.root, TOPICS_FILE, TopicList).value))
    if needs_pre or item.pre_review is not None:
        row = StepRow("pre-review", "前置审核", "铸牢中华民族共同体意识主线前置审核人", "涉及民族、宗教事务的信息,须经铸牢中华民族共同体意识主线前置审核,通过后方可复审(第十二条)。")
        _step_from_record(repo, row, item.pre_review)
        extra.insert(0, row)
    problems: list[str] = []
    if approvals is not None:
        match_approvals(repo, item, approvals)
        problems = _fill_from_approvals(repo, item, steps, approvals, author)
    if signoffs:
        _fill_from_ledger(repo, item, [*steps, *extra], signoffs)
    retention = "长期公开" if item.retention == "permanent" else f"至 {item.retention}"
    return ReviewForm(
        path=path,
        title=item.title,
        unit=unit.name if unit else item.unit,
        channel=_channel_text(repo, item),
        source=source,
        disclosure=DISCLOSURES.get(item.disclosure.value, item.disclosure.value),
        published=_time(item.published_at) if item.published_at else "尚未发布(草稿)",
        retention=retention,
        flags=flags,
        summary=item.summary or "",
        steps=steps,
        extra_steps=extra,
        approvals=approvals or [],
        pull_request=pull_request,
        findings=[f for f in findings if f.path == path],
        body_html=render_body(body, repo.root / path),
        generated=(today or dt.date.today()).isoformat(),
        problems=problems,
    )


# ---------------------------------------------------------------- the item's text


_IMG = re.compile(r'<img([^>]*?) src="([^"]+)"')


def render_body(body: str, item_file: Path) -> str:
    """The Markdown body as HTML: raw HTML in the body is shown as text; local images are embedded."""
    import markdown  # type: ignore[import-untyped,unused-ignore]  # installed with MkDocs

    converter = markdown.Markdown(extensions=["tables", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    out: str = converter.convert(body)

    def embed(match: re.Match[str]) -> str:
        src = html.unescape(match.group(2))
        target = (item_file.parent / src).resolve()
        if "://" in src or not target.is_file() or target.stat().st_size > 2 * 1024 * 1024:
            return match.group(0)
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f'<img{match.group(1)} src="data:{kind};base64,{data}"'

    return _IMG.sub(embed, out)


# ---------------------------------------------------------------- HTML


CSS = """
@page { size: A4; margin: 18mm 16mm 16mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei", serif;
       font-size: 11pt; line-height: 1.5; color: #000; margin: 0 auto; max-width: 180mm; padding: 8mm 0; }
h1 { font-size: 18pt; text-align: center; letter-spacing: 1pt; margin: 0 0 4mm; font-weight: bold; }
.meta { display: flex; justify-content: space-between; font-size: 10pt; margin-bottom: 2mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; page-break-inside: auto; }
th, td { border: 1px solid #000; padding: 1.6mm 2mm; vertical-align: top; text-align: left; }
th { font-weight: bold; background: #f2f2f2; white-space: nowrap; }
tr { page-break-inside: avoid; }
.duty { font-size: 9pt; color: #333; }
.sign { height: 12mm; min-width: 28mm; }
.pending { color: #555; font-style: italic; }
.box { white-space: nowrap; width: 18mm; }
.time { white-space: nowrap; }
.section { font-size: 12pt; font-weight: bold; margin: 5mm 0 2mm; }
.note { font-size: 9pt; color: #333; }
.problem { color: #a00; }
.body { page-break-before: always; }
.body h1, .body h2, .body h3 { text-align: left; font-size: 13pt; }
.body img { max-width: 100%; }
.body table th, .body table td { font-size: 10pt; }
footer { font-size: 8.5pt; color: #444; margin-top: 4mm; border-top: 1px solid #999; padding-top: 1mm; }
@media screen { body { padding: 12mm; box-shadow: 0 0 4mm #bbb; margin: 8mm auto; } }
@media print { .noprint { display: none; } body { max-width: none; padding: 0; } }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _step_html(row: StepRow) -> str:
    done = bool(row.origin)
    name = _e(row.name) if done else '<span class="pending">待审核</span>'
    when = _time_html(row.at) if row.at else ("" if not done else "提交拉取请求时")
    origin = f'<div class="note">(据{_e(row.origin)})</div>' if done else ""
    return (
        f"<tr><th>{_e(row.label)}<div class=\"duty\">{_e(row.role)}</div></th>"
        f"<td><div class=\"duty\">{_e(row.duty)}</div></td>"
        f"<td>{name}{origin}</td><td class=\"time\">{when}</td><td>{_e(row.opinion)}</td><td class=\"sign\"></td></tr>"
    )


def render_html(form: ReviewForm) -> str:
    source = "<br>".join(f"{_e(k)}:{_e(v)}" for k, v in form.source)
    rows = [
        ("信息标题", _e(form.title)),
        ("发布单位", _e(form.unit)),
        ("发布渠道", _e(form.channel)),
        ("信息来源", source),
        ("公开属性", _e(form.disclosure)),
        ("发布时间", _e(form.published)),
        ("公开期限", _e(form.retention)),
        ("特殊类别", _e(form.flags)),
    ]
    if form.summary:
        rows.append(("内容摘要", _e(form.summary)))
    basics = "".join(f"<tr><th>{k}</th><td colspan=\"3\">{v}</td></tr>" for k, v in rows)
    steps = "".join(_step_html(r) for r in [*form.steps, *form.extra_steps])
    checklist = "".join(
        f'<tr><th>{i}. {_e(name)}</th><td>{_e(text)}</td><td class="box">□ 符合<br>□ 不符合</td></tr>'
        for i, (name, text) in enumerate(CHECKLIST, 1)
    )
    if form.findings:
        items = "".join(
            f"<li>{_e(f.severity.label)}:{_e(f.message)}{('〔' + _e(f.article) + '〕') if f.article else ''}({_e(f.code)})</li>" for f in form.findings
        )
        errors = sum(1 for f in form.findings if f.severity is Severity.error)
        automated = f"<p>govreg check 对本条信息给出 {len(form.findings)} 条结果(其中错误 {errors} 条):</p><ul>{items}</ul>"
    else:
        automated = "<p>govreg check 对本条信息没有发现问题(格式、来源、个人信息遮掩、审核记录等可由软件核对的项目)。</p>"
    approvals = ""
    if form.approvals:
        lines = "".join(
            f"<tr><td>{_e(a.login)}</td><td>{_e(a.person or '(不在名册中)')}</td><td>{_e(_time(a.at))}</td><td>{_e(a.body)}</td></tr>"
            for a in form.approvals
        )
        title = f"拉取请求{_e(form.pull_request)}上的批准" if form.pull_request else "拉取请求上的批准"
        approvals = (
            f'<div class="section">{title}</div><table><tr><th>账号</th><th>名册中的人员</th><th>批准时间</th><th>审核意见</th></tr>{lines}</table>'
        )
    problems = "".join(f'<p class="problem">⚠ {_e(p)}</p>' for p in form.problems)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{_e(TITLE)} - {_e(form.title)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{_e(TITLE)}</h1>
<div class="meta"><span>填报单位:{_e(form.unit)}</span><span>记录文件:{_e(form.path)}</span></div>
<table>{basics}</table>
<div class="section">审核程序(《吴忠市政府网站和政务新媒体管理办法》第十二条“三审三校”)</div>
<table class="steps">
<colgroup><col style="width:13%"><col style="width:27%"><col style="width:17%"><col style="width:15%"><col style="width:15%"><col style="width:13%"></colgroup>
<tr><th>环节</th><th>审核重点</th><th>审核人</th><th>审核时间</th><th>审核意见</th><th>签字</th></tr>
{steps}
</table>
{problems}
<div class="section">审核要求(第十二条第二项)</div>
<table>{checklist}</table>
<div class="section">软件核对结果</div>
{automated}
{approvals}
<p class="note">第十三条:信息发布前须查验本表相关审核责任人是否签字,认真校对信息内容,预览确认无误后方可发布。
终审结束后,承办科室负责人与承办人根据终审领导发布意见对稿件进行发布前校对。</p>
<footer>本表由 govreg form 于 {_e(form.generated)} 根据登记库记录 {_e(form.path)} 生成;“审核人”“审核时间”取自记录的 review 等字段{"及拉取请求上的批准" if form.approvals else ""},签字栏由审核人手签。</footer>
<section class="body">
<div class="section">附:信息正文</div>
<h2>{_e(form.title)}</h2>
{form.body_html}
</section>
</body>
</html>
"""
