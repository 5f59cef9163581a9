"""``govreg report annual``: the annual work report as XLSX, printable HTML (autoescaped) and JSON; archived as a record."""

from __future__ import annotations

import io
import json
from pathlib import Path

import yaml
from openpyxl import load_workbook

from conftest import check_json, edit, run_cli

ACCOUNT = "accounts/transport-bureau/transport-bureau-wechat.yaml"


def annual(root: Path, *extra: str) -> tuple[int, str, str]:
    return run_cli("report", "annual", str(root), "--year", "2026", *extra)


def test_json_counts_come_from_the_records(sample_tree: Path) -> None:
    code, out, err = annual(sample_tree, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    summary = {row["label"]: row["value"] for row in data["summary"]}
    # independent count: every released 2026 item of every site, read from the files
    on_sites = 0
    sites = {p.stem for p in (sample_tree / "sites").glob("*.yaml")}
    for path in (sample_tree / "content").rglob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        released = front.get("published_at")
        if front["channel"] in sites and released is not None and released.year == 2026 and released.date().isoformat() <= "2026-11-26":
            on_sites += 1
    assert summary["网站发布信息（条）"] == on_sites > 0
    assert summary["下发整改通知（份）"] == 1 and summary["整改并复查合格（份）"] == 1
    assert summary["安全事件（次）"] == 1 and summary["舆情事件（次）"] == 1 and summary["按时回应（次）"] == 1
    assert any("尚未结束" in n for n in data["notes"]) and any("留空" in n for n in data["notes"])
    assert {c["key"] for c in data["site_columns"] if not c["national"]} >= {"incidents", "notices"}


def test_an_overdue_notice_and_a_late_incident_show_in_the_counts(sample_tree: Path) -> None:
    rect = sample_tree / "rectifications/transport-bureau/2026-10-transport-bureau-wechat.yaml"
    rect.write_text(rect.read_text(encoding="utf-8").split("responses:")[0], encoding="utf-8")
    edit(sample_tree / "incidents/culture-tourism-bureau/2026-11-xiaohongshu-hijack.yaml", "at: 2026-11-24T09:10:00+08:00", "at: 2026-11-25T09:10:00+08:00")
    _, out, _ = annual(sample_tree, "--format", "json")
    summary = {row["label"]: row["value"] for row in json.loads(out)["summary"]}
    assert summary["逾期未整改（份）"] == 1 and summary["整改并复查合格（份）"] == 0
    assert summary["未按时报告的安全事件（次）"] == 1


def test_xlsx_layout_and_no_formula_injection(sample_tree: Path, tmp_path: Path) -> None:
    edit(sample_tree / ACCOUNT, "name: 吴忠交通", "name: \"=HYPERLINK(\\\"http://x\\\")\"")
    target = tmp_path / "annual.xlsx"
    code, _, err = annual(sample_tree, "--format", "xlsx", "--output", str(target))
    assert code == 0, err
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["汇总", "政府网站", "政务新媒体"]
    sites = book["政府网站"]
    assert sites.cell(1, 1).value == "基本信息" and sites.cell(2, 1).value == "网站名称"
    headers = [c.value for c in sites[2]]
    assert "网站总访问量（次）" in headers and "安全事件数量（次）*" in headers
    visits = headers.index("网站总访问量（次）") + 1
    assert all(sites.cell(r, visits).value is None for r in range(3, sites.max_row + 1))
    accounts = book["政务新媒体"]
    cells = [c for row in accounts.iter_rows(min_row=3) for c in row if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)
    code, _, err = annual(sample_tree, "--format", "xlsx")
    assert code == 2 and "--output" in err


def test_html_is_autoescaped_and_printable(sample_tree: Path) -> None:
    edit(sample_tree / ACCOUNT, "name: 吴忠交通", "name: <script>alert(1)</script>")
    code, out, _ = annual(sample_tree)
    assert code == 0
    assert "<script>alert(1)</script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "@page" in out and "<thead>" in out and "登记库无此数据" in out


def test_archive_writes_a_record_that_checks_clean(sample_tree: Path) -> None:
    code, _, err = annual(sample_tree, "--archive")
    assert code == 0, err
    folder = sample_tree / "reports/annual"
    assert sorted(p.name for p in folder.iterdir()) == ["annual-2026.html", "annual-2026.json", "annual-2026.xlsx", "annual-2026.yaml"]
    record = yaml.safe_load((folder / "annual-2026.yaml").read_text(encoding="utf-8"))
    assert record["kind"] == "annual" and record["public"] is False and "commit" not in record  # not a git repository
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["path"].startswith("reports/")] == []
    # the office marks it public; archiving again keeps that
    edit(folder / "annual-2026.yaml", "public: false", "public: true")
    annual(sample_tree, "--archive")
    assert yaml.safe_load((folder / "annual-2026.yaml").read_text(encoding="utf-8"))["public"] is True
    # a listed file that is missing is a finding
    (folder / "annual-2026.xlsx").unlink()
    _, report = check_json(sample_tree)
    assert [(f["code"], f["path"]) for f in report["findings"] if f["path"].startswith("reports/")] == [("unknown-reference", "reports/annual/annual-2026.yaml")]


def test_future_year_is_a_usage_error(sample_tree: Path) -> None:
    code, _, err = run_cli("report", "annual", str(sample_tree), "--year", "2030")
    assert code == 2 and "还没有开始" in err
