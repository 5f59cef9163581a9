"""Lifecycle rules (Art. 8) on the Chinese working-day calendar: filing, announcements, order, status, unknown years.

Dates are worked out by hand from the 2026 arrangement in REFERENCE.md: 9/20 (Sun) and
10/10 (Sat) are worked, 10/1–10/7 are off; the day of the operation is not counted
(民法典 第二百零一条).  Today is 2026-11-26, a Thursday.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from ruletree import D, Tree, found, line_of, only

from conftest import check_json, codes, edit, flat

A = "accounts/wz-edu/wz-edu-wechat.yaml"
# lines of the dumped account: 7 status, 8 lifecycle, 9-11 the open event (type/date/filed),
# 12-14 a second event, 15 its announcement, 16 from, 17 to
OPEN_TYPE, OPEN_FILED, SECOND_TYPE, SECOND_DATE, SECOND_FILED = 9, 11, 12, 13, 14
NOTICE_FROM, NOTICE_TO = 16, 17


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "repo")


def event(kind: str, date: dt.date, filed: dt.date | None = None, notice: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind, "date": date}
    if filed is not None:
        out["filed"] = filed
    if notice is not None:
        out["announcement"] = {"from": notice[0], "to": notice[1]}
    return out


def set_events(tree: Tree, *events: dict[str, Any], status: str = "active") -> None:
    tree.account("wz-edu-wechat").update(lifecycle=list(events), status=status)


# ---------------------------------------------------------------- filing (第八条)


def test_filing_late_on_the_day_after_a_worked_sunday(tree: Tree) -> None:
    # Fri 9/18 → 9/20 (Sun, worked) 1, 9/21 2, 9/22 3: filing on 9/23 is late
    set_events(tree, event("open", D(2026, 9, 18), D(2026, 9, 23)))
    findings = tree.check("filing_deadline")
    assert found(findings) == [("filing-late", "error", A, OPEN_FILED)]
    assert findings[0].message == "开设事件（2026-09-18）于 2026-09-23 备案，超过了 3 个工作日的期限（2026-09-22）"
    assert findings[0].article == "第八条"


def test_filing_on_the_last_day_counting_a_worked_sunday_passes(tree: Tree) -> None:
    set_events(tree, event("open", D(2026, 9, 18), D(2026, 9, 22)))
    assert found(tree.check("filing_deadline")) == []


def test_filing_across_national_day_ends_on_the_worked_saturday(tree: Tree) -> None:
    # Wed 9/30 → 10/1–10/7 off, 10/8 1, 10/9 2, 10/10 (Sat, worked) 3
    set_events(tree, event("open", D(2026, 9, 30), D(2026, 10, 10)))
    assert found(tree.check("filing_deadline")) == []
    set_events(tree, event("open", D(2026, 9, 30), D(2026, 10, 12)))
    finding = only(tree.check("filing_deadline"), "filing-late")
    assert "期限（2026-10-10）" in finding.message


def test_unfiled_event_past_its_deadline_is_overdue(tree: Tree) -> None:
    # Fri 11/20 → 11/23, 11/24, 11/25: due 11/25, today 11/26
    set_events(tree, event("open", D(2026, 11, 20)))
    findings = tree.check("filing_deadline")
    assert found(findings) == [("filing-overdue", "error", A, OPEN_TYPE)]
    assert findings[0].message == "开设事件（2026-11-20）尚未备案，期限 2026-11-25 已过"


def test_unfiled_event_within_its_deadline_is_pending_with_the_due_date(tree: Tree) -> None:
    # Tue 11/24 → due Fri 11/27; today (Thu 11/26) and 11/27 are left
    set_events(tree, event("open", D(2026, 11, 24)))
    findings = tree.check("filing_deadline")
    assert found(findings) == [("filing-pending", "info", A, OPEN_TYPE)]
    assert findings[0].message == "开设事件（2026-11-24）尚未备案，须在 2026-11-27 前（含当日）备案，还剩 2 个工作日"
    assert "2026-11-27" in findings[0].hint


def test_pending_on_the_due_day_itself(tree: Tree) -> None:
    set_events(tree, event("open", D(2026, 11, 23)))  # Mon → due Thu 11/26 = today
    finding = only(tree.check("filing_deadline"), "filing-pending")
    assert "须在 2026-11-26 前（含当日）备案，还剩 1 个工作日" in finding.message


@pytest.mark.parametrize(("filed", "problem"), [(D(2026, 3, 1), "早于操作日期"), (D(2026, 11, 27), "晚于今天（2026-11-26）")])
def test_impossible_filing_dates_are_errors(tree: Tree, filed: dt.date, problem: str) -> None:
    set_events(tree, event("open", D(2026, 3, 2), filed))
    findings = tree.check("filing_deadline")
    assert found(findings) == [("filing-date-invalid", "error", A, OPEN_FILED)]
    assert problem in findings[0].message


def test_events_before_since_are_not_checked(tree: Tree) -> None:
    set_events(tree, event("open", D(2018, 3, 1)))
    assert found(tree.check("filing_deadline")) == []  # by default, from the day the measures took effect (第二十三条)
    tree.config["filing"] = {"since": None}
    assert [f.code for f in tree.check("filing_deadline")] == ["filing-overdue"]


def test_deadline_is_a_setting(tree: Tree) -> None:
    set_events(tree, event("open", D(2026, 9, 18), D(2026, 9, 23)))
    tree.config["filing"] = {"deadline_working_days": 4}
    assert found(tree.check("filing_deadline")) == []


# ---------------------------------------------------------------- announcements (第八条)

OPENED = event("open", D(2026, 3, 2), D(2026, 3, 3))


def test_change_without_announcement_past_the_deadline_is_an_error(tree: Tree) -> None:
    set_events(tree, OPENED, event("change", D(2026, 6, 1), D(2026, 6, 2)))
    findings = tree.check("announcement_period")
    assert found(findings) == [("announcement-missing", "error", A, SECOND_TYPE)]
    assert findings[0].message == "变更事件（2026-06-01）没有登记公告 announcement；公告最迟应在 2026-06-04 发布"


def test_close_without_announcement_within_the_deadline_is_pending(tree: Tree) -> None:
    set_events(tree, OPENED, event("close", D(2026, 11, 24), D(2026, 11, 25)), status="closed")
    findings = tree.check("announcement_period")
    assert found(findings) == [("announcement-pending", "info", A, SECOND_TYPE)]
    assert findings[0].message == "关停事件（2026-11-24）尚未登记公告，须在 2026-11-27 前（含当日）发布，公告期不少于 15 个工作日"


def test_open_needs_no_announcement(tree: Tree) -> None:
    set_events(tree, OPENED)
    assert found(tree.check("announcement_period")) == []


def test_announcement_ending_before_it_starts_is_an_error(tree: Tree) -> None:
    set_events(tree, OPENED, event("change", D(2026, 6, 1), D(2026, 6, 2), (D(2026, 6, 2), D(2026, 6, 1))))
    findings = tree.check("announcement_period")
    assert found(findings) == [("announcement-period", "error", A, NOTICE_TO)]
    assert findings[0].message == "公告的结束日期 2026-06-01 早于开始日期 2026-06-02"


def test_announcement_over_national_day_is_too_short(tree: Tree) -> None:
    # (9/29, 10/16]: 9/30, 10/8, 10/9, 10/10 (Sat, worked), 10/12–10/16 = 9 working days; the 15th is 10/26
    set_events(tree, OPENED, event("close", D(2026, 9, 28), D(2026, 9, 29), (D(2026, 9, 29), D(2026, 10, 16))), status="closed")
    findings = tree.check("announcement_period")
    assert found(findings) == [("announcement-too-short", "error", A, NOTICE_TO)]
    assert findings[0].message == "公告期 2026-09-29 至 2026-10-16 只有 9 个工作日（发布当日不计入），不足 15 个工作日；至少应到 2026-10-26"


def test_announcement_of_exactly_fifteen_working_days_passes(tree: Tree) -> None:
    set_events(tree, OPENED, event("close", D(2026, 9, 28), D(2026, 9, 29), (D(2026, 9, 29), D(2026, 10, 26))), status="closed")
    assert found(tree.check("announcement_period")) == []


def test_announcement_published_after_the_filing_deadline_is_late(tree: Tree) -> None:
    set_events(tree, OPENED, event("change", D(2026, 6, 1), D(2026, 6, 2), (D(2026, 6, 8), D(2026, 7, 31))))
    findings = tree.check("announcement_period")
    assert found(findings) == [("announcement-late", "error", A, NOTICE_FROM)]
    assert findings[0].message == "变更事件（2026-06-01）的公告于 2026-06-08 发布，晚于期限 2026-06-04"


def test_announcement_published_before_closing_passes(tree: Tree) -> None:
    # a 停更公告 may go out before the account is closed
    set_events(tree, OPENED, event("close", D(2026, 6, 15), D(2026, 6, 16), (D(2026, 6, 1), D(2026, 6, 30))), status="closed")
    assert found(tree.check("announcement_period")) == []


# ---------------------------------------------------------------- calendar-unknown-year


def test_deadline_in_an_unknown_year_is_a_warning_and_the_estimate_is_said(tree: Tree) -> None:
    # Wed 2026-12-30 → 12/31 1, 2027-01-01 2 (plain Friday: 2027 unknown), 2027-01-04 3
    set_events(tree, event("open", D(2026, 12, 30)))
    findings = tree.check("calendar_unknown_year", "filing_deadline", today=D(2027, 1, 2))
    assert found(findings) == [("filing-pending", "info", A, OPEN_TYPE), ("calendar-unknown-year", "warning", A, 10)]
    assert findings[1].message == "开设事件（2026-12-30）的期限计算用到了2027年度节假日安排未知，按普通工作日（周一至周五）计算"
    assert findings[0].message.endswith("（期限按估算：2027年度节假日安排未知，按普通工作日（周一至周五）计算）")
    assert "须在 2027-01-04 前" in findings[0].message


def test_year_added_as_data_is_no_longer_unknown(tree: Tree) -> None:
    set_events(tree, event("open", D(2026, 12, 30)))
    tree.files["config/calendar.yaml"] = yaml.safe_dump({"years": {2027: {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"], "workdays": []}}})
    findings = tree.check("calendar_unknown_year", "filing_deadline", today=D(2027, 1, 2))
    assert found(findings) == [("filing-pending", "info", A, OPEN_TYPE)]
    assert "须在 2027-01-06 前" in findings[0].message  # 12/31, 1/5, 1/6: 1/4 is off under the added arrangement


def test_broken_calendar_file_is_an_error_and_the_library_is_used(tree: Tree) -> None:
    tree.files["config/calendar.yaml"] = 'years:\n  2027:\n    holidays: ["2027-13-01"]\n'
    set_events(tree, event("open", D(2026, 9, 18), D(2026, 9, 22)))
    findings = tree.check("calendar_unknown_year", "filing_deadline")
    assert [(f.code, f.path, f.line, f.column) for f in findings] == [("calendar-config-invalid", "config/calendar.yaml", 3, 16)]
    assert "2027-13-01" in findings[0].message


# ---------------------------------------------------------------- lifecycle-order, -open-first, -after-cancel, -future


def test_events_out_of_date_order_are_an_error(tree: Tree) -> None:
    set_events(tree, OPENED, event("change", D(2026, 2, 2), D(2026, 2, 3), (D(2026, 2, 2), D(2026, 3, 31))))
    findings = tree.check("lifecycle_order")
    assert found(findings) == [("lifecycle-order", "error", A, SECOND_DATE)]
    assert findings[0].message == "变更事件的日期 2026-02-02 早于前一个事件的日期 2026-03-02"


def test_events_in_date_order_pass(tree: Tree) -> None:
    set_events(tree, OPENED, event("change", D(2026, 3, 2), D(2026, 3, 3), (D(2026, 3, 2), D(2026, 3, 31))))
    assert found(tree.check("lifecycle_order")) == []


def test_first_event_must_be_open_and_only_once(tree: Tree) -> None:
    set_events(tree, event("change", D(2026, 3, 2), D(2026, 3, 3)), event("open", D(2026, 3, 9), D(2026, 3, 10)))
    findings = tree.check("lifecycle_order")
    assert found(findings) == [("lifecycle-open-first", "error", A, OPEN_TYPE), ("lifecycle-open-first", "error", A, SECOND_TYPE)]
    assert findings[0].message == "开设事件的位置不对：第一个事件是变更，而不是开设（open）"
    assert findings[1].message == "开设事件的位置不对：第 2 个事件又是开设；一个账号只有一个开设事件"


def test_nothing_after_cancel(tree: Tree) -> None:
    set_events(
        tree, OPENED, event("cancel", D(2026, 5, 6), D(2026, 5, 7), (D(2026, 5, 6), D(2026, 6, 30))),
        event("change", D(2026, 7, 1), D(2026, 7, 2), (D(2026, 7, 1), D(2026, 7, 31))), status="cancelled",
    )
    findings = tree.check("lifecycle_order")
    assert found(findings) == [("lifecycle-after-cancel", "error", A, 18)]  # the third event's type (open 9–11, cancel 12–17)
    assert findings[0].message == "账号已于 2026-05-06 注销，之后不应再有变更事件"


def test_cancel_as_the_last_event_passes(tree: Tree) -> None:
    set_events(tree, OPENED, event("cancel", D(2026, 5, 6), D(2026, 5, 7), (D(2026, 5, 6), D(2026, 6, 30))), status="cancelled")
    assert found(tree.check("lifecycle_order")) == []


def test_event_after_today_is_an_error(tree: Tree) -> None:
    set_events(tree, event("open", D(2026, 11, 27)))
    findings = tree.check("lifecycle_order")
    assert found(findings) == [("lifecycle-future", "error", A, 10)]
    assert findings[0].message == "开设事件的日期 2026-11-27 晚于今天（2026-11-26）；lifecycle 只登记已经完成的操作"


# ---------------------------------------------------------------- lifecycle-status


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [("close", "active", "closed"), ("cancel", "closed", "cancelled"), ("close", "cancelled", "closed")],
)
def test_status_must_follow_the_last_event(tree: Tree, kind: str, status: str, expected: str) -> None:
    set_events(tree, OPENED, event(kind, D(2026, 5, 6), D(2026, 5, 7), (D(2026, 5, 6), D(2026, 6, 30))), status=status)
    findings = tree.check("lifecycle_status")
    assert found(findings) == [("lifecycle-status", "error", A, 7)]
    assert f"状态应为 {expected}" in findings[0].message


@pytest.mark.parametrize(("kinds", "status"), [(("open",), "active"), (("open", "change"), "active"), (("open", "close", "change"), "closed"), (("open", "close", "cancel"), "cancelled")])
def test_status_following_the_events_passes(tree: Tree, kinds: tuple[str, ...], status: str) -> None:
    set_events(tree, *(event(k, D(2026, 3, 2 + 7 * i), D(2026, 3, 3 + 7 * i), (D(2026, 3, 2 + 7 * i), D(2026, 4, 30))) for i, k in enumerate(kinds)), status=status)
    assert found(tree.check("lifecycle_status")) == []


# ---------------------------------------------------------------- end to end on the sample tree

EDU = "accounts/education-bureau/education-bureau-wechat.yaml"
OPEN_EVENT = "    date: 2019-04-02\n    filed: 2019-04-03\n"


def add_event(root: Path, *fields: dict[str, Any]) -> Path:
    """Insert events (dumped by yaml, indented as list items of lifecycle) after the sample account's open event."""
    text = yaml.safe_dump(list(fields), allow_unicode=True, sort_keys=False)
    path = root / EDU
    edit(path, OPEN_EVENT, OPEN_EVENT + "".join(f"  {line}\n" for line in text.splitlines()))
    return path


