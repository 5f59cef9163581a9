"""The annual work report as XLSX (openpyxl), printable HTML (Jinja2, autoescaped) or JSON."""

from __future__ import annotations

import datetime as dt
import io
import json

from jinja2 import Environment, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .annual import ACCOUNT_COLUMNS, SITE_COLUMNS, UNKNOWN_KEYS, AnnualReport, ReportColumn, Value

FORMATS = ("html", "xlsx", "json")
NOT_KEPT = "（登记库无此数据）"


def header(column: ReportColumn) -> str:
    return column.header if column.national else column.header + "*"


def cell_text(column: ReportColumn, value: Value) -> str:
    if column.key in UNKNOWN_KEYS:
        return ""
    return "" if value is None else str(value)


# ---------------------------------------------------------------- XLSX


def to_xlsx(report: AnnualReport, *, created: dt.datetime) -> bytes:
    workbook = Workbook()
    workbook.properties.title = report.title
    workbook.properties.creator = "govreg"
    workbook.properties.created = created
    workbook.properties.modified = created
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ws = workbook.active
    assert ws is not None
    ws.title = "汇总"
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["统计截至", report.day.isoformat()])
    ws.append([])
    ws.append(["类别", "项目", "数量"])
    for c in ws[4]:
        c.font, c.fill = bold, fill
    for section, label, value in report.summary:
        ws.append([section, label, value])
    ws.append([])
    for note in report.notes:
        ws.append(["说明", note])
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 12
    for title, columns, rows in (("政府网站", SITE_COLUMNS, report.sites), ("政务新媒体", ACCOUNT_COLUMNS, report.accounts)):
        sheet = workbook.create_sheet(title)
        # two header rows: the section (merged over its columns), then the column
        sheet.append([c.section for c in columns])
        sheet.append([header(c) for c in columns])
        start = 1
        for i in range(1, len(columns) + 1):
            last = i == len(columns) or columns[i].section != columns[i - 1].section
            if last:
                if i > start:
                    sheet.merge_cells(start_row=1, start_column=start, end_row=1, end_column=i)
                start = i + 1
        for row in rows:
            values: list[Value] = [None if c.key in UNKNOWN_KEYS else row.get(c.key) for c in columns]
            sheet.append(values)
            for i, value in enumerate(values, 1):
                if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                    sheet.cell(row=sheet.max_row, column=i).data_type = "s"  # text, never a formula
        for r in (1, 2):
            for cell in sheet[r]:
                cell.font, cell.fill = bold, fill
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(len(column.header) * 2, 10), 40)
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- HTML

_TEMPLATE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ report.title }}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #111; }
h1 { font-size: 16pt; text-align: center; }
h2 { font-size: 13pt; margin-top: 1.5em; page-break-before: auto; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; page-break-inside: auto; }
th, td { border: 1px solid #444; padding: 2px 4px; text-align: center; font-size: 9pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
td.blank { background: #f4f4f4; }
.note { font-size: 9pt; color: #333; }
</style>
</head>
<body>
<h1>{{ report.title }}</h1>
<p class="note">统计截至 {{ report.day.isoformat() }}。</p>
<h2>汇总</h2>
<table>
<thead><tr><th>类别</th><th>项目</th><th>数量</th></tr></thead>
<tbody>
{% for section, label, value in report.summary %}<tr><td>{{ section }}</td><td>{{ label }}</td><td>{{ value }}</td></tr>
{% endfor %}</tbody>
</table>
{% for title, columns, rows in tables %}
<h2>{{ title }}</h2>
<table>
<thead>
<tr>{% for section, span in groups(columns) %}<th colspan="{{ span }}">{{ section }}</th>{% endfor %}</tr>
<tr>{% for column in columns %}<th>{{ header(column) }}</th>{% endfor %}</tr>
</thead>
<tbody>
{% for row in rows %}<tr>{% for column in columns %}{% if column.key in unknown %}<td class="blank"></td>{% else %}<td>{{ text(column, row.get(column.key)) }}</td>{% endif %}{% endfor %}</tr>
{% else %}<tr><td colspan="{{ columns|length }}">（无）</td></tr>
{% endfor %}</tbody>
</table>
{% endfor %}
<h2>说明</h2>
{% for note in report.notes %}<p class="note">{{ note }}</p>
{% endfor %}<p class="note">灰色单元格：{{ not_kept }}，请从网站统计系统和平台后台填写。</p>
</body>
</html>
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True), keep_trailing_newline=True)


def _groups(columns: tuple[ReportColumn, ...]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for c in columns:
        if out and out[-1][0] == c.section:
            out[-1] = (c.section, out[-1][1] + 1)
        else:
            out.append((c.section, 1))
    return out


def to_html(report: AnnualReport) -> str:
    template = _ENV.from_string(_TEMPLATE)
    return template.render(
        report=report,
        tables=(("政府网站", SITE_COLUMNS, report.sites), ("政务新媒体", ACCOUNT_COLUMNS, report.accounts)),
        groups=_groups, header=header, text=cell_text, unknown=UNKNOWN_KEYS, not_kept=NOT_KEPT,
    )


def to_json(report: AnnualReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
