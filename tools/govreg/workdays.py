"""Chinese working days: the calendar every deadline rule and report counts with.

The statutory arrangement (放假 and 调休上班 days) comes from the maintained
``chinesecalendar`` library, which knows the years it ships data for (2004–2026
in version 1.11).  The repository can add a year the library does not know yet,
or correct one, as data in ``config/calendar.yaml``::

    years:
      2027:
        holidays: ["2027-01-01", ...]   # days off (whole ranges may be copied, weekends included)
        workdays: ["2027-02-07", ...]   # adjusted working weekends (调休上班)

A year present in that file replaces the library for that year: Saturdays and
Sundays are off, Monday to Friday work, then ``holidays`` are made days off and
``workdays`` are made working days.

A year known to neither is counted as plain Monday to Friday, but never
silently: the ``*_checked`` methods return the unknown years with the answer,
so a rule can warn "2027年度节假日安排未知,按普通工作日(周一至周五)计算".

Counting follows 民法典第二百零一条: the day of the operation is not counted,
the period starts the next day.  ``add_working_days(d, 3)`` is the third
working day after ``d`` (the last day of the period, inclusive), and
``working_days_between(a, b)`` counts the working days in ``(a, b]``.

Answers come from one table per year (a flag per day plus running totals), built
on first use and kept by the :class:`WorkCalendar` instance, so a lookup is an
index and adding or counting working days is a binary search per year crossed.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .filepolicy import KIND_NAMES, NotRegular, TooLarge, read_capped
from .findings import Severity
from .loader import locate, parse_yaml

__all__ = [
    "CALENDAR_CONFIG",
    "LIBRARY_YEARS",
    "CalendarConfigError",
    "CalendarFile",
    "WorkCalendar",
    "WorkdayCount",
    "WorkdayResult",
    "YearArrangement",
    "load_calendar_config",
    "parse_calendar_config",
    "unknown_years_message",
]

#: Where the repository keeps its additions to the library, relative to the repository root.
CALENDAR_CONFIG = Path("config") / "calendar.yaml"


def _library_years() -> frozenset[int]:
    # The library accepts exactly the years between its first and last holiday
    # (and raises NotImplementedError outside them).
    years = [day.year for day in chinese_calendar.holidays]
    return frozenset(range(min(years), max(years) + 1))


#: Years the ``chinesecalendar`` library has an arrangement for.
LIBRARY_YEARS: frozenset[int] = _library_years()


def unknown_years_message(years: Iterable[int]) -> str:
    """The Chinese warning for a computation that crossed years without an arrangement.

    Returns an empty string when ``years`` is empty.
    """
    ordered = sorted(set(years))
    if not ordered:
        return ""
    names = "、".join(f"{year}年" for year in ordered)
    return f"{names}度节假日安排未知，按普通工作日（周一至周五）计算"


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """A date computed with working days, and the years it had to guess."""

    date: dt.date
    #: Years crossed by the computation that neither the library nor
    #: ``config/calendar.yaml`` knows; they were counted as plain Monday–Friday.
    unknown_years: frozenset[int] = frozenset()

    @property
    def exact(self) -> bool:
        """True when every day counted comes from a published arrangement."""
        return not self.unknown_years

    @property
    def warning(self) -> str | None:
        """The Chinese warning to attach to a finding, or ``None`` when exact."""
        return unknown_years_message(self.unknown_years) or None


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """A number of working days, and the years it had to guess."""

    days: int
    unknown_years: frozenset[int] = frozenset()

    @property
    def exact(self) -> bool:
        """True when every day counted comes from a published arrangement."""
        return not self.unknown_years

    @property
    def warning(self) -> str | None:
        """The Chinese warning to attach to a finding, or ``None`` when exact."""
        return unknown_years_message(self.unknown_years) or None


# ---------------------------------------------------------------- configuration


class CalendarConfigError(ValueError):
    """``config/calendar.yaml`` cannot be read or does not describe a valid arrangement.

    ``message`` is Chinese and meant for users; ``line`` and ``column`` are 1-based
    and ``None`` when the error has no position (e.g. arrangements built in code).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.path, self.line, self.column) if part is not None)
        return f"{where}: {self.message}" if where else self.message


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _coerce_date(value: object) -> dt.date | None:
    """A date from a ``datetime.date`` or a ``YYYY-MM-DD`` string; ``None`` if neither."""
    if isinstance(value, dt.datetime):
        return None  # a time of day is not a day off
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _bad_date_message(shown: str, year: int) -> str:
    return f'{shown} 不是有效日期，须写成 YYYY-MM-DD（如 "{year}-01-01"）'


