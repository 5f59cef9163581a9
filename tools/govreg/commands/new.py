"""``govreg new account|content|unit|site``: write a new record in the right place, then check it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authoring import new_account, new_content, new_followup, new_site, new_unit
from ..authoring.common import Draft
from ..authoring.errors import UserError
from ..authoring.files import atomic_write, repository_root
from ..authoring.prompts import Answers, Prompter, Question, resolve
from ..config import Config
from ..followup import FollowupSettings
from ..repository import Repository, load_repository
from ..supervision_settings import SettingsError, load_section
from ..workdays import CalendarConfigError, WorkCalendar
from ._authoring import add_common, check_files, fail, prompter_for

NAME = "new"
HELP = "新建记录：account 账号、content 信息、unit 单位、site 网站（在终端中逐项提问）"
DESCRIPTION = (
    "新建一条记录：自动生成 id、文件位置、今天的日期、编辑器用的 schema 行和中文注释，写入后运行检查，只显示新文件的结果。"
    "在终端中运行时逐项提问（直接回车采用方括号中的默认值）；在脚本中用参数给出各项，缺少必填项时报错并列出要补的参数。"
)

# (flag, answer key, help) for each kind; the prompts ask for the same answers in Chinese.
_EMPTY = Repository(root=Path("."), config=Config())  # for listing the questions' flags only
FLAGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "account": (
        ("--unit", "unit", "主办单位 id（units/ 中的文件名）"),
        ("--platform", "platform", "平台 id，见 config/platforms.yaml(wechat、weibo、douyin ……)"),
        ("--id", "id", "账号 id（默认 单位 id-平台 id）"),
        ("--name", "name", "账号名称"),
        ("--handle", "handle", "账号 ID（微信号、微博 ID、抖音号 ……）"),
        ("--url", "url", "账号主页网址"),
        ("--certified-subject", "certified_subject", "认证主体（默认主办单位名称）"),
        ("--purpose", "purpose", "general 日常（默认）或 special-topic 专项"),
        ("--approval-number", "approval_number", "报批文件的批准文号（专项账号、同一平台第二个账号）"),
        ("--approval-date", "approval_date", "报批文件的日期"),
        ("--operation", "operation", "self 自行运维（默认）或 outsourced 委托第三方"),
        ("--vendor", "vendor", "运维单位名称"),
        ("--agreement", "agreement", "外包保密协议编号"),
        ("--agreement-date", "agreement_date", "外包保密协议签署日期"),
        ("--outsourcing-rules", "rules", "外包服务管理制度、运营监管制度"),
        ("--description", "description", "账号简介"),
        ("--date", "date", "开设日期（默认今天）"),
        ("--filed", "filed", "备案日期（已备案时）"),
    ),
    "unit": (
        ("--id", "id", "单位 id（英文，如 audit-bureau）"),
        ("--name", "name", "单位全称"),
        ("--kind", "kind", "单位类型：agency、government-office、public-institution-with-admin-functions、park、township ……"),
        ("--parent", "parent", "上级单位 id"),
        ("--region", "region", "行政区划代码（默认 config/govreg.yaml 的 city.region）"),
        ("--credit-code", "credit_code", "统一社会信用代码"),
        ("--contact", "contact", "对外公开的联系电话"),
    ),
    "site": (
        ("--id", "id", "网站 id（英文）"),
        ("--name", "name", "网站名称"),
        ("--domain", "domain", "域名，如 www.example.gov.cn"),
        ("--kind", "kind", "portal 门户（默认）、department 部门、special-topic 专项"),
        ("--owner", "owner", "主办单位 id"),
        ("--site-code", "site_code", "网站标识码"),
        ("--icp", "icp", "ICP 备案号"),
        ("--psb", "psb", "公安机关备案号"),
        ("--approval-number", "approval_number", "报批文件的批准文号（部门网站、专项网站）"),
        ("--approval-date", "approval_date", "报批文件的日期"),
    ),
    "content": (
        ("--channel", "channel", "发布渠道：网站 id 或账号 id"),
        ("--column", "column", "网站栏目 id（渠道为网站时）"),
        ("--unit", "unit", "发布单位 id（默认账号的主办单位或栏目的责任单位）"),
        ("--title", "title", "标题"),
        ("--slug", "slug", "文件名（默认由标题的拼音生成）"),
        ("--source", "source_kind", "original 原创（默认）或 reprint 转载"),
        ("--source-name", "source_name", "来源名称（默认发布单位）"),
        ("--source-url", "source_url", "转载原文网址"),
        ("--document-level", "document_level", "转载的上级文件级别：central、region、local、none"),
        ("--published-at", "published_at", "发布时间 YYYY-MM-DD HH:MM（不填为草稿）"),
        ("--retention", "retention", "公开期限：YYYY-MM-DD 或 permanent（默认）"),
        ("--disclosure", "disclosure", "proactive 主动公开（默认）、on-request、not-public"),
        ("--sensitive", "sensitive", "yes/no：是否敏感信息"),
        ("--emergency", "emergency", "yes/no：是否涉及重特大突发事件"),
        ("--summary", "summary", "摘要"),
        ("--handler", "handler", "初审承办人的人员 id（单位只有一名承办人时自动选定）"),
        ("--reviewed-at", "reviewed_at", "初审时间（默认现在）"),
    ),
}
# the supervision cycle (第十六、十七、十九、二十条): flags derived from the questions of authoring/new_followup
FLAGS.update({
    kind: tuple((q.flag, q.key, q.label) for q in new_followup.questions(_EMPTY, kind))
    for kind in new_followup.KINDS
})
KIND_HELP = {
    "account": "新建政务新媒体账号（含开设事件）",
    "content": "新建一条信息（Markdown 正文和元数据，含初审记录）",
    "unit": "新建单位（含分管领导、工作人员和人员名册）",
    "site": "新建政府网站（含栏目和内容保障责任单位）",
    "rectification": "新建整改通知（第二十条；检查发现的问题可用 govreg inspect --notices 生成草稿）",
    "incident": "登记安全事件（第十六条、第十七条：篡改、账号被劫持或被盗、泄露、无法访问……）",
    "opinion": "登记舆情事件及回应（第十九条）",
    "handover": "登记人员变动时的账号密码移交（第十六条）",
}
KIND_TITLE = {
    "account": "政务新媒体账号", "content": "信息", "unit": "单位", "site": "政府网站",
    "rectification": "整改通知", "incident": "安全事件", "opinion": "舆情事件", "handover": "账号密码移交记录",
}
_BODY = Question("body", "正文（可只写一段，稍后在文件中编辑；直接回车跳过）", "--body", required=False)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="record_kind", metavar="类型", required=True)
    for kind, flags in FLAGS.items():
        p = sub.add_parser(kind, help=KIND_HELP[kind], description=KIND_HELP[kind])
        for flag, key, text in flags:
            p.add_argument(flag, dest=key, metavar="值", help=text)
        if kind == "unit":
            p.add_argument("--person", action="append", default=[], metavar="键=值",
                           help='人员（可多次）："name=王晓东,roles=handler,title=办公室科员,login=wangxd"；roles 可为 handler、section-head、leader，多个用 + 连接')
        if kind == "site":
            p.add_argument("--column-spec", dest="columns", action="append", default=[], metavar="键=值",
                           help='栏目（可多次）："id=news,name=要闻动态,kind=news,unit=单位id,days=14"')
            p.add_argument("--standard-columns", action="store_true", help="门户网站使用标准栏目（责任单位为主办单位）")
        if kind == "content":
            p.add_argument("--body-file", help="正文文件（UTF-8 文本或 Markdown）")
            p.add_argument("--body", help="正文（一段文字）")
        p.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写文件")
        add_common(p)


def _calendar(root: Path) -> tuple[WorkCalendar, str | None]:
    try:
        return WorkCalendar.load(root), None
    except CalendarConfigError as exc:
        return WorkCalendar(), f"config/calendar.yaml 有误（{exc}），期限按 chinesecalendar 库计算；请运行 govreg check 查看并修正。"


def _draft(kind: str, repo: Repository, args: argparse.Namespace, prompter: Prompter | None) -> Draft:
    given: Answers = {key: getattr(args, key) for _, key, _ in FLAGS[kind]}
    if kind in new_followup.KINDS:
        answers = resolve(new_followup.questions(repo, kind), given, prompter)
        calendar, warning = _calendar(repo.root)
        try:
            settings = load_section(repo.config, "followup", FollowupSettings)
        except SettingsError as exc:
            raise UserError(str(exc), "请先改正 config/govreg.yaml 的 followup 设置（govreg check 会指出行号）。") from exc
        draft = new_followup.build(repo, kind, answers, calendar, settings)
        if warning:
            draft.notices.append(warning)
        return draft
    if kind == "account":
        answers = resolve(new_account.questions(repo), given, prompter)
        calendar, warning = _calendar(repo.root)
        draft = new_account.build(repo, answers, calendar)
        if warning:
            draft.notices.append(warning)
        return draft
    if kind == "unit":
        answers = resolve(new_unit.questions(repo), given, prompter)
        taken = list(repo.people)
        if args.person or prompter is None:
            people = new_unit.people_from_flags(answers["id"] or "", args.person, taken)
        else:
            people = new_unit.ask_people(answers["id"] or "", taken, prompter)
        return new_unit.build(repo, answers, people)
    if kind == "site":
        answers = resolve(new_site.questions(repo), given, prompter)
        owner = answers["owner"] or ""
        if args.standard_columns:
            columns = new_site.standard_columns(owner)
        elif args.columns or prompter is None:
            columns = new_site.columns_from_flags(repo, owner, args.columns)
        else:
            columns = new_site.ask_columns(repo, owner, answers["kind"] or "portal", prompter)
        return new_site.build(repo, answers, columns)
    answers = resolve(new_content.questions(repo), given, prompter)
    if args.body_file:
        body = new_content.read_body(args.body_file)
    elif args.body is not None:
        body = args.body
    elif prompter is not None:
        body = prompter.ask(_BODY, answers) or ""
    else:
        body = ""
    return new_content.build(repo, answers, body)


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    kind: str = args.record_kind
    try:
        root = repository_root(Path(args.root))
        repo = load_repository(root)
        prompter = prompter_for(args)
        if prompter is not None:
            prompter.say(f"新建{KIND_TITLE[kind]}登记。逐项回答；直接回车采用 [方括号] 中的默认值，按 Ctrl+C 随时取消（不会写入文件）。")
        draft = _draft(kind, repo, args, prompter)
        target = root / draft.rel
        if target.exists():
            raise UserError(f"{draft.rel} 已存在，没有覆盖", "请换一个 id（--id 或 --slug）；如要修改已有记录，请直接编辑该文件，或用 govreg change。")
        for notice in draft.notices:
            out.write(f"注意：{notice}\n")
        if args.dry_run:
            out.write(f"将写入 {draft.rel}（--dry-run，未写入）：\n{draft.text}")
            return 0
        if prompter is not None and not args.yes:
            prompter.say(f"\n将写入 {draft.rel}：\n")
            prompter.say(draft.text)
            if not prompter.confirm("确认写入？"):
                raise UserError("已取消，没有写入任何文件", "需要时重新运行这条命令即可。")
        atomic_write(target, draft.text)
    except UserError as error:
        return fail(error)
    out.write(f"已写入 {draft.rel}\n")
    out.write("下一步：提交这个文件并发起拉取请求（步骤见办事指南 docs/guide/），依次请以下人员在拉取请求上“批准”：\n")
    for line in draft.reviewers:
        out.write(f"  - {line}\n")
    if args.no_check:
        return 0
    out.write("\n")
    status, text = check_files(root, [draft.rel])
    out.write(text)
    return status
