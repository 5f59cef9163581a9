"""One-pass git history reader shared by the history rules, ``govreg audit`` and ``govreg inspect``.

第十四条 forbids changing a published item's release time (``published_at``) and
source; the audit trail and "when was this column/account last updated" need the
same facts.  This module reads them all with three git processes at most
(one more, ``rev-parse --verify``, only when ``git log`` fails), whatever the
number of commits or files:

1. ``git rev-parse`` – is this a work tree, where is its top, is it shallow;
2. ``git log --raw -z -M --no-abbrev`` over the given paths, oldest → newest,
   parsed in Python (commit header fields separated by NUL, which cannot occur
   in a commit message or a path);
3. only with ``with_front_matter=True``: one ``git cat-file --batch`` fed every
   distinct blob id seen in step 2, whose YAML front matter is then parsed with
   the strict loader of ``govreg check`` (:func:`govreg.loader.parse_yaml`; each distinct
   front-matter text once); with
   ``with_front_matter="lazy"`` at first use instead, or only for the revisions a
   caller names with :meth:`History.load_front_matter`.

Renames are followed by this module, not by ``git log --follow`` (which only
takes one path): every file gets a stable *lineage* id at its first add, and a
rename (``R``, found by ``-M`` inside one commit, so also a move into another
folder) carries the lineage to the new path.  A file deleted and later added
again at the same path starts a new lineage.

By default only the first-parent chain of ``rev`` is walked and a merge commit
is diffed against its first parent (``--first-parent --diff-merges=first-parent``):
that is the sequence of states the protected main branch went through, and the
merge/squash commit carries the pull-request number.  ``first_parent=False``
walks every commit in topological order instead; merges then carry no changes.

Limits (reported as flags, never as exceptions):

* not a git work tree, no ``git`` program, or ``git log`` failed → empty history,
  ``available=False`` and a Chinese ``reason``;
* shallow clone → ``shallow=True``: the boundary commit looks like a root commit,
  so files older than the cut seem "added" there; their :class:`LogicalFile` has
  ``complete=False`` and :meth:`History.first_added` returns ``None``;
* ``since`` given → ``truncated=True``; files older than ``since`` start with an
  ``M``, ``complete=False``, ``first_added`` is ``None``;
* a rename across the edge of ``paths`` (e.g. ``drafts/x.md`` → ``content/x.md``)
  is seen as an add (or a delete), because git only pairs files inside the pathspec.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path, PurePath
from typing import IO, Any, Literal

from .findings import Severity

__all__ = [
    "Commit",
    "FileChange",
    "FrontMatterProblem",
    "History",
    "LogicalFile",
    "parse_front_matter",
    "parse_pr_number",
    "read_history",
]

ChangeStatus = Literal["A", "M", "D", "R"]
ProblemKind = Literal["missing", "unterminated", "malformed", "not_mapping", "undecodable", "missing_blob", "not_file"]

# ---------------------------------------------------------------------------
# data


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as ``git log`` printed it (dates are timezone-aware)."""

    sha: str
    author_name: str
    author_email: str
    authored_at: datetime
    committer_name: str
    committer_email: str
    committed_at: datetime
    subject: str
    body: str
    parents: tuple[str, ...]
    pr_number: int | None

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    def __reduce__(self) -> tuple[type[Commit], tuple[Any, ...]]:
        # pickled as a call with the fields (the history cache): 3× faster to load than the dataclass state
        return (Commit, tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class FileChange:
    """What one commit did to one logical file.

    ``status`` is ``A`` (added; also a copy), ``M`` (modified; also a type change),
    ``D`` (deleted) or ``R`` (renamed/moved, maybe edited too: ``similarity`` is
    git's score, 100 for a pure move).  ``blob`` is the file's blob id after the
    change (``None`` for ``D``); ``old_blob`` before it (``None`` for ``A``).
    """

    commit: Commit
    status: ChangeStatus
    path: str
    old_path: str | None
    lineage: str
    blob: str | None
    old_blob: str | None
    mode: str
    similarity: int | None = None

    def __reduce__(self) -> tuple[type[FileChange], tuple[Any, ...]]:
        return (FileChange, tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class LogicalFile:
    """A file followed across renames: its lineage id, names and changes (oldest first)."""

    lineage: str
    path: str
    paths: tuple[str, ...]
    changes: tuple[FileChange, ...]
    complete: bool
    """True when the history reaches back to the file's first add (not cut by a shallow clone or ``since``)."""

    @property
    def exists(self) -> bool:
        """False when the last change deleted the file."""
        return self.changes[-1].status != "D"


@dataclass(frozen=True, slots=True)
class FrontMatterProblem:
    """Why a revision has no usable front matter; ``line``/``column`` are 1-based file positions."""

    kind: ProblemKind
    message: str
    line: int | None = None
    column: int | None = None


# ---------------------------------------------------------------------------
# pull-request numbers

_PR_SUBJECT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^Merge pull request #(\d+) from "),  # GitHub merge commit
    re.compile(r"^Merge pull request '.*' \(#(\d+)\) from "),  # Gitea / Forgejo merge commit
    re.compile(r"\(#(\d+)\)\s*$"),  # squash merge: "title (#12)" (GitHub, Gitea)
    re.compile(r"\(pull request #(\d+)\)\s*$"),  # Bitbucket: "Merged in x (pull request #12)"
)
_PR_BODY_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^See merge request [^\s!]+!(\d+)\s*$", re.MULTILINE),  # GitLab
)


