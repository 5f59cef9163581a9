"""``govreg assess --year Y``: the annual assessment of 第二十一条, per unit, with a ranking."""

from __future__ import annotations

import argparse
import sys

from ..engine import Context, today_default
from ..repository import load_repository
from ..supervision.assess import assess, assessment_day
from ..supervision.render_assessment import FORMATS, render
from ..supervision.settings import SettingsError
from ._output import add_root, repository_root, write_output

NAME = "assess"
HELP = "年度综合考评（第二十一条）:逐单位列出扣分项及证据，计算得分并排名"
DESCRIPTION = (
    "按《管理办法》第二十一条（一）至（五）项逐单位扣分：未明确分管领导和工作人员、更新滞后或内容错误、"
    "未经涉敏保密审查发布、留言未及时办理、其他违规；每处扣分附文件、日期和 git 提交。"
    "评分办法可在 config/govreg.yaml 的 assessment 中调整。退出码:0 完成，2 用法或配置错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--year", type=int, required=True, help="考评年度，如 2026")
    parser.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="输出格式（默认 markdown）")
    parser.add_argument("--output", "-o", help="写入文件（默认输出到屏幕）")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    repo = load_repository(root)
    try:
        day = assessment_day(args.year, today_default())
        result = assess(Context(repo, day), args.year)
    except (SettingsError, ValueError) as exc:
        sys.stderr.write(f"govreg assess:{exc}\n")
        return 2
    write_output(render(result, args.format), args.output)
    if args.output:
        sys.stderr.write(f"已写入 {args.output}:{result.title},{len(result.units)} 个单位。\n")
    return 0