@dataclass(frozen=True, slots=True)
class YearArrangement:
    """One year's statutory arrangement (国务院办公厅关于某年部分节假日安排的通知).

    ``holidays`` are days off, ``workdays`` are working days (调休上班); every other
    day follows the week: Monday to Friday work, Saturday and Sunday are off.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def __post_init__(self) -> None:
        for label, days in (("holidays", self.holidays), ("workdays", self.workdays)):
            for day in days:
                if day.year != self.year:
                    raise CalendarConfigError(f"{label} 中的日期 {day.isoformat()} 不属于 {self.year} 年")
        both = sorted(self.holidays & self.workdays)
        if both:
            listed = "、".join(day.isoformat() for day in both)
            raise CalendarConfigError(f"日期 {listed} 同时列在 holidays 和 workdays 中")

    @classmethod
    def build(
        cls,
        year: int,
        holidays: Iterable[dt.date | str],
        workdays: Iterable[dt.date | str] = (),
    ) -> YearArrangement:
        """An arrangement from dates or ``YYYY-MM-DD`` strings (for callers and tests)."""
        parsed: list[frozenset[dt.date]] = []
        for values in (holidays, workdays):
            days: set[dt.date] = set()
            for value in values:
                day = _coerce_date(value)
                if day is None:
                    raise CalendarConfigError(_bad_date_message(repr(value), year))
                days.add(day)
            parsed.append(frozenset(days))
        return cls(year=year, holidays=parsed[0], workdays=parsed[1])

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` (a day of this year) is a working day under this arrangement."""
        if day in self.holidays:
            return False
        return day in self.workdays or day.weekday() < 5


_YEAR_SHAPE = "包含 holidays（放假日期列表）和 workdays（调休上班日期列表）"


class _YearFile(BaseModel):
    """One year of ``config/calendar.yaml`` as written (dates stay text until checked)."""

    model_config = ConfigDict(extra="forbid")

    holidays: list[str] | None = None
    workdays: list[str] | None = None


class CalendarFile(BaseModel):
    """``config/calendar.yaml``: the model of the file; :func:`parse_calendar_config` adds the checks across fields."""

    model_config = ConfigDict(extra="forbid")

    years: dict[str, _YearFile] | None = Field(default=None, description="年份 → 该年的放假日期和调休上班日期")


Problem = tuple[tuple[str | int, ...], bool, str]  # (where, at the value rather than the key, Chinese message)


def _structure_problems(data: Any) -> list[Problem]:
    """The pydantic model's objections, in the words of this file."""
    try:
        CalendarFile.model_validate(data)
    except ValidationError as exc:
        problems: list[Problem] = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            kind = err["type"]
            if kind == "extra_forbidden":
                if len(loc) == 1:
                    problems.append((loc, False, f"未知的键 {loc[0]!r}，顶层只允许 years"))
                else:
                    problems.append((loc, False, f"{loc[1]} 年的安排中有未知的键 {loc[-1]!r}，只允许 holidays 和 workdays"))
            elif not loc:
                problems.append(((), True, '文件顶层须为映射，形如 "years: {}"'))
            elif len(loc) == 1:
                problems.append((loc, True, f"years 须为映射：键为年份（如 2027），值{_YEAR_SHAPE}"))
            elif len(loc) == 2:
                problems.append((loc, True, f"{loc[1]} 年的安排须为映射，{_YEAR_SHAPE}"))
            elif len(loc) == 3:
                problems.append((loc, True, f'{loc[1]} 年的 {loc[2]} 须为日期列表，如 ["{loc[1]}-01-01"]'))
            else:
                problems.append((loc, True, _bad_date_message(repr(err.get("input")), int(str(loc[1])) if str(loc[1]).isdigit() else 2027)))
        return problems
    return []


def _arrangement_problems(data: dict[str, Any]) -> tuple[dict[int, YearArrangement], list[Problem]]:
    years: dict[int, YearArrangement] = {}
    problems: list[Problem] = []
    for key, year_data in (data.get("years") or {}).items():
        if not re.fullmatch(r"\d{4}", key.strip()):
            problems.append((("years", key), False, f"年份 {key!r} 无效，须为四位数字年份（如 2027）"))
            continue
        year = int(key)
        before = len(problems)
        lists: dict[str, dict[dt.date, int]] = {"holidays": {}, "workdays": {}}
        for name, days in lists.items():
            for index, text in enumerate((year_data or {}).get(name) or []):
                day = _coerce_date(text)
                if day is None:
                    problems.append((("years", key, name, index), True, _bad_date_message(repr(text), year)))
                elif day.year != year:
                    problems.append((("years", key, name, index), True, f"日期 {day.isoformat()} 不属于 {year} 年"))
                else:
                    days.setdefault(day, index)
        if len(problems) > before:
            continue  # a bad date: reported; the year's other checks would only repeat it
        if not lists["holidays"]:
            problems.append((
                ("years", key), True,
                f"{year} 年未列出任何放假日期；国务院办公厅的通知发布前请不要添加该年份（未知年份会按周一至周五计算并给出提示）",
            ))  # fmt: skip
            continue
        both = sorted(lists["holidays"].keys() & lists["workdays"].keys())
        if both:
            where = ("years", key, "workdays", lists["workdays"][both[0]])
            problems.append((where, True, f"日期 {both[0].isoformat()} 同时列在 holidays 和 workdays 中"))
            continue
        years[year] = YearArrangement(year=year, holidays=frozenset(lists["holidays"]), workdays=frozenset(lists["workdays"]))
    return years, problems