def parse_pr_number(subject: str, body: str = "") -> int | None:
    """The pull-request number a merge or squash commit message names, if any.

    >>> parse_pr_number("Merge pull request #12 from wz/fix")
    12
    >>> parse_pr_number("更新栏目 (#7)")
    7
    >>> parse_pr_number('Revert "更新栏目 (#7)"') is None
    True
    """
    for pattern in _PR_SUBJECT_PATTERNS:
        m = pattern.search(subject)
        if m:
            return int(m.group(1))
    for pattern in _PR_BODY_PATTERNS:
        m = pattern.search(body)
        if m:
            return int(m.group(1))
    return None


# ---------------------------------------------------------------------------
# front matter

_FM_OPEN = re.compile(rb"---[ \t]*\r?\n")
_FM_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_FM_LINE_OFFSET = 2  # the YAML text starts on the file's second line (1-based)
_BOM = b"\xef\xbb\xbf"

_Parsed = tuple[dict[str, Any] | None, FrontMatterProblem | None]  # (mapping, problem)


def parse_front_matter(data: bytes | str) -> _Parsed:
    """Parse the YAML front matter between the leading ``---`` lines of a Markdown file.

    Returns ``(mapping, None)`` or ``(None, problem)``; never raises on bad input.
    An empty front matter block gives ``{}``.  Only the front matter has to be UTF-8.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    head, problem = _front_matter_head(raw)
    if head is None:
        return None, problem
    return _parse_head(head)


def _front_matter_head(raw: bytes) -> tuple[bytes | None, FrontMatterProblem | None]:
    """The bytes between the opening and the closing ``---`` line."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    opening = _FM_OPEN.match(raw)
    if opening is None:
        return None, FrontMatterProblem("missing", "文件开头没有以 --- 包围的 YAML 头信息", 1, 1)
    closing = _FM_CLOSE.search(raw, opening.end())
    if closing is None:
        return None, FrontMatterProblem("unterminated", "YAML 头信息缺少结束的 --- 行", 1, 1)
    return raw[opening.end() : closing.start()], None


def _parse_head(head: bytes) -> _Parsed:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = head.count(b"\n", 0, exc.start) + _FM_LINE_OFFSET
        return None, FrontMatterProblem("undecodable", "YAML 头信息不是 UTF-8 编码", line, None)
    return _parse_yaml_block(text)


def _parse_yaml_block(source: str) -> _Parsed:
    """The front matter read by exactly the loader ``govreg check`` uses (:func:`govreg.loader.parse_yaml`).

    One loader everywhere: an old revision that the strict loader refuses (duplicate key,
    alias, YAML 1.1 trap …) is a problem here too, never a value another parser guessed.
    """
    try:
        from .loader import parse_yaml  # imported when front matter is first read (not by the history process, which reads none)

        value, findings = parse_yaml(source, "", line_offset=_FM_LINE_OFFSET - 1)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        return None, FrontMatterProblem("malformed", f"YAML 头信息中有无效的值：{exc}")
    problem = next((f for f in findings if f.severity is Severity.error), None)
    if problem is not None:
        return None, FrontMatterProblem("malformed", f"YAML 头信息无法按规定读取：{problem.message}", problem.line, problem.column)
    if value is None:
        return {}, None
    if not isinstance(value, dict):
        return None, FrontMatterProblem("not_mapping", f"YAML 头信息应为“键: 值”映射，实际为 {type(value).__name__}", _FM_LINE_OFFSET, 1)  # typography: verbatim (YAML syntax: an ASCII colon and a space)
    return value, None


# ---------------------------------------------------------------------------
# the history


