"""The check cache (core): parsed records and per-file findings, content-addressed, never trusted across versions.

A city-scale check spends half its time re-reading files that did not change
(issue 19).  Git already names every file's content: ``git ls-files -s`` lists
the blob id of each tracked file in milliseconds.  The cache maps
``(path, blob id)`` to what loading that file produced (its document, its
validated record and its findings) and to the findings of the per-file rules
(rule modules with ``SCOPE = "file"``).  A file whose content changed has a new
blob id, so a stale entry is never looked up; nothing is invalidated by time.

What else decides a result is in the cache's **key**, so a cache made under other
conditions is never read:

- the code: a fingerprint of every file of the ``govreg`` package and of the
  versions of Python, pydantic and PyYAML (an upgrade, or a local edit, starts a
  new cache);
- the repository's configuration: the bytes of every file under ``config/``
  (the rules' settings, data lists, the platform list and the calendar).

Dated per-file rules (``DATED = True``, e.g. a deadline counted from today) are
cached per day.  Beside the findings, the cache keeps per item, by blob id alone, what a
pull request's check needs to tell which unchanged items a change reaches without loading
them: the ids it refers to and the paths it links to (:func:`govreg.engine.also_judged`).

Two files: ``check-<key>.pickle`` (every record but the content's, the findings, and the
blob id of each content record) and ``check-<key>.content.pickle`` (the content's records),
read only when one of them is asked for.  A check of a pull request that opened a cache
writes nothing.

Where: ``.govreg-cache/`` at the repository root (ignored by git), or the folder
named by ``GOVREG_CACHE_DIR``; ``GOVREG_CACHE_DIR=off`` turns it off.  CI keeps
the folder between runs with its cache action.  The cache is local state, like
``.venv``: it is unpickled, so only a folder the user (or the workflow's own
cache, never a pull request's artefact) wrote is used; reading admits only govreg's
own classes, dates and times, so a planted file cannot run code.  A cache file that cannot
be read (truncated, another format, garbage) is ignored and rewritten; one that
cannot be written is skipped.  Writes are atomic (temporary file, then rename).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess
from . import filepolicy

ENV = "GOVREG_CACHE_DIR"
DEFAULT_DIR = ".govreg-cache"
FORMAT = 2  # bump when the layout of the cache files changes
_PACKAGE = Path(__file__).resolve().parent
_CONFIG_CAP = 4 * 1024 * 1024  # config files larger than this count by size and time only


class _Unpickler(pickle.Unpickler):
    """Only govreg's own classes, dates and times: a cache file someone else wrote cannot run code when read."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("govreg.") or (module == "datetime" and name in ("date", "datetime", "timedelta", "timezone", "time")) or (
            module == "pydantic_core._pydantic_core" and name == "TzInfo"
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a govreg cache")


