"""Chinese word segmentation for the search index, cached per text hash; the build's cache files.

Material's search plugin cuts every run of Han characters of every page with jieba and joins
the words with U+200B, so that the browser's search (lunr) can find words inside Chinese text.
A large registry repeats the same names thousands of times (a unit's name in every row of its
items), and jieba took a quarter of the site build doing the same cuts again.
:class:`Segmenter` does what Material does (same Han runs, same jieba, same separators) and
keeps each run's words under the hash of the run: in memory for the build, and in a file of the
cache directory (:func:`cache_dir`) for the next build.

The cache file names jieba's version and dictionary; a file written under another one, or one
that cannot be read, is ignored (never trusted) and rewritten.  :class:`TextCache` is that file
(also used for the accounts' QR codes, keyed by segno's version and the code's settings).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..cache import ENV, turned_off

CACHE_FILE = "site-search-jieba.json"
QR_CACHE_FILE = "site-qr.json"
FORMAT = 1


def cache_dir() -> Path | None:
    """Where the site build keeps its caches: ``$GOVREG_CACHE_DIR`` (``off`` turns caches off, as for the
    check's, :func:`govreg.cache.cache_dir`), else ``$XDG_CACHE_HOME/govreg``, else ``~/.cache/govreg``.

    Unlike the check's cache (per repository), these derive only from texts and versions, so one folder serves
    every repository of the user.
    """
    configured = os.environ.get(ENV)
    if configured is not None:
        return None if turned_off(configured) else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "govreg"


def cache_file(name: str) -> Path | None:
    """``name`` in :func:`cache_dir`, or ``None`` when caches are off."""
    folder = cache_dir()
    return folder / name if folder is not None else None


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class TextCache:
    """A file of ``{hash of a text: derived text}`` under a stamp; absent, corrupt or differently stamped: empty."""

    def __init__(self, path: Path | None, stamp: dict[str, Any]) -> None:
        self.path = path
        self.stamp = {"format": FORMAT, **stamp}
        self.entries: dict[str, str] = self._load(path) if path is not None else {}
        self.loaded = len(self.entries)
        self.added = 0

    key = staticmethod(_key)

    def _load(self, path: Path) -> dict[str, str]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # absent or corrupt: start again
        if not isinstance(data, dict) or data.get("stamp") != self.stamp or not isinstance(data.get("entries"), dict):
            return {}  # written by another version or configuration: never trusted
        entries: dict[str, str] = {}
        for key, value in data["entries"].items():
            if not isinstance(value, str):
                return {}
            entries[str(key)] = value
        return entries

    def get(self, text: str) -> str | None:
        return self.entries.get(_key(text))

    def put(self, text: str, value: str) -> None:
        self.entries[_key(text)] = value
        self.added += 1

    def save(self) -> None:
        """Write the file (atomically) when something was added; an unwritable cache directory is no error."""
        if self.path is None or not self.added:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"stamp": self.stamp, "entries": self.entries}, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)


class Segmenter:
    """``segment(text)``: Material's ``_segment_chinese``, with the cuts cached per run of Han characters."""

    def __init__(self, cache_file: Path | None, dictionary: str = "") -> None:
        import jieba
        from material.plugins.search import plugin as material_search

        self._cut: Callable[[bytes], Any] = jieba.cut
        # the pattern library Material's search plugin uses (backrefs, its own dependency): the same Han runs
        bre = material_search.bre
        self._han = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
        self.cache = TextCache(cache_file, {"jieba": getattr(jieba, "__version__", ""), "dictionary": dictionary})
        self.runs: dict[str, str] = {}  # this build's runs as they are replaced, without hashing them again

    @property
    def loaded(self) -> int:
        return self.cache.loaded

    @property
    def cut(self) -> int:
        return self.cache.added

    def _replace(self, match: Any) -> str:
        run: str = match.group(0)
        done = self.runs.get(run)
        if done is not None:
            return done
        words = self.cache.get(run)
        # kept cuts reach the search index (shown as HTML): only the run itself, cut at U+200B, is taken
        if words is None or words.replace("\u200b", "") != run:
            words = "\u200b".join(self._cut(run.encode("utf-8")))
            self.cache.put(run, words)
        done = self.runs[run] = "\u200b" + words + "\u200b"
        return done

    def segment(self, text: str) -> str:
        """``text`` with each run of Han characters cut into words, as Material's search plugin does."""
        result: str = self._han.sub(self._replace, text)
        return result.strip("\u200b")

    def save(self) -> None:
        self.cache.save()
