"""The text of a content attachment (``.txt``, ``.csv``, ``.docx``, ``.xlsx``, ``.pdf``), for the personal-information scan.

Pure apart from reading the one file; each reader is a well-kept library
(python-docx, openpyxl, pypdf), opened defensively: the file is read under the
file policy (regular file, capped read), an Office file's ZIP directory is
checked for its uncompressed size before the library sees it (no zip bombs),
a PDF is read page by page up to a page limit.  A file that cannot be read
raises :class:`Unreadable` with a Chinese reason; nothing else escapes.

Each piece of text comes with where it is, in words a department understands
(``第 3 段``, ``工作表「名单」B7``, ``第 2 页``) and, for plain text, its line.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .filepolicy import read_capped, refusal

SUFFIXES = (".txt", ".csv", ".docx", ".xlsx", ".pdf")
MAX_BYTES = 20 * 1024 * 1024  # a published attachment; larger files are reported, not read
MAX_UNZIPPED = 200 * 1024 * 1024  # an Office file's parts, uncompressed
MAX_PAGES = 500
MAX_CELLS = 2_000_000


class Unreadable(Exception):
    """The attachment could not be read; ``str()`` says why, in Chinese."""


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    where: str  # 第 3 行 / 第 3 段 / 工作表「名单」B7 / 第 2 页
    line: int | None = None  # plain text files: the line of ``text``


def pieces(path: Path) -> Iterator[Piece]:
    """The text of the attachment at ``path``, piece by piece."""
    suffix = path.suffix.lower()
    try:
        raw = read_capped(path, MAX_BYTES)
    except OSError as exc:
        raise Unreadable(refusal(exc, MAX_BYTES, "附件检查上限")) from None
    if suffix in (".txt", ".csv"):
        yield from _plain(raw)
    elif suffix == ".docx":
        yield from _docx(raw)
    elif suffix == ".xlsx":
        yield from _xlsx(raw)
    elif suffix == ".pdf":
        yield from _pdf(raw)


def _plain(raw: bytes) -> Iterator[Piece]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte sequence
        raise Unreadable("既不是 UTF-8 也不是 GB18030 编码")
    for i, line in enumerate(text.split("\n"), start=1):
        if line:
            yield Piece(line, f"第 {i} 行", i)


def _zip_guard(raw: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(f"不是有效的 Office 文件（{exc}）") from None
    if total > MAX_UNZIPPED:
        raise Unreadable(f"解压后有 {total} 字节，超过上限 {MAX_UNZIPPED} 字节（可能是压缩炸弹）")


def _docx(raw: bytes) -> Iterator[Piece]:
    _zip_guard(raw)
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
        out: list[Piece] = []
        for i, paragraph in enumerate(document.paragraphs, start=1):
            if paragraph.text:
                out.append(Piece(paragraph.text, f"第 {i} 段"))
        for t, table in enumerate(document.tables, start=1):
            for r, row in enumerate(table.rows, start=1):
                for c, cell in enumerate(row.cells, start=1):
                    if cell.text:
                        out.append(Piece(cell.text, f"第 {t} 个表格第 {r} 行第 {c} 列"))
        for s, section in enumerate(document.sections, start=1):
            for part, name in ((section.header, "页眉"), (section.footer, "页脚")):
                for paragraph in part.paragraphs:
                    if paragraph.text:
                        out.append(Piece(paragraph.text, f"第 {s} 节{name}"))
    except Unreadable:
        raise
    except Exception as exc:  # a damaged file: python-docx raises many kinds
        raise Unreadable(f"无法读取 Word 文件（{type(exc).__name__}）") from None
    yield from out


def _xlsx(raw: bytes) -> Iterator[Piece]:
    _zip_guard(raw)
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter

        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        out: list[Piece] = []
        cells = 0
        try:
            for sheet in workbook.worksheets:
                for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    for c, value in enumerate(row, start=1):
                        cells += 1
                        if cells > MAX_CELLS:
                            raise Unreadable(f"单元格超过 {MAX_CELLS} 个，未全部检查")
                        if value is None:
                            continue
                        text = str(value)
                        if isinstance(value, (int, float)) and not isinstance(value, bool):
                            text = f"{value:.0f}" if isinstance(value, float) and value.is_integer() else text
                        out.append(Piece(text, f"工作表「{sheet.title}」{get_column_letter(c)}{r}"))
        finally:
            workbook.close()
    except Unreadable:
        raise
    except Exception as exc:  # a damaged file: openpyxl raises many kinds
        raise Unreadable(f"无法读取 Excel 文件（{type(exc).__name__}）") from None
    yield from out


def _pdf(raw: bytes) -> Iterator[Piece]:
    try:
        import logging

        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise Unreadable("PDF 已加密，无法检查其中的文字")
        out: list[Piece] = []
        for i, page in enumerate(reader.pages, start=1):
            if i > MAX_PAGES:
                raise Unreadable(f"超过 {MAX_PAGES} 页，未全部检查")
            text = page.extract_text() or ""
            if text.strip():
                out.append(Piece(text, f"第 {i} 页"))
    except Unreadable:
        raise
    except Exception as exc:  # a damaged file: pypdf raises many kinds
        raise Unreadable(f"无法读取 PDF 文件（{type(exc).__name__}）") from None
    yield from out