def cache_dir(root: Path) -> Path | None:
    """Where the cache of the repository at ``root`` lives, or ``None`` when turned off."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if turned_off(chosen) else Path(chosen)
    return root / DEFAULT_DIR


def turned_off(value: str) -> bool:
    """Does ``GOVREG_CACHE_DIR=value`` turn caches off (``off``, ``0``, ``no``, ``false`` or empty)?"""
    return value.strip().lower() in ("", "0", "off", "no", "false")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of govreg's own files and the versions of what it builds on: any change starts a new cache."""
    import platform

    import pydantic
    import yaml

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{sys.version}|{platform.machine()}|{pydantic.VERSION}|{yaml.__version__}".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def config_fingerprint(root: Path) -> str:
    """A digest of every regular file under ``config/`` (name and bytes)."""
    digest = hashlib.sha256()
    for rel, kind in filepolicy.walk(root, "config"):
        digest.update(rel.encode() + b"\0")
        if kind is not None:
            digest.update(kind.encode())
            continue
        try:
            digest.update(filepolicy.read_capped(root / rel, _CONFIG_CAP))
        except filepolicy.TooLarge as exc:
            digest.update(f"too-large:{exc.size}".encode())
        except (OSError, filepolicy.NotRegular) as exc:
            digest.update(f"unreadable:{type(exc).__name__}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """:func:`govreg.history.run_git`, imported when first needed (the history reader is not needed for ``--help``)."""
    from .history import run_git as run

    return run(root, *args, stdin=stdin)


def trusted_folder(root: Path, folder: Path) -> bool:
    """May the cache in ``folder`` be used for the repository at ``root``?

    Not when it is committed: a pull request could add a ``.govreg-cache/`` (``git add -f``) holding records
    and findings of its choosing, and the check (and on main, the public site) would take them for the
    files'.  Not through a link either.  A folder outside the repository is the user's own (``GOVREG_CACHE_DIR``).
    """
    here = Path(os.path.abspath(root))
    there = Path(os.path.abspath(folder))
    try:
        inside = there.relative_to(here)
    except ValueError:
        return True
    step = here
    for part in inside.parts:  # no link on the way down: the folder must be where it says
        step = step / part
        try:
            if os.path.islink(step):
                return False
        except OSError:
            return False
    inside_git = run_git(root, "rev-parse", "--is-inside-work-tree")
    if inside_git is None or inside_git.returncode != 0:
        return True  # no git, or not a work tree: nothing is committed
    tracked = run_git(root, "ls-files", "-z", "--", inside.as_posix())
    return tracked is not None and tracked.returncode == 0 and not tracked.stdout


def checkout_fingerprint(root: Path) -> str:
    """How git turns blobs into work-tree files here (line-ending settings, ``.gitattributes``): a blob id names
    the same file bytes only under the same settings, so a cache made under others is not used."""
    settings = run_git(root, "config", "--get-regexp", r"^core\.(autocrlf|eol|safecrlf)$")
    digest = hashlib.sha256(settings.stdout if settings is not None else b"")
    for name in (".gitattributes", ".git/info/attributes"):
        try:
            digest.update(filepolicy.read_capped(root / name, _CONFIG_CAP))
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


def blob_id(data: bytes, sha256: bool = False) -> str:
    """Git's object id of a blob with these bytes (SHA-1, or SHA-256 for a SHA-256 repository)."""
    digest = hashlib.sha256 if sha256 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


class Changes(frozenset[str]):
    """The paths a pull request changed (:func:`changed_since`), and what a narrower check needs to know of them.

    ``base``: the merge base they are counted from.  ``moved``: the paths added or removed (what exists
    changed, not only what a file says).  ``linked``: a type changed, or a link or submodule changed,
    so anything reached through a link may have changed too.  A plain set of paths knows none of this:
    every path may have moved and been linked.
    """

    base: str
    moved: frozenset[str]
    linked: bool

    def __new__(cls, paths: Iterable[str], *, base: str = "", moved: Iterable[str] | None = None, linked: bool = True) -> Changes:
        made = super().__new__(cls, paths)
        made.base, made.linked = base, linked
        made.moved = frozenset(made) if moved is None else frozenset(moved)
        return made

    @property
    def listing(self) -> bool:
        """Did what exists under the root change (a file added or removed, a link changed)?"""
        return self.linked or bool(self.moved)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_changes, (tuple(self), self.base, tuple(self.moved), self.linked))


def _changes(paths: tuple[str, ...], base: str, moved: tuple[str, ...], linked: bool) -> Changes:
    return Changes(paths, base=base, moved=moved, linked=linked)


_LINK_MODES = ("120000", "160000")  # a symbolic link, a submodule


def changed_since(root: Path, base: str) -> Changes | None:
    """Paths (relative to ``root``) that differ between the merge base of ``base`` and HEAD and the work tree.

    Committed, staged, unstaged and untracked changes all count; a rename counts as its new path
    (and its old one).  ``None`` when ``base`` is unknown or shares no history with HEAD (then the
    caller checks everything): a wider set is always safe, a narrower one never happens.
    Files git ignores are not part of the change (a CI checkout has none).
    """
    if base.startswith("-"):
        return None
    merge_base = run_git(root, "merge-base", "--end-of-options", base, "HEAD")
    if merge_base is None or merge_base.returncode != 0:
        return None
    sha = merge_base.stdout.decode("ascii", "replace").strip()
    diff = run_git(root, "diff", "--raw", "-z", "--no-renames", "--relative", sha, "--")
    untracked = run_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    if diff is None or untracked is None or diff.returncode != 0 or untracked.returncode != 0:
        return None
    names: list[str] = []
    moved: list[str] = []
    linked = False
    fields = diff.stdout.decode("utf-8", "surrogateescape").split("\0")
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):  # ":<old mode> <new mode> <old id> <new id> <status>", path
        parts = meta.lstrip(":").split(" ")
        status = parts[4][:1] if len(parts) == 5 else "?"
        if status in ("A", "D") and parts[0] not in _LINK_MODES and parts[1] not in _LINK_MODES:
            moved.append(path)  # a file added or removed
        elif status != "M" or parts[0] in _LINK_MODES or parts[1] in _LINK_MODES:
            linked = True  # a type changed, a link or a submodule: what a link reaches may have changed
        names.append(path)
    added = [name for name in untracked.stdout.decode("utf-8", "surrogateescape").split("\0") if name]
    for name in added:
        if os.path.islink(root / name):
            linked = True
    return Changes((name for name in names + added if name), base=sha, moved=moved + added, linked=linked)


