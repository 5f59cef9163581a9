"""《政府网站和政务新媒体政务信息发布审查表》(第十二条、第十三条) for one content item, as printable HTML.

:func:`build_form` gathers the facts from the record (title, channel, source,
release time, the 三审 entries of its ``review`` block, escalation and emergency
approval) and, when given, the pull request's approvals (matched to the unit's
roster by ``login``); :func:`render_html` lays them out, through the autoescaping
Jinja2 template ``templates/form.html.j2``, as a self-contained A4 page with print
CSS (no external files, fonts or scripts) followed by the text of the item, so the
unit can print and archive a signed paper copy.  The body is hostile input: only
http(s) links stay live and only image files inside the repository are embedded.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
import posixpath
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup

from ..clock import CHINA
from ..datalists import load_data_list
from ..findings import Finding, Severity
from ..ledger import FORM_STEPS, Signoff
from ..models import Account, ContentItem, Escalation, ReviewStep, Role, Site
from ..repository import Repository
from ..topics import FILE as TOPICS_FILE
from ..topics import TopicList, TopicMatcher, needs_pre_review

TITLE = "政府网站和政务新媒体政务信息发布审查表"

#: 第十二条(一) 审核程序: (step key, label, role, duty)
STEPS = (
    ("initial", "初审", "承办人", "重点审查保密事项和公开属性，并对原稿（初稿）或经编辑修改后的初稿清样进行通篇校对。"),
    ("second", "复审", "承办科室负责人", "重点审核信息内容，对初校文字清样和花脸稿、音视频修改稿逐一比对校核，并与原稿对照校核。"),
    ("final", "终审", "分管领导", "结合复审意见对稿件进行全面审查和宏观把握，并签署发布意见。"),
)
STEP_ROLES = {"initial": Role.handler, "second": Role.section_head, "final": Role.leader}

#: 第十二条(二) 审核要求
CHECKLIST = (
    ("法规审核", "不违反国家方针政策和法律法规；不违反保护知识产权的有关规定。"),
    (
        "保密审核",
        "不涉及国家秘密、商业秘密及个人隐私；不擅自公开不宜公开的文件、信息等敏感内容；不含未经决议的行政管理事项（公开征集意见的除外）。",
    ),
    (
        "转载审核",
        "转载中央、国务院及其部委文件，从人民日报、新华社等中央新闻单位或中国政府网、部委官方网站等权威平台转载；转载自治区文件，从自治区人民政府门户网站、自治区政府部门官方网站等权威平台转载。",
    ),
    ("质量审核", "不与非法网站建立链接；无虚假不实内容；标题、正文、图片、统计数据、附件等无错别字、表述不当等问题。"),
    ("其他审核", "不涉意识形态领域问题；不对本地区、本部门的宣传和发展产生负面影响；不用于营利性、商业性活动；不含其他不适宜发布的内容。"),
)

SOURCE_KINDS = {"original": "原创（主动公开的信息）", "reprint": "转载"}
DOCUMENT_LEVELS = {"central": "中央、国务院及其部委文件", "region": "自治区政府及其部门文件", "local": "本市或县（市、区）文件", "none": ""}
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

    @property
    def online(self) -> bool:
        """Known only from an approval on the pull request (not yet in the record)."""
        return self.origin.startswith("拉取请求")

    @property
    def date(self) -> str:
        return _time(self.at).split(" ")[0]

    @property
    def clock(self) -> str:
        return _time(self.at).split(" ")[-1]


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
    measures: str = "《政府网站和政务新媒体管理办法》"  # the basis line: the city's measures (config/govreg.yaml city:)
    body_html: str = ""
    generated: str = ""
    problems: list[str] = field(default_factory=list)  # mismatches between the record and the approvals

    @property
    def online(self) -> bool:
        return bool(self.approvals)


def _time(value: dt.datetime | None) -> str:
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value else ""


def _person(repo: Repository, person_id: str) -> str:
    person = repo.person(person_id)
    if person is None:
        return f"{person_id}（名册中没有此人）"
    return person.name + (f"（{person.title}）" if person.title else "")


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
        return f"网站：{channel.name}（{channel.domain}）" + (f"，栏目：{column.name}" if column else "")
    if isinstance(channel, Account):
        platform = repo.config.platform(channel.platform)
        return f"政务新媒体：{channel.name}（{platform.name if platform else channel.platform}，{channel.handle}）"
    return item.channel


def match_approvals(repo: Repository, item: ContentItem, approvals: list[Approval]) -> None:
    """Fill in who each approving login is, from the roster of the item's unit (and the escalation roles)."""
    by_login = {p.login.casefold(): (u, p) for u, p in repo.people.values() if p.login}
    for approval in approvals:
        hit = by_login.get(approval.login.casefold())
        if hit is None:
            continue
        unit, person = hit
        approval.person = person.name + ("" if unit.id == item.unit else f"（{unit.name}）")
        approval.person_id = person.id
        roles = [r.value for r in person.roles]
        if unit.leader_in_charge == person.id and Role.leader.value not in roles:
            roles.append(Role.leader.value)
        approval.roles = tuple(roles if unit.id == item.unit else [r for r in roles if r in ("escalation-reviewer", "emergency-approver", "pre-reviewer")])


