"""A cold check on two cores (issue 19, target 2): a second process takes a share of the content.

The report is exactly the one-process check's (``GOVREG_WORKERS=1``), on a real git repository with
findings in both shares: per-file findings, a loading finding, a global finding a thin document must
locate, and a release-history finding in the worker's share (the history is read once, by ``git log``
in this process, and inherited).  A worker that dies, hangs or sends garbage costs only time: this
process loads and judges what it did not send, and reports the same.  Wherever the two meet (each
claims files as it goes), the report is the same.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govreg import context as context_module
from govreg import engine, split
from govreg import repository as repository_module
from govreg.cache import CheckCache
from govreg.repository import Repository

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate, git_env  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, env=git_env(), check=True, capture_output=True)


def items(root: Path) -> list[Path]:
    return sorted((root / "content").rglob("*.md"), key=lambda p: p.relative_to(root).as_posix())


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with two commits and findings early and late in the content (in both shares)."""
    root = tmp_path_factory.mktemp("split") / "repo"
    generate(root, seed=7, units=4, accounts=12, sites=2, content=40)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    content = items(root)
    for path in (content[2], content[9], content[-3], content[-2]):  # a per-file finding in each share
        with path.open("a", encoding="utf-8") as out:
            out.write("\n联系人身份证号 110101199003074514，电话 13912345678。\n")
    late = content[-5]  # the release time moved after publication: the history, read in the worker's share
    text = late.read_text("utf-8")
    late.write_text(re.sub(r"(?m)^published_at: (\d{4})", lambda m: f"published_at: {int(m.group(1)) - 1}", text, count=1), "utf-8")
    cut = content[-8]  # a global finding (a reference) on a file the worker loaded: located by reading it again
    cut.write_text(re.sub(r"(?m)^channel: .*$", "channel: no-such-channel", cut.read_text("utf-8"), count=1), "utf-8")
    content[-10].write_text("---\ntitle: [\n---\n正文\n", "utf-8")  # a loading finding (syntax)
    git(root, "commit", "-qam", "edits")
    return root


@pytest.fixture
def splits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[split.Split]]:
    """Every check of a few files splits, once the history is in (as it is at scale); the splits made, to inspect."""
    made: list[split.Split] = []
    init = split.Split.__init__

    def spy(self: split.Split, *args: Any) -> None:
        init(self, *args)
        made.append(self)

    monkeypatch.setattr(split.Split, "__init__", spy)
    monkeypatch.setattr(split, "MIN_FILES", 1)
    monkeypatch.setattr(repository_module, "CONTENT_BATCH", 4)
    monkeypatch.setattr(repository_module, "OFFLOAD_STEP", 1)  # this process looks at the worker's claim before each file
    monkeypatch.setattr(split, "LEAD", 0.0)  # … and stops right there
    monkeypatch.setattr(split, "JUDGING", 0.0)
    monkeypatch.setattr(engine._Stream, "ready", lambda self: self.history is None or (self.history.wait(), True)[1])
    monkeypatch.setenv("GOVREG_WORKERS", "2")
    yield made


MEET = 8


@pytest.fixture
def meet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two meet at the 8th item: this process waits there until the worker has claimed the rest (or ended)."""
    take = split.Split.take

    def waiting(self: split.Split, repo: Repository, kind: str, records: list[str], loaded: int, pending: int) -> int | None:
        if self._claims is not None and loaded == MEET:
            wait_for_the_worker(self)
        return take(self, repo, kind, records, loaded, pending)

    monkeypatch.setattr(split.Split, "take", waiting)


def wait_for_the_worker(made: split.Split) -> None:
    """Until the worker has claimed every file from the ``MEET``th on, or ended."""
    deadline = time.monotonic() + 60
    while made._claim(1) > MEET and alive(made.pid) and time.monotonic() < deadline:
        time.sleep(0.005)


def alive(pid: int) -> bool:
    """Is the process running (not ended, nor a zombie waiting to be reaped)?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def keys(report: engine.Report) -> list[tuple[object, ...]]:
    return [(f.code, f.path, f.line, f.column, f.severity.value, f.message, f.article) for f in report.findings]


def check(root: Path) -> engine.Report:
    return engine.run_check(root, today=TODAY, cache=CheckCache(None))


