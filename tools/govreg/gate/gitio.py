"""What the gate reads from git: the changed files and the records at the base and head commits.

A fixed, small number of git processes whatever the size of the pull request:

1. ``git rev-parse`` – the full ids of base and head;
2. ``git diff --name-status -z -M base...head`` – the changed files (from the merge base, so
   commits merged into the base branch after the PR was opened are not counted as the PR's);
   ``git log base..head`` – the PR's commits and their authors (who pushed after the handler);
3. ``git ls-tree`` – the roster and configuration files at the **base** commit (and, when the PR
   touches attachments, the records beside them at head);
4. ``git cat-file --batch`` – every needed file's content at its commit, in one stream.

The roster (``units/``) and ``config/`` come from the base commit, never from the PR's head:
a PR cannot add its author as a reviewer and approve itself.  The files are written to two
temporary folders and loaded with :func:`govreg.repository.load_repository`, so the gate judges
records exactly as ``govreg check`` reads them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..history import cat_file_answers
from ..repository import Repository, load_repository
from .prereview import preload_topics

RECORD_FOLDERS = ("accounts", "sites", "content")
BASE_FOLDERS = ("units", "config")
_ENV_DROP = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_COMMON_DIR"})


class GitError(Exception):
    """A Chinese explanation of a git failure (bad revision, not a repository …)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One changed file: ``A`` added, ``M`` modified, ``D`` deleted, ``R`` renamed (``old_path`` set)."""

    status: str
    path: str
    old_path: str | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.old_path, self.path) if self.old_path else (self.path,)

    def to_json(self) -> dict[str, str | None]:
        return {"status": self.status, "path": self.path, "old_path": self.old_path}


def _git(root: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    git = shutil.which("git")
    if git is None:
        raise GitError("未找到 git 程序")
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_NO_LAZY_FETCH"] = "1"
    proc = subprocess.run([git, "-c", "core.quotepath=false", *args], cwd=root, input=stdin, capture_output=True, env=env, check=False)
    if proc.returncode != 0:
        raise GitError(f"git {args[0]} 失败：{proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


def resolve(root: Path, *revs: str) -> list[str]:
    """Full commit ids of ``revs`` (one process)."""
    for rev in revs:
        if not rev or rev.startswith("-"):
            raise GitError(f"无效的提交：{rev!r}")
    try:
        out = _git(root, ["rev-parse", *(f"{rev}^{{commit}}" for rev in revs)]).decode().split()
    except GitError as exc:
        raise GitError(f"找不到提交 {' 或 '.join(revs)}（请确认已取回完整历史，如 actions/checkout 的 fetch-depth: 0）：{exc}") from None
    if len(out) != len(revs):
        raise GitError(f"无法解析提交 {revs}")
    return out


def changed_files(root: Path, base: str, head: str) -> list[Change]:
    """The PR's changes: ``git diff --name-status -M base...head`` (from the merge base)."""
    out = _git(root, ["diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-color", f"{base}...{head}", "--"])
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        status = tokens[i][:1]
        if status in ("R", "C"):
            old, new = tokens[i + 1], tokens[i + 2]
            changes.append(Change("R", new, old) if status == "R" else Change("A", new))
            i += 3
        else:
            changes.append(Change("M" if status in ("T", "U", "X") else status, tokens[i + 1]))
            i += 2
    return changes


@dataclass(frozen=True, slots=True)
class CommitAuthor:
    """One commit of the PR and the e-mail of its author (as git records it)."""

    sha: str
    email: str


def pr_commits(root: Path, base: str, head: str) -> list[CommitAuthor]:
    """The PR's own commits (``base..head``, merges included) with their authors: one ``git log``."""
    out = _git(root, ["log", "-z", "--format=%H%x00%ae", f"{base}..{head}", "--"])
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    return [CommitAuthor(fields[i].strip(), fields[i + 1]) for i in range(0, len(fields) - 1, 2) if fields[i].strip()]


def list_files(root: Path, rev: str, folders: Iterable[str], *, recursive: bool = True) -> list[str]:
    specs = list(folders)
    if not specs:
        return []
    args = ["ls-tree", "-z", "--name-only", "--full-tree"] + (["-r"] if recursive else [])
    out = _git(root, [*args, rev, "--", *specs])
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def read_blobs(root: Path, specs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """Contents of ``(commit, path)`` pairs with one ``git cat-file --batch``; missing ones are left out."""
    wanted = [(rev, path) for rev, path in dict.fromkeys(specs) if "\n" not in path]
    if not wanted:
        return {}
    stdin = "".join(f"{rev}:{path}\n" for rev, path in wanted).encode("utf-8", "surrogateescape")
    out = _git(root, ["cat-file", "--batch"], stdin=stdin)
    return {spec: content for spec, (_, content) in zip(wanted, cat_file_answers(out), strict=False) if content is not None}


def _materialise(target: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        parts = PurePosixPath(rel).parts
        if not parts or ".." in parts or rel.startswith("/"):
            continue
        dest = target.joinpath(*parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)


def _scratch() -> str | None:
    """A memory-backed folder for the snapshots when the system has one (``/dev/shm``), else the default temp folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def is_record_path(path: str) -> bool:
    return path.split("/", 1)[0] in RECORD_FOLDERS


def load_snapshots(root: Path, base: str, head: str, changes: Sequence[Change]) -> tuple[Repository, Repository]:
    """(repository at base: roster, config and the changed records' old versions; repository at head: the changed records)."""
    base_paths = list_files(root, base, BASE_FOLDERS)
    specs: list[tuple[str, str]] = [(base, p) for p in base_paths]
    head_paths: list[str] = []
    attachment_dirs: set[str] = set()
    for change in changes:
        if change.status != "A":
            old = change.old_path or change.path
            if is_record_path(old):
                specs.append((base, old))
        if change.status != "D" and is_record_path(change.path):
            head_paths.append(change.path)
            if change.path.startswith("content/") and not change.path.endswith(".md"):
                attachment_dirs.add(str(PurePosixPath(change.path).parent) + "/")
    if attachment_dirs:
        siblings = list_files(root, head, sorted(attachment_dirs), recursive=False)
        head_paths += [p for p in siblings if p.endswith(".md")]
    specs += [(head, p) for p in head_paths]
    blobs = read_blobs(root, specs)
    with tempfile.TemporaryDirectory(prefix="govreg-gate-", dir=_scratch()) as tmp:
        base_dir, head_dir = Path(tmp, "base"), Path(tmp, "head")
        base_dir.mkdir()
        head_dir.mkdir()
        _materialise(base_dir, {p: data for (rev, p), data in blobs.items() if rev == base})
        _materialise(head_dir, {p: data for (rev, p), data in blobs.items() if rev == head and is_record_path(p)})
        base_repo = load_repository(base_dir)
        preload_topics(base_repo)  # 第十二条 pre-review topic list of the base, read while the snapshot exists
        return base_repo, load_repository(head_dir)
