"""Shared by ``govreg close account`` and ``govreg change account``: register a lifecycle event (第八条)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authoring.common import check_date, check_url, parse_date, suggest, today
from ..authoring.errors import UserError
from ..authoring.files import atomic_write, read_record_text, repository_root
from ..authoring.lifecycle import CHANGEABLE, STATUS_AFTER, Announcement, append_event, change_note, check_event, plan, update_last
from ..authoring.prompts import Answers, Question, resolve
from ..config import load_config
from ..models import Account, EventType
from ..repository import load_repository
from ..rules._shared import EVENT_NAMES, FilingSettings
from ..workdays import CalendarConfigError, WorkCalendar
from ._authoring import add_common, check_files, fail, prompter_for

ANNOUNCE_FLAGS = (
    ("--date", "date", "操作（完成）日期 YYYY-MM-DD（默认今天）"),
    ("--note", "note", "说明（关停原因、变更内容等）"),
    ("--filed", "filed", "已在全国政务新媒体信息报送系统备案的日期"),
    ("--announce-from", "announce_from", "公告发布日期"),
    ("--announce-to", "announce_to", "公告撤下（计划撤下）日期；默认为最早可撤下的日期"),
    ("--announce-url", "announce_url", "公告网址"),
    ("--announce-title", "announce_title", "公告标题"),
)


def configure(parser: argparse.ArgumentParser, *, change: bool) -> None:
    parser.add_argument("what", choices=["account"], metavar="account", help="目前只支持 account（政务新媒体账号）")
    parser.add_argument("account_id", metavar="账号 id", help="账号 id（accounts/<单位>/ 下的文件名，不含 .yaml）")
    if change:
        for key, label in CHANGEABLE.items():
            parser.add_argument(f"--{key.replace('_', '-')}", dest=f"set_{key}", metavar="新值", help=f"新的{label}")
    else:
        parser.add_argument("--cancel", action="store_true", help="登记注销（默认登记关停）")
    for flag, key, text in ANNOUNCE_FLAGS:
        parser.add_argument(flag, dest=key, metavar="值", help=text)
    parser.add_argument("--update-last", action="store_true", help="不追加新事件，只为最后一个事件补填备案日期、公告或说明")
    parser.add_argument(
        "--update-event", metavar="事件",
        help="不追加新事件，为指定的事件补填：事件类型（开设、变更、关停、注销，或 open、change、close、cancel；取最近的一个）或事件日期 YYYY-MM-DD",
    )  # fmt: skip
    parser.add_argument("--dry-run", action="store_true", help="只显示将写入的内容，不写文件")
    add_common(parser)


def _settings(root: Path) -> tuple[WorkCalendar, FilingSettings, list[str]]:
    notes: list[str] = []
    config, _ = load_config(root)
    try:
        settings = config.section("filing", FilingSettings)
    except ValueError:
        settings = FilingSettings()
        notes.append("config/govreg.yaml 中的 filing 设置有误，按默认的 3 个和 15 个工作日计算；请运行 govreg check 查看。")
    try:
        calendar = WorkCalendar.load(root)
    except CalendarConfigError as exc:
        calendar = WorkCalendar()
        notes.append(f"config/calendar.yaml 有误（{exc}），期限按 chinesecalendar 库计算；请运行 govreg check 查看并修正。")
    return calendar, settings, notes


def event_index(account: Account, wanted: str) -> int:
    """The position in ``lifecycle`` of the event ``--update-event`` names (the latest match)."""
    value = wanted.strip()
    kinds = {t.value: t for t in EventType} | {name: t for t, name in EVENT_NAMES.items()}
    when = parse_date(value)
    for index in range(len(account.lifecycle) - 1, -1, -1):
        event = account.lifecycle[index]
        if (value in kinds and event.type is kinds[value]) or (when is not None and event.date == when):
            return index
    shown = "、".join(f"{EVENT_NAMES[e.type]}（{e.date.isoformat()}）" for e in account.lifecycle)
    raise UserError(f"账号 {account.id} 没有「{value}」事件", f"请用 --update-event 给出事件类型或日期；该账号的事件有：{shown}。")


def _questions(
    account: Account,
    platform: str,
    event_type: EventType,
    calendar: WorkCalendar,
    settings: FilingSettings,
    *,
    update: bool,
    index: int = -1,
) -> list[Question]:
    last = max(e.date for e in account.lifecycle)
    event_date = (lambda a: account.lifecycle[index].date) if update else (lambda a: parse_date(a.get("date") or "") or today())
    name = EVENT_NAMES[event_type]

    def earliest_end(answers: Answers) -> str | None:
        start = parse_date(answers.get("announce_from") or "")
        return calendar.add_working_days(start, settings.announcement_working_days).isoformat() if start else None

    def check_to(value: str, answers: Answers) -> str | None:
        problem = check_date()(value, answers)
        if problem:
            return problem
        start = parse_date(answers.get("announce_from") or "")
        end = parse_date(value)
        if start and end and calendar.working_days_between(start, end) < settings.announcement_working_days:
            return f"公告期不足 {settings.announcement_working_days} 个工作日；最早可在 {earliest_end(answers)} 撤下"
        return None

    has_from = lambda a: bool(a.get("announce_from"))  # noqa: E731
    questions: list[Question] = []
    if not update:
        questions.append(
            Question(
                "date",
                f"{name}日期（操作完成的日期，YYYY-MM-DD）",
                "--date",
                default=lambda a: today().isoformat(),
                check=check_date(not_after_today=True, not_before=lambda a: last),
            )
        )
        questions.append(Question("note", "说明（原因或变更内容）", "--note", required=False))
    questions += [
        Question(
            "filed", "备案日期（还未备案直接回车）", "--filed", required=False, check=check_date(not_after_today=True, not_before=event_date)
        ),
        Question(
            "announce_from", "公告发布日期（还未发布直接回车）", "--announce-from", required=False, check=check_date(not_after_today=True)
        ),
        Question("announce_to", "公告撤下（计划撤下）日期", "--announce-to", when=has_from, default=earliest_end, check=check_to),
        Question("announce_url", "公告网址（可不填）", "--announce-url", when=has_from, required=False, check=check_url),
        Question(
            "announce_title",
            "公告标题",
            "--announce-title",
            when=has_from,
            required=False,
            default=lambda a: f"关于“{account.name}”{platform}账号{name}的公告",
        ),
    ]
    return questions


def run(args: argparse.Namespace, event_type: EventType) -> int:
    out = sys.stdout
    try:
        root = repository_root(Path(args.root))
        repo = load_repository(root)
        account = repo.accounts.get(args.account_id)
        if account is None:
            names = {a.id: a.name for a in repo.accounts.values()}
            raise UserError(
                f"没有 id 为「{args.account_id}」的账号{suggest(args.account_id, names)}",
                "账号 id 是 accounts/<单位>/ 下的文件名（不含 .yaml）；请核对拼写。",
            )
        rel = repo.path_of("account", account.id)
        calendar, settings, notes = _settings(root)
        prompter = prompter_for(args)
        update = bool(args.update_last or args.update_event)
        index = event_index(account, args.update_event) if args.update_event else -1
        if update:
            event_type = account.lifecycle[index].type
        changes = {key: value for key in CHANGEABLE if (value := getattr(args, f"set_{key}", None))}
        given: Answers = {key: getattr(args, key) for _, key, _ in ANNOUNCE_FLAGS}
        if prompter is not None:
            which = "最后一个事件" if index == -1 else f"{EVENT_NAMES[event_type]}事件（{account.lifecycle[index].date.isoformat()}）"
            title = f"为账号「{account.name}」（{account.id}）" + (
                f"补填{which}的备案和公告" if update else f"登记{EVENT_NAMES[event_type]}"
            )
            prompter.say(f"{title}。直接回车采用 [方括号] 中的默认值，按 Ctrl+C 随时取消。")
            if event_type is EventType.change and not update and not changes:
                for key, label in CHANGEABLE.items():
                    value = prompter.ask(Question(key, f"新的{label}（不变直接回车）", f"--{key}", required=False), {})
                    if value:
                        changes[key] = value
        found = repo.config.platform(account.platform)
        platform = found.name if found else ""
        answers = resolve(_questions(account, platform, event_type, calendar, settings, update=update, index=index), given, prompter)
        note = answers.get("note") or args.note  # --note is asked only for a new event, but may fill an old one
        if event_type is EventType.change and not update:
            if not changes and not note:
                raise UserError(
                    "没有说明变更了什么",
                    "请用 --name、--handle、--url、--certified-subject、--description 给出新值，或用 --note 说明变更内容（如运维方式变更）。",
                )
            auto = change_note(account, changes) if changes else ""
            note = "；".join(x for x in (auto, note) if x)
        date = account.lifecycle[index].date if update else (parse_date(answers.get("date") or "") or today())
        filed = parse_date(answers.get("filed") or "")
        start = parse_date(answers.get("announce_from") or "")
        notice = None
        if start is not None:
            end = parse_date(answers.get("announce_to") or "") or calendar.add_working_days(start, settings.announcement_working_days)
            notice = Announcement(start, end, answers.get("announce_url"), answers.get("announce_title"))
        text = read_record_text(root / rel, rel)
        if update:
            if filed is None and notice is None and not note:
                raise UserError("没有要补填的内容", "请给出 --filed（备案日期）或 --announce-from（公告发布日期）等。")
            new_text = update_last(text, rel, filed=filed, announcement=notice, note=note, index=index)
        else:
            check_event(account, event_type, date, today(), filed)
        p = plan(
            calendar,
            settings,
            event_type,
            date,
            filed=filed if filed else (account.lifecycle[index].filed if update else None),
            announcement=notice,
        )
        if not update:
            new_text = append_event(text, rel, p, note=note, changes=changes)
        if args.dry_run:
            out.write(f"将写入 {rel} 的内容（--dry-run，没有写入文件）：\n{new_text}")
        else:
            atomic_write(root / rel, new_text)
    except UserError as error:
        return fail(error)
    name = EVENT_NAMES[event_type]
    done = "将在" if args.dry_run else "已在"  # --dry-run writes nothing: say what would happen
    if update:
        out.write(f"{done} {rel} 中补填{name}事件（{date.isoformat()}）的备案和公告信息。\n")
    else:
        status = STATUS_AFTER.get(event_type)
        became = f"，状态{'将' if args.dry_run else ''}改为 {status.value}" if status else ""
        out.write(f"{done} {rel} 追加{name}事件（{date.isoformat()}）{became}。\n")
    if args.dry_run:
        out.write("（--dry-run：以上只是预览，文件没有改动；去掉 --dry-run 再运行一次即可写入。）\n")
    for line in notes + p.lines():
        out.write(line + "\n")
    if not update and (p.filed is None or (p.announced and p.announcement is None)):
        out.write(
            f"完成后运行 govreg change account {account.id} --update-last --filed 备案日期 --announce-from 公告日期 --announce-url 公告网址"
            " 补填（也可以直接编辑文件）。\n"
        )
    target = account.lifecycle[index] if update else None
    for earlier in account.lifecycle:
        if earlier.filed is None and earlier is not target:
            kind = EVENT_NAMES[earlier.type]
            out.write(
                f"注意：{kind}事件（{earlier.date.isoformat()}）还没有登记备案日期；备案后运行 "
                f"govreg change account {account.id} --update-event {kind} --filed 备案日期 补填。\n"
            )
    if args.no_check or args.dry_run:
        return 0
    out.write("\n")
    status_code, report = check_files(root, [rel])
    out.write(report)
    return status_code
