"""``govreg close account`` and ``govreg change account``: the event appended, deadlines on the working-day calendar (第八条)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ptyterm import Terminal

from govreg.authoring.lifecycle import Announcement, plan
from govreg.loader import parse_yaml
from govreg.models import EventType
from govreg.rules._shared import FilingSettings
from govreg.workdays import WorkCalendar

from conftest import check_json, edit, run_cli

KUAISHOU = "accounts/public-security-bureau/public-security-bureau-kuaishou.yaml"
WECHAT = "accounts/education-bureau/education-bureau-wechat.yaml"


def events(root: Path, rel: str) -> list[dict[str, Any]]:
    data, findings = parse_yaml((root / rel).read_text(encoding="utf-8"), rel)
    assert findings == []
    return list(data["lifecycle"])


def errors_in(report: dict[str, Any], rel: str) -> list[str]:
    return [f["code"] for f in report["findings"] if f["path"] == rel and f["severity"] in ("error", "warning")]


# ---------------------------------------------------------------- the plan


def test_plan_counts_working_days_over_the_national_day_holiday() -> None:
    # Wed 9/30: 10/1–10/7 off → 10/8 1, 10/9 2, 10/10 (Sat, worked) 3
    p = plan(WorkCalendar(), FilingSettings(), EventType.close, dt.date(2026, 9, 30))
    assert p.filing_due.date == dt.date(2026, 10, 10)
    assert p.announced and p.announcement_start == dt.date(2026, 9, 30)
    assert WorkCalendar().working_days_between(dt.date(2026, 9, 30), p.earliest_end.date) == 15
    assert WorkCalendar().working_days_between(dt.date(2026, 9, 30), p.earliest_end.date - dt.timedelta(days=1)) < 15
    assert not p.unknown_years


def test_plan_warns_when_the_year_is_unknown() -> None:
    p = plan(WorkCalendar(), FilingSettings(), EventType.close, dt.date(2026, 12, 30), announcement=Announcement(dt.date(2026, 12, 30), dt.date(2027, 1, 25)))
    assert p.unknown_years == frozenset({2027})
    text = "\n".join(p.lines())
    assert "2027年度节假日安排未知，按普通工作日（周一至周五）计算" in text and "config/calendar.yaml" in text


def test_an_open_event_needs_no_announcement() -> None:
    p = plan(WorkCalendar(), FilingSettings(), EventType.open, dt.date(2026, 11, 24))
    assert not p.announced
    assert not any("公告" in line for line in p.lines())


# ---------------------------------------------------------------- close


def test_close_non_interactive_appends_and_keeps_comments(sample_tree: Path) -> None:
    before = (sample_tree / KUAISHOU).read_text(encoding="utf-8")
    code, out, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2026-11-25", "--note", "利用率低，按第七条清理关停")
    assert code == 0, err
    assert "备案期限：2026-11-30（星期一）" in out  # Wed 11/25 → Thu 1, Fri 2, Mon 3
    assert "若于 2026-11-25（星期三） 发布，最早可在 2026-12-16（星期三） 撤下" in out
    assert "--update-last" in out
    after = (sample_tree / KUAISHOU).read_text(encoding="utf-8")
    assert all(line in after for line in before.splitlines() if line.lstrip().startswith("#"))  # every comment kept
    assert "status: closed  # 已关停；须与最后一条备案事件一致" in after
    assert events(sample_tree, KUAISHOU)[-1] == {"type": "close", "date": "2026-11-25", "note": "利用率低，按第七条清理关停"}
    _, report = check_json(sample_tree)
    assert errors_in(report, KUAISHOU) == []  # only the pending filing and announcement (infos)


def test_close_then_record_filing_and_announcement(sample_tree: Path) -> None:
    run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2026-11-25", "--no-check")
    code, out, err = run_cli(
        "change", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--update-last", "--filed", "2026-11-26",
        "--announce-from", "2026-11-25", "--announce-url", "https://www.wuzhong.gov.cn/xxgk/tzgg/202611/t20261125_1.html",
    )  # fmt: skip
    assert code == 0, err
    assert "✓ 检查通过" in out
    last = events(sample_tree, KUAISHOU)[-1]
    assert last["filed"] == "2026-11-26"
    assert last["announcement"] == {
        "from": "2026-11-25", "to": "2026-12-16", "url": "https://www.wuzhong.gov.cn/xxgk/tzgg/202611/t20261125_1.html",
        "title": "关于“吴忠公安”快手账号关停的公告",
    }  # fmt: skip
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["path"] == KUAISHOU] == []


def test_cancel_after_close(sample_tree: Path) -> None:
    run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2026-11-02", "--filed", "2026-11-03",
            "--announce-from", "2026-11-02", "--no-check")  # fmt: skip
    code, out, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2026-11-24")
    assert code == 2 and "已经关停" in err and "--cancel" in err
    code, out, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--cancel", "--date", "2026-11-24", "--filed", "2026-11-25")
    assert code == 0, err
    assert "追加注销事件（2026-11-24），状态改为 cancelled" in out
    code, _, err = run_cli("change", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--name", "x")
    assert code == 2 and "已注销" in err and "govreg new account" in err


def test_close_refuses_dates_it_cannot_accept(sample_tree: Path) -> None:
    code, _, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2026-12-01")
    assert code == 2 and "不能晚于今天" in err
    code, _, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2020-01-01")
    assert code == 2 and "不能早于" in err
    code, _, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "26/11/2026")
    assert code == 2 and "YYYY-MM-DD" in err


def test_unknown_account_is_suggested(sample_tree: Path) -> None:
    code, _, err = run_cli("close", "account", "public-security-bureau-kuaisou", "--root", str(sample_tree))
    assert code == 2
    assert "public-security-bureau-kuaishou" in err and "accounts/<单位>/" in err


def test_close_warns_about_an_unknown_year(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_TODAY", "2027-01-04")
    code, out, err = run_cli("close", "account", "public-security-bureau-kuaishou", "--root", str(sample_tree), "--date", "2026-12-30", "--no-check")
    assert code == 0, err
    assert "2027年度节假日安排未知" in out and "config/calendar.yaml" in out


def test_close_interactive(sample_tree: Path) -> None:
    term = Terminal(["close", "account", "public-security-bureau-kuaishou"], cwd=sample_tree)
    for prompt, answer in [
        ("关停日期", "2026-11-25"),
        ("说明", "利用率低，按第七条清理关停"),
        ("备案日期", "2026-11-26"),
        ("公告发布日期", "2026-11-25"),
        ("公告撤下（计划撤下）日期 [2026-12-16]", "2026-12-10"),
        ("公告期不足 15 个工作日；最早可在 2026-12-16 撤下", None),
        ("公告撤下", ""),
        ("公告网址", "https://www.wuzhong.gov.cn/xxgk/tzgg/202611/t20261125_1.html"),
        ("公告标题 [关于“吴忠公安”快手账号关停的公告]", ""),
    ]:  # fmt: skip
        term.expect(prompt)
        if answer is not None:
            term.answer(answer)
    code, transcript = term.finish()
    assert code == 0, transcript
    assert "✓ 检查通过" in transcript
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["path"] == KUAISHOU] == []


# ---------------------------------------------------------------- change


def test_change_applies_new_values_and_describes_them(sample_tree: Path) -> None:
    code, _out, err = run_cli(
        "change", "account", "education-bureau-wechat", "--root", str(sample_tree), "--name", "吴忠教育发布", "--handle", "6412345",
        "--date", "2026-11-20", "--filed", "2026-11-23", "--announce-from", "2026-11-20",
        "--announce-url", "https://www.wuzhong.gov.cn/xxgk/tzgg/202611/t20261120_2.html",
    )  # fmt: skip
    assert code == 0, err
    text = (sample_tree / WECHAT).read_text(encoding="utf-8")
    assert "name: 吴忠教育发布\n" in text
    assert 'handle: "6412345"  # 微信号\n' in text  # quoted, comment kept two spaces after the new value
    last = events(sample_tree, WECHAT)[-1]
    assert last["note"] == "名称由「吴忠教育」变更为「吴忠教育发布」；账号 ID 由「wzjyfb」变更为「6412345」"
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["path"] == WECHAT] == []


def test_change_without_anything_to_change_says_what_to_give(sample_tree: Path) -> None:
    code, _, err = run_cli("change", "account", "education-bureau-wechat", "--root", str(sample_tree), "--non-interactive")
    assert code == 2 and "--name" in err and "--note" in err


def test_change_keeps_a_file_with_crlf_and_odd_layout_readable(sample_tree: Path) -> None:
    edit(sample_tree / WECHAT, "status: active", "status:    active")
    code, _, err = run_cli("change", "account", "education-bureau-wechat", "--root", str(sample_tree), "--note", "运维方式变更", "--date", "2026-11-20", "--no-check")
    assert code == 0, err
    assert "status: active" in (sample_tree / WECHAT).read_text(encoding="utf-8")


def test_change_interactive(sample_tree: Path) -> None:
    term = Terminal(["change", "account", "education-bureau-wechat"], cwd=sample_tree)
    for prompt, answer in [
        ("新的名称", "吴忠教育发布"),
        ("新的账号 ID", ""), ("新的主页网址", ""), ("新的认证主体", ""), ("新的简介", ""),
        ("变更日期", "2026-11-20"),
        ("说明", ""),
        ("备案日期", "2026-11-23"),
        ("公告发布日期", "2026-11-20"),
        ("公告撤下", ""),
        ("公告网址", "https://www.wuzhong.gov.cn/xxgk/tzgg/202611/t20261120_2.html"),
        ("公告标题", ""),
    ]:  # fmt: skip
        term.expect(prompt)
        term.answer(answer)
    code, transcript = term.finish()
    assert code == 0, transcript
    assert events(sample_tree, WECHAT)[-1]["note"] == "名称由「吴忠教育」变更为「吴忠教育发布」"
    _, report = check_json(sample_tree)
    assert [f for f in report["findings"] if f["path"] == WECHAT] == []
