"""What a rule sees (core): the repository, its configuration, the date, and lazy helpers.

Rules import :class:`Context` from here; the engine that runs them
(:mod:`govreg.engine`) sits above the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .clock import CHINA, now_default, today_default
from .config import Config
from .findings import Finding, Rule
from .repository import Repository

if TYPE_CHECKING:
    from .history import History
    from .workdays import WorkCalendar


@dataclass
class Context:
    """What a rule sees: the repository, its configuration, the date, and lazy helpers."""

    repo: Repository
    today: dt.date = field(default_factory=today_default)
    cache_dir: Path | None = None
    """Where caches between runs live (e.g. the replayed git history); ``None``: no cache."""

    @property
    def config(self) -> Config:
        return self.repo.config

    @cached_property
    def now(self) -> dt.datetime:
        """The time the check runs (see :func:`govreg.clock.now_default`)."""
        if self.today == today_default():
            return now_default()
        # a check run "as of" another day (run_check(today=…)): noon of that day
        return dt.datetime(self.today.year, self.today.month, self.today.day, 12, tzinfo=CHINA)

    @cached_property
    def calendar(self) -> WorkCalendar:
        from .workdays import WorkCalendar

        return WorkCalendar.load(self.repo.root)

    @cached_property
    def history(self) -> History:
        from .history import read_history

        # front matter is read lazily: ``govreg check`` needs only a few revisions (History.load_front_matter)
        return read_history(self.repo.root, ("content",), with_front_matter="lazy", cache_dir=self.cache_dir)


class RuleModule(Protocol):
    __name__: str
    __doc__: str | None
    RULES: tuple[Rule, ...]

    def check(self, ctx: Context) -> Iterable[Finding]: ...