def one_process(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    with monkeypatch.context() as patch:
        patch.setenv("GOVREG_WORKERS", "1")
        return keys(check(root))


def test_two_processes_report_what_one_does(tree: Path, splits: list[split.Split], meet: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setenv("GOVREG_WORKERS", "1")
        alone = check(tree)
    assert not splits  # GOVREG_WORKERS=1: no second process
    expected = keys(alone)
    report = check(tree)
    assert keys(report) == expected and report.stats == alone.stats
    (done,) = splits
    assert (done.forked_at, done.stopped_at, done.received, done.failure) == (0, MEET, 40 - MEET, "")
    worker = {p.relative_to(tree).as_posix() for p in items(tree)[MEET:]}
    codes = {(code, path in worker) for code, path, *_ in expected}
    for code in ("pii-id-number", "unknown-reference", "yaml-syntax", "release-time-changed"):
        assert (code, True) in codes, code  # found by the worker …
    assert ("pii-id-number", False) in codes  # … and by this process


def test_wherever_the_two_meet_the_report_is_the_same(tree: Path, splits: list[split.Split], monkeypatch: pytest.MonkeyPatch) -> None:
    """No waiting: the two race, each reading the other's claim a moment late; files both took are kept once.
    This process stops well short of the worker's claim, and reads its chunks back while it does the rest."""
    expected = one_process(tree, monkeypatch)
    monkeypatch.setattr(split, "LEAD", 0.25)
    monkeypatch.setattr(split, "JUDGING", 0.5)
    met = set()
    for _ in range(4):
        assert keys(check(tree)) == expected
        met.add(splits[-1].stopped_at)
        assert splits[-1].failure == "" and splits[-1].stopped_at + splits[-1].received <= 40
    assert all(0 <= stop <= 40 for stop in met)


def test_files_both_took_are_kept_once(tree: Path, splits: list[split.Split], monkeypatch: pytest.MonkeyPatch) -> None:
    """This process reads the worker's claim late and loads 2 of its files too (half a chunk): its copies stay, the worker's go."""
    expected = one_process(tree, monkeypatch)
    take = split.Split.take

    def late(self: split.Split, repo: Repository, kind: str, records: list[str], loaded: int, pending: int) -> int | None:
        if self._claims is not None and MEET <= loaded < MEET + 2:
            if loaded == MEET:
                wait_for_the_worker(self)
            self._set_claim(0, loaded + 1)
            return None  # goes on as if the worker had not claimed these yet
        return take(self, repo, kind, records, loaded, pending)

    monkeypatch.setattr(split.Split, "take", late)
    report = check(tree)
    assert (splits[0].stopped_at, splits[0].received) == (MEET + 2, 40 - MEET - 2)
    assert keys(report) == expected
    assert any(f.path == items(tree)[9].relative_to(tree).as_posix() and f.code == "pii-id-number" for f in report.findings)


def test_git_log_runs_once_and_thin_documents_cross_the_pipe(tree: Path, splits: list[split.Split], meet: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    read = context_module.read_content_history

    def spy(*args: Any) -> Any:
        with calls.open("a") as out:  # a file: a call in the worker would show here too
            out.write(f"{os.getpid()}\n")
        return read(*args)

    monkeypatch.setattr(context_module, "read_content_history", spy)
    seen: list[Repository] = []
    finish = engine._finish
    monkeypatch.setattr(engine, "_finish", lambda repo, ctx, found: (seen.append(repo), finish(repo, ctx, found))[1])
    report = check(tree)
    assert calls.read_text().split() == [str(os.getpid())]
    assert splits[0].received == 40 - MEET
    held = {e.path for e in seen[0].entries.values() if e.doc._text is not None}
    # read again only to locate a global finding (an item's references are judged with its batch)
    assert held == {f.path for f in report.findings if f.code == "unknown-reference" and not f.path.startswith("content/")}


def test_a_worker_that_dies_costs_time_not_findings(tree: Path, splits: list[split.Split], meet: None, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = one_process(tree, monkeypatch)
    send = split.Split._send
    sent: list[int] = []

    def dies(self: split.Split, *args: Any) -> None:
        if sent:
            os._exit(9)  # in the worker, having claimed its second chunk
        sent.append(1)
        send(self, *args)

    monkeypatch.setattr(split.Split, "_send", dies)
    assert keys(check(tree)) == expected
    assert splits[0].received == 4 and splits[0].failure == "the worker ended early"
    assert splits[0].stopped_at == 32  # where the worker's last claim began: the 4 it claimed and never sent were loaded here


def test_a_worker_that_fails_or_sends_garbage_costs_time_not_findings(tree: Path, splits: list[split.Split], meet: None, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = one_process(tree, monkeypatch)

    def fails(self: split.Split, *args: Any) -> None:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(split.Split, "_send", fails)
    assert keys(check(tree)) == expected
    assert splits[-1].received == 0 and splits[-1].failure == "the worker ended early"

    def garbage(self: split.Split, repo: Repository, start: int, batch: list[str], loaded: Any, fd: int) -> None:
        os.write(fd, split._HEAD.pack(5, start, len(batch)) + b"junk!")

    monkeypatch.setattr(split.Split, "_send", garbage)
    assert keys(check(tree)) == expected
    assert splits[-1].received == 0 and splits[-1].failure.startswith("unreadable chunk")


def test_a_silent_worker_is_killed_and_its_files_checked_here(tree: Path, splits: list[split.Split], monkeypatch: pytest.MonkeyPatch) -> None:
    expected = one_process(tree, monkeypatch)
    monkeypatch.setattr(split, "STALL_SECONDS", 1.0)
    monkeypatch.setattr(split.Split, "_send", lambda self, *args: time.sleep(600))
    started = time.monotonic()
    assert keys(check(tree)) == expected
    assert time.monotonic() - started < 60  # never a hang
    assert splits[0].failure.startswith("no word from the worker")
    assert splits[0].pid == 0  # killed and reaped: no process left behind


def test_one_process_when_switched_off_small_or_cached(tree: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GOVREG_WORKERS", "1")
    assert split.workers() == 1
    monkeypatch.setenv("GOVREG_WORKERS", "two")
    assert split.workers() == 1  # not a number: the safe way
    monkeypatch.setenv("GOVREG_WORKERS", "2")
    assert split.workers() == 2
    monkeypatch.delenv("GOVREG_WORKERS")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(sys, "platform", "linux")
    assert split.workers() == 2
    monkeypatch.setattr(sys, "platform", "darwin")
    assert split.workers() == 1  # unless asked for: forking without exec is Linux's way only
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert split.workers() == 1  # one core to run on
    monkeypatch.setenv("GOVREG_WORKERS", "2")
    made: list[split.Split] = []
    init = split.Split.__init__
    monkeypatch.setattr(split.Split, "__init__", lambda self, *args: (made.append(self), init(self, *args))[1])
    check(tree)
    assert len(made) == 1 and made[0].forked_at == -1  # 40 items, fewer than MIN_FILES: no fork
    cache = CheckCache.open(tree, directory=tmp_path / "cache")
    engine.run_check(tree, today=TODAY, cache=cache)
    assert len(made) == 1  # a cache in use: never split (its files come from it, and it is filled here)


def test_a_pull_requests_check_in_two_processes(tree: Path, splits: list[split.Split], meet: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """``check --base`` with no cache reads every file too: split, it reports what one process does."""
    content = [p.relative_to(tree).as_posix() for p in items(tree)]
    focus = {content[3], content[-3], content[-5], "accounts/x/y.yaml"}
    with monkeypatch.context() as patch:
        patch.setenv("GOVREG_WORKERS", "1")
        expected = keys(engine.run_check(tree, today=TODAY, cache=CheckCache(None), focus=focus))
    got = keys(engine.run_check(tree, today=TODAY, cache=CheckCache(None), focus=focus))
    assert got == expected and splits[0].received == 40 - MEET
    found = {(code, path) for code, path, *_ in got}
    assert ("pii-id-number", content[-3]) in found and ("release-time-changed", content[-5]) in found  # judged by the worker
    assert not {("pii-id-number", content[2]), ("pii-id-number", content[-2])} & found  # outside the focus: not judged, in either process


def test_the_worker_is_ended_when_the_check_is_interrupted(tree: Path, splits: list[split.Split], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: engine._Stream, repo: Repository, paths: list[str]) -> None:
        if repo.entries[paths[0]].kind == "content":  # this process's first batch of content: the worker is running
            raise KeyboardInterrupt

    monkeypatch.setattr(engine._Stream, "batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check(tree)
    assert splits[0].forked_at == 0 and splits[0].pid == 0  # killed and reaped
