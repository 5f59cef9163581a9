"""``govreg assess --year Y``: the annual assessment of 第二十一条, per unit, with a ranking."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..clock import today_default
from ..context import Context
from ..models_supervision import ReportKind
from ..repository import load_repository
from ..supervision.assess import assess, assessment_day
from ..supervision.render_assessment import FORMATS, render
from ..supervision_settings import SettingsError
from ._keeping import archive_report
from ._output import add_root, repository_root, write_output
from .inspect import DEFAULT_SNAPSHOTS

NAME = "assess"
HELP = "年度综合考评（第二十一条）：逐单位列出扣分项及证据，计算得分并排名"
DESCRIPTION = (
    "按《管理办法》第二十一条（一）至（五）项逐单位扣分：未明确分管领导和工作人员、更新滞后或内容错误、"
    "未经涉敏保密审查发布、留言未及时办理、其他违规；每处扣分附文件、日期和 git 提交。"
    "评分办法可在 config/govreg.yaml 的 assessment 中调整。退出码：0 完成，2 用法或配置错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--year", type=int, required=True, help="考评年度，如 2026")
    parser.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="输出格式（默认 markdown）")
    parser.add_argument("--output", "-o", help="写入文件（默认输出到屏幕）")
    parser.add_argument(
        "--archive", action="store_true",
        help="把考评结果（Markdown 和 JSON，注明计算时的提交）存档到 reports/assessment/，作为记录经拉取请求合并",
    )
    parser.add_argument("--monitor", metavar="DIR",
                        help="govreg monitor 快照目录（默认 仓库/monitor-data/snapshots，存在时使用）；各月末的实测结果计入第（二）项")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    repo = load_repository(root)
    try:
        day = assessment_day(args.year, today_default())
        snapshots = Path(args.monitor) if args.monitor else root / DEFAULT_SNAPSHOTS
        use = snapshots if args.monitor or snapshots.is_dir() else None
        result = assess(Context(repo, day), args.year, snapshots=use)
    except (SettingsError, ValueError) as exc:
        sys.stderr.write(f"govreg assess：{exc}\n")
        return 2
    write_output(render(result, args.format), args.output)
    if args.archive:
        summary = {"参加考评的单位": len(result.units), "扣分项": sum(len(u.deductions) for u in result.units)}
        written = archive_report(root, ReportKind.assessment, str(args.year), result.title, day,
                                 {".md": render(result, "markdown").encode("utf-8"), ".json": render(result, "json").encode("utf-8")}, summary)
        sys.stderr.write(f"已存档：{'、'.join(written)}。请提交拉取请求合并。\n")
    if args.output:
        sys.stderr.write(f"已写入 {args.output}：{result.title}，{len(result.units)} 个单位。\n")
    return 0