@dataclass
class History:
    """Everything one pass over the history found; see :func:`read_history`.

    Paths are POSIX strings relative to ``root``.  Lists are oldest → newest.
    """

    root: Path
    paths: tuple[str, ...]
    available: bool
    shallow: bool = False
    truncated: bool = False
    reason: str | None = None
    commits: tuple[Commit, ...] = field(default=(), repr=False)
    changes: tuple[FileChange, ...] = field(default=(), repr=False)
    front_matter_loaded: bool = False
    _files: Mapping[str, LogicalFile] = field(default_factory=dict, repr=False)
    _current: dict[str, str] = field(default_factory=dict, repr=False)
    _by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _front_matter: dict[str, _Parsed] = field(default_factory=dict, repr=False)
    _lazy_git: str | None = field(default=None, repr=False)  # lazy front matter: the git program to read blobs with
    _requested: set[str] = field(default_factory=set, repr=False)  # blobs already asked of git
    _fm_store: _FrontMatterStore | None = field(default=None, repr=False)  # persisted front matter (``cache_dir``)
    _restriction: tuple[Any, ...] | None = field(default=None, repr=False, compare=False)  # see prepare_restriction

    # -- whole-history views ------------------------------------------------

    @property
    def complete(self) -> bool:
        """True when every file's history reaches back to its first add."""
        return self.available and not self.shallow and not self.truncated

    @property
    def files(self) -> tuple[LogicalFile, ...]:
        """Every logical file ever seen, in order of first appearance."""
        return tuple(self._files.values())

    def file(self, path: str | PurePath) -> LogicalFile | None:
        """The logical file at ``path`` now, or else the one that last had that name."""
        lineage = self.lineage_of(path)
        return self._files[lineage] if lineage is not None else None

    def lineage_of(self, path: str | PurePath) -> str | None:
        key = self._key(path)
        current = self._current.get(key)
        if current is not None:
            return current
        names = self._by_name.get(key)
        return names[-1] if names else None

    def restricted(self, paths: Iterable[str]) -> History:
        """This history as far as the files at ``paths`` go: each one's logical file now, and every logical file
        that ever had its name (one deleted there earlier …), with their changes and commits.  Asked of these
        paths, it answers as the whole history does (a pull request's check judges only a few items: its history
        is sent from the process that read it, :class:`govreg.context.HistoryProcess`).  Its front matter is read
        as the whole history's is; the persisted front matter is read, never rewritten from it (it would keep
        only these files' revisions).  After :meth:`prepare_restriction`, it costs what it keeps."""
        kept: dict[str, None] = {}
        for path in paths:
            key = self._key(path)
            for lineage in (self._current.get(key), *self._by_name.get(key, ())):
                if lineage is not None:
                    kept[lineage] = None
        if self._restriction is not None:
            positions, commit_order, names, order = self._restriction
            files = {lineage: self._files[lineage] for lineage in sorted(kept, key=order.__getitem__)}
            changes = tuple(self.changes[i] for i in sorted(i for lineage in kept for i in positions.get(lineage, ())))
            commits = tuple(sorted({change.commit.sha: change.commit for change in changes}.values(), key=lambda c: commit_order[c.sha]))
            touched = {name for lineage in kept for name in names.get(lineage, ())}
            current = {name: self._current[name] for name in touched if self._current.get(name) in kept}
            by_name = {name: [x for x in self._by_name[name] if x in kept] for name in touched if any(x in kept for x in self._by_name.get(name, ()))}
        else:
            files = {lineage: self._files[lineage] for lineage in self._files if lineage in kept}
            changes = tuple(change for change in self.changes if change.lineage in kept)
            shas = {change.commit.sha for change in changes}
            commits = tuple(commit for commit in self.commits if commit.sha in shas)
            current = {path: lineage for path, lineage in self._current.items() if lineage in kept}
            by_name = {name: [x for x in lineages if x in kept] for name, lineages in self._by_name.items() if any(x in kept for x in lineages)}
        store = self._fm_store
        return History(
            self.root,
            self.paths,
            self.available,
            shallow=self.shallow,
            truncated=self.truncated,
            reason=self.reason,
            commits=commits,
            changes=changes,
            front_matter_loaded=self.front_matter_loaded,
            _files=files,
            _current=current,
            _by_name=by_name,
            _front_matter={blob: self._front_matter[blob] for change in changes if (blob := change.blob) is not None and blob in self._front_matter},
            _lazy_git=self._lazy_git,
            _requested={blob for change in changes if (blob := change.blob) is not None and blob in self._requested},
            _fm_store=replace(store, read_only=True) if store is not None else None,
        )

    def prepare_restriction(self) -> None:
        """Index what :meth:`restricted` looks through (each lineage's changes, names and place; each commit's
        place), so that it costs what it keeps: the history process does this while it waits to be asked."""
        positions: dict[str, list[int]] = {}
        for i, change in enumerate(self.changes):
            positions.setdefault(change.lineage, []).append(i)
        names: dict[str, set[str]] = {}
        for name, lineage in self._current.items():
            names.setdefault(lineage, set()).add(name)
        for name, lineages in self._by_name.items():
            for lineage in lineages:
                names.setdefault(lineage, set()).add(name)
        commit_order = {commit.sha: i for i, commit in enumerate(self.commits)}
        self._restriction = (positions, commit_order, names, {lineage: i for i, lineage in enumerate(self._files)})

    # -- per-file views -----------------------------------------------------

    def changes_for(self, path: str | PurePath) -> list[FileChange]:
        """All changes of the file at ``path``, back through renames to its first add."""
        found = self.file(path)
        return list(found.changes) if found is not None else []

    def first_added(self, path: str | PurePath) -> FileChange | None:
        """The change that first added the file, or ``None`` if unknown (shallow/``since``)."""
        found = self.file(path)
        if found is None or not found.complete:
            return None
        return found.changes[0]

    def last_changed(self, path: str | PurePath) -> FileChange | None:
        found = self.file(path)
        return found.changes[-1] if found is not None else None

    def last_changed_under(self, folder: str | PurePath) -> FileChange | None:
        """The newest change to any file whose path (then) lay under ``folder``."""
        prefix = self._key(folder).rstrip("/") + "/"
        for change in reversed(self.changes):
            if change.path.startswith(prefix) or (change.old_path or "").startswith(prefix):
                return change
        return None

    # -- front matter -------------------------------------------------------

    def front_matter_at(self, change: FileChange) -> Mapping[str, Any] | None:
        """The YAML front matter of the file as ``change`` left it.

        ``None`` for a deletion, or when the revision has no usable front matter
        (then :meth:`front_matter_problem` says why).  The mapping is shared
        between revisions with identical front matter: do not mutate it.
        """
        return self._front_matter_entry(change)[0]

    def front_matter_problem(self, change: FileChange) -> FrontMatterProblem | None:
        return self._front_matter_entry(change)[1]

    def revisions(self, path: str | PurePath) -> Iterator[tuple[FileChange, Mapping[str, Any] | None]]:
        """Every revision (deletions left out) of the file with its front matter."""
        for change in self.changes_for(path):
            if change.status != "D":
                yield change, self.front_matter_at(change)

    def load_front_matter(self, changes: Iterable[FileChange]) -> None:
        """Read the front matter of just these revisions now, with one ``git cat-file`` (lazy histories).

        A history read with ``with_front_matter="lazy"`` reads no blob until one is needed;
        then :meth:`front_matter_at` reads *every* revision not read yet, in one batch.  A
        caller that needs only a few revisions names them here first.  Does nothing for a
        history read eagerly or without front matter.
        """
        if self._lazy_git is None:
            return
        self._restore_front_matter()
        wanted = [c.blob for c in changes if c.blob is not None and c.mode.startswith("100") and c.blob not in self._requested]
        if wanted:
            reason = _load_blobs(self._lazy_git, self.root, self, wanted)
            self.reason = reason or self.reason
            self._save_front_matter()

    def read_blobs(self, blobs: Iterable[str]) -> tuple[dict[str, bytes], str | None]:
        """The whole content of these blobs (e.g. every revision of the roster) with one ``git cat-file --batch``.

        Returns (blob id → bytes, Chinese reason when git failed); blobs git does not have are left out.
        """
        wanted = list(dict.fromkeys(blobs))
        git = shutil.which("git")
        if not wanted or not self.available:
            return {}, None
        if git is None:
            return {}, "未找到 git 程序，无法读取修改历史"
        proc = _run(git, self.root, ["cat-file", "--batch", "--buffer"], stdin="".join(f"{b}\n" for b in wanted).encode())
        if proc.returncode != 0:
            return {}, f"读取文件历史内容失败：{_stderr(proc)}"
        found = {oid.decode("ascii"): content for oid, content in cat_file_answers(proc.stdout) if content is not None}
        return found, None

    def _front_matter_entry(self, change: FileChange) -> _Parsed:
        if not self.front_matter_loaded:
            raise RuntimeError("front matter was not read: call read_history(..., with_front_matter=True)")
        if change.blob is None:
            return None, None
        if not change.mode.startswith("100"):
            return None, FrontMatterProblem("not_file", "该版本不是普通文件（符号链接或子模块）")
        if self._lazy_git is not None and change.blob not in self._requested:
            self.load_front_matter(self.changes)
        return self._front_matter.get(
            change.blob, (None, FrontMatterProblem("missing_blob", "仓库中缺少该版本的文件内容（浅克隆或部分克隆）"))
        )

    def _restore_front_matter(self) -> None:
        """Take the front matter persisted by blob id (``cache_dir``), at the first need only."""
        if self._fm_store is not None and not self._fm_store.loaded:
            cached = self._fm_store.load()
            self._front_matter.update(cached)
            self._requested.update(cached)

    def _save_front_matter(self) -> None:
        """Persist the parsed front matter of this history's blobs (only with ``cache_dir``)."""
        if self._fm_store is not None:
            self._fm_store.save(self._front_matter, {c.blob for c in self.changes if c.blob is not None})

    def _key(self, path: str | PurePath) -> str:
        if isinstance(path, str) and path and not path.startswith("/") and "//" not in path and "/./" not in path and not path.startswith("./") and not path.endswith(("/", "/.")) and path != ".":
            return path  # already a clean relative POSIX path (the usual case: a repository path); PurePath would give the same
        p = PurePath(path)
        if p.is_absolute():
            try:
                p = Path(p).resolve().relative_to(self.root)
            except ValueError:
                return p.as_posix()
        text = p.as_posix()
        return "" if text == "." else text


