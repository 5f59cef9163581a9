"""``govreg export filing``: CSV (UTF-8 with BOM) and XLSX (read back with openpyxl), columns as data, periods."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from ruletree import Tree

from govreg.rules._filing import DEFAULT_COLUMNS, FIELDS
from govreg.supervision.spreadsheet import sheet_title

from conftest import copy_sample, run_cli

D = dt.date


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV 须以 UTF-8 BOM 开头,Excel 才能正确显示中文"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def events_in_sample(root: Path) -> int:
    return sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["lifecycle"]) for p in (root / "accounts").rglob("*.yaml"))


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


def test_sample_csv(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "备案表.csv"
    code, _, err = run_cli("export", "filing", str(sample), "--output", str(target))
    assert code == 0, err
    rows = read_csv(target)
    headers = [c["header"] for c in yaml.safe_load((sample / "config/filing-columns.yaml").read_text(encoding="utf-8"))["columns"]]
    assert rows[0] == headers
    assert len(rows) - 1 == events_in_sample(sample)
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(rows))]  # 序号 runs on across units
    by_header = [dict(zip(headers, r, strict=True)) for r in rows[1:]]
    assert {r["备案事项"] for r in by_header} <= {"开设", "变更", "关停", "注销"}
    assert all(r["账号名称"] and r["主办单位"] and r["平台"] for r in by_header)
    assert all(r["备案情况"] for r in by_header)
    assert f"{len(rows) - 1} 个备案事项" in err


def test_sample_xlsx_one_sheet_per_unit(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "备案表.xlsx"
    code, _, err = run_cli("export", "filing", str(sample), "--output", str(target))
    assert code == 0, err
    book = openpyxl.load_workbook(target)
    owners = sorted({p.parent.name for p in (sample / "accounts").rglob("*.yaml")})
    units = {yaml.safe_load((sample / "units" / f"{o}.yaml").read_text(encoding="utf-8"))["name"] for o in owners}
    assert set(book.sheetnames) == units
    total = 0
    for ws in book.worksheets:
        header = [c.value for c in ws[1]]
        assert header == [c.header for c in DEFAULT_COLUMNS.columns]
        assert ws.freeze_panes == "A2"
        for number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), 1):
            record = dict(zip(header, row, strict=True))
            assert record["序号"] == number and record["主办单位"] == ws.title
            assert isinstance(record["备案期限"], dt.datetime)  # a real date cell, not text
            total += 1
    assert total == events_in_sample(sample)


def _tree(tmp_path: Path) -> Tree:
    tree = Tree(tmp_path / "repo")
    tree.add_account(
        "wz-edu-weibo", platform="weibo", name="吴忠教育微博", handle="wzedu",
        status="closed",
        lifecycle=[
            {"type": "open", "date": D(2025, 3, 3), "filed": D(2025, 3, 4)},
            {"type": "change", "date": D(2026, 6, 1), "filed": D(2026, 6, 10), "note": "更名",
             "announcement": {"from": D(2026, 6, 1), "to": D(2026, 6, 30)}},
            {"type": "close", "date": D(2026, 11, 23),
             "announcement": {"from": D(2026, 11, 23), "to": D(2026, 12, 31), "url": "https://www.wuzhong.gov.cn/gg/2"}},
        ],
    )
    tree.events("wz-edu-wechat").append({"type": "change", "date": D(2026, 11, 2), "note": "简介调整"})  # due 11-05, not filed
    tree.add_account("wz-office-wechat", owner="wz-office", subject="吴忠市人民政府办公室", name="=HYPERLINK(\"x\")", handle="wzzfb",
                     operation={"mode": "outsourced", "vendor": "宁夏某传媒有限公司"})
    return tree


def export(root: Path, target: Path, *extra: str) -> str:
    code, _, err = run_cli("export", "filing", str(root), "--output", str(target), *extra)
    assert code == 0, err
    return err


def test_filing_status_and_fields(tmp_path: Path) -> None:
    root = _tree(tmp_path).write()
    target = tmp_path / "all.csv"
    export(root, target)
    rows = read_csv(target)
    header = rows[0]
    table = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    status = {(r["账号名称"], r["备案事项"]): r["备案情况"] for r in table}
    assert status[("吴忠教育微博", "开设")] == "已备案"
    assert status[("吴忠教育微博", "变更")] == "逾期备案（期限 2026-06-04）"
    assert status[("吴忠教育微博", "关停")] == "待备案（期限 2026-11-26）"
    assert status[("吴忠教育", "变更")] == "逾期未备案（期限 2026-11-05）"
    close = next(r for r in table if r["备案事项"] == "关停")
    assert close["关停日期"] == "2026-11-23" and close["开设日期"] == "" and close["公告结束日期"] == "2026-12-31"
    assert close["账号状态"] == "已关停"
    office = next(r for r in table if r["主办单位"] == "吴忠市人民政府办公室")
    assert office["账号名称"] == "'=HYPERLINK(\"x\")"  # never a formula in Excel
    assert office["运维单位"] == "宁夏某传媒有限公司"
    assert next(r for r in table if r["账号名称"] == "吴忠教育")["运维单位"] == "吴忠市教育局"  # self-run


def test_period_selects_events_filed_or_due_in_it(tmp_path: Path) -> None:
    root = _tree(tmp_path).write()
    target = tmp_path / "november.csv"
    err = export(root, target, "--from", "2026-11-01", "--to", "2026-11-30")
    rows = read_csv(target)
    assert sorted((r[1], r[7]) for r in rows[1:]) == [("吴忠教育", "变更"), ("吴忠教育微博", "关停")]
    assert "2026-11-01 至 2026-11-30" in err
    june = tmp_path / "june.csv"
    export(root, june, "--from", "2026-06-01", "--to", "2026-06-30")  # the change was due 06-04, filed 06-10
    assert [(r[1], r[7]) for r in read_csv(june)[1:]] == [("吴忠教育微博", "变更")]
    empty = tmp_path / "empty.xlsx"
    export(root, empty, "--from", "2024-01-01", "--to", "2024-12-31")
    book = openpyxl.load_workbook(empty)
    assert book.sheetnames == ["备案"] and book["备案"].max_row == 1


def test_xlsx_cells(tmp_path: Path) -> None:
    root = _tree(tmp_path).write()
    target = tmp_path / "all.xlsx"
    export(root, target)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["吴忠市教育局", "吴忠市人民政府办公室"]
    office = book["吴忠市人民政府办公室"]
    cell = office.cell(row=2, column=2)
    assert cell.value == "=HYPERLINK(\"x\")" and cell.data_type == "s"
    edu = book["吴忠市教育局"]
    due = edu.cell(row=2, column=13)
    assert due.value == dt.datetime(2026, 3, 5) and due.number_format == "yyyy-mm-dd"
    assert book.properties.title == "政务新媒体备案信息"


def test_columns_are_data(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    tree.files["config/filing-columns.yaml"] = yaml.safe_dump(
        {"columns": [{"header": "名称", "field": "account.name"}, {"header": "平台", "field": "platform.name", "width": 12},
                     {"header": "信用代码", "field": "unit.credit_code"}, {"header": "事项", "field": "event.type"}]},
        allow_unicode=True,
    )
    root = tree.write()
    target = tmp_path / "custom.xlsx"
    export(root, target)
    ws = openpyxl.load_workbook(target)["吴忠市教育局"]
    assert [c.value for c in ws[1]] == ["名称", "平台", "信用代码", "事项"]
    assert ws.column_dimensions["B"].width == 12
    assert [c.value for c in ws[2]] == ["吴忠教育", "微信公众号", None, "开设"]


@pytest.mark.parametrize(
    ("columns", "needle", "line"),
    [
        ({"columns": [{"header": "名称", "field": "account.name"}, {"header": "密码", "field": "account.password"}]}, "account.password", 5),
        ({"columns": []}, "columns", 1),
        ({"columns": [{"header": "名称", "field": "account.name", "colour": "red"}]}, "colour", 4),
    ],
)
def test_bad_columns(tmp_path: Path, columns: dict[str, Any], needle: str, line: int) -> None:
    tree = Tree(tmp_path / "repo")
    tree.files["config/filing-columns.yaml"] = yaml.safe_dump(columns, allow_unicode=True, sort_keys=False)
    root = tree.write()
    code, _, err = run_cli("export", "filing", str(root), "--output", str(tmp_path / "x.csv"))
    assert code == 2 and needle in err and "filing-columns.yaml" in err
    assert not (tmp_path / "x.csv").exists()
    check, out, _ = run_cli("check", str(root), "--format", "json")
    found = [f for f in json.loads(out)["findings"] if f["code"] == "filing-columns-invalid"]
    assert check == 1 and len(found) == 1 and found[0]["line"] == line and needle in found[0]["message"]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("--output", "x.txt"), "--format"),
        (("--output", "x.csv", "--from", "2026-12-01", "--to", "2026-11-01"), "晚于"),
        (("--output", "x.csv", "--from", "2026-02-30"), "YYYY-MM-DD"),
    ],
)
def test_usage_errors(tmp_path: Path, argv: tuple[str, ...], needle: str) -> None:
    root = Tree(tmp_path / "repo").write()
    args = [a if not a.startswith("x.") else str(tmp_path / a) for a in argv]
    code, _, err = run_cli("export", "filing", str(root), *args)
    assert code == 2 and needle in err
    code, _, err = run_cli("export")
    assert code == 2 and "govreg export filing" in err


def test_sheet_titles() -> None:
    taken: set[str] = set()
    assert sheet_title("吴忠市[教育]局:直属/单位", taken) == "吴忠市_教育_局_直属_单位"
    long = "宁夏吴忠金积工业园区管理委员会经济发展和科技创新局办公室综合科"
    first = sheet_title(long, taken)
    second = sheet_title(long, taken)
    assert len(first) == 31 and len(second) == 31 and first != second and second.endswith("(2)")


def test_every_default_column_is_a_field() -> None:
    assert all(c.field in FIELDS for c in DEFAULT_COLUMNS.columns)
