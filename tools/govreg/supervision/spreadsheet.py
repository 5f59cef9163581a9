"""Writing the filing export: CSV (UTF-8 with BOM, for Excel) and XLSX (openpyxl, one sheet per unit)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import replace

from ..rules._filing import FilingColumns, Sheet, Value, cells

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: Value) -> str:
    """A cell for CSV; text that Excel would run as a formula gets a leading ``'`` (CSV injection)."""
    text = _text(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def to_csv(sheets: list[Sheet], columns: FilingColumns) -> bytes:
    """One table for all units.  Encoded as UTF-8 **with a BOM**: without it Excel on Windows
    reads the file as GBK and shows the Chinese as mojibake.  Text that Excel would take
    for a formula (``=``, ``+``, ``-``, ``@`` first) is prefixed with ``'``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns.columns])
    number = 0
    for sheet in sheets:
        for row in sheet.rows:
            number += 1  # one table: 序号 runs on across units
            writer.writerow([_csv_text(v) for v in cells(replace(row, number=number), columns)])
    return buffer.getvalue().encode("utf-8-sig")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "单位"
    title = base[:31]
    n = 2
    while title.lower() in taken:
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def to_xlsx(sheets: list[Sheet], columns: FilingColumns, *, title: str, created: dt.datetime) -> bytes:
    # imported here: openpyxl takes ~0.25 s to import and only `export --format xlsx` needs it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = "govreg"
    workbook.properties.created = created
    workbook.properties.modified = created
    default = workbook.active
    taken: set[str] = set()
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet in sheets or [Sheet("", "备案", [])]:
        ws = workbook.create_sheet(sheet_title(sheet.name, taken))
        headers = [c.header for c in columns.columns]
        ws.append(headers)
        widths = [_width(h) for h in headers]
        for r, row in enumerate(sheet.rows, 2):
            for i, value in enumerate(cells(row, columns)):
                cell = ws.cell(row=r, column=i + 1, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                widths[i] = max(widths[i], _width(_text(value)))
        for i, column in enumerate(columns.columns, 1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = column.width or min(max(widths[i - 1] + 2, 6), 60)
            ws.cell(row=1, column=i).font = header_font
            ws.cell(row=1, column=i).fill = header_fill
            ws.cell(row=1, column=i).alignment = Alignment(vertical="center", wrap_text=True)
            for cell in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if isinstance(cell[0].value, dt.date):
                    cell[0].number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(sheet.rows) + 1}"
    if default is not None:
        workbook.remove(default)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
