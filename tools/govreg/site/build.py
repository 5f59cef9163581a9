"""Build the public site with MkDocs from any repository folder (``govreg site``, tests, benchmarks)."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

# Shipped as package data: the configuration of a registry without its own mkdocs.yml.
DEFAULT_CONFIG = Path(__file__).resolve().parent / "mkdocs.default.yml"


class SiteBuildError(Exception):
    """MkDocs refused to build (a warning under --strict, a broken link, a bad page)."""


def build_site(root: Path, site_dir: Path, *, config_file: Path | None = None, strict: bool = True, quiet: bool = True) -> None:
    """Render ``root``'s records with the MkDocs configuration ``config_file`` into ``site_dir``.

    ``config_file`` defaults to ``root/mkdocs.yml``, else the one shipped with the package
    (:data:`DEFAULT_CONFIG`, with ``root/docs`` as its pages and the site title from config/govreg.yaml).
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
        config.extra["govreg_root"] = str(root.resolve())
        build(config)
    except MkDocsException as exc:
        raise SiteBuildError("\n".join([*problems.messages, str(exc)])) from exc
    finally:
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
