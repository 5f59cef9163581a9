"""Personal information in text attachments (issue 12): .txt, .csv, .docx, .xlsx, .pdf under content/, end to end."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest

from conftest import check_json

ID = "640302199001010016"
MOBILE = "13800008000"
FOLDER = "content/wuzhong-portal/2026/files"


def _pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` (ASCII) in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _write(root: Path, name: str, kind: str, secret: str) -> Path:
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if kind == "txt":
        path.write_text(f"公示名单\n张某,{secret}\n", encoding="utf-8")
    elif kind == "csv-gbk":
        path.write_bytes(f"姓名,号码\n张某,{secret}\n".encode("gb18030"))
    elif kind == "docx":
        document = docx.Document()
        document.add_paragraph("公示名单")
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "张某"
        table.rows[0].cells[1].text = secret
        document.save(str(path))
    elif kind == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "名单"
        sheet.append(["姓名", "号码"])
        sheet.append(["张某", int(secret) if secret.isdigit() and secret.startswith("1") else secret])
        workbook.save(path)
    elif kind == "pdf":
        path.write_bytes(_pdf(f"Tel {secret}"))
    return path


CASES = [
    ("list.txt", "txt", ID, "身份证号", "第 2 行"),
    ("list.csv", "csv-gbk", MOBILE, "手机号", "第 2 行"),
    ("list.docx", "docx", ID, "身份证号", "第 1 个表格第 1 行第 2 列"),
    ("list.xlsx", "xlsx", MOBILE, "手机号", "工作表「名单」B2"),
    ("list.pdf", "pdf", MOBILE, "手机号", "第 1 页"),
]


@pytest.mark.parametrize(("name", "kind", "secret", "what", "where"), CASES)
def test_attachment_with_personal_information_is_an_error(sample_tree: Path, name: str, kind: str, secret: str, what: str, where: str) -> None:
    _write(sample_tree, name, kind, secret)
    code, report = check_json(sample_tree)
    hits = [f for f in report["findings"] if f["code"] == "attachment-pii"]
    assert code == 1
    assert [(h["path"], what in h["message"], where in h["message"]) for h in hits] == [(f"{FOLDER}/{name}", True, True)]


@pytest.mark.parametrize(("name", "kind"), [(n, k) for n, k, *_ in CASES])
def test_masked_attachment_passes(sample_tree: Path, name: str, kind: str) -> None:
    _write(sample_tree, name, kind, "640302********0016")
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["code"].startswith("attachment-")] == []


def test_damaged_attachment_is_a_warning_not_a_traceback(sample_tree: Path) -> None:
    folder = sample_tree / FOLDER
    folder.mkdir(parents=True)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    _code, report = check_json(sample_tree)
    warned = sorted(f["path"] for f in report["findings"] if f["code"] == "attachment-unreadable")
    assert f"{FOLDER}/broken.docx" in warned
    assert all(f["severity"] == "warning" for f in report["findings"] if f["code"] == "attachment-unreadable")


def test_allow_listed_number_in_an_attachment(sample_tree: Path) -> None:
    _write(sample_tree, "list.txt", "txt", MOBILE)
    (sample_tree / "config" / "pii-allowlist.yaml").write_text(
        f'numbers:\n  - number: "{MOBILE}"\n    holder: 招聘公告的联系手机\n', encoding="utf-8"
    )
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["code"] == "attachment-pii"] == []
