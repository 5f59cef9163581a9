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

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]
import yaml

from .filepolicy import KIND_NAMES, NotRegular, TooLarge, read_capped

__all__ = [
    "CALENDAR_CONFIG",
    "LIBRARY_YEARS",
    "CalendarConfigError",
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
    return f"{names}度节假日安排未知,按普通工作日(周一至周五)计算"


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
    return f'{shown} 不是有效日期,须写成 YYYY-MM-DD(如 "{year}-01-01")'


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


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

_YEAR_SHAPE = "包含 holidays(放假日期列表)和 workdays(调休上班日期列表)"


class _NodeReader:
    """Walks the composed YAML node tree, so every error carries a line and column."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, message: str, node: yaml.Node | None) -> CalendarConfigError:
        if node is None:
            return CalendarConfigError(message, path=self.source)
        mark = node.start_mark
        return CalendarConfigError(message, path=self.source, line=mark.line + 1, column=mark.column + 1)

    def read(self, root: yaml.Node | None) -> dict[int, YearArrangement]:
        if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
            return {}  # an empty file adds nothing
        if not isinstance(root, yaml.MappingNode):
            raise self.error('文件顶层须为映射,形如 "years: {}"', root)
        years_node: yaml.Node | None = None
        for key, value in root.value:
            if not (isinstance(key, yaml.ScalarNode) and key.value == "years"):
                raise self.error(f"未知的键 {_label(key)},顶层只允许 years", key)
            years_node = value
        if years_node is None or (isinstance(years_node, yaml.ScalarNode) and years_node.tag == _NULL):
            return {}
        if not isinstance(years_node, yaml.MappingNode):
            raise self.error(f"years 须为映射:键为年份(如 2027),值{_YEAR_SHAPE}", years_node)
        result: dict[int, YearArrangement] = {}
        for key, value in years_node.value:
            year = self.year(key)
            if year in result:
                raise self.error(f"年份 {year} 重复出现", key)
            result[year] = self.arrangement(year, value)
        return result

    def year(self, node: yaml.Node) -> int:
        if isinstance(node, yaml.ScalarNode) and node.tag in (_INT, _STR):
            text = node.value.strip()
            if re.fullmatch(r"\d{4}", text):
                return int(text)
        raise self.error(f"年份 {_label(node)} 无效,须为四位数字年份(如 2027)", node)

    def arrangement(self, year: int, node: yaml.Node) -> YearArrangement:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(f"{year} 年的安排须为映射,{_YEAR_SHAPE}", node)
        lists: dict[str, dict[dt.date, yaml.Node]] = {"holidays": {}, "workdays": {}}
        for key, value in node.value:
            if not (isinstance(key, yaml.ScalarNode) and key.value in lists):
                raise self.error(
                    f"{year} 年的安排中有未知的键 {_label(key)},只允许 holidays 和 workdays",
                    key,
                )
            lists[key.value] = self.dates(year, key.value, value)
        holidays, workdays = lists["holidays"], lists["workdays"]
        if not holidays:
            raise self.error(
                f"{year} 年未列出任何放假日期;国务院办公厅的通知发布前请不要添加该年份(未知年份会按周一至周五计算并给出提示)",
                node,
            )
        both = sorted(holidays.keys() & workdays.keys())
        if both:
            raise self.error(
                f"日期 {both[0].isoformat()} 同时列在 holidays 和 workdays 中",
                workdays[both[0]],
            )
        return YearArrangement(year=year, holidays=frozenset(holidays), workdays=frozenset(workdays))

    def dates(self, year: int, name: str, node: yaml.Node) -> dict[dt.date, yaml.Node]:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return {}
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(f'{year} 年的 {name} 须为日期列表,如 ["{year}-01-01"]', node)
        days: dict[dt.date, yaml.Node] = {}
        for item in node.value:
            day: dt.date | None = None
            if isinstance(item, yaml.ScalarNode) and item.tag in (_STR, _TIMESTAMP):
                day = _coerce_date(item.value)
            if day is None:
                raise self.error(_bad_date_message(_label(item), year), item)
            if day.year != year:
                raise self.error(f"日期 {day.isoformat()} 不属于 {year} 年", item)
            days.setdefault(day, item)
        return days


def _label(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return repr(node.value)
    return "(列表)" if isinstance(node, yaml.SequenceNode) else "(映射)"


def parse_calendar_config(text: str, source: str = str(CALENDAR_CONFIG)) -> dict[int, YearArrangement]:
    """The arrangements described by the text of a ``calendar.yaml``.

    Raises :class:`CalendarConfigError` (Chinese message, ``source``, line, column)
    for a YAML syntax error or a file of the wrong shape.
    """
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "无法解析"
        raise CalendarConfigError(
            f"YAML 语法错误:{problem}",
            path=source,
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
        ) from None
    except yaml.YAMLError as exc:
        raise CalendarConfigError(f"YAML 语法错误:{exc}", path=source) from None
    return _NodeReader(source).read(root)


def load_calendar_config(path: Path, source: str | None = None) -> dict[int, YearArrangement]:
    """The arrangements in the file at ``path`` (see :func:`parse_calendar_config`).

    ``source`` is the name used in messages (default: ``path`` as given).
    """
    name = source if source is not None else str(path)
    try:
        text = read_capped(path, 1024 * 1024).decode("utf-8")  # the file policy: regular file, capped read
    except NotRegular as exc:
        raise CalendarConfigError(f"是{KIND_NAMES.get(exc.kind, KIND_NAMES['other'])},未读取(登记库中只允许普通文件)", path=name) from None
    except TooLarge as exc:
        raise CalendarConfigError(f"文件大小 {exc.size} 字节,超过上限,未读取", path=name) from None
    except UnicodeDecodeError:
        raise CalendarConfigError("文件不是 UTF-8 编码", path=name) from None
    except OSError as exc:
        raise CalendarConfigError(f"无法读取文件:{exc.strerror or exc}", path=name) from None
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
