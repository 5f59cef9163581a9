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

Three files: ``check-<key>.pickle`` (every record but the content's, the per-item notes, and
the blob id of each content record), ``check-<key>.content.pickle`` (the content's records) and
``check-<key>.findings.pickle`` (the per-file rules' findings), the last two read only when one of
their entries is asked for (:class:`CheckCache`).  A check of a pull request that opened a cache
reads only the first, and writes nothing.

What git knows of the work tree (the blob ids, the change since a base) is asked through
:class:`GitQuery`: the processes run side by side, beside the reading of the cache.

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
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess
from . import filepolicy

ENV = "GOVREG_CACHE_DIR"
DEFAULT_DIR = ".govreg-cache"
FORMAT = 3  # bump when the layout of the cache files changes
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


_CHECKOUT_SETTINGS = ("config", "--get-regexp", r"^core\.(autocrlf|eol|safecrlf)$")


def checkout_fingerprint(root: Path, git: GitQuery | None = None) -> str:
    """How git turns blobs into work-tree files here (line-ending settings, ``.gitattributes``): a blob id names
    the same file bytes only under the same settings, so a cache made under others is not used.  ``git``: the
    query that asked already (:meth:`GitQuery.start_work_tree`)."""
    if git is not None:
        out = git.answer_or_empty("checkout", *_CHECKOUT_SETTINGS)
    else:
        settings = run_git(root, *_CHECKOUT_SETTINGS)
        out = settings.stdout if settings is not None else b""
    digest = hashlib.sha256(out)
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
    unlisted: frozenset[str]

    def __new__(
        cls, paths: Iterable[str], *, base: str = "", moved: Iterable[str] | None = None, linked: bool = True, unlisted: Iterable[str] = ()
    ) -> Changes:
        made = super().__new__(cls, paths)
        made.base, made.linked = base, linked
        made.moved = frozenset(made) if moved is None else frozenset(moved)
        made.unlisted = frozenset(unlisted)
        return made

    @property
    def listing(self) -> bool:
        """Did what exists under the root change (a file added or removed, a link changed)?"""
        return self.linked or bool(self.moved)

    def completed(self, files: Mapping[str, str], specials: Iterable[str]) -> Changes:
        """These changes with the untracked files of the ``unlisted`` folders, which git was not asked for: the
        folders' walk found them (``files``: each regular file → its clean blob id, "" when git has none; ``specials``:
        the links, devices … it found).  A file without a blob id that is not a change already is untracked (or git
        could not say): it is added, as added.  A special file not among the changes may be a new link: it is added,
        and every link may have changed.  A wider set is safe."""
        if not self.unlisted:
            return self
        added = [path for path, blob in files.items() if not blob and path not in self and path.split("/", 1)[0] in self.unlisted]
        odd = [path for path in specials if path not in self and path.split("/", 1)[0] in self.unlisted]
        return Changes([*self, *added, *odd], base=self.base, moved=[*self.moved, *added, *odd], linked=self.linked or bool(odd))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_changes, (tuple(self), self.base, tuple(self.moved), self.linked, tuple(self.unlisted)))


def _changes(paths: tuple[str, ...], base: str, moved: tuple[str, ...], linked: bool, unlisted: tuple[str, ...] = ()) -> Changes:
    return Changes(paths, base=base, moved=moved, linked=linked, unlisted=unlisted)


_LINK_MODES = ("120000", "160000")  # a symbolic link, a submodule
_DIRTY = ("diff-files", "--raw", "-z", "--", ".")  # the index against the work tree: paths from the top
_OTHERS = ("ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--")  # untracked files, from the top: then pathspecs
_STAGED = ("diff", "--cached", "--raw", "-z", "--no-renames", "--relative")  # a commit against the index: paths from the root


def changed_since(root: Path, base: str, git: GitQuery | None = None) -> Changes | None:
    """Paths (relative to ``root``) that differ between the merge base of ``base`` and HEAD and the work tree.

    Committed, staged, unstaged and untracked changes all count; a rename counts as its new path
    (and its old one).  Worked out as the merge base against the index, and the index against the work
    tree: a path changed and changed back in the work tree counts too.  ``None`` when ``base`` is unknown
    or shares no history with HEAD (then the caller checks everything): a wider set is always safe, a
    narrower one never happens.  Files git ignores are not part of the change (a CI checkout has none).
    ``git``: the query that asked already (:meth:`GitQuery.start_changes`; the untracked files of the
    folders it was told the caller walks are left to :meth:`Changes.completed`).
    """
    if git is not None:
        return git.changes(base)
    query = GitQuery(root)
    try:
        return query.changes(base)
    finally:
        query.close()


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


def clean_blob_ids(root: Path, git: GitQuery | None = None) -> WorkTree:
    """Blob id of every tracked regular file whose work-tree copy matches the index (path → id), and the listing.

    Files that are modified, untracked, links, or outside a git work tree are absent: their
    content must be read to be known.  A few git processes, run side by side, whatever the size of
    the tree (``git``: started earlier, :meth:`GitQuery.start_work_tree`).  Empty without git.
    """
    if git is not None:
        return git.work_tree()
    query = GitQuery(root)
    try:
        return query.work_tree()
    finally:
        query.close()


class GitQuery:
    """What git says of the work tree at ``root``, asked early and read when needed.

    The processes run side by side, and beside the caller's own work meanwhile (reading the cache,
    walking the folders): a pull request's check would otherwise wait for each in turn.  Their output
    goes to temporary files, so none waits for its pipe to be read.  Each is read once; :meth:`close`
    ends those never read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._started: dict[str, tuple[subprocess.Popen[bytes] | None, IO[bytes]]] = {}
        self._answers: dict[str, bytes | None] = {}  # the output of each process read, None if it failed
        self._outputs: dict[str, bytes] = {}  # … whatever its exit status
        self._git: str | None = None  # the git program, once looked for ("" when there is none)
        self._work_tree: WorkTree | None = None
        self._changes: dict[str, Changes | None] = {}
        self._listing = True  # does :meth:`work_tree` work out the listing (every untracked file)?
        self._walked: tuple[str, ...] = ()  # top-level folders whose untracked files the caller's walk finds

    def start_work_tree(self, *, listing: bool = True) -> GitQuery:
        """Start what :meth:`work_tree` reads; without its ``listing`` (the digest of what exists, which only a
        check of every file uses: a pull request's check never asks git for every untracked file)."""
        self._listing = self._listing and listing
        self._start("listed", "ls-files", "-s", "-z", "--full-name", "--", ".")
        self._start("prefix", "rev-parse", "--show-prefix")
        self._start("dirty", *_DIRTY)
        if self._listing:
            self._start("others", *_OTHERS, ".")
        return self

    def start_changes(self, base: str, *, walked: tuple[str, ...] = ()) -> GitQuery:
        """Start what :meth:`changes` reads for ``base``: the merge base and the diff from it, side by side
        (``git diff --merge-base``; when git cannot, e.g. several merge bases, the diff is asked again from the one chosen).
        The diff is of the index; the work tree's own changes come from the files that differ from the index, which
        :meth:`work_tree` asks for too: the work tree is compared once, not twice.

        ``walked``: top-level folders the caller walks anyway (the record folders), with the blob ids of
        :meth:`work_tree`: git is not asked for their untracked files (its own walk of the tree would cost as much
        as the check's), and the changes say so (``Changes.unlisted``, :meth:`Changes.completed`)."""
        if base.startswith("-"):
            return self
        self._start("prefix", "rev-parse", "--show-prefix")
        self._walked = walked
        if walked:
            self._start_others_outside(walked)
        else:
            self._start("others", *_OTHERS, ".")
        self._start("dirty", *_DIRTY)
        self._start(f"merge-base\0{base}", "merge-base", "--end-of-options", base, "HEAD")
        self._start(f"diff\0{base}", *_STAGED, "--merge-base", "--end-of-options", base, "--")
        return self

    def _start(self, name: str, *args: str) -> None:
        if name in self._started or name in self._answers:
            return
        from .history import start_git

        out = tempfile.TemporaryFile()  # noqa: SIM115  (read and closed by _answer or close, once the process is done)
        if self._git is None:
            self._git = shutil.which("git") or ""
        self._started[name] = (start_git(self.root, *args, stdout=out, git=self._git) if self._git else None, out)

    def _start_others_outside(self, walked: tuple[str, ...]) -> None:
        """The untracked files outside the ``walked`` folders: git told which top-level entries to look in."""
        try:
            with os.scandir(self.root) as entries:
                names = sorted(e.name for e in entries if e.name != ".git" and e.name not in walked)
        except OSError:
            names = ["."]  # cannot tell: every untracked file
        if names:
            self._start("others-outside", *_OTHERS, *(f":(literal){name}" for name in names))
        else:
            self._answers["others-outside"] = b""

    def answer_later(self, name: str, *args: str) -> None:
        """Start ``git ARGS`` now, to be read as ``name`` (:meth:`answer_or_empty`)."""
        self._start(name, *args)

    def _answer(self, name: str, *args: str) -> bytes | None:
        """The output of the process ``name`` (started now with ``args`` if it was not); ``None`` if it failed."""
        return self._read(name, *args)[0]

    def answer_or_empty(self, name: str, *args: str) -> bytes:
        """The output of the process ``name``, whatever its exit status (``git config --get-regexp`` finding
        nothing ends with 1); empty without git."""
        return self._read(name, *args)[1]

    def _read(self, name: str, *args: str) -> tuple[bytes | None, bytes]:
        if name not in self._answers:
            self._start(name, *args)
            proc, out = self._started.pop(name)
            with out:
                status = proc.wait() if proc is not None else None
                out.seek(0)
                self._outputs[name] = out.read() if proc is not None else b""
                self._answers[name] = self._outputs[name] if status == 0 else None
        return self._answers[name], self._outputs.get(name, b"")

    def close(self) -> None:
        """End the processes started and never read."""
        for proc, out in self._started.values():
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
            out.close()
        self._started.clear()

    def _prefix(self) -> str | None:
        prefix = self._answer("prefix", "rev-parse", "--show-prefix")
        return prefix.decode("utf-8", "replace").strip() if prefix is not None else None

    def _others(self, name: str = "others") -> list[str] | None:
        """Untracked files (git's ignored ones aside), from the top of the work tree."""
        others = self._answer(name, *_OTHERS, ".")
        return [p for p in others.decode("utf-8", "surrogateescape").split("\0") if p] if others is not None else None

    def changes(self, base: str) -> Changes | None:
        """:func:`changed_since` (once per base)."""
        if base not in self._changes:
            self._changes[base] = self._read_changes(base)
        return self._changes[base]

    def _read_changes(self, base: str) -> Changes | None:
        if base.startswith("-"):
            return None
        merge_base = self._answer(f"merge-base\0{base}", "merge-base", "--end-of-options", base, "HEAD")
        if merge_base is None:
            return None
        sha = merge_base.decode("ascii", "replace").strip()
        staged = self._answer(f"diff\0{base}", *_STAGED, "--merge-base", "--end-of-options", base, "--")
        if staged is None:
            staged = self._answer(f"diff\0{sha}", *_STAGED, sha, "--")
        walked = self._walked
        prefix, dirty, others = self._prefix(), self._answer("dirty", *_DIRTY), self._others("others-outside" if walked else "others")
        if staged is None or prefix is None or dirty is None or others is None:
            return None
        names: list[str] = []
        moved: list[str] = []
        linked = False
        # the merge base against the index (paths from the root), then the index against the work tree (from the top)
        for diff, strip in ((staged, ""), (dirty, prefix)):
            fields = diff.decode("utf-8", "surrogateescape").split("\0")
            for meta, path in zip(fields[0::2], fields[1::2], strict=False):  # ":<old mode> <new mode> <old id> <new id> <status>", path
                if strip:
                    if not path.startswith(strip):
                        continue
                    path = path[len(strip) :]
                parts = meta.lstrip(":").split(" ")
                status = parts[4][:1] if len(parts) == 5 else "?"
                if status in ("A", "D") and parts[0] not in _LINK_MODES and parts[1] not in _LINK_MODES:
                    moved.append(path)  # a file added or removed (in either: a wider set is safe)
                elif status != "M" or parts[0] in _LINK_MODES or parts[1] in _LINK_MODES:
                    linked = True  # a type changed, a link or a submodule: what a link reaches may have changed
                names.append(path)
        added = [name[len(prefix) :] for name in others if name.startswith(prefix)]
        for name in added:
            if os.path.islink(self.root / name):
                linked = True
        return Changes((name for name in names + added if name), base=sha, moved=moved + added, linked=linked, unlisted=walked)

    def work_tree(self) -> WorkTree:
        """:func:`clean_blob_ids` (once)."""
        if self._work_tree is None:
            self._work_tree = self._read_work_tree()
        return self._work_tree

    def _read_work_tree(self) -> WorkTree:
        self.start_work_tree()
        listed = self._answer("listed")
        strip = self._prefix()
        dirty = self._answer("dirty")
        others = self._others() if self._listing else None
        out = WorkTree()
        if listed is None or strip is None or dirty is None:
            return out
        root = self.root
        changed = set(dirty.decode("utf-8", "surrogateescape").split("\0")[1::2]) - {""}  # ":<modes> <ids> <status>", path
        listing = hashlib.sha256()
        listing_wanted = others is not None
        for record in listed.decode("utf-8", "surrogateescape").split("\0"):
            if not record:
                continue
            meta, _, path = record.partition("\t")
            parts = meta.split(" ")
            if len(parts) != 3:
                continue
            if listing_wanted:
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
            for group in (sorted(changed), others):
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
    """Loaded records, per-file rule findings and per-item notes by ``(path, blob id)``, in three files.

    ``records[path] = (blob, payload)``; ``findings[key] = (blob, day or "", findings)``, ``key`` being the
    path and the group of rules; ``notes[name][path] = (blob, note)``: what an item refers to (``"refers"``)
    and links to (``"listed"``), which a pull request's check reads to tell which items its change reaches.

    - ``check-<key>.pickle``: every record but the content's, the notes, and the blob id of each content record;
    - ``check-<key>.content.pickle``: the content's records (most of a city's files), read the first time one
      of them is asked for;
    - ``check-<key>.findings.pickle``: the findings, read the first time one is asked for or stored.

    A pull request's check that loads none of the items it did not change reads only the first file.  Only
    entries looked up or stored in this run are written back, so deleted files drop out (``scoped``: a check
    of a pull request's files writes nothing); a file whose entries did not change is not written again.
    """

    file: Path | None
    records: dict[str, tuple[str, Any]] = field(default_factory=dict)
    findings: dict[str, tuple[str, str, Any]] = field(default_factory=dict)
    notes: dict[str, dict[str, tuple[str, Any]]] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0
    dirty: bool = False
    scoped: bool = False  # a check of a pull request's files (check --base): reads, writes nothing (a few new entries would rewrite it all)
    found: bool = False  # a cache file was there to read when opened
    content_read: bool = False  # the content's records are in ``records`` (read, or there was nothing to read)
    content_dirty: bool = False
    findings_read: bool = False  # the findings are in ``findings`` (read, or there was nothing to read)
    findings_dirty: bool = False
    content_blobs: dict[str, str] = field(default_factory=dict)  # path → blob id of each content record in the other file (kept in this one)
    git: GitQuery | None = None  # asked for the blob ids when opened, read by the first load (:meth:`work_tree`)
    _used_records: set[str] = field(default_factory=set)
    _used_findings: set[str] = field(default_factory=set)
    _used_notes: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        directory: Path | None = None,
        git: GitQuery | None = None,
        base: str | None = None,
        walked: tuple[str, ...] = (),
        trusted: Callable[[Path], object] | None = None,
    ) -> CheckCache:
        """The cache for ``root`` under its current code and configuration (empty when none or unreadable).

        ``git``: a query to ask, now, what git says of the work tree (the blob ids, :meth:`work_tree`), read while
        the cache files are (e.g. the one asking for a pull request's changes; :func:`govreg.commands.check.prepare`).
        Its answers are those of the moment it was asked: for a check that loads the repository next, once.
        Without it, git is asked when the repository loads.  ``base``: a pull request's check against it: ``git``
        is asked for the change too (:meth:`GitQuery.start_changes`, leaving the untracked files of the ``walked``
        folders to the load's walk), and not for the listing's digest, which only a check of every file uses.
        ``trusted(folder)`` is called once the folder is known to be one the cache may be read from, before it is.
        """
        folder = directory if directory is not None else cache_dir(root)
        if folder is None or not trusted_folder(root, folder):
            return cls(None)
        if trusted is not None:
            trusted(folder)
        if git is not None:
            if base:
                git.start_changes(base, walked=walked)
            git.start_work_tree(listing=not base)
            git.answer_later("checkout", *_CHECKOUT_SETTINGS)  # read for the key below: asked now, with the rest
        key = hashlib.sha256(f"{code_fingerprint()}|{config_fingerprint(root)}|{checkout_fingerprint(root, git)}".encode()).hexdigest()[:32]
        file = folder / f"check-{key}.pickle"
        cache = cls(file)
        cache.git = git
        stored = _read(file, key, ("records", "notes", "content_blobs"))
        if stored is None:
            cache.dirty = True  # unreadable: ignored and rewritten
        elif stored:
            cache.records, cache.notes, cache.content_blobs = stored["records"], stored["notes"], stored["content_blobs"]
            cache.found = True
        return cache

    def work_tree(self, root: Path) -> WorkTree:
        """The blob ids of the files at ``root`` (:func:`clean_blob_ids`): the first time, as git said when asked on
        opening (given a query), else as git says now."""
        git, self.git = self.git, None
        return clean_blob_ids(root, git if git is not None and git.root.resolve() == root.resolve() else None)

    def _beside(self, part: str) -> Path | None:
        return self.file.with_name(f"{self.file.stem}.{part}.pickle") if self.file is not None else None

    @property
    def content_file(self) -> Path | None:
        return self._beside("content")

    @property
    def findings_file(self) -> Path | None:
        return self._beside("findings")

    def _read_beside(self, file: Path | None, table: str) -> dict[str, Any] | None:
        """The table of the file ``file``: ``{}`` when there is none, ``None`` when unreadable (to be rewritten)."""
        if file is None or self.file is None:
            return {}
        stored = _read(file, self.file.stem.removeprefix("check-"), (table,))
        return None if stored is None else stored.get(table, {})

    def read_content(self) -> None:
        """Add the content's records to ``records`` (once)."""
        if not self.content_read:
            self.content_read = True
            self.records, unreadable = self._with_beside(self.content_file, "records", self.records)
            self.content_dirty = self.content_dirty or unreadable

    def read_findings(self) -> None:
        """Read the findings into ``findings`` (once)."""
        if not self.findings_read:
            self.findings_read = True
            self.findings, unreadable = self._with_beside(self.findings_file, "findings", self.findings)
            self.findings_dirty = self.findings_dirty or unreadable

    def _with_beside(self, file: Path | None, table: str, held: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """``held`` with the table of the file ``file`` added (what this run holds already wins), and whether
        that file was unreadable (to be rewritten)."""
        stored = self._read_beside(file, table)
        if stored is None:
            return held, True
        stored.update(held)
        return stored, False

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
        if not self.findings_read:
            self.read_findings()
        hit = self.findings.get(path)
        if hit is not None and hit[0] == blob and hit[1] == day:
            self._used_findings.add(path)
            return hit[2]
        return None

    def put_file_findings(self, path: str, blob: str, day: str, found: Any) -> None:
        if self.file is None:
            return
        if not self.findings_read:
            self.read_findings()
        self._used_findings.add(path)
        if self.findings.get(path) == (blob, day, found):
            return  # judged again (a pull request's file), the same: nothing to write
        self.findings[path] = (blob, day, found)
        self.findings_dirty = True

    # ---------------------------------------------------------------- per-item notes
    def note(self, name: str, path: str, blob: str) -> Any | None:
        """The note ``name`` on the file ``path`` as its blob ``blob`` had it; ``None`` when none."""
        hit = self.notes.get(name, {}).get(path)
        if hit is not None and hit[0] == blob:
            self._used_notes.setdefault(name, set()).add(path)
            return hit[1]
        return None

    def noted(self, name: str) -> dict[str, tuple[str, Any]]:
        """Every note ``name``: path → (blob, note).  To read, not to change (:meth:`put_note` does)."""
        return self.notes.get(name, {})

    def keep_note(self, name: str, path: str) -> None:
        """Keep the note ``name`` on ``path`` (if any) when saving, though this run did not look it up."""
        self._used_notes.setdefault(name, set()).add(path)

    def put_note(self, name: str, path: str, blob: str, note: Any) -> None:
        if self.file is None:
            return
        self._used_notes.setdefault(name, set()).add(path)
        table = self.notes.setdefault(name, {})
        if table.get(path) == (blob, note):
            return
        table[path] = (blob, note)
        self.dirty = True

    def save(self) -> None:
        """Write what this run used or made, atomically; remove older cache files of the same folder."""
        if self.file is None or self.scoped:
            return
        key = self.file.stem.removeprefix("check-")

        def kept(table: dict[str, Any], used: set[str], content: bool | None = None) -> tuple[dict[str, Any], bool]:
            mine = table if content is None else {p: v for p, v in table.items() if p.startswith(_CONTENT) == content}
            out = {p: v for p, v in mine.items() if p in used}
            return out, len(out) != len(mine)

        records, dropped = kept(self.records, self._used_records, False)
        notes: dict[str, dict[str, tuple[str, Any]]] = {}
        for name, table in self.notes.items():
            notes[name], dropped_notes = kept(table, self._used_notes.get(name, set()))
            dropped = dropped or dropped_notes
        findings: dict[str, Any] = {}
        write_findings = False
        if self.findings_read:
            findings, dropped_findings = kept(self.findings, self._used_findings)
            write_findings = self.findings_dirty or dropped_findings
        content: dict[str, Any] = {}
        write_content = False
        if self.content_read:
            content, dropped_content = kept(self.records, self._used_records, True)
            write_content = self.content_dirty or dropped_content
            if write_content:
                self.content_blobs = {p: v[0] for p, v in content.items()}
        try:
            if self.dirty or dropped or write_content:
                _write(self.file, {"format": FORMAT, "key": key, "records": records, "notes": notes, "content_blobs": self.content_blobs})
            if write_content and self.content_file is not None:
                _write(self.content_file, {"format": FORMAT, "key": key, "records": content})
            if write_findings and self.findings_file is not None:
                _write(self.findings_file, {"format": FORMAT, "key": key, "findings": findings})
            beside = tuple(f.name for f in (self.content_file, self.findings_file) if f is not None)
            _remove_others(self.file.parent, keep=(self.file.name, *beside), prefix="check-")
        except OSError:
            return  # a read-only folder: the check still ran, only the next one is slower
        self.dirty = self.content_dirty = self.findings_dirty = False


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
