"""The file policy: only regular files and directories in the repository, read with a byte cap.

Decided once, enforced everywhere a file is read (issue 12):

- **No symbolic links, devices, FIFOs or sockets anywhere in the tree** that
  govreg or the site build reads.  A link is never followed (not even one that
  points inside the repository): ``docs/roster.yaml → ../units/x.yaml`` would
  publish a private roster, ``units/a.yaml → /dev/zero`` would hang a check.
  Each one is a finding (``file-special``) and is not read.
- **Reads are capped on the read itself**, not on ``stat``: a file is opened
  with ``O_NOFOLLOW | O_NONBLOCK``, checked to be a regular file on the open
  descriptor (no race between check and read), and at most ``limit + 1``
  bytes are read.  ``st_size`` is 0 for devices and can change under us; the
  cap cannot.
- **Writes are atomic** (:func:`atomic_write`): a temporary file beside the target, then one
  rename, so a reader sees the old file or the new one, never half.

Pure apart from the file system; no git process.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# build outputs and tool caches: never part of the tracked tree
SKIP_DIRS = frozenset({"site", "node_modules", "__pycache__", "build", "dist"})

KIND_NAMES = {"symlink": "符号链接", "device": "设备文件", "fifo": "命名管道（FIFO）", "socket": "套接字", "other": "特殊文件"}


def special_kind(mode: int) -> str | None:
    """``None`` for a regular file or a directory, else what the file is (a key of :data:`KIND_NAMES`)."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


@dataclass(frozen=True, slots=True)
class Special:
    """A file the policy refuses: its repository-relative path and its kind."""

    path: str
    kind: str

    @property
    def name(self) -> str:
        return KIND_NAMES.get(self.kind, KIND_NAMES["other"])


def walk(root: Path, folder: str = "", *, skip: frozenset[str] = frozenset()) -> Iterator[tuple[str, str | None]]:
    """Every file under ``root/folder`` in sorted order, as (relative path, special kind or ``None``).

    Names starting with a dot are skipped, and so are directories named in ``skip``.  Links are
    reported, never followed (a link to a directory is not entered).  One ``scandir`` per directory:
    the kinds come from the directory entries, without a ``stat`` per file.
    """
    base = root / folder if folder else root
    try:
        base_mode = os.lstat(base).st_mode
    except OSError:
        return
    kind = special_kind(base_mode)
    if kind is not None:
        yield folder, kind
        return
    if not stat.S_ISDIR(base_mode):
        return
    stack: list[tuple[str, str]] = [(str(base), folder.strip("/") + "/" if folder else "")]  # (directory, its prefix)
    while stack:
        current, prefix = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs: list[tuple[str, str]] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    yield rel, "symlink"
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name not in skip:
                        subdirs.append((entry.path, rel + "/"))
                elif entry.is_file(follow_symlinks=False):
                    yield rel, None
                else:
                    yield rel, special_kind(entry.stat(follow_symlinks=False).st_mode) or "other"
            except OSError:
                yield rel, "other"
        stack.extend(reversed(subdirs))


def specials(root: Path, folders: list[str] | None = None, *, skip: frozenset[str] = SKIP_DIRS) -> list[Special]:
    """Every link, device, FIFO or socket under ``folders`` of ``root`` (default: the whole tree)."""
    out: list[Special] = []
    for folder in folders if folders is not None else [""]:
        out.extend(Special(rel, kind) for rel, kind in walk(root, folder, skip=skip) if kind is not None)
    return out


class NotRegular(OSError):
    """The path is a link, a device, a FIFO …: refused, not read."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file: {kind}")
        self.kind = kind


class TooLarge(OSError):
    """More than the cap: ``size`` is a lower bound (``limit + 1``) unless ``stat`` knew better."""

    def __init__(self, size: int) -> None:
        super().__init__(f"larger than the limit: {size} bytes")
        self.size = size


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`NotRegular` for a link (``O_NOFOLLOW``), a device, a FIFO (opened
    non-blocking, so it cannot hang) …; :class:`TooLarge` when more than ``limit`` bytes
    could be read; ``OSError`` for anything else.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if os.path.islink(path):
            raise NotRegular("symlink") from exc
        raise
    try:
        st = os.fstat(fd)
        kind = special_kind(st.st_mode)
        if kind is not None or stat.S_ISDIR(st.st_mode):
            raise NotRegular(kind or "other")
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooLarge(max(len(data), st.st_size))
        return data
    finally:
        os.close(fd)


def refusal(exc: OSError, limit: int, cap: str = "上限") -> str:
    """Why a file was not read, in words (``read_capped``'s exceptions); ``cap`` names the limit, e.g. "附件检查上限"."""
    if isinstance(exc, TooLarge):
        return f"文件有 {exc.size} 字节以上，超过{cap} {limit} 字节"
    if isinstance(exc, NotRegular):
        return f"不是普通文件（{KIND_NAMES.get(exc.kind, exc.kind)}）"
    return f"无法读取：{exc.strerror or exc}"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF) to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