# ---------------------------------------------------------------------------
# reading

_MARK = "\x1egovreg-commit"
_FORMAT = "%x1egovreg-commit%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s%x00%b%x00"
_HEADER_FIELDS = 10
_NULL_SHA = re.compile(r"^0+$")
# set by git hooks; they would point git at another repository than ``repo_root``
_ENV_DROP = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR"})


def _git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_NO_LAZY_FETCH"] = "1"  # never fetch missing blobs of a partial clone
    env["GIT_OPTIONAL_LOCKS"] = "0"
    return env


def _run(git: str, cwd: Path, args: Sequence[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [git, "-c", "core.quotepath=false", "-c", "log.showSignature=false", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=_git_env(),
        check=False,
    )


def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """``git ARGS`` in ``cwd`` (fed ``stdin``) with the same isolation as the history reader; ``None`` without git."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        return _run(git, cwd, args, stdin)
    except OSError:
        return None


def start_git(cwd: Path, *args: str, stdout: IO[bytes] | None = None, git: str | None = None) -> subprocess.Popen[bytes] | None:
    """``git ARGS`` started in ``cwd`` (as :func:`run_git` runs it) and left running: read it with
    ``communicate()``, or, its output going to the file ``stdout``, wait for it.  Several started at once
    run side by side; ``None`` without git.  ``git``: the program, when the caller found it already."""
    git = git or shutil.which("git")
    if git is None:
        return None
    try:
        return subprocess.Popen(
            [git, "-c", "core.quotepath=false", "-c", "log.showSignature=false", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdout is None else stdout,
            stderr=subprocess.PIPE if stdout is None else subprocess.DEVNULL,
            env=_git_env(),
        )
    except OSError:
        return None


def cat_file_answers(out: bytes) -> Iterator[tuple[bytes, bytes | None]]:
    """The answers of ``git cat-file --batch`` in the order asked: (object id, content), or (the name asked,
    ``None``) when git has no such object.  The name asked may hold spaces (``rev:a b.yaml missing``): only an
    answer ``<id> <type> <size>`` carries content."""
    pos, end = 0, len(out)
    while pos < end:
        eol = out.find(b"\n", pos)
        if eol < 0:
            return
        header = out[pos:eol]
        pos = eol + 1
        fields = header.split(b" ")
        if len(fields) != 3 or not fields[2].isdigit() or fields[1] not in (b"blob", b"tree", b"commit", b"tag"):
            yield header.rsplit(b" ", 1)[0], None  # "<name> missing", "<name> ambiguous"
            continue
        size = int(fields[2])
        yield fields[0], out[pos : pos + size]
        pos += size + 1


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8", "replace").strip()


def read_history(
    repo_root: Path | str,
    paths: Sequence[str] = ("content",),
    *,
    with_front_matter: bool | Literal["lazy"] = False,
    since: datetime | date | str | None = None,
    rev: str = "HEAD",
    first_parent: bool = True,
    cache_dir: Path | str | None = None,
) -> History:
    """Read the history of ``paths`` (git pathspecs relative to ``repo_root``) in one pass.

    ``repo_root`` is normally the top of a work tree; a sub-folder of one works
    too (paths in the result are then relative to it).  ``since`` keeps only
    commits committed after it (``truncated=True``).  ``rev`` is the tip whose
    history is read.  Never raises for a missing, empty, shallow or odd
    repository: see the flags on :class:`History`.  ``with_front_matter="lazy"`` reads
    front matter only when first asked for (see :meth:`History.load_front_matter`).

    ``cache_dir`` (ignored with ``since``) keeps the replayed history between runs, so
    that the next run reads only the commits added since (see :class:`_HistoryStore`);
    the result is the same as without it.
    """
    root = Path(repo_root).resolve()
    pathspecs = tuple(paths)
    if rev.startswith("-"):
        raise ValueError(f"invalid revision: {rev!r}")

    def unavailable(reason: str) -> History:
        return History(root, pathspecs, available=False, reason=reason, front_matter_loaded=bool(with_front_matter))

    git = shutil.which("git")
    if git is None:
        return unavailable("未找到 git 程序，无法读取修改历史")
    if not root.is_dir():
        return unavailable(f"目录不存在：{root}")

    probe = _run(git, root, ["rev-parse", "--show-prefix", "--is-shallow-repository", "--git-path", "shallow"])
    probe_lines = probe.stdout.decode("utf-8", "replace").split("\n")
    if probe.returncode != 0 or len(probe_lines) < 3:
        return unavailable(f"{root} 不在 git 仓库中，无法读取修改历史")
    prefix = probe_lines[0].strip()
    shallow = probe_lines[1].strip() == "true"
    # a shallow clone's boundary commits look parentless: their "adds" are not first adds
    boundary = _read_shallow_file(root / probe_lines[2].strip()) if shallow else frozenset()

    args = ["log", "-z", "--raw", "-M", "--no-abbrev", "--no-color", "--no-ext-diff", "--reverse"]
    args.append(f"--format={_FORMAT}")
    if first_parent:
        args += ["--first-parent", "--diff-merges=first-parent"]
    else:
        args.append("--topo-order")
    if prefix:
        args.append("--relative")
    if since is not None:
        args.append(f"--since={since.isoformat() if isinstance(since, date) else since}")

    def log(revisions: str) -> subprocess.CompletedProcess[bytes]:
        return _run(git, root, [*args, "--end-of-options", revisions, "--", *pathspecs])

    store = None
    if cache_dir is not None and since is None:
        store = _HistoryStore.open(git, root, Path(cache_dir), rev, pathspecs, prefix, first_parent)
    with _collector_paused():
        walk, stale, appended = _cached_walk(store, git, root, log, shallow, boundary, first_parent) if store is not None else (None, True, None)
        if walk is None:
            proc = log(store.tip if store is not None else rev)
            if proc.returncode != 0:
                head = _run(git, root, ["rev-parse", "-q", "--verify", f"{rev}^{{commit}}"])
                if head.returncode != 0 and rev == "HEAD":
                    # nothing committed yet: an empty, complete history
                    return History(root, pathspecs, available=True, shallow=shallow, front_matter_loaded=bool(with_front_matter))
                return unavailable(f"读取 git 历史失败：{_stderr(proc)}")
            walk = _Walk()
            walk.parse(proc.stdout.decode("utf-8", "replace"))

        history = History(
            root,
            pathspecs,
            available=True,
            shallow=shallow,
            truncated=since is not None,
            commits=tuple(walk.commits),
            changes=tuple(walk.changes),
            front_matter_loaded=bool(with_front_matter),
            _lazy_git=git if with_front_matter == "lazy" else None,
            _files=_Files(walk.lineages, boundary),
            _current=walk.current,
            _by_name=walk.by_name,
        )
    if store is not None:
        if stale:
            store.save(_CacheState(store.key, store.tip, shallow, boundary, walk), appended)
        if with_front_matter:
            history._fm_store = store.front_matter()  # read when front matter is first needed
    if with_front_matter is True:
        history._restore_front_matter()
        history.reason = _load_front_matter(git, root, history)
        history._save_front_matter()
    return history


def read_content(root: Path, cache_dir: Path | None) -> History:
    """The history of ``content/`` as a check reads it (:func:`govreg.context.read_content_history`)."""
    # front matter is read lazily: ``govreg check`` needs only a few revisions (History.load_front_matter)
    return read_history(root, ("content",), with_front_matter="lazy", cache_dir=cache_dir)


def answer_restricted() -> None:
    """The other process of :class:`govreg.context.HistoryProcess` (``argv``: the root).  On stdin, pickled: the
    history cache's folder ("": none) and the code's fingerprint, then the paths asked about (``None``: every one).
    Reads the content's history once told where its cache is, says so (``1``), and sends it restricted to those
    paths (:meth:`History.restricted`), pickled.  Imports no more than this module does."""
    global _GIVEN_FINGERPRINT
    root = Path(sys.argv[1])
    asked = sys.stdin.buffer
    folder, _GIVEN_FINGERPRINT = pickle.load(asked)
    history = read_content(root, Path(folder) if folder else None)
    out = sys.stdout.buffer
    out.write(b"1")
    out.flush()
    history.prepare_restriction()  # while the check goes on, before it asks
    paths = pickle.load(asked)
    pickle.dump(history.restricted(paths) if paths is not None else history, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
    os._exit(0)  # at once: letting go of a city's history object by object would keep the check waiting


def _cached_walk(
    store: _HistoryStore,
    git: str,
    root: Path,
    log: Callable[[str], subprocess.CompletedProcess[bytes]],
    shallow: bool,
    boundary: frozenset[str],
    first_parent: bool,
) -> tuple[_Walk | None, bool, str | None]:
    """(the walk restored from the cache and brought up to the tip, whether the cache is stale,
    the log text replayed on top of it).

    No walk when the cache cannot be used: missing or unreadable, another shallow boundary, or a
    tip that does not extend the cached one along the first-parent chain (rewritten history …).
    """
    state = store.load()
    if state is None or state.shallow != shallow or state.boundary != boundary:
        return None, True, None
    if state.tip == store.tip:
        return state.walk, False, None
    if not first_parent or not _extends_first_parent_chain(git, root, state.tip, store.tip):
        return None, True, None
    newer = log(f"{state.tip}..{store.tip}")
    if newer.returncode != 0:
        return None, True, None
    text = newer.stdout.decode("utf-8", "replace")
    state.walk.parse(text)
    return state.walk, True, text


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while building a history: its ~100k objects hold no cycles,
    and each collection would rescan all of them (a third of the time of a warm cached read)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _extends_first_parent_chain(git: str, root: Path, cached: str, tip: str) -> bool:
    """Whether ``cached`` is on the first-parent chain of ``tip`` (so ``cached..tip`` only appends commits).

    No pathspec here: ``git log -- paths`` leaves out the commits that touch none of them.
    """
    proc = _run(git, root, ["rev-list", "--first-parent", "--parents", "--end-of-options", f"{cached}..{tip}"])
    lines = proc.stdout.decode("ascii", "replace").splitlines()
    if proc.returncode != 0 or not lines:
        return False
    oldest = lines[-1].split()
    return len(oldest) >= 2 and oldest[1] == cached


# ---------------------------------------------------------------------------
# the history cache (``cache_dir``)

_CACHE_VERSION = 1
_CACHE_CLASSES = {
    __name__: frozenset({"_CacheState", "_Walk", "_Lineage", "Commit", "FileChange", "FrontMatterProblem"}),
    "datetime": frozenset({"date", "datetime", "time", "timedelta", "timezone"}),
}
_DELTA_LIMIT = 256 * 1024  # characters of log text kept beside the state (about 200 commits; replayed in ~20 ms)
_STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a writer that died


#: :func:`govreg.cache.code_fingerprint` as the process that started this one worked it out (:func:`answer_restricted`):
#: the same code, and working it out again would import pydantic for its version, a fifth of that process's work
_GIVEN_FINGERPRINT: str | None = None


@cache
def _code_fingerprint() -> str:
    """What the cached data depends on in the code: all of govreg and its parsers (:func:`govreg.cache.code_fingerprint`)."""
    if _GIVEN_FINGERPRINT is not None:
        return _GIVEN_FINGERPRINT
    from .cache import code_fingerprint

    return code_fingerprint()


class _CacheUnpickler(pickle.Unpickler):
    """Only the classes a history cache holds: a tampered file cannot name any other callable."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _CACHE_CLASSES.get(module, ()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a history cache")


def _read_cache_file(path: Path) -> object:
    """The object pickled in ``path``, or ``None`` when it is missing or unreadable in any way."""
    try:
        data = path.read_bytes()
        with _collector_paused():
            return _CacheUnpickler(io.BytesIO(data)).load()
    except Exception:  # a cache is only a hint: a truncated, garbage or foreign file is ignored
        return None


def _write_cache_file(path: Path, value: object) -> bool:
    """Pickle ``value`` to ``path`` atomically (temporary file + rename); False when that failed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except (OSError, pickle.PicklingError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False
    return True


@dataclass
class _CacheState:
    """What one cache file holds: the replayed walk up to ``tip`` and what it was read under."""

    key: tuple[object, ...]
    tip: str
    shallow: bool
    boundary: frozenset[str]
    walk: _Walk
    version: int = _CACHE_VERSION


@dataclass
class _HistoryStore:
    """The cache files of one *family* (pathspecs, repository prefix, ``first_parent``) in ``cache_dir``.

    ``history-<family>-<variant>.pickle`` holds a :class:`_CacheState`; the variant hashes the
    cache format, the code fingerprint and git's object format, and the state repeats the whole
    key, so a file written under another one is never used.  The tip and the shallow boundary
    are checked against the repository on every read.  Writing one variant deletes the other
    files of its family, so the folder holds one history (and one front-matter file) per family.

    A few new commits do not rewrite the whole state (7 MB at city scale): the log text read
    since it is kept in ``….delta.pickle`` (with the state's tip, so a delta never meets another
    state) and replayed on load, until it outgrows :data:`_DELTA_LIMIT`.
    """

    folder: Path
    family: str
    variant: str
    key: tuple[object, ...]
    tip: str
    base_tip: str | None = None  # the tip of the state file as read (before any delta)
    delta: str = ""  # the log text of the delta file as read

    @classmethod
    def open(
        cls, git: str, root: Path, folder: Path, rev: str, pathspecs: tuple[str, ...], prefix: str, first_parent: bool
    ) -> _HistoryStore | None:
        """The store for this read, or ``None`` when caching is not possible (``rev`` names no commit …)."""
        fingerprint = _code_fingerprint()
        if not fingerprint:
            return None
        proc = _run(git, root, ["rev-parse", "--show-object-format", "-q", "--verify", f"{rev}^{{commit}}"])
        lines = proc.stdout.decode("ascii", "replace").split()
        if proc.returncode != 0 or len(lines) != 2:
            return None
        object_format, tip = lines
        family_key = (pathspecs, prefix, first_parent)
        key = (_CACHE_VERSION, family_key, fingerprint, object_format)
        return cls(folder, _digest(family_key), _digest(key), key, tip)

    @property
    def path(self) -> Path:
        return self.folder / f"history-{self.family}-{self.variant}.pickle"

    @property
    def delta_path(self) -> Path:
        return self.folder / f"history-{self.family}-{self.variant}.delta.pickle"

    def load(self) -> _CacheState | None:
        state = _read_cache_file(self.path)
        if (
            not isinstance(state, _CacheState)
            or getattr(state, "version", None) != _CACHE_VERSION
            or getattr(state, "key", None) != self.key
            or not isinstance(state.tip, str)
            or not isinstance(state.boundary, frozenset)
            or not isinstance(state.walk, _Walk)
        ):
            return None
        self.base_tip = state.tip
        delta = _read_cache_file(self.delta_path)
        if (
            isinstance(delta, tuple)
            and len(delta) == 4
            and delta[0] == self.key
            and delta[1] == state.tip
            and isinstance(delta[2], str)
            and isinstance(delta[3], str)
        ):
            state.walk.parse(delta[3])
            state.tip, self.delta = delta[2], delta[3]
        return state

    def save(self, state: _CacheState, appended: str | None = None) -> None:
        """Write ``state``: only the log text added since the state file when it is small."""
        if appended is not None and self.base_tip is not None and len(self.delta) + len(appended) <= _DELTA_LIMIT:
            if _write_cache_file(self.delta_path, (self.key, self.base_tip, state.tip, self.delta + appended)):
                self._prune()
            return
        if _write_cache_file(self.path, state):
            with contextlib.suppress(OSError):
                self.delta_path.unlink(missing_ok=True)
            self._prune()

    def front_matter(self) -> _FrontMatterStore:
        return _FrontMatterStore(self.folder / f"history-{self.family}-{self.variant}.fm.pickle", self.key)

    def _prune(self) -> None:
        """Delete this family's files of other variants, and temporary files left by dead writers."""
        keep = {self.path.name, self.delta_path.name, f"{self.path.stem}.fm.pickle"}
        try:
            found = list(self.folder.glob(f"history-{self.family}-*"))
        except OSError:
            return
        for other in found:
            if other.name in keep:
                continue
            with contextlib.suppress(OSError):
                if other.name.endswith(".tmp") and time.time() - other.stat().st_mtime < _STALE_TEMP_SECONDS:
                    continue  # maybe another run writing right now
                other.unlink()


@dataclass
class _FrontMatterStore:
    """Parsed front matter by blob id (content-addressed: a blob's front matter never changes)."""

    path: Path
    key: tuple[object, ...]
    saved: frozenset[str] = frozenset()
    loaded: bool = False
    read_only: bool = False  # a restricted history's (:meth:`History.restricted`): it knows only some blobs

    def load(self) -> dict[str, _Parsed]:
        self.loaded = True
        value = _read_cache_file(self.path)
        if not (isinstance(value, tuple) and len(value) == 2 and value[0] == self.key and isinstance(value[1], dict)):
            return {}
        entries: dict[str, _Parsed] = value[1]
        if not all(isinstance(blob, str) and isinstance(parsed, tuple) and len(parsed) == 2 for blob, parsed in entries.items()):
            return {}
        self.saved = frozenset(entries)
        return entries

    def save(self, parsed: Mapping[str, _Parsed], blobs: set[str]) -> None:
        """Write the entries of ``blobs`` (this history's) unless the file already holds exactly them."""
        if self.read_only:
            return
        entries = {blob: value for blob, value in parsed.items() if blob in blobs}
        if entries.keys() != self.saved and _write_cache_file(self.path, (self.key, entries)):
            self.saved = frozenset(entries)


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()[:16]


class _Files(Mapping[str, LogicalFile]):
    """The logical files of a walk by lineage id, each made when first asked for: a pull request's check asks
    about a few of a city's 20,000 (:meth:`History.restricted`), and making them all was a tenth of reading it."""

    def __init__(self, lineages: Mapping[str, _Lineage], boundary: frozenset[str]) -> None:
        self._order = tuple(lineages)
        self._pending = dict(lineages)  # each let go once its logical file is made: a check that asks for all holds one of the two
        self._boundary = boundary
        self._made: dict[str, LogicalFile] = {}

    def __getitem__(self, lineage: str) -> LogicalFile:
        made = self._made.get(lineage)
        if made is None:
            lin = self._pending.pop(lineage)
            complete = lin.changes[0].status == "A" and lin.changes[0].commit.sha not in self._boundary
            made = self._made[lineage] = LogicalFile(lin.id, lin.paths[-1], tuple(lin.paths), tuple(lin.changes), complete=complete)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass(slots=True)
class _Lineage:
    id: str
    paths: list[str]
    changes: list[FileChange]

    def __reduce__(self) -> tuple[type[_Lineage], tuple[Any, ...]]:
        return (_Lineage, (self.id, self.paths, self.changes))


@dataclass(slots=True)
class _Raw:
    """One ``--raw`` entry: ``:old_mode new_mode old_blob new_blob status`` and its path(s)."""

    status: str
    mode: str
    old_blob: str | None
    new_blob: str | None
    path: str
    old_path: str | None
    similarity: int | None


@dataclass
class _Walk:
    """State while replaying the log oldest → newest."""

    commits: list[Commit] = field(default_factory=list)
    changes: list[FileChange] = field(default_factory=list)
    lineages: dict[str, _Lineage] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)  # path now → lineage id
    by_name: dict[str, list[str]] = field(default_factory=dict)  # every path ever → lineage ids that had it

    def parse(self, text: str) -> None:
        tokens = text.split("\0")
        n = len(tokens)
        i = 0
        while i < n:
            if tokens[i] != _MARK:
                i += 1  # the empty token after the last record
                continue
            fields = tokens[i + 1 : i + 1 + _HEADER_FIELDS]
            i += 1 + _HEADER_FIELDS
            if len(fields) < _HEADER_FIELDS:
                break
            commit = _commit(fields)
            self.commits.append(commit)
            raws: list[_Raw] = []
            while i < n and tokens[i] != _MARK:
                meta = tokens[i].lstrip("\n")
                if not meta.startswith(":"):
                    i += 1
                    continue
                parts = meta[1:].split(" ")
                if len(parts) < 5 or i + 1 >= n:
                    i += 1
                    continue
                status = parts[4][:1]
                if status in ("R", "C"):
                    old_path: str | None = tokens[i + 1]
                    path = tokens[i + 2] if i + 2 < n else ""
                    i += 3
                else:
                    old_path, path = None, tokens[i + 1]
                    i += 2
                score = parts[4][1:]
                raws.append(
                    _Raw(
                        status=status,
                        mode=sys.intern(parts[0] if status == "D" else parts[1]),
                        old_blob=None if _NULL_SHA.match(parts[2]) else parts[2],
                        new_blob=None if _NULL_SHA.match(parts[3]) else parts[3],
                        path=path,
                        old_path=old_path,
                        similarity=int(score) if score.isdigit() else None,
                    )
                )
            self.apply(commit, raws)

    def apply(self, commit: Commit, raws: list[_Raw]) -> None:
        """Apply one commit: look every source up first, then remove, then add (renames may swap)."""
        sources = [self.current.get(r.old_path if r.status == "R" and r.old_path else r.path) for r in raws]
        for raw, source in zip(raws, sources, strict=True):
            gone = raw.old_path if raw.status == "R" else raw.path if raw.status == "D" else None
            if gone is not None and source is not None and self.current.get(gone) == source:
                del self.current[gone]
        for raw, source in zip(raws, sources, strict=True):
            status: ChangeStatus
            if raw.status in ("A", "C"):
                status, source = "A", None
            elif raw.status in ("R", "D"):
                status = "R" if raw.status == "R" else "D"
            else:  # M, T (type change), U, X
                status = "M"
            if source is None:
                # a first add, or a file whose earlier history is cut off (shallow clone, ``since``)
                first_path = raw.old_path if status == "R" and raw.old_path else raw.path
                source = f"{commit.sha}:{first_path}"
                self.lineages[source] = _Lineage(source, [first_path], [])
            lineage = self.lineages[source]
            if lineage.paths[-1] != raw.path:
                lineage.paths.append(raw.path)
            if status != "D":
                self.current[raw.path] = source
            names = self.by_name.setdefault(raw.path, [])
            if not names or names[-1] != source:
                names.append(source)
            change = FileChange(
                commit=commit,
                status=status,
                path=raw.path,
                old_path=raw.old_path if status == "R" else None,
                lineage=source,
                blob=raw.new_blob if status != "D" else None,
                old_blob=raw.old_blob if status != "A" else None,
                mode=raw.mode,
                similarity=raw.similarity if status == "R" else None,
            )
            lineage.changes.append(change)
            self.changes.append(change)


