"""When was each account, site and column last updated — from the records *and* git.

"Updated" is never a field anyone types.  A content item counts as an update of
its channel (account or site) and column on its **release date**, taken from the
first revision of the file that carried a ``published_at`` (第十四条 makes that value
immutable; a later edit cannot move it), and it counts only from the day the
commit that published it entered the repository: an item recorded on
2026-11-20 with ``published_at: 2026-11-02`` does not make an inspection of
2026-11-10 pass after the fact.  An item deleted from the repository stops
counting from the day of the deleting commit.  So an inspection of day *D*
sees the repository as it stood on *D*.

Before the repository began to register content there is no evidence either
way: :attr:`Activity.start` is the first day the repository registered content
(the day of the first commit under ``content/``; without git, the earliest
release date in the records), and the inspection counts silence from it at the
earliest.  ``inspection.records_since`` in ``config/govreg.yaml`` overrides it.

Items present in the working tree but not yet committed (or every item, when the
folder is not a git work tree) count from their ``published_at`` alone; the
result says so (``source``), so the report can warn that the dates are unconfirmed.

The index is built once (one pass over the history the engine already read) and
answers "last update of X as of D" for any D, so a year of monthly inspections
costs one history read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..clock import CHINA
from ..history import FileChange, History, LogicalFile
from ..ledger import read_ledger
from ..repository import Repository


@dataclass(frozen=True, slots=True)
class Publication:
    """One published content item, as the history and the records know it."""

    path: str
    channel: str
    column: str | None
    unit: str
    title: str
    published: dt.date  # release date (China time), from the first published revision
    recorded: dt.date | None  # the day the publishing commit was made; None: not committed
    removed: dt.date | None = None  # the day a commit deleted the file
    commit: str | None = None  # the commit that first published it

    @property
    def known_from(self) -> dt.date:
        """The first day on which the repository shows this item as published."""
        return max(self.published, self.recorded) if self.recorded is not None else self.published

    def visible(self, day: dt.date) -> bool:
        return self.known_from <= day and (self.removed is None or self.removed > day)


@dataclass
class Activity:
    """Publications indexed by channel, by (site, column) and by unit, oldest release first."""

    publications: list[Publication]
    source: str  # "git": dates confirmed by git history; "records": the records alone
    reason: str | None = None  # why git could not be used, in Chinese
    uncommitted: int = 0  # publications counted from the records alone although git was read
    start: dt.date | None = None  # the first day the repository registered content
    by_channel: dict[str, list[Publication]] = field(default_factory=dict)
    by_column: dict[tuple[str, str], list[Publication]] = field(default_factory=dict)
    by_unit: dict[str, list[Publication]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.publications.sort(key=lambda p: (p.published, p.path))
        for pub in self.publications:
            self.by_channel.setdefault(pub.channel, []).append(pub)
            if pub.column:
                self.by_column.setdefault((pub.channel, pub.column), []).append(pub)
            self.by_unit.setdefault(pub.unit, []).append(pub)

    def adopted(self, day: dt.date) -> Activity:
        """This index with the items registered on or before the adoption ``day`` counted by their release date.

        The office declares that everything released before the repository was adopted was registered at
        adoption: such an item counts from its ``published_at`` (which git cannot prove), not from the commit.
        """
        cache: dict[dt.date, Activity] = self.__dict__.setdefault("_adopted", {})
        if day not in cache:
            pubs = [replace(p, recorded=None) if p.recorded is not None and p.recorded <= day else p for p in self.publications]
            cache[day] = Activity(pubs, self.source, self.reason, self.uncommitted, day)
        return cache[day]

    def last_of_channel(self, channel: str, day: dt.date) -> Publication | None:
        return _last(self.by_channel.get(channel, ()), day)

    def last_of_column(self, site: str, column: str, day: dt.date) -> Publication | None:
        return _last(self.by_column.get((site, column), ()), day)

    def count(self, pubs: Iterable[Publication], start: dt.date, end: dt.date) -> int:
        """Publications released in [start, end] and visible on ``end``."""
        return sum(1 for p in pubs if start <= p.published <= end and p.visible(end))

    def weekly(self, pubs: Iterable[Publication], end: dt.date, weeks: int) -> list[int]:
        """Publications per 7-day window ending on ``end`` (oldest first), as the repository stood on ``end``."""
        counts = [0] * weeks
        start = end - dt.timedelta(days=7 * weeks - 1)
        for pub in pubs:
            if start <= pub.published <= end and pub.visible(end):
                counts[(pub.published - start).days // 7] += 1
        return counts


def _last(pubs: Iterable[Publication], day: dt.date) -> Publication | None:
    """The newest publication released on or before ``day`` and visible on ``day``."""
    seq: list[Publication] = pubs if isinstance(pubs, list) else list(pubs)
    for pub in reversed(seq):
        if pub.published <= day and pub.visible(day):
            return pub
    return None


def _as_date(value: Any) -> dt.date | None:
    """A ``published_at`` value as read by YAML (datetime, date or text) → the China date."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # PyYAML gives naive UTC for some forms; records must carry a zone
            value = value.replace(tzinfo=dt.UTC)
        moment: dt.datetime = value.astimezone(CHINA)
        return moment.date()
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return None


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def build_activity(repo: Repository, history: History | None) -> Activity:
    """Index every publication the records and the git history know of.

    A revision whose blob is byte for byte the file in the work tree is read from the
    loaded record; only the other revisions' front matter is read from git (one batch),
    so a history of files committed once and never changed costs no blob reads.
    """
    pubs: list[Publication] = []
    in_git: set[str] = set()  # current paths whose publication git confirms
    usable = history is not None and history.available and history.front_matter_loaded
    if history is not None and usable:
        lineages = [f for f in history.files if f.path.startswith("content/") and f.path.endswith(".md")]
        current: dict[str, tuple[str, Mapping[str, Any]]] = {}  # lineage → (blob of the work-tree file, its record as a mapping)
        needed: list[FileChange] = []
        for logical in lineages:
            here = _work_tree(repo, logical)
            if here is not None:
                current[logical.lineage] = here
            blob = here[0] if here is not None else None
            needed.extend(c for c in logical.changes if c.status != "D" and c.blob != blob)
        history.load_front_matter(needed)
        merge_times = read_ledger(repo.root).merge_times()  # the forge's merge times: trusted, unlike commit dates
        for logical in lineages:
            pub = _from_history(history, logical, current.get(logical.lineage), merge_times)
            if pub is not None:
                pubs.append(pub)
                if logical.exists:
                    in_git.add(logical.path)
    uncommitted = 0
    for path, item in repo.content.items():
        if item.published_at is None or path in in_git:
            continue
        pubs.append(
            Publication(
                path=path,
                channel=item.channel,
                column=item.column,
                unit=item.unit,
                title=item.title,
                published=item.published_at.astimezone(CHINA).date(),
                recorded=None,
            )
        )
        uncommitted += 1
    earliest = min((p.published for p in pubs), default=None)
    if history is not None and usable:
        first_commit = next((c.commit.committed_at.astimezone(CHINA).date() for c in history.changes if c.path.startswith("content/")), None)
        return Activity(pubs, "git", history.reason, uncommitted, first_commit or earliest)
    reason = history.reason if history is not None else "未读取 git 历史"
    return Activity(pubs, "records", reason, uncommitted, earliest)


