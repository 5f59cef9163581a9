"""A cold check on two cores: a second process loads and judges a share of the content meanwhile.

Without a cache, a check's time is mostly reading, validating and judging each content file with the
per-file rules (issue 19).  Those depend on nothing but the file and what loads before the content
(units, sites, accounts, the listing), so :class:`Split`, asked by
:func:`govreg.repository.load_records` as the content loads, forks this process once: the child (the
*worker*) loads the last share of the content files and runs the streamed per-file rules on each batch
(the engine's ``judge``), then sends each batch's entries (thin documents: the text is let go, as in
one process), records, loading findings and rule findings back through a pipe, pickled.  This process
loads and judges the first share meanwhile, then adds the worker's batches in their place, in order, so
that the repository, and the report, are exactly those of a check in one process.  The global rules run
afterwards, here, on everything.

When: only with no cache in use and no focus (the engine decides), at least :data:`MIN_FILES` content
files left to load, two cores this process may use, and no other thread running.  The fork waits for
``ready`` (the engine: the history read by ``git log`` beside the loading is in, so the worker inherits
it and ``git log`` runs once; until then ``git`` keeps the other core busy anyway).  ``GOVREG_WORKERS=1``
turns it off.

Failure: a worker that dies, sends something unreadable or stays silent for :data:`STALL_SECONDS` is
killed, and the files it did not send are loaded and judged here after all: the report is the same,
only slower.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from . import repository as repository_module
from .findings import Finding
from .loader import Document
from .repository import Entry, LoadedHook, Repository, add_record, load_record, load_records

#: fewer content files left to load than this: one process loads them all (forking and sending cost more)
MIN_FILES = 4000
#: the worker's share of the content files left when it starts; it also pickles what it sends, and this
#: process unpickles it, adds it and runs the global rules after both are done
SHARE = 0.48
#: a worker silent for this long (no batch sent) is given up: killed, its files loaded here
STALL_SECONDS = 300.0

_HEAD = struct.Struct("<Q")

Judge = Callable[[Repository, list[str]], list[Finding]]
Adopt = Callable[[list[str], list[Finding]], None]


def workers() -> int:
    """How many processes a cold check may use: 1 or 2.

    ``GOVREG_WORKERS``: ``1`` (or anything but a number of at least 2) keeps the check in one process;
    unset, two on Linux when this process may run on two cores (elsewhere a forked process may not use
    every system library safely: ``GOVREG_WORKERS=2`` asks for it).
    """
    value = os.environ.get("GOVREG_WORKERS", "").strip()
    if not hasattr(os, "fork"):
        return 1
    if value:
        return 2 if value.isdigit() and int(value) >= 2 else 1
    if not sys.platform.startswith("linux"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


class Split:
    """The :class:`govreg.repository.Offload` of a cold check: one worker process for the last share of the content.

    ``judge(repo, paths)``, in the worker: the per-file rules on a batch just loaded (then its text is let go);
    its findings.  ``adopt(paths, found)``, here: a batch the worker judged, with those findings.
    ``ready()``: may the worker start now (see the module's documentation)?
    """

    def __init__(self, judge: Judge, adopt: Adopt, ready: Callable[[], bool]) -> None:
        self.judge, self.adopt, self.ready = judge, adopt, ready
        self.pid = 0
        self.given = 0  # files handed to the worker
        self.received = 0  # of those, received back
        self.failure = ""  # why the worker's files were (partly) loaded here after all
        self.timings: dict[str, float] = {}
        self._frames: queue.Queue[bytes | None] = queue.Queue()
        self._reader: threading.Thread | None = None
        self._started = 0.0

    # ------------------------------------------------------------ this process

    def take(self, repo: Repository, kind: str, records: list[str], loaded: int) -> int | None:
        left = len(records) - loaded
        if left < MIN_FILES:
            return len(records)
        if not self.ready():
            return None  # asked again after a few more files
        if threading.active_count() > 1:  # a caller's thread: forking could copy a lock it holds
            return len(records)
        give = int(left * SHARE)
        start = len(records) - give
        read_end, write_end = os.pipe()
        self._started = time.perf_counter()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: one does it all
            os.close(read_end)
            os.close(write_end)
            return len(records)
        if pid == 0:  # the worker: never returns into the caller's stack
            code = 70
            try:
                os.close(read_end)
                self._work(repo, kind, records[start:], write_end)
                code = 0
            except BaseException:  # whatever it was, the parent loads the rest itself
                code = 71
            finally:
                os._exit(code)
        os.close(write_end)
        self.pid, self.given = pid, give
        self._reader = threading.Thread(target=self._read, args=(read_end,), name="govreg-split-reader", daemon=True)
        self._reader.start()
        return start

    def collect(self, repo: Repository, kind: str, handed: list[str], on_loaded: LoadedHook | None) -> None:
        self.timings["parent_done"] = time.perf_counter() - self._started
        waited = 0.0
        try:
            while self.received < len(handed):
                began = time.perf_counter()
                try:
                    frame = self._frames.get(timeout=STALL_SECONDS)
                except queue.Empty:
                    self.failure = f"no word from the worker for {STALL_SECONDS:.0f} s"
                    break
                waited += time.perf_counter() - began
                if frame is None:
                    self.failure = "the worker ended early"
                    break
                try:
                    paths, loaded, found = self._unpack(frame, kind)
                except Exception as exc:  # unreadable: the rest is loaded here
                    self.failure = f"unreadable batch from the worker: {type(exc).__name__}"
                    break
                if paths != handed[self.received : self.received + len(paths)]:
                    self.failure = "the worker sent other files than it was given"
                    break
                for rel, (entry, more) in zip(paths, loaded, strict=True):
                    add_record(repo, rel, entry, more)
                self.adopt(paths, found)
                self.received += len(paths)
        finally:
            self.timings["waited"] = waited
            self.close()
        if self.received < len(handed):  # as if there had been no worker
            load_records(repo, kind, handed[self.received :], on_loaded=on_loaded)

    def close(self) -> None:
        """The worker ended (killed if it has not sent everything) and reaped; the pipe's reader done."""
        if self.pid:
            pid, self.pid = self.pid, 0
            if self.received < self.given:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        if self._reader is not None:
            self._reader.join()
            self._reader = None
        self.timings["worker_done"] = time.perf_counter() - self._started if self._started else 0.0

    def _read(self, fd: int) -> None:
        """In a thread of this process: the worker's frames (length, then pickle), queued; ``None`` at the end."""
        try:
            with os.fdopen(fd, "rb") as pipe:
                while True:
                    head = pipe.read(_HEAD.size)
                    if len(head) < _HEAD.size:
                        break
                    (size,) = _HEAD.unpack(head)
                    body = pipe.read(size)
                    if len(body) < size:
                        break
                    self._frames.put(body)
        finally:
            self._frames.put(None)

    @staticmethod
    def _unpack(frame: bytes, kind: str) -> tuple[list[str], list[tuple[Entry, list[Finding]]], list[Finding]]:
        paths, parts, found = pickle.loads(frame)
        loaded: list[tuple[Entry, list[Finding]]] = []
        for thin, doc, record, blob, more in parts:
            document = Document.from_thin_parts(*thin) if thin is not None else doc
            loaded.append((Entry(kind, document, record, blob), more))
        return list(paths), loaded, list(found)

    # ------------------------------------------------------------ the worker

    def _work(self, repo: Repository, kind: str, share: list[str], fd: int) -> None:
        batch: list[str] = []
        loaded: list[tuple[Entry, list[Finding]]] = []
        for rel in share:
            entry, more = load_record(repo, kind, rel)
            add_record(repo, rel, entry, more)
            batch.append(rel)
            loaded.append((entry, more))
            if len(batch) >= repository_module.CONTENT_BATCH:
                self._send(repo, batch, loaded, fd)
                batch, loaded = [], []
        if batch:
            self._send(repo, batch, loaded, fd)
        os.close(fd)

    def _send(self, repo: Repository, batch: list[str], loaded: list[tuple[Entry, list[Finding]]], fd: int) -> None:
        found = self.judge(repo, batch)  # the entries are thin afterwards
        parts: list[tuple[Any, ...]] = []
        for entry, more in loaded:
            thin = entry.doc.thin_parts()
            parts.append((thin, entry.doc if thin is None else None, entry.record, entry.blob, more))
        body = pickle.dumps((batch, parts, found), protocol=pickle.HIGHEST_PROTOCOL)
        for chunk in (_HEAD.pack(len(body)), body):
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        for rel in batch:  # sent: the worker holds only what the next batches need
            del repo.entries[rel]
            repo.content.pop(rel, None)
        del repo.findings[:]