def sample_finding(root: Path, code: str, needle: str, status: int, start: int = 1) -> dict[str, Any]:
    exit_code, report = check_json(root)
    assert exit_code == status, flat(report)
    line = line_of(root / EDU, needle, start)
    assert (code, EDU, line) in flat(report)
    return next(f for f in report["findings"] if (f["code"], f["path"], f["line"]) == (code, EDU, line))


def test_sample_tree_is_clean_for_lifecycle_rules(sample_tree: Path) -> None:
    exit_code, report = check_json(sample_tree)
    assert exit_code == 0, flat(report)
    mine = ("filing-", "announcement-", "lifecycle-", "calendar-")
    assert [f for f in report["findings"] if f["code"].startswith(mine) and f["code"] != "filing-pending"] == []


def judge_all_events(root: Path) -> None:
    """``filing.since: null``: judge the sample's events from before the measures too."""
    with (root / "config/govreg.yaml").open("a", encoding="utf-8") as fh:
        fh.write("filing:\n  since: null\n")


def test_sample_filing_late(sample_tree: Path) -> None:
    judge_all_events(sample_tree)
    # Tue 2019-04-02 → 4/3, 4/4, (清明 4/5–4/7 off) 4/8: filed 4/9 is late
    edit(sample_tree / EDU, "filed: 2019-04-03", "filed: 2019-04-09")
    finding = sample_finding(sample_tree, "filing-late", "filed: 2019-04-09", 1)
    assert "期限（2019-04-08）" in finding["message"]