def _work_tree(repo: Repository, logical: LogicalFile) -> tuple[str, Mapping[str, Any]] | None:
    """(git blob id, front-matter values) of the file as it is in the work tree, when it loaded."""
    if not logical.exists:
        return None
    item = repo.content.get(logical.path)
    entry = repo.entries.get(logical.path)
    blob = logical.changes[-1].blob
    if item is None or entry is None or not entry.doc.text or blob is None:
        return None
    data = entry.doc.text.encode("utf-8")
    digest = hashlib.sha256 if len(blob) == 64 else hashlib.sha1
    values = {"published_at": item.published_at, "channel": item.channel, "column": item.column, "unit": item.unit, "title": item.title}
    return digest(b"blob %d\0" % len(data) + data).hexdigest(), values


def _day(change: FileChange, merge_times: Mapping[str, dt.datetime]) -> dt.date:
    """The day a change entered the repository: the forge's merge time from the sign-off ledger when it knows the
    commit, else the commit date (which its author can set: such a day is only as good as the ledger's absence)."""
    known = merge_times.get(change.commit.sha.lower())
    return (known or change.commit.committed_at).astimezone(CHINA).date()


def _from_history(
    history: History, logical: LogicalFile, here: tuple[str, Mapping[str, Any]] | None, merge_times: Mapping[str, dt.datetime]
) -> Publication | None:
    changes = logical.changes
    first: FileChange | None = None
    first_date: dt.date | None = None
    latest: Mapping[str, Any] | None = None
    for change in changes:
        if change.status == "D":
            continue
        fm = here[1] if here is not None and change.blob == here[0] else history.front_matter_at(change)
        if fm is None:
            continue
        latest = fm
        if first is None:
            day = _as_date(fm.get("published_at"))
            if day is not None:
                first, first_date = change, day
    if first is None or first_date is None or latest is None:
        return None
    last_change = changes[-1]
    removed = _day(last_change, merge_times) if last_change.status == "D" else None
    channel, unit = _text(latest, "channel"), _text(latest, "unit")
    if channel is None or unit is None:
        return None
    return Publication(
        path=last_change.path,
        channel=channel,
        column=_text(latest, "column"),
        unit=unit,
        title=_text(latest, "title") or last_change.path,
        published=first_date,
        recorded=_day(first, merge_times),
        removed=removed,
        commit=first.commit.sha,
    )
