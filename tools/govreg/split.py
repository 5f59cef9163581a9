"""A cold check on two cores: a second process loads and judges part of the content meanwhile.

Without a cache, a check's time is mostly reading, validating and judging each content file with the
per-file rules (issue 19).  Those depend on nothing but the file and what loads before the content
(units, sites, accounts, the listing), so :class:`Split`, asked by
:func:`govreg.repository.load_records` as the content loads, forks this process once.  This process
goes on loading the content from the front; the child (the *worker*) takes chunks from the back and
runs the streamed per-file rules on each (the engine's ``judge``), then writes the chunk's entries
(thin documents: the text is let go, as in one process), records, loading findings and rule findings,
pickled, to an unlinked temporary file (held by the page cache, not by either process).  Each claims
its files in a few bytes of shared memory (this process how far it has got, the worker where its last
chunk starts, smaller and smaller as the two meet), so they finish together however busy either core
is.  Once the worker has ended, this process reads the chunks back and adds the worker's files in
their place, in order, so that the repository, and the report, are exactly those of a check in one
process; the global rules run afterwards, here, on everything.  A file both took (the two read each
other's claims a moment late) is kept from this process, the worker's copy dropped; a file neither did
(the worker failed) is loaded here.

When: the engine asks only when no cache is in use; then at least :data:`MIN_FILES` content files
left to load, two cores this process may use (:func:`workers`), and no other thread running.  The fork
waits for ``ready`` (the engine: the history read by ``git log`` beside the loading is in, so the worker
inherits it and ``git log`` runs once; until then ``git`` keeps the other core busy anyway).
``GOVREG_WORKERS=1`` turns it off.

Failure: a worker that dies, sends something unreadable or stays silent for :data:`STALL_SECONDS` is
killed, and the files it did not send are loaded and judged here after all: the report is the same,
only slower.  The shared claims only steer who does what: whatever they read, every file is loaded
once into the repository.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import IO, Any

from . import repository as repository_module
from .findings import Finding
from .loader import Document
from .repository import Entry, LoadedHook, Repository, add_record, load_record, load_records

#: fewer content files left to load than this: one process loads them all (forking and sending cost more)
MIN_FILES = 4000
#: the most files the worker claims at once; a quarter of what is left between the two, when less
CHUNK = 512
#: … and the least (never more than a batch of content, ``repository.CONTENT_BATCH``)
MIN_CHUNK = 16
#: this process stops short of the worker's claim by this share of the files the worker has done: it reads
#: those back while the worker does the last few (reading a file back costs about a twentieth of loading it)
LEAD = 0.03
#: … and by this share of the files it loaded but has not judged yet (it judges them after it stops; the rules
#: take somewhat under half the time a file takes, and the worker has its last chunk to finish too)
JUDGING = 0.3
#: a worker silent for this long (no chunk written) is given up: killed, its files loaded here
STALL_SECONDS = 300.0

_HEAD = struct.Struct("<QQQ")  # before each chunk the worker writes: its pickle's length, first file, files
_CLAIMS = struct.Struct("<qq")  # shared: this process has claimed the files before [0]; the worker, from [1] on

Judge = Callable[[Repository, list[str]], list[Finding]]
Adopt = Callable[[list[str], list[Finding]], None]
Chunk = tuple[int, list[str], list[tuple[Entry, list[Finding]]], list[Finding]]  # start, paths, (entry, loading findings), rule findings


def workers() -> int:
    """How many processes a check may use: 1 or 2 (a cold check's second process, :class:`Split`; the history
    process of a pull request's check, :class:`govreg.context.HistoryProcess`).

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
    """The :class:`govreg.repository.Offload` of a cold check: one worker process, taking content from the back.

    ``judge(repo, paths)``, in the worker: the per-file rules on a chunk just loaded (then its text is let go);
    its findings.  ``adopt(paths, found)``, here: files the worker judged, with those findings.
    ``ready()``: may the worker start now (see the module's documentation)?
    """

    def __init__(self, judge: Judge, adopt: Adopt, ready: Callable[[], bool]) -> None:
        self.judge, self.adopt, self.ready = judge, adopt, ready
        self.pid = 0
        self.forked_at = -1  # how many content files this process had loaded when the worker started
        self.stopped_at = -1  # where this process stopped: the files from here on are the worker's
        self.received = 0  # files taken from the worker
        self.failure = ""  # why files were loaded here after all (the worker died, hung, garbled)
        self.timings: dict[str, float] = {}
        self._claims: mmap.mmap | None = None
        self._out: IO[bytes] | None = None  # the worker's chunks: an unlinked file (the page cache, not this process, holds them)
        self._index: list[tuple[int, int, int, int]] = []  # its chunks written whole: (offset, size, first file, files)
        self._scanned = 0  # how far the file is scanned (-1: no further, something was wrong)
        self._expect = 0  # the file the next chunk down ends before
        self._chunks: dict[int, Chunk | None] = {}  # by first file: read back (None: unreadable)
        self._started = 0.0

    # ------------------------------------------------------------ this process

    def take(self, repo: Repository, kind: str, records: list[str], loaded: int, pending: int) -> int | None:
        if self._claims is not None:  # the worker runs: go on up to the files it claimed (a little less: see LEAD, JUDGING)
            tail = self._claim(1)
            if loaded + int((len(records) - tail) * LEAD + pending * JUDGING) >= tail:
                self._set_claim(0, loaded)
                return loaded
            self._set_claim(0, loaded + repository_module.OFFLOAD_STEP)
            return None
        if self.forked_at >= 0:  # the worker could not start
            return len(records)
        left = len(records) - loaded
        if left < MIN_FILES:
            return len(records)
        if not self.ready():
            return None  # asked again after a few more files
        if threading.active_count() > 1:  # a caller's thread: forking could copy a lock it holds
            return len(records)
        self.forked_at = loaded
        return None if self._fork(repo, kind, records, loaded) else len(records)

    def _fork(self, repo: Repository, kind: str, records: list[str], loaded: int) -> bool:
        try:
            out = tempfile.TemporaryFile(prefix="govreg-split-")  # noqa: SIM115  (open until close(), across the fork)
        except OSError:
            return False
        claims = mmap.mmap(-1, _CLAIMS.size)  # anonymous and shared: the worker sees what this process writes
        _CLAIMS.pack_into(claims, 0, loaded + repository_module.OFFLOAD_STEP, len(records))
        self._started = time.perf_counter()
        try:
            pid = os.fork()
        except OSError:  # no process to spare: one does it all
            out.close()
            return False
        if pid == 0:  # the worker: never returns into the caller's stack
            code = 70
            try:
                self._claims = claims
                self._work(repo, kind, records, out.fileno())
                code = 0
            except BaseException:  # whatever it was, the parent loads the rest itself
                code = 71
            finally:
                os._exit(code)
        self.pid, self._claims, self._out, self._expect = pid, claims, out, len(records)
        return True

    def collect(self, repo: Repository, kind: str, records: list[str], stop: int, on_loaded: LoadedHook | None) -> None:
        """This process loaded ``records[:stop]``: the rest, from the worker's chunks or (what it did not send) loaded here."""
        if self._claims is None or self._out is None:
            return
        self.stopped_at = stop
        self._set_claim(0, stop)  # the worker stops before these
        self.timings["parent_done"] = time.perf_counter() - self._started
        try:
            self._wait(kind, records)
            self._scan()
            lowest = self._index[-1][2] if self._index else len(records)  # the worker's chunks cover records[lowest:]
            if lowest > stop:  # not sent by the worker: loaded here, before what it sent (order as in one process)
                self.failure = self.failure or "the worker ended early"
                load_records(repo, kind, records[stop:lowest], on_loaded=on_loaded)
            for _at, _size, start, count in reversed(self._index):
                if start + count <= stop:
                    continue  # loaded here too: this process's copies stay
                chunk = self._chunk(start, kind, records)
                if chunk is None:  # unreadable: the rest is loaded here
                    load_records(repo, kind, records[max(start, stop) :], on_loaded=on_loaded)
                    break
                self._add(repo, chunk, stop)
        finally:
            self.close()

    def _add(self, repo: Repository, chunk: Chunk, stop: int) -> None:
        start, paths, loaded, found = chunk
        skip = max(0, stop - start)  # loaded here too: this process's copies stay, the worker's go
        if skip:
            dropped = set(paths[:skip])
            paths, loaded, found = paths[skip:], loaded[skip:], [f for f in found if f.path not in dropped]
        for rel, (entry, more) in zip(paths, loaded, strict=True):
            add_record(repo, rel, entry, more)
        self.adopt(paths, found)
        self.received += len(paths)

    def _wait(self, kind: str, records: list[str]) -> None:
        """Until the worker has ended (it stops before this process's files), or has been silent too long (killed).
        Meanwhile the chunks it has written are read (this process stopped a little early for that: ``LEAD``)."""
        assert self._out is not None
        began = time.perf_counter()
        size, since = -1, time.monotonic()
        while self.pid:
            try:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped by someone else
                done = self.pid
            if done:
                self.pid = 0
                break
            now = os.fstat(self._out.fileno()).st_size
            if now != size:
                size, since = now, time.monotonic()
                self._scan()
                for _at, _size, start, _count in self._index:
                    self._chunk(start, kind, records)
            elif time.monotonic() - since > STALL_SECONDS:
                self.failure = f"no word from the worker for {STALL_SECONDS:.0f} s"
                self._end_worker()
                break
            else:
                time.sleep(0.002)
        self.timings["waited"] = time.perf_counter() - began

    def _scan(self) -> None:
        """The chunks the worker has written whole since the last scan, in order (from the back of the records):
        ``_index`` gets (offset, size, first file, files) for each; one cut short or out of order ends the scan for good."""
        assert self._out is not None
        fd, end = self._out.fileno(), os.fstat(self._out.fileno()).st_size
        while self._scanned >= 0 and self._scanned + _HEAD.size <= end:
            size, start, count = _HEAD.unpack(os.pread(fd, _HEAD.size, self._scanned))
            at = self._scanned + _HEAD.size
            if at + size > end:
                break  # still being written (or cut short: killed while writing)
            if count <= 0 or start + count != self._expect:
                self._scanned = -1  # not the next chunk down: what follows is not trusted
                break
            self._index.append((at, size, start, count))
            self._scanned, self._expect = at + size, start

    def _chunk(self, start: int, kind: str, records: list[str]) -> Chunk | None:
        """The chunk the worker wrote for ``records[start:…]``, read once; ``None`` when unreadable (``failure`` says so)."""
        if start not in self._chunks:
            at, size, _start, count = next(i for i in self._index if i[2] == start)
            assert self._out is not None
            try:
                chunk: Chunk | None = self._unpack(os.pread(self._out.fileno(), size, at), kind)
                if chunk is None or chunk[0] != start or chunk[1] != records[start : start + count]:
                    raise ValueError("not the files it claimed")
            except Exception as exc:
                self.failure = self.failure or f"unreadable chunk from the worker: {type(exc).__name__}"
                chunk = None
            self._chunks[start] = chunk
        return self._chunks[start]

    def close(self) -> None:
        """The worker ended (killed if it still runs) and reaped; its file closed (and so gone)."""
        self._end_worker()
        if self._out is not None:
            self._out.close()
            self._out = None
        if self._started:
            self.timings["worker_done"] = time.perf_counter() - self._started

    def _end_worker(self) -> None:
        if self.pid:
            pid, self.pid = self.pid, 0
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    def _claim(self, slot: int) -> int:
        assert self._claims is not None
        return int(_CLAIMS.unpack_from(self._claims, 0)[slot])

    def _set_claim(self, slot: int, value: int) -> None:
        assert self._claims is not None
        struct.pack_into("<q", self._claims, 8 * slot, value)

    @staticmethod
    def _unpack(frame: bytes, kind: str) -> Chunk:
        start, paths, parts, found = pickle.loads(frame)
        loaded: list[tuple[Entry, list[Finding]]] = []
        for thin, doc, record, blob, more in parts:
            document = Document.from_thin_parts(*thin) if thin is not None else doc
            loaded.append((Entry(kind, document, record, blob), more))
        return int(start), list(paths), loaded, list(found)

    # ------------------------------------------------------------ the worker

    def _work(self, repo: Repository, kind: str, records: list[str], fd: int) -> None:
        """Chunks from the back of ``records``, each claimed, loaded, judged and sent, until this process's claim is reached."""
        tail = len(records)
        while True:
            room = tail - self._claim(0)
            if room <= 0:
                break
            size = min(repository_module.CONTENT_BATCH, CHUNK, max(MIN_CHUNK, room // 4), room)
            start = tail - size
            self._set_claim(1, start)
            batch = records[start:tail]
            loaded: list[tuple[Entry, list[Finding]]] = []
            for rel in batch:
                entry, more = load_record(repo, kind, rel)
                add_record(repo, rel, entry, more)
                loaded.append((entry, more))
            self._send(repo, start, batch, loaded, fd)
            tail = start

    def _send(self, repo: Repository, start: int, batch: list[str], loaded: list[tuple[Entry, list[Finding]]], fd: int) -> None:
        found = self.judge(repo, batch)  # the entries are thin afterwards
        parts: list[tuple[Any, ...]] = []
        for entry, more in loaded:
            thin = entry.doc.thin_parts()
            parts.append((thin, entry.doc if thin is None else None, entry.record, entry.blob, more))
        body = pickle.dumps((start, batch, parts, found), protocol=pickle.HIGHEST_PROTOCOL)
        for chunk in (_HEAD.pack(len(body), start, len(batch)), body):
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        for rel in batch:  # sent: the worker holds only what the next chunks need
            del repo.entries[rel]
            repo.content.pop(rel, None)
        del repo.findings[:]