def _read_shallow_file(path: Path) -> frozenset[str]:
    try:
        return frozenset(path.read_text("ascii").split())
    except (OSError, UnicodeDecodeError):
        return frozenset()


def _commit(fields: list[str]) -> Commit:
    sha, parents, an, ae, ai, cn, ce, ci, subject, body = fields
    body = body.strip("\n")
    # the few names, e-mail addresses and time zones recur: one object each, so a history
    # holds (and the cache stores and loads) each once rather than once per commit
    return Commit(
        sha=sha,
        author_name=sys.intern(an),
        author_email=sys.intern(ae),
        authored_at=_timestamp(ai),
        committer_name=sys.intern(cn),
        committer_email=sys.intern(ce),
        committed_at=_timestamp(ci),
        subject=subject,
        body=body,
        parents=tuple(parents.split()),
        pr_number=parse_pr_number(subject, body),
    )


_ZONES: dict[object, tzinfo] = {}


def _timestamp(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    zone = moment.tzinfo
    if zone is None:
        return moment
    shared = _ZONES.setdefault(moment.utcoffset(), zone)
    return moment if shared is zone else moment.replace(tzinfo=shared)


def _load_front_matter(git: str, root: Path, history: History) -> str | None:
    """Fetch every distinct blob with one ``git cat-file --batch`` and parse its front matter.

    Each distinct front-matter text is parsed once (body-only edits share it).
    Returns a Chinese reason when git failed, else ``None``.
    """
    blobs = dict.fromkeys(c.blob for c in history.changes if c.blob is not None and c.mode.startswith("100") and c.blob not in history._requested)
    return _load_blobs(git, root, history, list(blobs))


def _load_blobs(git: str, root: Path, history: History, wanted: list[str]) -> str | None:
    """Read ``wanted`` blobs with one ``git cat-file --batch`` into the history's front-matter store."""
    blobs = dict.fromkeys(wanted)
    history._requested.update(blobs)
    if not blobs:
        return None
    proc = _run(git, root, ["cat-file", "--batch", "--buffer"], stdin="".join(f"{b}\n" for b in blobs).encode())
    if proc.returncode != 0:
        return f"读取文件历史内容失败：{_stderr(proc)}"
    by_head: dict[bytes, _Parsed] = {}
    store = history._front_matter
    for oid, content in cat_file_answers(proc.stdout):
        if content is None:
            continue  # "<sha> missing": reported as missing_blob
        head, problem = _front_matter_head(content)
        if head is None:
            store[oid.decode("ascii")] = (None, problem)
            continue
        parsed = by_head.get(head)
        if parsed is None:
            parsed = by_head[head] = _parse_head(head)
        store[oid.decode("ascii")] = parsed
    return None


def head_state(repo_root: Path | str) -> tuple[str | None, bool]:
    """(the commit checked out, whether tracked files differ from it) — two git processes; (None, False) outside git."""
    root = Path(repo_root).resolve()
    git = shutil.which("git")
    if git is None or not root.is_dir():
        return None, False
    head = _run(git, root, ["rev-parse", "-q", "--verify", "HEAD^{commit}"])
    if head.returncode != 0:
        return None, False
    status = _run(git, root, ["status", "--porcelain", "--untracked-files=no"])
    return head.stdout.decode("ascii", "replace").strip(), bool(status.stdout.strip())