def test_sample_filing_overdue(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-11-20", "announcement": {"from": "2026-11-20", "to": "2026-12-31"}})
    sample_finding(sample_tree, "filing-overdue", "type: change", 1)


def test_sample_filing_pending_is_info(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-11-24", "announcement": {"from": "2026-11-24", "to": "2026-12-31"}})
    finding = sample_finding(sample_tree, "filing-pending", "type: change", 0)
    assert finding["severity"] == "info" and "2026-11-27" in finding["message"]


def test_sample_filing_before_the_event(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "filed: 2019-04-03", "filed: 2019-04-01")
    sample_finding(sample_tree, "filing-date-invalid", "filed: 2019-04-01", 1)


def test_sample_announcement_missing(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-06-01", "filed": "2026-06-02"})
    sample_finding(sample_tree, "announcement-missing", "type: change", 1)


def test_sample_announcement_pending_is_info(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-11-25", "filed": "2026-11-25"})
    finding = sample_finding(sample_tree, "announcement-pending", "type: change", 0)
    assert finding["severity"] == "info"


def test_sample_announcement_period_reversed(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-06-01", "filed": "2026-06-02", "announcement": {"from": "2026-06-02", "to": "2026-06-01"}})
    sample_finding(sample_tree, "announcement-period", "to: '2026-06-01'", 1)


def test_sample_announcement_too_short(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-06-01", "filed": "2026-06-02", "announcement": {"from": "2026-06-02", "to": "2026-06-12"}})
    finding = sample_finding(sample_tree, "announcement-too-short", "to: '2026-06-12'", 1)
    assert "只有 8 个工作日" in finding["message"]  # 6/3–6/5, 6/8–6/12 (端午 is 6/19–6/21)


def test_sample_announcement_late(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-06-01", "filed": "2026-06-02", "announcement": {"from": "2026-06-08", "to": "2026-07-31"}})
    sample_finding(sample_tree, "announcement-late", "from: '2026-06-08'", 1)


def test_sample_date_in_a_year_before_the_library_is_a_warning(sample_tree: Path) -> None:
    judge_all_events(sample_tree)
    edit(sample_tree / EDU, OPEN_EVENT, "    date: 2003-06-02\n    filed: 2003-06-03\n")
    finding = sample_finding(sample_tree, "calendar-unknown-year", "date: 2003-06-02", 0)
    assert finding["severity"] == "warning" and "2003年度节假日安排未知" in finding["message"]


def test_sample_broken_calendar_file(sample_tree: Path) -> None:
    (sample_tree / "config/calendar.yaml").write_text("years:\n  2027: [2027-01-01]\n", encoding="utf-8")
    exit_code, report = check_json(sample_tree)
    assert exit_code == 1
    assert ("calendar-config-invalid", "config/calendar.yaml", 2) in flat(report)


def test_sample_events_out_of_order(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2019-01-02", "filed": "2019-01-03", "announcement": {"from": "2019-01-02", "to": "2019-02-28"}})
    sample_finding(sample_tree, "lifecycle-order", "date: '2019-01-02'", 1)


def test_sample_first_event_not_open(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "  - type: open", "  - type: change")
    sample_finding(sample_tree, "lifecycle-open-first", "type: change", 1)


def test_sample_event_after_cancel(sample_tree: Path) -> None:
    add_event(
        sample_tree,
        {"type": "cancel", "date": "2026-05-06", "filed": "2026-05-07", "announcement": {"from": "2026-05-06", "to": "2026-06-30"}},
        {"type": "change", "date": "2026-07-01", "filed": "2026-07-02", "announcement": {"from": "2026-07-01", "to": "2026-07-31"}},
    )
    edit(sample_tree / EDU, "status: active", "status: cancelled")
    sample_finding(sample_tree, "lifecycle-after-cancel", "type: change", 1)


def test_sample_event_in_the_future(sample_tree: Path) -> None:
    add_event(sample_tree, {"type": "change", "date": "2026-12-01"})
    exit_code, report = check_json(sample_tree)
    assert exit_code == 1
    assert ("lifecycle-future", EDU, line_of(sample_tree / EDU, "date: '2026-12-01'")) in flat(report)
    # a future event is neither overdue nor pending
    assert [c for c in codes(report) if c.startswith(("filing-", "announcement-")) and c != "filing-pending"] == []


def test_sample_status_disagrees_with_events(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "status: active", "status: closed")
    sample_finding(sample_tree, "lifecycle-status", "status: closed", 1)
