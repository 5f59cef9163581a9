"""Reports the office has marked public (``reports/<kind>/<id>.yaml`` with ``public: true``).

Only the record's public fields are shown: title, period, the day checked, the commit the
report was computed at and its main figures.  Reports not marked public never appear.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import public_dump
from ..repository import Repository
from .data import Record
from .escape import cell, md
from .markup import head, heading, page, table

PATH = "reports/index.md"
KIND_LABELS = {"inspection": "月度检查报告", "assessment": "年度综合考评", "annual": "工作年度报表"}


def public_reports(repo: Repository) -> list[Record]:
    out = [public_dump(r) for r in repo.reports.values() if r.public]
    out.sort(key=lambda r: (str(r["as_of"]), str(r["id"])), reverse=True)
    return out


def render(reports: list[Record]) -> Iterator[tuple[str, str]]:
    blocks = [
        head("检查和考评报告"),
        "政务公开办公开的月度检查报告、年度综合考评结果和工作年度报表（第二十条、第二十一条）。"
        "每份报告注明计算时登记库所在的提交，可据此复核。",
    ]
    if not reports:
        blocks.append("目前还没有公开的报告。")
    for report in reports:
        blocks.append(heading(2, md(report["title"]), f"report-{report['id']}"))
        rows: list[tuple[str, str]] = [
            ("类别", KIND_LABELS.get(str(report["kind"]), md(report["kind"]))),
            ("报告期", md(report["period"])),
            ("检查日期", md(report["as_of"])),
            ("计算时的提交", cell(str(report.get("commit") or "")[:12])),
        ]
        rows += [(md(label), md(value)) for label, value in (report.get("summary") or {}).items()]
        blocks.append(table(("项目", "内容"), rows))
    yield PATH, page(*blocks)
