"""Build the public site with MkDocs from any repository folder (``govreg site``, tests, benchmarks)."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..repository import Repository

# Shipped as package data: the configuration of a registry without its own mkdocs.yml.
DEFAULT_CONFIG = Path(__file__).resolve().parent / "mkdocs.default.yml"


class SiteBuildError(Exception):
    """MkDocs refused to build (a warning under --strict, a broken link, a bad page)."""


# what the site reads besides docs_dir: the records and the repository's data files
DATA_FOLDERS = ("units", "sites", "accounts", "content", "messages", "config")


def special_files(root: Path, docs_dir: Path | None = None, extra_dirs: tuple[Path, ...] = ()) -> list[str]:
    """Links, devices and FIFOs the site build would read: Chinese messages, one per file; empty when none.

    The site never follows a link, whatever ``govreg check`` said (the gate must not be the only
    defence): MkDocs copies every file of ``docs_dir`` as it is, so ``docs/roster.yaml →
    ../units/x.yaml`` would publish a private roster.  Callable from the MkDocs hook or a plugin.
    """
    from ..filepolicy import specials, walk

    root = root.resolve()
    found: list[str] = []
    for special in specials(root, [f for f in DATA_FOLDERS if (root / f).exists() or (root / f).is_symlink()]):
        found.append(f"{special.path}:{special.name}")
    for folder in (docs_dir, *extra_dirs):
        if folder is None:
            continue
        if folder.is_symlink():
            found.append(f"{folder}：符号链接")
            continue
        for rel, kind in walk(folder, "", skip=frozenset()):
            if kind is not None:
                found.append(f"{folder.name}/{rel}:{kind_name(kind)}")
    return found


def kind_name(kind: str) -> str:
    from ..filepolicy import KIND_NAMES

    return KIND_NAMES.get(kind, KIND_NAMES["other"])


def refuse_special_files(root: Path, docs_dir: Path | None = None, extra_dirs: tuple[Path, ...] = ()) -> None:
    """Raise :class:`SiteBuildError` naming every link, device or FIFO :func:`special_files` finds."""
    found = special_files(root, docs_dir, extra_dirs)
    if found:
        raise SiteBuildError("公开网站拒绝构建：登记库中只允许普通文件和目录，发现：" + "；".join(found) + "。请删除这些文件（运行 govreg check 查看）。")


def build_site(
    root: Path,
    site_dir: Path,
    *,
    config_file: Path | None = None,
    strict: bool = True,
    quiet: bool = True,
    repo: Repository | None = None,
) -> None:
    """Render ``root``'s records with the MkDocs configuration ``config_file`` into ``site_dir``.

    ``config_file`` defaults to ``root/mkdocs.yml``, else the one shipped with the package
    (:data:`DEFAULT_CONFIG`, with ``root/docs`` as its pages and the site title from config/govreg.yaml).
    ``repo``: ``root`` already loaded (and checked) by the caller; the build renders it instead of loading it again.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    overrides: dict[str, Any] = {}
    scratch: tempfile.TemporaryDirectory[str] | None = None
    if config_file is None:
        config_file = root / "mkdocs.yml"
        if not config_file.is_file():
            config_file = DEFAULT_CONFIG
            docs = root / "docs"
            if not docs.is_dir():
                scratch = tempfile.TemporaryDirectory(prefix="govreg-docs-")
                docs = Path(scratch.name)
            overrides = {"docs_dir": str(docs.resolve()), "site_name": _title(root)}
    log = logging.getLogger("mkdocs")
    level = log.level
    problems = _Collect()
    log.addHandler(problems)
    if quiet:
        log.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir.resolve()), strict=strict, **overrides)
        refuse_special_files(root, Path(config["docs_dir"]))
        config.extra["govreg_root"] = str(root.resolve())
        if repo is None:
            build(config)
        else:
            from .mkdocs_hook import preloaded

            with preloaded(repo):
                build(config)
    except MkDocsException as exc:
        raise SiteBuildError("\n".join([*problems.messages, str(exc)])) from exc
    finally:
        from .mkdocs_hook import thaw_heap

        thaw_heap()  # the plugin thaws when the build ends; here too, whatever stopped it
        log.setLevel(level)
        log.removeHandler(problems)
        if scratch is not None:
            scratch.cleanup()


def _title(root: Path) -> str:
    """The registry's title (``site.title``, else from ``city:``) for a site built with the default configuration."""
    from ..config import load_config as load_registry_config

    config, _ = load_registry_config(root)
    return config.site_title()


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors, so the reason for a failed build reaches the user."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
