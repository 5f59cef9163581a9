"""What ``govreg monitor`` saw on the real websites, read from its dated snapshots, as inspection items.

The snapshot file (``<dir>/<YYYY-MM-DD>.json``, schema
``schemas/monitor-snapshot.schema.json``) is the contract: this module reads the
JSON and does not import :mod:`govreg.monitor` (the two packages sit side by side).

For a check day *D* the snapshot used is the newest one dated on or before *D*
and at most ``max_age`` days older (a stale snapshot says nothing about *D*).
Column and home-page ages are recomputed for *D* from the newest date seen on
the page, with the inspection's own limits, so the monitor's figures and the
registry's figures are judged by the same numbers:

- ``monitor-column-stale`` (error): a column's list page shows nothing newer than its limit;
- ``monitor-site-silent`` (单项否决): the home page shows nothing newer than ``site_silent_days``;
- every other error or warning the monitor found (unreachable, certificate, footer identity,
  dead or hidden links, mixed content, unreachable account) is listed under 网站实测.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..models import Account, Site
from ..repository import Repository

SNAPSHOT_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
MAX_AGE_DAYS = 3

#: Monitor codes recomputed here for the check day (not copied from the snapshot's findings).
RECOMPUTED = frozenset({"monitor-column-stale", "monitor-home-stale"})


@dataclass(frozen=True, slots=True)
class SeenColumn:
    site: str
    column: str
    url: str
    newest: dt.date | None


@dataclass
class Observed:
    """The parts of one snapshot the inspection uses."""

    file: str
    day: dt.date
    home_newest: dict[str, dt.date | None] = field(default_factory=dict)  # site id → newest date on its home page
    reachable: dict[str, bool] = field(default_factory=dict)
    columns: list[SeenColumn] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)

    def label(self) -> str:
        return f"网站实测 {self.day.isoformat()}"


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def parse_snapshot(data: Any, file: str) -> Observed:
    """The snapshot JSON → :class:`Observed`; ValueError (Chinese) when it is not a version-1 snapshot."""
    try:
        if data.get("schema_version") != 1:
            raise ValueError(f"不认识的快照版本 {data.get('schema_version')!r}")
        seen = Observed(file, dt.date.fromisoformat(data["day"]))
        for site in data["sites"]:
            home = site["home"]
            seen.home_newest[site["id"]] = _date(home.get("newest"))
            seen.reachable[site["id"]] = home.get("status") is not None and 200 <= int(home["status"]) < 300
            for column in site.get("columns", []):
                seen.columns.append(SeenColumn(site["id"], column["id"], column["url"], _date(column.get("newest"))))
        seen.findings = [dict(f) for f in data.get("findings", [])]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
        raise ValueError(f"快照 {file} 格式不对（{error}），请用 govreg monitor 重新生成") from None
    return seen


def find_snapshot(directory: Path, day: dt.date, max_age: int = MAX_AGE_DAYS) -> Path | None:
    """The newest ``<date>.json`` in ``directory`` dated ``day - max_age`` … ``day``."""
    if not directory.is_dir():
        return None
    best: tuple[dt.date, Path] | None = None
    for path in directory.iterdir():
        m = SNAPSHOT_NAME.match(path.name)
        if not m:
            continue
        try:
            when = dt.date.fromisoformat(m.group(1))
        except ValueError:
            continue
        if day - dt.timedelta(days=max_age) <= when <= day and (best is None or when > best[0]):
            best = (when, path)
    return best[1] if best else None


def load_observed(directory: Path, day: dt.date, max_age: int = MAX_AGE_DAYS) -> tuple[Observed | None, str | None]:
    """(the snapshot for ``day``, or None; a Chinese note on what was used or why nothing was)."""
    path = find_snapshot(directory, day, max_age)
    if path is None:
        return None, f"在 {directory} 中没有 {(day - dt.timedelta(days=max_age)).isoformat()} 至 {day.isoformat()} 的网站实测快照，网站情况仅依据登记库记录。"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        observed = parse_snapshot(data, str(path))
    except (OSError, ValueError) as exc:
        return None, f"网站实测快照 {path} 无法读取：{exc}"
    return observed, None


def owner_of(repo: Repository, path: str) -> str | None:
    """The unit answerable for a site or account record."""
    entry = repo.entries.get(path)
    record = entry.record if entry is not None else None
    if isinstance(record, (Site, Account)):
        return record.owner
    return None