def ids_at(root: Path, commit: str, paths: Iterable[str]) -> dict[str, str | None]:
    """The ``id`` of each YAML record file ``paths`` at ``commit`` (``None``: absent there, unreadable, no id).

    One ``git cat-file --batch`` whatever the number of files; read with the check's own loader.
    """
    from .history import cat_file_answers
    from .loader import decode, parse_yaml

    out: dict[str, str | None] = dict.fromkeys(paths)
    wanted = [path for path in out if "\n" not in path]  # one name a line: such a name cannot be asked for
    prefix = run_git(root, "rev-parse", "--show-prefix")
    if not wanted or prefix is None or prefix.returncode != 0:
        return out
    strip = prefix.stdout.decode("utf-8", "replace").strip()
    request = "".join(f"{commit}:{strip}{path}\n" for path in wanted).encode("utf-8", "surrogateescape")
    done = run_git(root, "cat-file", "--batch", stdin=request)
    if done is None or done.returncode != 0:
        return out
    for path, (_name, content) in zip(wanted, cat_file_answers(done.stdout), strict=False):
        if content is None:
            continue  # not there at the commit
        text, _ = decode(content, path)
        record, _ = parse_yaml(text, path) if text is not None else (None, [])
        value = record.get("id") if isinstance(record, dict) else None
        out[path] = value if isinstance(value, str) else None
    return out


class WorkTree(dict[str, str]):
    """What git knows of the work tree: path → blob id of every tracked regular file whose work-tree copy
    matches the index (:func:`clean_blob_ids`), and ``listing``: a digest of what exists under the root
    (every tracked path and its type, every untracked one, and the work-tree state of changed ones), or ""
    when unknown.  The contents of regular files are not part of it: the listing is what a rule that asks
    whether a linked file exists depends on.  Files git ignores are not part of it.
    """

    listing: str = ""


def _finish(proc: subprocess.Popen[bytes] | None) -> bytes | None:
    if proc is None:
        return None
    out, _ = proc.communicate()
    return out if proc.returncode == 0 else None


def clean_blob_ids(root: Path) -> WorkTree:
    """Blob id of every tracked regular file whose work-tree copy matches the index (path → id), and the listing.

    Files that are modified, untracked, links, or outside a git work tree are absent: their
    content must be read to be known.  Four git processes, run side by side, whatever the size of
    the tree.  Empty without git.
    """
    from .history import start_git

    listed_p = start_git(root, "ls-files", "-s", "-z", "--full-name", "--", ".")
    prefix_p = start_git(root, "rev-parse", "--show-prefix")
    dirty_p = start_git(root, "diff-files", "--name-only", "-z", "--", ".")
    others_p = start_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ".")
    listed, prefix, dirty, others = _finish(listed_p), _finish(prefix_p), _finish(dirty_p), _finish(others_p)
    out = WorkTree()
    if listed is None or prefix is None or dirty is None:
        return out
    strip = prefix.decode("utf-8", "replace").strip()
    changed = {p for p in dirty.decode("utf-8", "surrogateescape").split("\0") if p}
    listing = hashlib.sha256()
    for record in listed.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        parts = meta.split(" ")
        if len(parts) != 3:
            continue
        listing.update(f"{path}\0{parts[0]}\0{parts[1] if parts[0] in _LINK_MODES else ''}\0".encode("utf-8", "surrogateescape"))
        if parts[2] != "0" or not parts[0].startswith("100"):  # regular files at stage 0 only
            continue
        if path in changed:
            continue
        if strip:
            if not path.startswith(strip):
                continue
            path = path[len(strip) :]
        out[path] = parts[1]
    if others is not None:  # untracked files and changed ones: as the work tree has them now
        news = [p for p in others.decode("utf-8", "surrogateescape").split("\0") if p]
        for group in (sorted(changed), news):
            for path in group:
                listing.update(f"{path}\0{_what_is(root, path, strip)}\0".encode("utf-8", "surrogateescape"))
            listing.update(b"\1")  # the changed files, then the untracked ones
        out.listing = listing.hexdigest()
    return out


