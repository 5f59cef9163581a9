"""What a rule sees (core): the repository, its configuration, the date, and lazy helpers.

Rules import :class:`Context` from here; the engine that runs them
(:mod:`govreg.engine`) sits above the rules.
"""

from __future__ import annotations

import contextlib
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

    def expect_history(self, pending: Prefetch[History] | HistoryProcess) -> None:
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


class HistoryProcess:
    """The content's history read by another Python process, which sends back only what the files ``paths``
    names need (:meth:`History.restricted`), asked at the first :meth:`result`.

    A pull request's check judges a few items; reading a city's whole history in this process, as the thread of
    :class:`Prefetch` does, takes the interpreter from the rest of that check for as long as the rest takes.  A
    fresh process (not a fork: a forked copy of this process would make it copy every page it then touches)
    reads it on the other core meanwhile.  It is started first (its interpreter starts while this one reads the
    cache) and told where the history cache is once that folder is known to be trusted (:meth:`read`); it reads
    nothing before.  Same use as a ``Prefetch[History]`` once :meth:`read` was called.  A process that fails in any
    way: the history is read here after all, so the result is the same, only slower.
    """

    def __init__(self, root: Path) -> None:
        import subprocess
        import sys

        self._root = root
        self._cache_dir: Path | None = None
        self.paths: Callable[[], Iterable[str]] | None = None  # the files asked about (None: the whole history)
        self._value: History | None = None
        self._ready = False
        package_parent = str(Path(__file__).resolve().parent.parent)
        code = f"import sys; sys.path.insert(0, {package_parent!r}); from govreg.history import answer_restricted; answer_restricted()"
        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", code, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except (OSError, ValueError, TypeError):  # no interpreter to start (an embedded Python …): read here
            self._proc = None

    def read(self, cache_dir: Path | None) -> HistoryProcess:
        """Read the history now, with the history cache in ``cache_dir`` (a trusted folder, or ``None``)."""
        import pickle

        from .cache import code_fingerprint

        self._cache_dir = cache_dir
        if self._proc is not None and self._proc.stdin is not None:
            try:
                told = (str(cache_dir) if cache_dir is not None else "", code_fingerprint())
                self._proc.stdin.write(pickle.dumps(told, protocol=pickle.HIGHEST_PROTOCOL))
                self._proc.stdin.flush()
            except OSError:
                self.close()
        return self

    def close(self) -> None:
        """End the other process (its answer, if any, is not wanted)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
            if proc.poll() is None:
                proc.kill()
            proc.wait()

    def done(self) -> bool:
        """Has the other process read the history (or ended)?"""
        import select

        if self._value is not None or self._proc is None or self._ready:
            return True
        assert self._proc.stdout is not None
        self._ready = bool(select.select([self._proc.stdout], [], [], 0)[0])
        return self._ready

    def wait(self) -> None:
        """Until the history is here (and the other process has ended)."""
        self.result()

    def result(self) -> History:
        if self._value is None:
            self._value = self._collect()
        return self._value

    def _collect(self) -> History:
        import pickle

        from .history import History

        got: object = None
        proc = self._proc
        if proc is not None and proc.stdin is not None and proc.stdout is not None:
            try:
                paths = sorted(self.paths()) if self.paths is not None else None
                proc.stdin.write(pickle.dumps(paths, protocol=pickle.HIGHEST_PROTOCOL))
                proc.stdin.close()
                if proc.stdout.read(1) == b"1":
                    got = pickle.load(proc.stdout)
            except Exception:  # the other process died or sent something else: read here
                got = None
            finally:
                proc.stdout.close()
                if got is None and proc.poll() is None:
                    proc.kill()
                proc.wait()
                self._proc = None
        return got if isinstance(got, History) else read_content_history(self._root, self._cache_dir)


def prefetch_history(root: Path, cache_dir: Path | None) -> Prefetch[History]:
    """Start reading the history of ``content/`` now: ``git log`` runs on another core while the records load."""
    return Prefetch(read_content_history, root, cache_dir)


def read_content_history(root: Path, cache_dir: Path | None) -> History:
    """The history of ``content/`` as a check reads it (:func:`govreg.history.read_content`)."""
    from .history import read_content

    return read_content(root, cache_dir)


class RuleModule(Protocol):
    __name__: str
    __doc__: str | None
    RULES: tuple[Rule, ...]

    def check(self, ctx: Context) -> Iterable[Finding]: ...
