"""``govreg inspect``: every item kind present and absent, on crafted trees with a real git history.

The healthy tree of :mod:`supervisiontree` has nothing to report on 2026-11-26;
each test changes one thing and looks for the one item it causes.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import supervisiontree
import yaml
from supervisiontree import D, SupervisionTree

from govreg import ledger
from govreg.engine import Context
from govreg.history import read_history
from govreg.message_status import MessageState, add_months, message_status
from govreg.repository import load_repository
from govreg.supervision.activity import build_activity
from govreg.supervision_settings import DEFAULT_CATEGORIES, classify

from conftest import copy_sample, run_cli

# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def healthy_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return supervisiontree.healthy_template(tmp_path_factory.mktemp("inspect-template"))


@pytest.fixture
def tree(healthy_template: Path, tmp_path: Path) -> SupervisionTree:
    """A private copy (with its .git) of the healthy tree."""
    return supervisiontree.private_copy(healthy_template, tmp_path)


def inspect_json(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("inspect", str(root), "--format", "json", *extra)
    assert "Traceback" not in err and "内部错误" not in err, err
    assert code in (0, 1), err
    return code, json.loads(out)


def items(report: dict[str, Any], unit: str | None = None) -> list[tuple[str, str, str]]:
    """[(unit, section, code), …] — the flattened view the tests assert on (info items included)."""
    return [(u["unit"], i["section"], i["code"]) for u in report["units"] if unit in (None, u["unit"]) for i in u["items"]]


def codes(report: dict[str, Any]) -> set[str]:
    return {code for _, _, code in items(report)}


def only(report: dict[str, Any], code: str) -> dict[str, Any]:
    hits = [i for u in report["units"] for i in u["items"] if i["code"] == code]
    assert len(hits) == 1, items(report)
    return hits[0]


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------- the healthy tree


def test_healthy_tree_passes(tree: SupervisionTree) -> None:
    code, report = inspect_json(tree.root)
    assert code == 0
    assert report["passed"] is True and report["vetoes"] == 0
    assert items(report) == []
    assert report["history"]["source"] == "git" and report["history"]["commits"] > 20
    statuses = {c["id"]: c["state"] for u in report["units"] for c in u["channels"]}
    assert statuses == {
        "wz-edu-wechat": "ok", "wz-portal": "ok", "wz-portal/news": "ok", "wz-portal/education": "ok",
        "wz-portal/services": "free", "wz-portal/interaction": "free",
    }


# ---------------------------------------------------------------- accounts: from the records and git


def test_account_silent_is_a_single_veto(tree: SupervisionTree) -> None:
    code, report = inspect_json(tree.root, "--date", "2026-12-10")  # last item 11-20: 20 days
    assert code == 1
    silent = only(report, "account-silent")
    assert silent["level"] == "veto" and silent["path"] == "accounts/wz-edu/wz-edu-wechat.yaml"
    assert "20 天" in silent["message"] and "2026-11-20" in silent["message"]
    assert silent["commit"] and len(silent["commit"]) == 40
    code, report = inspect_json(tree.root, "--date", "2026-12-04")  # 14 days: still within two weeks
    assert "account-silent" not in codes(report)


def test_update_counts_from_the_commit_not_the_typed_date(tree: SupervisionTree) -> None:
    # recorded on 12-09 with a release date of 12-01: on 12-06 the repository did not know it yet
    tree.item("wz-edu-wechat", D(2026, 12, 1))
    tree.commit(D(2026, 12, 9), "补登 12 月 1 日发布的信息")
    _, before = inspect_json(tree.root, "--date", "2026-12-06")
    assert "account-silent" in codes(before)
    _, after = inspect_json(tree.root, "--date", "2026-12-10")
    assert "account-silent" not in codes(after)


def test_release_date_moved_later_does_not_count(tree: SupervisionTree) -> None:
    rel = tree.item("wz-edu-wechat", D(2026, 12, 1))
    tree.commit(D(2026, 12, 1))
    path = tree.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("2026-12-01T10:00:00", "2026-12-18T10:00:00"), encoding="utf-8")
    tree.commit(D(2026, 12, 18), "改动发布时间")
    _, report = inspect_json(tree.root, "--date", "2026-12-20")
    silent = only(report, "account-silent")  # 12-01 counts, not the typed 12-18
    assert "19 天" in silent["message"]
    # and the rule that forbids the change is listed for the unit (第十四条)
    assert ("wz-edu", "immutability", "release-time-changed") in items(report)


def test_deleted_item_stops_counting(tree: SupervisionTree) -> None:
    rel = tree.item("wz-edu-wechat", D(2026, 12, 1))
    tree.commit(D(2026, 12, 1))
    (tree.root / rel).unlink()
    tree.commit(D(2026, 12, 5), "撤下")
    _, on_the_day = inspect_json(tree.root, "--date", "2026-12-04")
    assert "account-silent" not in codes(on_the_day)
    _, later = inspect_json(tree.root, "--date", "2026-12-12")  # 11-20 is the last item left: 22 days
    assert "account-silent" in codes(later)


def test_closed_account_is_not_inspected(tree: SupervisionTree, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tree.root / "accounts/wz-edu/wz-edu-wechat.yaml"

    def close(data: dict[str, Any]) -> None:
        data["status"] = "closed"
        data["lifecycle"].append({
            "type": "close", "date": "2026-11-23", "filed": "2026-11-24",
            "announcement": {"from": "2026-11-23", "to": "2026-12-31", "url": "https://www.wuzhong.gov.cn/gg/1"},
        })

    edit_yaml(path, close)
    tree.commit(D(2026, 11, 24), "关停")
    _, report = inspect_json(tree.root, "--date", "2026-12-20")
    assert "account-silent" not in codes(report)
    assert only(report, "announcement-running")["level"] == "info"
    monkeypatch.setenv("GOVREG_TODAY", "2027-01-05")
    _, ended = inspect_json(tree.root)
    assert "announcement-running" not in codes(ended)
    assert "2026-12-31 期满" in only(ended, "announcement-ended")["message"]
    monkeypatch.setenv("GOVREG_TODAY", "2027-02-20")
    _, later = inspect_json(tree.root, "--month", "2027-02")
    assert not {"announcement-running", "announcement-ended"} & codes(later)


def test_never_published_account(tree: SupervisionTree) -> None:
    tree.tree.add_account("wz-edu-weibo", platform="weibo", name="吴忠教育微博", handle="wzedu",
                          lifecycle=[{"type": "open", "date": "2026-11-02", "filed": "2026-11-03"}])
    tree.write_records()
    tree.commit(D(2026, 11, 3), "开设微博")
    _, report = inspect_json(tree.root)
    silent = only(report, "account-silent")
    assert "开设于 2026-11-02" in silent["message"] and "24 天" in silent["message"]
    _, early = inspect_json(tree.root, "--date", "2026-11-10")  # opened 8 days before: not yet
    assert "account-silent" not in codes(early)
    channel = next(c for u in early["units"] for c in u["channels"] if c["id"] == "wz-edu-weibo")
    assert channel["state"] == "new"


def test_without_git_the_records_are_used_and_said_so(tree: SupervisionTree, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(tree.root, plain, ignore=shutil.ignore_patterns(".git"))
    code, report = inspect_json(plain)
    assert code == 0
    assert report["history"]["source"] == "records"
    assert any("git" in note for note in report["notes"])


# ---------------------------------------------------------------- sites and columns


def test_site_home_page_silent(tree: SupervisionTree) -> None:
    _, report = inspect_json(tree.root, "--date", "2026-12-06")  # last site item 11-20: 16 days
    site = only(report, "site-silent")
    assert site["level"] == "veto" and site["path"] == "sites/wz-portal.yaml"
    assert ("wz-office", "updates", "site-silent") in items(report)
    assert ("wz-office", "updates", "column-stale") in items(report)  # 要闻动态 (14 days) too


def test_column_stale_goes_to_the_responsible_unit(tree: SupervisionTree) -> None:
    _, report = inspect_json(tree.root, "--date", "2027-03-05")  # 教育信息: 2026-09-01 + 185 days
    stale = [i for i in items(report, "wz-edu") if i[2] == "column-stale"]
    assert stale == [("wz-edu", "updates", "column-stale")]
    _, fine = inspect_json(tree.root, "--date", "2027-02-27")  # 179 days
    assert ("wz-edu", "updates", "column-stale") not in items(fine)


def test_blank_columns_and_the_site_failing_on_them(tree: SupervisionTree) -> None:
    columns = tree.tree.sites["wz-portal"]["columns"]
    columns += [
        {"id": "policy", "name": "政策文件", "kind": "policy", "responsible_unit": "wz-edu", "update_every_days": 180},
        {"id": "plans", "name": "规划计划", "kind": "other", "responsible_unit": "wz-edu"},
    ]
    tree.write_records()
    tree.commit(D(2026, 11, 21), "新增栏目")
    code, report = inspect_json(tree.root)
    blank = [i for i in items(report) if i[2] == "column-blank"]
    assert blank == [("wz-edu", "updates", "column-blank")] * 2  # services and interaction are exempt
    assert "site-columns-fail" not in codes(report) and code == 0
    tree.tree.config["inspection"] = {"site_fail_blank_columns": 2}
    tree.write_records()
    tree.commit(D(2026, 11, 22), "检查标准")
    code, report = inspect_json(tree.root)
    assert code == 1
    fail = only(report, "site-columns-fail")
    assert "政策文件" in fail["message"] and "规划计划" in fail["message"]


def test_stale_columns_fail_the_site(tree: SupervisionTree) -> None:
    tree.tree.config["inspection"] = {"site_fail_stale_columns": 2, "column_days": {"news": 14, "notice": 30}}
    tree.write_records()
    tree.commit(D(2026, 11, 21), "检查标准")
    _, report = inspect_json(tree.root, "--date", "2026-12-10")
    # 教育信息: its own limit is 180 days, the configured notice limit 30 is shorter; last update 09-01
    assert sorted(i for i in items(report) if i[2] == "column-stale") == [("wz-edu", "updates", "column-stale"), ("wz-office", "updates", "column-stale")]
    assert "时限 30 天" in next(i["message"] for u in report["units"] if u["unit"] == "wz-edu" for i in u["items"] if i["code"] == "column-stale")
    assert only(report, "site-columns-fail")["level"] == "veto"
    _, report = inspect_json(tree.root, "--date", "2026-11-26")
    assert "site-columns-fail" not in codes(report)


# ---------------------------------------------------------------- messages


@pytest.mark.parametrize(
    ("received", "due", "answered", "code"),
    [
        (D(2026, 11, 2), D(2026, 11, 16), None, "message-overdue"),
        (D(2026, 8, 3), D(2026, 8, 17), None, "message-unanswered-veto"),
        (D(2026, 10, 26), D(2026, 11, 9), D(2026, 11, 18), "message-answered-late"),
        (D(2026, 11, 20), D(2026, 11, 27), None, "message-due-soon"),
        (D(2026, 11, 2), D(2026, 11, 16), D(2026, 11, 10), None),
        (D(2026, 10, 1), D(2026, 10, 15), D(2026, 10, 20), None),  # late, but before the period
    ],
)
def test_messages(tree: SupervisionTree, received: dt.date, due: dt.date, answered: dt.date | None, code: str | None) -> None:
    tree.message("wz-2026-0001", received, due, answered)
    tree.commit(D(2026, 11, 21), "留言")
    exit_code, report = inspect_json(tree.root)
    found = [i for i in items(report) if i[1] == "messages"]
    if code is None:
        assert found == [] and exit_code == 0
    else:
        assert found == [("wz-edu", "messages", code)]
        assert exit_code == (1 if code == "message-unanswered-veto" else 0)


def test_invalid_message_is_not_counted(tree: SupervisionTree) -> None:
    tree.message("wz-2026-0002", D(2026, 8, 3), D(2026, 8, 17), None, valid=False, note="重复留言")
    tree.commit(D(2026, 11, 21), "留言")
    _, report = inspect_json(tree.root)
    assert [i for i in items(report) if i[1] == "messages"] == []


def test_message_state_and_three_months() -> None:
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    from govreg.models import Message

    m = Message.model_validate({"id": "m", "kind": "message", "channel": "s", "received": "2026-08-03", "assigned_unit": "u",
                                "due": "2026-08-17", "subject": "s", "summary": "s"})
    assert message_status(m, D(2026, 8, 17)).state is MessageState.pending
    assert message_status(m, D(2026, 8, 18)).state is MessageState.overdue
    assert message_status(m, D(2026, 11, 3)).state is MessageState.overdue
    assert message_status(m, D(2026, 11, 4)).state is MessageState.overdue_veto


# ---------------------------------------------------------------- rule findings, grouped by unit


def test_filing_overdue_and_pending(tree: SupervisionTree) -> None:
    path = tree.root / "accounts/wz-edu/wz-edu-wechat.yaml"
    edit_yaml(path, lambda d: d["lifecycle"].append({"type": "change", "date": "2026-11-16", "note": "更名"}))
    tree.commit(D(2026, 11, 21), "变更")
    _, report = inspect_json(tree.root)
    assert ("wz-edu", "filing", "filing-overdue") in items(report)
    assert ("wz-edu", "filing", "announcement-missing") in items(report)
    edit_yaml(path, lambda d: d["lifecycle"][-1].update({"date": "2026-11-25"}))
    tree.commit(D(2026, 11, 25), "变更日期")
    _, report = inspect_json(tree.root)
    assert ("wz-edu", "filing", "filing-pending") in items(report)
    assert "filing-overdue" not in codes(report)


def test_late_filing_only_in_its_period(tree: SupervisionTree) -> None:
    path = tree.root / "accounts/wz-edu/wz-edu-wechat.yaml"
    edit_yaml(path, lambda d: d["lifecycle"][0].update({"filed": "2026-03-20"}))  # due 03-05
    tree.commit(D(2026, 3, 20), "补备案")
    _, march = inspect_json(tree.root, "--month", "2026-03")
    assert ("wz-edu", "filing", "filing-late") in items(march)
    _, november = inspect_json(tree.root, "--month", "2026-11")
    assert "filing-late" not in codes(november)


def test_retention_review_and_responsibility(tree: SupervisionTree) -> None:
    tree.item("wz-edu-wechat", D(2026, 11, 24), retention=D(2026, 11, 25), review=False)
    tree.item("wz-edu-wechat", D(2026, 5, 6), review=False, slug="old-unreviewed")
    tree.tree.units["wz-edu"]["leader_in_charge"] = None
    tree.write_records()
    tree.commit(D(2026, 11, 24))
    _, report = inspect_json(tree.root)
    found = items(report, "wz-edu")
    assert ("wz-edu", "retention", "retention-expired") in found
    assert ("wz-edu", "review", "review-missing") in found
    assert ("wz-edu", "responsibility", "unit-leader-in-charge") in found
    # the old unreviewed item was released before the period: listed by the May inspection, not now
    reviews = {(i["path"], i["date"]) for u in report["units"] for i in u["items"] if i["code"] == "review-missing"}
    assert len(reviews) == 1 and next(iter(reviews))[1] == "2026-11-24"
    _, may = inspect_json(tree.root, "--month", "2026-05")
    assert any(i["code"] == "review-missing" and i["date"] == "2026-05-06" for u in may["units"] for i in u["items"])


def test_content_errors_and_escaping(tree: SupervisionTree, tmp_path: Path) -> None:
    tree.item("wz-edu-wechat", D(2026, 11, 24), title="<script>alert(1)</script>通知", body="请各校按装好消防设施。")
    tree.commit(D(2026, 11, 24))
    _, report = inspect_json(tree.root)
    assert ("wz-edu", "quality", "proofread-word") in items(report)
    target = tmp_path / "r.html"
    run_cli("inspect", str(tree.root), "--format", "html", "--output", str(target))
    html = target.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;通知" in html
    _, out, _ = run_cli("inspect", str(tree.root))
    assert "按装" in out


def test_categories_are_configurable() -> None:
    assert classify("review-missing", "第十二条", DEFAULT_CATEGORIES) == "review"
    assert classify("filing-late", "第八条", DEFAULT_CATEGORIES) == "filing"
    assert classify("lifecycle-status", "第八条", DEFAULT_CATEGORIES) == "other"
    assert classify("some-new-rule", "第十五条", DEFAULT_CATEGORIES) == "retention"
    assert classify("some-new-rule", "第九十九条", DEFAULT_CATEGORIES) == "other"
    assert classify("typography", "第十三条", {**DEFAULT_CATEGORIES, "typography": "other"}) == "other"


# ---------------------------------------------------------------- month, formats, errors


def test_month_is_checked_on_its_last_day(tree: SupervisionTree) -> None:
    _, report = inspect_json(tree.root, "--month", "2026-10")
    assert report["day"] == "2026-10-31" and report["start"] == "2026-10-01"
    assert report["title"] == "政府网站和政务新媒体月度检查报告（2026年10月）"
    edu = next(u for u in report["units"] if u["unit"] == "wz-edu")
    account = next(c for c in edu["channels"] if c["id"] == "wz-edu-wechat")
    assert account["last"] == "2026-10-31" and account["days"] == 0
    assert edu["released"] == 4  # the account's items of 10-01, 10-11, 10-21 and 10-31
    _, current = inspect_json(tree.root, "--month", "2026-11")
    assert current["day"] == "2026-11-26" and any("尚未结束" in n for n in current["notes"])


def test_markdown_and_html_reports(tree: SupervisionTree, tmp_path: Path) -> None:
    code, out, _ = run_cli("inspect", str(tree.root), "--date", "2026-12-10")
    assert code == 1
    assert out.startswith("# 政府网站和政务新媒体日常巡检报告（2026-12-10）")
    assert "**未通过：" in out and "## 单项否决" in out and "吴忠教育（微信公众号）" in out
    target = tmp_path / "out" / "report.html"
    code, _, err = run_cli("inspect", str(tree.root), "--date", "2026-12-10", "--format", "html", "--output", str(target))
    assert code == 1 and "单项否决" in err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert html.count('<svg class="chart freshness"') == 2 and html.count('<svg class="chart weekly"') == 2
    assert 'class="bar bar-over"' in html


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("--month", "2026-13"), "YYYY-MM"),
        (("--month", "2027-01"), "还没有开始"),
        (("--date", "2026-02-30"), "YYYY-MM-DD"),
    ],
)
def test_usage_errors(tree: SupervisionTree, argv: tuple[str, ...], needle: str) -> None:
    code, _, err = run_cli("inspect", str(tree.root), *argv)
    assert code == 2 and needle in err


def test_bad_settings_are_a_chinese_error(tree: SupervisionTree) -> None:
    tree.tree.config["inspection"] = {"account_silent_days": 0, "colour": "red"}
    tree.write_records()
    code, _, err = run_cli("inspect", str(tree.root))
    assert code == 2
    assert "inspection.account_silent_days" in err and "inspection.colour" in err
    assert "Input should" not in err and "太小" in err  # Chinese, as govreg check says it
    check_code, out, _ = run_cli("check", str(tree.root), "--format", "json")  # `govreg check` says where
    assert check_code == 1
    assert {(f["path"], f["line"]) for f in json.loads(out)["findings"] if f["severity"] == "error"} == {("config/govreg.yaml", 3), ("config/govreg.yaml", 4)}


def test_sample_data(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    _, report = inspect_json(root, "--month", "2026-11")
    assert report["history"]["source"] == "records"  # a copy without .git
    assert {u["unit"] for u in report["units"]} >= {"wuzhong-gov-office", "education-bureau"}
    messages = {(u["unit"], i["code"]) for u in report["units"] for i in u["items"] if i["section"] == "messages"}
    assert ("transport-bureau", "message-due-soon") not in messages  # due 12-02: 6 days left
    assert all(code != "message-overdue" for _, code in messages)


def test_activity_index_uses_one_history_read(tree: SupervisionTree) -> None:
    repo = load_repository(tree.root)
    history = read_history(tree.root, ("content",), with_front_matter=True)
    activity = build_activity(repo, history)
    assert activity.source == "git" and activity.uncommitted == 0
    assert activity.start == D(2026, 3, 5)
    last = activity.last_of_channel("wz-edu-wechat", D(2026, 11, 26))
    assert last is not None and last.published == D(2026, 11, 20) and last.recorded == D(2026, 11, 20)
    assert activity.weekly(activity.by_unit["wz-edu"], D(2026, 11, 26), 4) == [1, 1, 0, 1]  # 10-31, 11-10, 11-20
    ctx = Context(repo, D(2026, 11, 26))
    assert ctx.today == D(2026, 11, 26)


def test_activity_dates_a_change_by_the_ledgers_merge_time_not_its_commit_date(tree: SupervisionTree) -> None:
    """A commit date is set by its author; when the sign-off ledger knows the merge, the forge's time wins (issue 11)."""
    repo = load_repository(tree.root)
    history = read_history(tree.root, ("content",), with_front_matter=True)
    last = build_activity(repo, history).last_of_channel("wz-edu-wechat", D(2026, 11, 26))
    assert last is not None and last.recorded == D(2026, 11, 20) and last.commit
    merged_at = "2026-11-24T16:00:00+08:00"  # the forge merged it four days after the date the commit claims
    ledger.append(tree.root, [{"kind": "genesis"}, {"kind": "merge", "merge": last.commit, "merged_at": merged_at}])
    again = build_activity(load_repository(tree.root), history).last_of_channel("wz-edu-wechat", D(2026, 11, 26))
    assert again is not None and again.recorded == D(2026, 11, 24)
    assert build_activity(load_repository(tree.root), history).last_of_channel("wz-edu-wechat", D(2026, 11, 23)) != again


# ---------------------------------------------------------------- the HTML report in a browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail("缺少 Debian 的 chromium:请运行 make browser-deps(或 make test,会自动安装)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.mark.browser
def test_html_report_charts_render(tree: SupervisionTree, tmp_path: Path, browser: Any) -> None:
    target = tmp_path / "inspect.html"
    code, _, err = run_cli("inspect", str(tree.root), "--date", "2026-12-10", "--format", "html", "--output", str(target))
    assert code == 1, err
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    outside: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if urlsplit(r.request.url).scheme == "file":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(target.as_uri())
    assert page.title() == "政府网站和政务新媒体日常巡检报告（2026-12-10）"
    charts = page.locator("svg.chart")
    assert charts.count() == 5  # overview + per unit (freshness, weekly) × 2
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 50
    over = page.locator("#unit-wz-edu svg.freshness rect.bar-over")
    assert over.count() == 1 and over.first.is_visible()
    bar = over.first.bounding_box()
    assert bar is not None and bar["width"] > 10
    assert page.locator("svg.weekly rect.bar-week").count() == 24
    assert outside == [] and errors == []
    page.close()