def parse_calendar_config(text: str, source: str = str(CALENDAR_CONFIG)) -> dict[int, YearArrangement]:
    """The arrangements described by the text of a ``calendar.yaml``.

    Read with the strict YAML loader (duplicate keys, syntax, ambiguous values) and
    checked against :class:`CalendarFile`; raises :class:`CalendarConfigError`
    (Chinese message, ``source``, line, column) for the first problem in the file.
    """
    data, findings = parse_yaml(text, source)
    errors = [f for f in findings if f.severity is Severity.error]
    if errors:
        first = min(errors, key=lambda f: (f.line or 0, f.column or 0))
        raise CalendarConfigError(first.message, path=source, line=first.line, column=first.column)
    if data is None:
        return {}  # an empty file adds nothing
    problems = _structure_problems(data)
    years: dict[int, YearArrangement] = {}
    if not problems:
        years, problems = _arrangement_problems(data)
    if problems:
        located = []
        for loc, at_value, message in problems:
            where = locate(text, loc, value=at_value) or (None, None)
            located.append((where[0] or 0, where[1] or 0, message))
        line, column, message = min(located)
        raise CalendarConfigError(message, path=source, line=line or None, column=column or None)
    return years


def load_calendar_config(path: Path, source: str | None = None) -> dict[int, YearArrangement]:
    """The arrangements in the file at ``path`` (see :func:`parse_calendar_config`).

    ``source`` is the name used in messages (default: ``path`` as given).
    """
    name = source if source is not None else str(path)
    try:
        text = read_capped(path, 1024 * 1024).decode("utf-8")  # the file policy: regular file, capped read
    except NotRegular as exc:
        raise CalendarConfigError(f"是{KIND_NAMES.get(exc.kind, KIND_NAMES['other'])}，未读取（登记库中只允许普通文件）", path=name) from None
    except TooLarge as exc:
        raise CalendarConfigError(f"文件大小 {exc.size} 字节，超过上限，未读取", path=name) from None
    except UnicodeDecodeError:
        raise CalendarConfigError("文件不是 UTF-8 编码", path=name) from None
    except OSError as exc:
        raise CalendarConfigError(f"无法读取文件：{exc.strerror or exc}", path=name) from None
    return parse_calendar_config(text, name)


# ---------------------------------------------------------------- calendar


@dataclass(frozen=True, slots=True)
class _YearTable:
    first_ordinal: int  # ordinal of 1 January
    # flags[i] == 1 when day i of the year is a working day
    flags: bytes
    # cumulative[i] = working days among days 0 .. i-1 (len = days in year + 1)
    cumulative: list[int]

    @property
    def total(self) -> int:
        return self.cumulative[-1]

    def before(self, day: dt.date) -> int:
        """Working days of the year strictly before ``day``."""
        return self.cumulative[day.toordinal() - self.first_ordinal]

    def through(self, day: dt.date) -> int:
        """Working days of the year up to and including ``day``."""
        return self.cumulative[day.toordinal() - self.first_ordinal + 1]

    def nth(self, n: int) -> dt.date:
        """The ``n``-th working day of the year (1-based; ``1 <= n <= total``)."""
        index = bisect_left(self.cumulative, n) - 1
        return dt.date.fromordinal(self.first_ordinal + index)