def _fill_from_approvals(
    repo: Repository, item: ContentItem, rows: list[StepRow], approvals: list[Approval], author: str | None
) -> list[str]:
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
                problems.append(f"{row.label}：登记记录中的{row.name}没有在拉取请求上批准")
            used.add(row.person_id)
            continue
        if row.key == "initial" and author_person is not None:
            row.name, row.person_id, row.origin = author_person.name, author_person.id, "拉取请求（提交人）"
            used.add(author_person.id)
            continue
        candidate = next((a for a in ordered if role in a.roles and a.person_id not in used), None)
        if candidate is not None:
            row.name, row.person_id, row.at, row.opinion, row.origin = (
                candidate.person,
                candidate.person_id,
                candidate.at,
                candidate.body,
                "拉取请求",
            )
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
        row = StepRow(
            "escalation",
            "有关部门审核",
            "党委、政府有关业务部门",
            "重要信息或敏感信息不能作出判断时，须请党委、政府有关业务部门审核，审核通过后方可发布。",
        )
        _step_from_record(repo, row, item.escalation)
        extra.append(row)
    if item.emergency or item.emergency_approval is not None:
        row = StepRow(
            "emergency", "突发事件审批", "党委、政府分管负责同志", "涉及重特大突发事件、突发性群体事件等信息，必须经审批同意后方可发布。"
        )
        _step_from_record(repo, row, item.emergency_approval)
        extra.append(row)
    needs_pre, _ = needs_pre_review(item, body, TopicMatcher(load_data_list(repo.root, TOPICS_FILE, TopicList).value))
    if needs_pre or item.pre_review is not None:
        row = StepRow("pre-review", "前置审核", "铸牢中华民族共同体意识主线前置审核人", "涉及民族、宗教事务的信息，须经铸牢中华民族共同体意识主线前置审核，通过后方可复审（第十二条）。")
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
        published=_time(item.published_at) if item.published_at else "尚未发布（草稿）",
        retention=retention,
        flags=flags,
        summary=item.summary or "",
        steps=steps,
        extra_steps=extra,
        approvals=approvals or [],
        pull_request=pull_request,
        findings=[f for f in findings if f.path == path],
        body_html=render_body(body, repo.root / path, repo.root),
        generated=(today or dt.date.today()).isoformat(),
        problems=problems,
        measures=repo.config.city.measures_title,
    )


# ---------------------------------------------------------------- the item's text

#: Link schemes that stay live on the form; anything else (javascript:, data:, vbscript:, file:, relative paths
#: that mean nothing on paper) is shown as plain text.
LIVE_SCHEMES = frozenset({"http", "https"})
#: Largest image embedded in the form.
MAX_IMAGE = 2 * 1024 * 1024


def _decoded(value: str) -> str:
    """A URL as the browser would read it: entities decoded (repeatedly), control characters and blanks dropped."""
    for _ in range(3):
        unescaped = html.unescape(value)
        if unescaped == value:
            break
        value = unescaped
    return "".join(ch for ch in value if not (unicodedata.category(ch).startswith("C") or ch.isspace()))


def live_link(href: str) -> str | None:
    """``href`` when it is an http(s) URL with a host, else None."""
    value = _decoded(href)
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in LIVE_SCHEMES or not parts.netloc:
        return None
    return value


def repository_image(src: str, item_file: Path, root: Path) -> Path | None:
    """The image file ``src`` names, when it is an image inside the repository (symlinks resolved), else None.

    Paths are read as the ``attachment-*`` rules read them: relative to the item's folder, or to the repository
    root when they start with ``/``; ``%xx`` decoded; ``?``/``#`` parts ignored.
    """
    value = _decoded(src).replace("\\", "/")
    if ":" in value.split("/", 1)[0]:  # any scheme (http:, data:, file:) or a drive letter
        return None
    path = unquote(value.split("#", 1)[0].split("?", 1)[0])
    if not path or "\x00" in path:
        return None
    base = root.resolve()
    start = base if path.startswith("/") else item_file.parent.resolve()
    target = (start / posixpath.normpath(path.lstrip("/"))).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    kind = mimetypes.guess_type(target.name)[0] or ""
    if not kind.startswith("image/") or target.stat().st_size > MAX_IMAGE:
        return None
    return target


