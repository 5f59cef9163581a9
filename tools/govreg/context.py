"""What a rule sees (core): the repository, its configuration, the date, and lazy helpers.

Rules import :class:`Context` from here; the engine that runs them
(:mod:`govreg.engine`) sits above the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

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
        pending = self.__dict__.get("_pending_history")
        if pending is not None:  # read meanwhile by the engine (see prefetch_history)
            return cast("History", pending.result())
        return read_content_history(self.repo.root, self.cache_dir)

    def expect_history(self, pending: Prefetch[History]) -> None:
        """The history is being read by ``pending`` (:func:`prefetch_history`): ``history`` waits for it."""
        self.__dict__["_pending_history"] = pending


T = TypeVar("T")


class Prefetch(Generic[T]):
    """``fn(*args)`` run in a thread from now on; :meth:`result` waits for it (and raises what it raised)."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        import threading

        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), name="govreg-prefetch", daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to the caller of result()
            self._error = exc

    def done(self) -> bool:
        """Has ``fn`` returned or raised (without waiting)?"""
        return not self._thread.is_alive()

    def wait(self) -> None:
        """Until ``fn`` has returned or raised (what it raised is kept for :meth:`result`)."""
        self._thread.join()

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return cast(T, self._value)


def prefetch_history(root: Path, cache_dir: Path | None) -> Prefetch[History]:
    """Start reading the history of ``content/`` now: ``git log`` runs on another core while the records load."""
    return Prefetch(read_content_history, root, cache_dir)


def read_content_history(root: Path, cache_dir: Path | None) -> History:
    """The history of ``content/`` as a check reads it."""
    from .history import read_history

    # front matter is read lazily: ``govreg check`` needs only a few revisions (History.load_front_matter)
    return read_history(root, ("content",), with_front_matter="lazy", cache_dir=cache_dir)


class RuleModule(Protocol):
    __name__: str
    __doc__: str | None
    RULES: tuple[Rule, ...]

    def check(self, ctx: Context) -> Iterable[Finding]: ...
