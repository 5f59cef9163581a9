"""``govreg inspect``: the daily patrol and the monthly inspection (第十八条、第二十条)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..clock import today_default
from ..context import Context
from ..followup import FollowupSettings
from ..history import head_state
from ..models_supervision import ReportKind
from ..repository import load_repository
from ..supervision.inspect import inspect, period
from ..supervision.keeping import draft_notices, report_id
from ..supervision.observed import load_observed
from ..supervision.render_inspection import FORMATS, render
from ..supervision_settings import InspectionSettings, SettingsError, load_section
from ..workdays import CalendarConfigError, WorkCalendar
from ._keeping import archive_report, write_all
from ._output import add_root, date_arg, repository_root, write_output

DEFAULT_SNAPSHOTS = "monitor-data/snapshots"  # where govreg monitor writes and inspect.yml checks out the data branch

NAME = "inspect"
HELP = "日常巡检与月度检查：逐单位列出未更新账号、栏目、逾期备案、留言等（有单项否决时退出码为 1）"
DESCRIPTION = (
    "按单位列出：2 周未发布的账号（单项否决）、超过更新时限的栏目和空白栏目、逾期或即将到期的备案、"
    "公告情况、超过公开期限的信息、审核记录不完整或发布时间被修改的信息、未明确分管领导和工作人员的单位、"
    "逾期未答复的留言。更新时间取自内容记录及其 git 历史。"
    "退出码：0 没有单项否决，1 有单项否决，2 用法或配置错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", type=date_arg, help="检查日期（YYYY-MM-DD，默认今天）")
    when.add_argument("--month", help="检查月份（YYYY-MM）；按该月最后一天（未结束的月份按今天）检查")
    parser.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="输出格式（默认 markdown）")
    parser.add_argument("--output", "-o", help="写入文件（默认输出到屏幕）")
    parser.add_argument(
        "--archive", action="store_true",
        help="把报告（Markdown 和 JSON，注明计算时的提交）存档到 reports/inspection/，作为记录经拉取请求合并",
    )
    parser.add_argument(
        "--notices", metavar="DIR",
        help="为单项否决和扣分项生成整改通知草稿，写到 DIR/rectifications/<单位>/（已有未结的通知不重复生成）",
    )
    parser.add_argument("--monitor", metavar="DIR",
                        help="govreg monitor 快照目录（默认 仓库/monitor-data/snapshots，存在时使用）；取检查日及前 3 天内最新的一份")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    repo = load_repository(root)
    try:
        settings = load_section(repo.config, "inspection", InspectionSettings)
        today = args.date or today_default()
        _, day, _ = period(today, args.month, settings)
        observed, note = None, None
        snapshots = Path(args.monitor) if args.monitor else root / DEFAULT_SNAPSHOTS
        if args.monitor or snapshots.is_dir():
            observed, note = load_observed(snapshots, day)
        inspection = inspect(Context(repo, day), month=args.month, observed=observed)
        if note:
            inspection.notes.append(note)
    except (SettingsError, ValueError) as exc:
        sys.stderr.write(f"govreg inspect：{exc}\n")
        return 2
    write_output(render(inspection, args.format), args.output)
    report_path = None
    if args.archive:
        label = args.month or day.isoformat()
        summary = {"单项否决": inspection.vetoes, "有问题的单位": len(inspection.units),
                   "错误": sum(u.count("error") for u in inspection.units), "警告": sum(u.count("warning") for u in inspection.units)}
        written = archive_report(root, ReportKind.inspection, label, inspection.title, day,
                                 {".md": render(inspection, "markdown").encode("utf-8"), ".json": render(inspection, "json").encode("utf-8")}, summary)
        report_path = f"reports/inspection/{report_id(ReportKind.inspection, label)}.md"
        sys.stderr.write(f"已存档：{'、'.join(written)}。请提交拉取请求合并。\n")
    if args.notices:
        try:
            followup = load_section(repo.config, "followup", FollowupSettings)
            calendar = WorkCalendar.load(root)
        except (SettingsError, CalendarConfigError) as exc:
            sys.stderr.write(f"govreg inspect：{exc}\n")
            return 2
        commit, _ = head_state(root)
        drafts = draft_notices(inspection, repo, followup, calendar, issued=day, report=report_path, commit=commit)
        written = write_all(Path(args.notices), drafts, overwrite=False)
        sys.stderr.write(f"已生成 {len(written)} 份整改通知草稿（共 {len(drafts)} 项单项否决或扣分项没有未结的通知）。\n")
        for rel in written:
            sys.stderr.write(f"  {rel}\n")
    if args.output:
        sys.stderr.write(
            f"已写入 {args.output}：{inspection.title}，"
            + (f"{inspection.vetoes} 项单项否决。\n" if inspection.has_veto else "没有单项否决。\n")
        )
    return 1 if inspection.has_veto else 0
