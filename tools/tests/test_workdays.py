"""Working days against the 2026 arrangement (国务院办公厅, 2025-11-04) in REFERENCE.md.

Every expected date below is worked out by hand from the arrangement; the
reasoning is in the comments.  Weekdays of 2026 used throughout: 1 January is a
Thursday, 1 February a Sunday, 1 May a Friday, 1 September a Tuesday, 1 October
a Thursday, 31 December a Thursday; 1 January 2027 is a Friday.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]
import pytest

from govreg.workdays import (
    LIBRARY_YEARS,
    CalendarConfigError,
    WorkCalendar,
    YearArrangement,
    parse_calendar_config,
)

D = dt.date
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def write_config(root: Path, text: str) -> Path:
    (root / "config").mkdir(parents=True, exist_ok=True)
    path = root / "config" / "calendar.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- single days, 2026


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 元旦: 1/1 (Thu)–1/3 (Sat) off, 1/4 (Sun) worked, 1/5 Monday as usual
        (D(2026, 1, 1), False),
        (D(2026, 1, 2), False),
        (D(2026, 1, 3), False),
        (D(2026, 1, 4), True),
        (D(2026, 1, 5), True),
        # 春节: 2/14 (Sat) worked, 2/15 (Sun)–2/23 (Mon) off, 2/28 (Sat) worked
        (D(2026, 2, 13), True),
        (D(2026, 2, 14), True),
        (D(2026, 2, 15), False),
        (D(2026, 2, 16), False),
        (D(2026, 2, 17), False),
        (D(2026, 2, 18), False),
        (D(2026, 2, 19), False),
        (D(2026, 2, 20), False),
        (D(2026, 2, 21), False),
        (D(2026, 2, 22), False),
        (D(2026, 2, 23), False),
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),
        (D(2026, 3, 1), False),  # an ordinary Sunday
        # 清明: 4/4 (Sat)–4/6 (Mon) off
        (D(2026, 4, 6), False),
        # 劳动节: 5/1 (Fri)–5/5 (Tue) off, 5/9 (Sat) worked, 5/10 (Sun) off
        (D(2026, 5, 1), False),
        (D(2026, 5, 4), False),
        (D(2026, 5, 5), False),
        (D(2026, 5, 6), True),
        (D(2026, 5, 9), True),
        (D(2026, 5, 10), False),
        # 端午: 6/19 (Fri) off
        (D(2026, 6, 19), False),
        # 国庆/中秋: 9/20 (Sun) worked, 9/25 (Fri) off, 10/1–10/7 off, 10/10 (Sat) worked
        (D(2026, 9, 20), True),
        (D(2026, 9, 25), False),
        (D(2026, 10, 1), False),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),
        (D(2026, 10, 11), False),
    ],
)
def test_is_working_day_2026(cal: WorkCalendar, day: dt.date, working: bool) -> None:
    assert cal.is_working_day(day) is working
    assert cal.is_known(day)


def test_datetime_is_treated_as_its_date(cal: WorkCalendar) -> None:
    assert cal.is_working_day(dt.datetime(2026, 10, 10, 9, 30)) is True
    # 10/9 (Fri) 18:00 + 1 working day: 10/10 (Sat) is worked
    result = cal.add_working_days(dt.datetime(2026, 10, 9, 18, 0), 1)
    assert result == D(2026, 10, 10)
    assert type(result) is dt.date


def test_tables_agree_with_library_every_day(cal: WorkCalendar) -> None:
    # Guards the per-year tables (indexing, leap years) against the library itself.
    day, last = D(min(LIBRARY_YEARS), 1, 1), D(max(LIBRARY_YEARS), 12, 31)
    while day <= last:
        assert cal.is_working_day(day) is chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


# ---------------------------------------------------------------- adding working days


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 9/30 (Wed): 10/1–10/7 off; 10/8 Thu (1), 10/9 Fri (2), 10/10 Sat worked (3)
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        # ... and a fourth day skips Sunday 10/11: 10/12 Mon (4)
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        # 9/18 (Fri): 9/19 Sat off, 9/20 Sun worked (1)
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # 2025-12-31 (Wed): 1/1–1/3 off, 1/4 Sun worked (1) — crosses two known years
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # 2/13 (Fri): 2/14 Sat (1); 2/15–2/23 off; 2/24 (2), 2/25 (3), 2/26 (4), 2/27 (5),
        # 2/28 Sat worked (6); 3/1 Sun off; 3/2 Mon (7)
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 13), 5, D(2026, 2, 27)),
        (D(2026, 2, 13), 6, D(2026, 2, 28)),
        (D(2026, 2, 13), 7, D(2026, 3, 2)),
        # 4/30 (Thu): 5/1–5/5 off; 5/6 Wed (1), 5/7 (2), 5/8 Fri (3), 5/9 Sat worked (4),
        # 5/10 Sun off, 5/11 Mon (5)
        (D(2026, 4, 30), 1, D(2026, 5, 6)),
        (D(2026, 4, 30), 4, D(2026, 5, 9)),
        (D(2026, 4, 30), 5, D(2026, 5, 11)),
        # the day of the operation is never counted, even when it is a holiday:
        # 10/3 (Sat, holiday) + 1 → first working day after it, 10/8 (Thu)
        (D(2026, 10, 3), 1, D(2026, 10, 8)),
        # zero leaves the date alone
        (D(2026, 10, 3), 0, D(2026, 10, 3)),
        # negative: the |n|-th working day before (the day itself excluded)
        # before 10/8: 10/7–10/1 off, 9/30 Wed (1)
        (D(2026, 10, 8), -1, D(2026, 9, 30)),
        # before 10/12: 10/11 Sun off, 10/10 Sat worked (1), 10/9 Fri (2)
        (D(2026, 10, 12), -2, D(2026, 10, 9)),
        # before 1/5 (Mon): 1/4 Sun worked (1), 1/3–1/1 off, 2025-12-31 Wed (2)
        (D(2026, 1, 5), -2, D(2025, 12, 31)),
    ],
)
def test_add_working_days(cal: WorkCalendar, start: dt.date, n: int, due: dt.date) -> None:
    assert cal.add_working_days(start, n) == due
    checked = cal.add_working_days_checked(start, n)
    assert checked.date == due
    assert checked.unknown_years == frozenset()
    assert checked.exact and checked.warning is None


def test_fifteen_working_days_of_announcement_across_national_day(cal: WorkCalendar) -> None:
    # Announcement decided on 9/24 (Thu); the period starts 9/25.
    # 9/25 Fri–9/27 Sun off (中秋); 9/28 (1), 9/29 (2), 9/30 (3); 10/1–10/7 off;
    # 10/8 Thu (4), 10/9 Fri (5), 10/10 Sat worked (6); 10/11 Sun off;
    # 10/12–10/16 Mon–Fri (7–11); 10/17–18 weekend; 10/19 (12), 10/20 (13), 10/21 (14),
    # 10/22 Thu (15).
    assert cal.add_working_days(D(2026, 9, 24), 15) == D(2026, 10, 22)
    assert cal.working_days_between(D(2026, 9, 24), D(2026, 10, 22)) == 15
    # one day earlier the announcement is one day short
    assert cal.working_days_between(D(2026, 9, 24), D(2026, 10, 21)) == 14


# ---------------------------------------------------------------- counting


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2026, 10, 8), D(2026, 10, 8), 0),
        # (9/30, 10/7]: the whole holiday, nothing to count
        (D(2026, 9, 30), D(2026, 10, 7), 0),
        # (9/30, 10/8]: 10/8 only
        (D(2026, 9, 30), D(2026, 10, 8), 1),
        # (2/13, 2/28]: 2/14, 2/24, 2/25, 2/26, 2/27, 2/28
        (D(2026, 2, 13), D(2026, 2, 28), 6),
        # (9/19, 9/20]: the worked Sunday
        (D(2026, 9, 19), D(2026, 9, 20), 1),
        # end before start: negative, -(working days in (end, start])
        (D(2026, 10, 22), D(2026, 9, 24), -15),
        # The whole of 2026. 365 days from Thursday 1/1: 52 weeks + Thu 12/31 → 261 weekdays.
        # Weekday holidays: 1/1, 1/2 (2); 2/16–2/20, 2/23 (6); 4/6 (1); 5/1, 5/4, 5/5 (3);
        # 6/19 (1); 9/25 (1); 10/1, 10/2, 10/5, 10/6, 10/7 (5) → 19.
        # Worked weekends: 1/4, 2/14, 2/28, 5/9, 9/20, 10/10 → 6.  261 − 19 + 6 = 248.
        (D(2025, 12, 31), D(2026, 12, 31), 248),
    ],
)
def test_working_days_between(cal: WorkCalendar, start: dt.date, end: dt.date, count: int) -> None:
    assert cal.working_days_between(start, end) == count
    checked = cal.working_days_between_checked(start, end)
    assert (checked.days, checked.unknown_years) == (count, frozenset())


def test_add_and_between_are_inverse(cal: WorkCalendar) -> None:
    # A consistency check over many starts and counts, including year boundaries.
    start = D(2025, 12, 1)
    for offset in range(0, 400, 3):
        day = start + dt.timedelta(days=offset)
        for n in (1, 2, 5, 15, 20, 60):
            assert cal.working_days_between(day, cal.add_working_days(day, n)) == n


# ---------------------------------------------------------------- unknown years


def test_library_years(cal: WorkCalendar) -> None:
    assert {2004, 2026} <= cal.known_years()
    assert 2003 not in cal.known_years()
    assert 2027 not in cal.known_years()
    assert not cal.is_known(D(2027, 1, 1))
    assert not cal.is_known(D(2003, 12, 31))


def test_unknown_year_is_reported_and_counted_monday_to_friday(cal: WorkCalendar) -> None:
    # 12/30 (Wed): 12/31 Thu (1); 2027-01-01 Fri — unknown, counted as a weekday (2);
    # 1/2 Sat, 1/3 Sun off; 1/4 Mon (3)
    result = cal.add_working_days_checked(D(2026, 12, 30), 3)
    assert result.date == D(2027, 1, 4)
    assert result.unknown_years == frozenset({2027})
    assert not result.exact
    assert result.warning == "2027年度节假日安排未知，按普通工作日（周一至周五）计算"
    assert cal.is_working_day(D(2027, 1, 1)) is True
    assert cal.is_working_day(D(2027, 1, 2)) is False
    # (2026-12-31, 2027-01-08]: 1/1 Fri (1), 1/4–1/8 Mon–Fri (5) → 6
    count = cal.working_days_between_checked(D(2026, 12, 31), D(2027, 1, 8))
    assert (count.days, count.unknown_years) == (6, frozenset({2027}))


def test_period_ending_in_known_year_is_exact(cal: WorkCalendar) -> None:
    # 12/28 (Mon): 12/29 (1), 12/30 (2), 12/31 Thu (3) — never touches 2027
    result = cal.add_working_days_checked(D(2026, 12, 28), 3)
    assert (result.date, result.unknown_years) == (D(2026, 12, 31), frozenset())
    # counting back from 2027-01-01 looks only at 2026: 12/31 Thu (1)
    back = cal.add_working_days_checked(D(2027, 1, 1), -1)
    assert (back.date, back.unknown_years) == (D(2026, 12, 31), frozenset())
    # counting back from 2027-01-05 (Tue): 1/4 Mon (1), an unknown-year day
    back = cal.add_working_days_checked(D(2027, 1, 5), -1)
    assert (back.date, back.unknown_years) == (D(2027, 1, 4), frozenset({2027}))


def test_operation_day_in_unknown_year_is_not_reported(cal: WorkCalendar) -> None:
    # 2003 is before the library; counting from 2003-12-31 only looks at days of 2004.
    assert cal.working_days_between_checked(D(2003, 12, 31), D(2004, 1, 9)).unknown_years == frozenset()
    assert cal.add_working_days_checked(D(2003, 12, 31), 1).unknown_years == frozenset()
    # from 2003-12-30 the count includes 12/31 (Wed), a day of the unknown 2003
    assert cal.working_days_between_checked(D(2003, 12, 30), D(2004, 1, 9)).unknown_years == frozenset({2003})


def test_several_unknown_years_are_all_named(cal: WorkCalendar) -> None:
    count = cal.working_days_between_checked(D(2026, 6, 1), D(2028, 1, 3))
    assert count.unknown_years == frozenset({2027, 2028})
    assert count.warning == "2027年、2028年度节假日安排未知，按普通工作日（周一至周五）计算"


# ---------------------------------------------------------------- repository overrides


def test_missing_config_means_library_only(tmp_path: Path) -> None:
    cal = WorkCalendar.load(tmp_path)
    assert cal.known_years() == LIBRARY_YEARS
    assert cal.overrides == {}


def test_shipped_config_file_loads() -> None:
    # config/calendar.yaml of this repository must always parse
    cal = WorkCalendar.load(REPO_ROOT)
    assert cal.known_years() >= LIBRARY_YEARS


def test_override_adds_2027(tmp_path: Path) -> None:
    # Invented arrangement, for the test only: 1/1 (Fri) off plus the weekend as a copied
    # range (one date unquoted, one quoted), Saturday 2/6 worked.
    write_config(
        tmp_path,
        '# 测试用的虚构安排\nyears:\n  2027:\n    holidays: [2027-01-01, "2027-01-02", "2027-01-03"]\n    workdays: ["2027-02-06"]\n',
    )
    cal = WorkCalendar.load(tmp_path)
    assert 2027 in cal.known_years() and cal.is_known(D(2027, 6, 1))
    # 12/30 (Wed): 12/31 Thu (1); 1/1 off now; 1/2–1/3 weekend; 1/4 Mon (2), 1/5 Tue (3)
    result = cal.add_working_days_checked(D(2026, 12, 30), 3)
    assert (result.date, result.unknown_years) == (D(2027, 1, 5), frozenset())
    # 2/5 (Fri) + 1: Saturday 2/6 is worked under the override
    assert cal.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 6)
    # without the override: 2/6 Sat, 2/7 Sun off → 2/8 Mon
    assert WorkCalendar().add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 8)
    # 2026 still comes from the library: 9/30 + 3 → 10/10
    assert cal.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_override_replaces_library_year(tmp_path: Path) -> None:
    # A 2026 entry with only 1/1 off replaces the whole library year: the week decides the rest.
    write_config(tmp_path, 'years:\n  2026:\n    holidays: ["2026-01-01"]\n')
    cal = WorkCalendar.load(tmp_path)
    assert cal.is_working_day(D(2026, 1, 1)) is False
    assert cal.is_working_day(D(2026, 1, 2)) is True  # Friday, a holiday in the library
    assert cal.is_working_day(D(2026, 1, 4)) is False  # Sunday, worked in the library
    assert cal.is_working_day(D(2026, 10, 1)) is True  # Thursday
    assert cal.is_working_day(D(2026, 10, 10)) is False  # Saturday


def test_year_arrangement_normalises_strings_and_dates() -> None:
    a = YearArrangement.build(2027, ["2027-01-01", D(2027, 1, 2)], [" 2027-02-06 "])
    assert a.holidays == frozenset({D(2027, 1, 1), D(2027, 1, 2)})
    assert a.workdays == frozenset({D(2027, 2, 6)})
    with pytest.raises(CalendarConfigError, match="不属于 2027 年"):
        YearArrangement.build(2027, ["2028-01-01"])
    with pytest.raises(CalendarConfigError, match="不是有效日期"):
        YearArrangement.build(2027, [dt.datetime(2027, 1, 1, 8, 0)])
    with pytest.raises(CalendarConfigError, match="同时列在"):
        YearArrangement.build(2027, ["2027-02-06"], ["2027-02-06"])


# ---------------------------------------------------------------- malformed files

_BAD = [
    pytest.param(
        'years:\n  2027:\n    holidays: ["2027-01-01", "2027-02-30"]\n',
        (3, 30),
        "不是有效日期",
        id="impossible-date",
    ),
    pytest.param(
        'years:\n  2027:\n    holidays: ["2027-01-01", "2028-01-01"]\n',
        (3, 30),
        "不属于 2027 年",
        id="date-of-another-year",
    ),
    pytest.param(
        'years:\n  2027:\n    holidays: ["2027-01-01", "2027-01-02"]\n    workdays: ["2027-01-02"]\n',
        (4, 16),
        "同时列在 holidays 和 workdays 中",
        id="date-in-both-lists",
    ),
    pytest.param(
        "years:\n  2027:\n    holidays: [2027-01-01 08:00:00]\n",
        (3, 16),
        "不是有效日期",
        id="datetime-not-date",
    ),
    pytest.param(
        'years:\n  2027:\n    holiday: ["2027-01-01"]\n',
        (3, 5),
        "未知的键 'holiday'",
        id="misspelt-key",
    ),
    pytest.param(
        'years:\n  2027:\n    holidays: "2027-01-01"\n',
        (3, 15),
        "须为日期列表",
        id="list-expected",
    ),
    pytest.param(
        'years:\n  "27":\n    holidays: ["2027-01-01"]\n',
        (2, 3),
        "年份 '27' 无效",
        id="bad-year",
    ),
    pytest.param(
        'years:\n  2027:\n    workdays: ["2027-02-06"]\n',
        (3, 5),
        "未列出任何放假日期",
        id="year-without-holidays",
    ),
    pytest.param(
        'years:\n  2027:\n    holidays: ["2027-01-01"]\n  2027:\n    holidays: ["2027-01-01"]\n',
        (4, 3),
        "重复出现",
        id="duplicate-year",
    ),
    pytest.param("- 2027-01-01\n", (1, 1), "顶层须为映射", id="top-level-list"),
    pytest.param("year: {}\n", (1, 1), "未知的键 'year'", id="misspelt-top-key"),
    pytest.param("years: [2027]\n", (1, 8), "years 须为映射", id="years-not-mapping"),
    pytest.param(
        'years:\n  2027:\n    holidays: ["2027-01-01",\n',
        (4, 1),
        "YAML 语法错误",
        id="yaml-syntax",
    ),
]


@pytest.mark.parametrize(("text", "position", "fragment"), _BAD)
def test_malformed_config_raises_chinese_error(tmp_path: Path, text: str, position: tuple[int, int], fragment: str) -> None:
    write_config(tmp_path, text)
    with pytest.raises(CalendarConfigError) as info:
        WorkCalendar.load(tmp_path)
    error = info.value
    assert fragment in error.message
    assert (error.line, error.column) == position
    assert error.path == "config/calendar.yaml"
    assert str(error).startswith(f"config/calendar.yaml:{position[0]}:{position[1]}: ")


def test_config_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "calendar.yaml").write_bytes("years: {} # 节假日".encode("gb18030"))
    with pytest.raises(CalendarConfigError, match="UTF-8"):
        WorkCalendar.load(tmp_path)


def test_empty_config_adds_nothing() -> None:
    assert parse_calendar_config("") == {}
    assert parse_calendar_config("# 只有注释\nyears:\n") == {}
    assert parse_calendar_config("years: {}\n") == {}