def _what_is(root: Path, full: str, strip: str) -> str:
    """What is at ``full`` (a path from the top of the git work tree) now: missing, a file, a folder, a link and its target."""
    if strip and not full.startswith(strip):
        return ""
    path = root / full[len(strip) :]
    try:
        if os.path.islink(path):
            return "link:" + os.readlink(path)
        if path.is_dir():
            return "dir"
        return "file" if path.is_file() else "other" if os.path.lexists(path) else "missing"
    except OSError:
        return "unreadable"


_CONTENT = "content/"  # records under it are kept in a file of their own, read only when one is asked for


@dataclass
class CheckCache:
    """Loaded records and per-file rule findings by ``(path, blob id)``, in two files.

    ``records[path] = (blob, payload)``; ``findings[path] = (blob, day or "", findings)``.  The content's
    records (most of a city's files) are in ``check-<key>.content.pickle``, read the first time one of
    them is asked for: a pull request's check that loads none of the items it did not change never reads
    them.  Only entries looked up or stored in this run are written back, so deleted files drop out
    (``scoped``: a check of a pull request's files writes nothing); a file whose entries did not change is
    not written again.
    """

    file: Path | None
    records: dict[str, tuple[str, Any]] = field(default_factory=dict)
    findings: dict[str, tuple[str, str, Any]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    dirty: bool = False
    scoped: bool = False  # a check of a pull request's files (check --base): reads, writes nothing (a few new entries would rewrite it all)
    found: bool = False  # a cache file was there to read when opened
    content_read: bool = False  # the content's records are in ``records`` (read, or there was nothing to read)
    content_dirty: bool = False
    content_blobs: dict[str, str] = field(default_factory=dict)  # path → blob id of each content record in the other file (kept in this one)
    _used_records: set[str] = field(default_factory=set)
    _used_findings: set[str] = field(default_factory=set)

    @classmethod
    def open(cls, root: Path, *, directory: Path | None = None) -> CheckCache:
        """The cache for ``root`` under its current code and configuration (empty when none or unreadable)."""
        folder = directory if directory is not None else cache_dir(root)
        if folder is None or not trusted_folder(root, folder):
            return cls(None)
        key = hashlib.sha256(f"{code_fingerprint()}|{config_fingerprint(root)}|{checkout_fingerprint(root)}".encode()).hexdigest()[:32]
        file = folder / f"check-{key}.pickle"
        cache = cls(file)
        stored = _read(file, key, ("records", "findings", "content_blobs"))
        if stored is None:
            cache.dirty = True  # unreadable: ignored and rewritten
        elif stored:
            cache.records, cache.findings, cache.content_blobs = stored["records"], stored["findings"], stored["content_blobs"]
            cache.found = True
        return cache

    @property
    def content_file(self) -> Path | None:
        return self.file.with_name(self.file.stem + ".content.pickle") if self.file is not None else None

    def read_content(self) -> None:
        """Add the content's records to ``records`` (once)."""
        if self.content_read or self.content_file is None or self.file is None:
            self.content_read = True
            return
        self.content_read = True
        stored = _read(self.content_file, self.file.stem.removeprefix("check-"), ("records",))
        if stored is None:
            self.content_dirty = True
        elif stored:
            self.records.update(stored["records"])

    # ---------------------------------------------------------------- records
    def record(self, path: str, blob: str) -> Any | None:
        if not self.content_read and path.startswith(_CONTENT):
            if self.content_blobs.get(path) != blob:
                self.misses += 1
                return None  # not there: the other file need not be read to know it
            self.read_content()
        hit = self.records.get(path)
        if hit is not None and hit[0] == blob:
            self.hits += 1
            self._used_records.add(path)
            return hit[1]
        self.misses += 1
        return None

    def put_record(self, path: str, blob: str, payload: Any) -> None:
        if self.file is None:
            return
        content = path.startswith(_CONTENT)
        if content and not self.content_read:
            self.read_content()
        self.records[path] = (blob, payload)
        self._used_records.add(path)
        if content:
            self.content_dirty = True
        else:
            self.dirty = True

    # ---------------------------------------------------------------- per-file findings
    def file_findings(self, path: str, blob: str, day: str) -> Any | None:
        hit = self.findings.get(path)
        if hit is not None and hit[0] == blob and hit[1] == day:
            self._used_findings.add(path)
            return hit[2]
        return None

    def keep(self, path: str) -> None:
        """Keep the entry ``path`` (if any) when saving, though this run did not look it up."""
        self._used_findings.add(path)

    def put_file_findings(self, path: str, blob: str, day: str, found: Any) -> None:
        if self.file is None:
            return
        self._used_findings.add(path)
        if self.findings.get(path) == (blob, day, found):
            return  # judged again (a pull request's file), the same: nothing to write
        self.findings[path] = (blob, day, found)
        self.dirty = True

    def save(self) -> None:
        """Write what this run used or made, atomically; remove older cache files of the same folder."""
        if self.file is None or self.scoped:
            return
        key = self.file.stem.removeprefix("check-")

        def kept(table: dict[str, Any], used: set[str], content: bool | None = None) -> tuple[dict[str, Any], bool]:
            mine = {p: v for p, v in table.items() if content is None or p.startswith(_CONTENT) == content}
            out = {p: v for p, v in mine.items() if p in used}
            return out, len(out) != len(mine)

        records, dropped = kept(self.records, self._used_records, False)
        findings, dropped_findings = kept(self.findings, self._used_findings)
        content: dict[str, Any] = {}
        write_content = False
        if self.content_read:
            content, dropped_content = kept(self.records, self._used_records, True)
            write_content = self.content_dirty or dropped_content
            if write_content:
                self.content_blobs = {p: v[0] for p, v in content.items()}
        try:
            if self.dirty or dropped or dropped_findings or write_content:
                _write(self.file, {"format": FORMAT, "key": key, "records": records, "findings": findings, "content_blobs": self.content_blobs})
            if write_content and self.content_file is not None:
                _write(self.content_file, {"format": FORMAT, "key": key, "records": content})
            _remove_others(self.file.parent, keep=(self.file.name, self.content_file.name if self.content_file else ""), prefix="check-")
        except OSError:
            return  # a read-only folder: the check still ran, only the next one is slower
        self.dirty = self.content_dirty = False


def _read(file: Path, key: str, tables: tuple[str, ...]) -> dict[str, Any] | None:
    """A cache file's tables: ``{}`` when there is none, ``None`` when it cannot be used (to be rewritten)."""
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects, no cycles: the collector's passes would cost more than the load
    try:
        with os.fdopen(os.open(file, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
            stored = _Unpickler(handle).load()
    except FileNotFoundError:
        return {}
    except Exception:  # truncated, garbage, another format: ignored and rewritten
        return None
    finally:
        if enabled:
            gc.enable()
    if isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("key") == key and all(isinstance(stored.get(t), dict) for t in tables):
        return stored
    return None


def _write(file: Path, payload: dict[str, Any]) -> None:
    """Write ``payload`` to ``file`` atomically (a temporary file in the same folder, then a rename)."""
    import tempfile

    file.parent.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(file.parent)
    fd, tmp = tempfile.mkstemp(prefix=".check-", suffix=".tmp", dir=file.parent)
    enabled = gc.isenabled()
    gc.disable()
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, file)
    finally:
        if enabled:
            gc.enable()
        if os.path.exists(tmp):
            os.unlink(tmp)


def _ignore_in_git(folder: Path) -> None:
    """A ``.gitignore`` of ``*`` in the cache folder, so the cache is never committed by accident."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# govreg 检查缓存，可随时删除\n*\n", encoding="utf-8")


def _remove_others(folder: Path, *, keep: tuple[str, ...], prefix: str) -> None:
    for other in _listing(folder):
        if other.startswith(prefix) and other.endswith(".pickle") and other not in keep:
            with contextlib.suppress(OSError):
                (folder / other).unlink()


def _listing(folder: Path) -> Iterable[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return ()