def _as_date(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class WorkCalendar:
    """Working days from the library, with the repository's additions and corrections.

    ``WorkCalendar()`` uses the library only; ``WorkCalendar(overrides)`` replaces
    the library for each year in ``overrides``; :meth:`load` reads
    ``config/calendar.yaml`` from a repository.  Instances are cheap to query
    and meant to be shared by all rules of a run.  ``datetime`` arguments are
    treated as their date.
    """

    def __init__(self, overrides: Mapping[int, YearArrangement] | None = None) -> None:
        self._overrides: dict[int, YearArrangement] = dict(overrides or {})
        for year, arrangement in self._overrides.items():
            if arrangement.year != year:
                raise ValueError(f"arrangement for {arrangement.year} given as year {year}")
        self._known = LIBRARY_YEARS | frozenset(self._overrides)
        self._tables: dict[int, _YearTable] = {}

    @classmethod
    def load(cls, repo_root: Path) -> WorkCalendar:
        """The calendar of a repository: the library plus ``config/calendar.yaml`` if present.

        Raises :class:`CalendarConfigError` when the file exists but is malformed.
        """
        path = repo_root / CALENDAR_CONFIG
        if not path.is_file():
            return cls()
        return cls(load_calendar_config(path, source=CALENDAR_CONFIG.as_posix()))

    @property
    def overrides(self) -> Mapping[int, YearArrangement]:
        """The arrangements that replace (or extend) the library, by year."""
        return dict(self._overrides)

    def __repr__(self) -> str:
        return f"WorkCalendar(overrides={sorted(self._overrides)})"

    # -- single days

    def known_years(self) -> frozenset[int]:
        """Years with a published arrangement: the library's years and the override years."""
        return self._known

    def is_known(self, day: dt.date) -> bool:
        """Whether the arrangement of ``day``'s year is known (otherwise Monday–Friday is assumed)."""
        return day.year in self._known

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day.

        For a year not in :meth:`known_years` this is plain Monday–Friday; check
        :meth:`is_known` (or use the ``*_checked`` methods) to tell.
        """
        table = self._table(day.year)
        return table.flags[day.toordinal() - table.first_ordinal] == 1

    # -- periods

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (民法典第二百零一条).

        ``day`` itself is not counted: ``add_working_days(d, 3)`` is the last day
        of a three-working-day period starting the day after ``d``.  ``n == 0``
        returns ``day`` unchanged; ``n < 0`` returns the ``|n|``-th working day
        before ``day`` (``day`` excluded).  For ``n > 0`` the result ``r`` always
        satisfies ``working_days_between(day, r) == n``.
        """
        day = _as_date(day)
        if n == 0:
            return day
        year = day.year
        table = self._table(year)
        if n > 0:
            remaining = n
            done = table.through(day)  # working days of the year already behind us
            while remaining > table.total - done:
                remaining -= table.total - done
                year += 1
                table = self._table(year)
                done = 0
            return table.nth(done + remaining)
        remaining = -n
        before = table.before(day)
        while remaining > before:
            remaining -= before
            year -= 1
            table = self._table(year)
            before = table.total
        return table.nth(before - remaining + 1)

    def add_working_days_checked(self, day: dt.date, n: int) -> WorkdayResult:
        """:meth:`add_working_days`, with the unknown years of the days it counted over."""
        day = _as_date(day)
        result = self.add_working_days(day, n)
        if n >= 0:
            return WorkdayResult(result, self.unknown_years_between(day, result))
        # counted over [result, day): the day itself was not looked at
        return WorkdayResult(
            result,
            self.unknown_years_between(result - dt.timedelta(days=1), day - dt.timedelta(days=1)),
        )

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``: ``start`` excluded, ``end`` included.

        ``start == end`` gives 0.  When ``end < start`` the result is negative:
        ``-working_days_between(end, start)``.  Inverse of :meth:`add_working_days`
        for positive counts.
        """
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        first, last = self._table(start.year), self._table(end.year)
        if start.year == end.year:
            return last.through(end) - first.through(start)
        total = first.total - first.through(start)
        for year in range(start.year + 1, end.year):
            total += self._table(year).total
        return total + last.through(end)

    def working_days_between_checked(self, start: dt.date, end: dt.date) -> WorkdayCount:
        """:meth:`working_days_between`, with the unknown years of the days it counted."""
        return WorkdayCount(
            self.working_days_between(start, end),
            self.unknown_years_between(start, end),
        )

    def unknown_years_between(self, start: dt.date, end: dt.date) -> frozenset[int]:
        """Unknown years among the days strictly after the earlier date, up to the later one.

        The same half-open interval the counting methods use; empty when ``start == end``.
        """
        low, high = sorted((_as_date(start), _as_date(end)))
        if low == high:
            return frozenset()
        first = (low + dt.timedelta(days=1)).year
        return frozenset(year for year in range(first, high.year + 1) if year not in self._known)

    # -- tables

    def _table(self, year: int) -> _YearTable:
        table = self._tables.get(year)
        if table is None:
            table = self._tables[year] = self._build(year)
        return table

    def _build(self, year: int) -> _YearTable:
        first = dt.date(year, 1, 1)
        days = [first + dt.timedelta(days=i) for i in range((dt.date(year, 12, 31) - first).days + 1)]
        arrangement = self._overrides.get(year)
        if arrangement is not None:
            flags = bytes(arrangement.is_working_day(day) for day in days)
        elif year in LIBRARY_YEARS:
            flags = bytes(bool(chinese_calendar.is_workday(day)) for day in days)
        else:
            flags = bytes(day.weekday() < 5 for day in days)
        cumulative = [0]
        for flag in flags:
            cumulative.append(cumulative[-1] + flag)
        return _YearTable(first.toordinal(), flags, cumulative)