def _make_safe(tree: etree.Element, item_file: Path, root: Path) -> None:
    for element in tree.iter():
        if element.tag == "a":
            href = live_link(element.get("href", ""))
            for name in list(element.attrib):
                del element.attrib[name]
            if href is None:
                element.tag = "span"
                element.set("class", "link")
            else:
                element.set("href", href)
        elif element.tag == "img":
            alt = element.get("alt", "")
            target = repository_image(element.get("src", ""), item_file, root)
            element.attrib.clear()
            if target is None:
                element.tag = "span"
                element.set("class", "missing-image")
                element.text = f"〔图片：{alt or '无说明'}〕"
            else:
                kind = mimetypes.guess_type(target.name)[0] or "image/png"
                element.set("src", f"data:{kind};base64,{base64.b64encode(target.read_bytes()).decode('ascii')}")
                element.set("alt", alt)


def render_body(body: str, item_file: Path, root: Path) -> str:
    """The Markdown body as HTML: raw HTML is shown as text, links other than http(s) are text, and only images
    inside the repository are embedded (as ``data:`` URLs)."""
    import markdown  # type: ignore[import-untyped,unused-ignore]  # installed with MkDocs

    class SafeTree(markdown.treeprocessors.Treeprocessor):  # type: ignore[misc,unused-ignore]
        def run(self, tree: etree.Element) -> None:
            _make_safe(tree, item_file, root)

    converter = markdown.Markdown(extensions=["tables", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(SafeTree(converter), "govreg-safe", 1)  # after the inline patterns (20)
    out: str = converter.convert(body)
    return out


# ---------------------------------------------------------------- HTML


CSS = """
@page { size: A4; margin: 12mm 14mm 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Zen Hei", serif;
       font-size: 10pt; line-height: 1.4; color: #000; margin: 0 auto; max-width: 182mm; padding: 6mm 0; }
h1 { font-size: 16pt; text-align: center; letter-spacing: 1pt; margin: 0 0 2mm; font-weight: bold; }
.meta { display: flex; justify-content: space-between; font-size: 9.5pt; margin-bottom: 1mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 1mm 1.6mm; vertical-align: middle; text-align: left; overflow-wrap: anywhere; }
th { font-weight: bold; background: #f2f2f2; }
tr, .check, .note { break-inside: avoid; page-break-inside: avoid; }
.duty { font-size: 8.5pt; color: #222; font-weight: normal; }
.steps td { height: 13mm; }
.pending { color: #555; font-style: italic; }
.box { white-space: nowrap; font-size: 9pt; }
.checklist td, .checklist th { font-size: 9pt; padding: 0.7mm 1.6mm; }
.time { white-space: nowrap; }
.section { font-size: 11pt; font-weight: bold; margin: 2.5mm 0 1mm; break-after: avoid; page-break-after: avoid; }
.note, .check { font-size: 8.5pt; color: #222; margin: 1mm 0; }
.problem { color: #a00; margin: 1mm 0; }
.body { border-top: 1.5px solid #000; margin-top: 3mm; font-size: 9.5pt; }
.body h1, .body h2, .body h3 { text-align: left; font-size: 11pt; margin: 1.5mm 0; }
.body p { margin: 1mm 0; }
.body img { max-width: 100%; max-height: 90mm; }
.body table th, .body table td { font-size: 9pt; }
footer { font-size: 7.5pt; color: #444; margin-top: 3mm; border-top: 1px solid #999; padding-top: 1mm; }
@media screen { body { padding: 12mm; box-shadow: 0 0 4mm #bbb; margin: 8mm auto; } }
@media print { .noprint { display: none; } body { max-width: none; padding: 0; } }
"""

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("govreg", "templates"),
    autoescape=True,  # every value from the record or the pull request is text, never markup
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render_html(form: ReviewForm) -> str:
    template = _TEMPLATES.get_template("form.html.j2")
    return template.render(
        title=TITLE,
        css=Markup(CSS),
        form=form,
        steps=[*form.steps, *form.extra_steps],
        checklist=CHECKLIST,
        errors=sum(1 for f in form.findings if f.severity is Severity.error),
        body=Markup(form.body_html),  # built by render_body, which made it safe
    )
