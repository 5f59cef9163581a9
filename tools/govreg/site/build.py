"""Build the public site with MkDocs from any repository folder (``govreg site``, tests, benchmarks)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

REPO_CONFIG = Path(__file__).resolve().parents[3] / "mkdocs.yml"


class SiteBuildError(Exception):
    """MkDocs refused to build (a warning under --strict, a broken link, a bad page)."""


def build_site(root: Path, site_dir: Path, *, config_file: Path | None = None, strict: bool = True, quiet: bool = True) -> None:
    """Render ``root``'s records with the MkDocs configuration ``config_file`` into ``site_dir``.

    ``config_file`` defaults to ``root/mkdocs.yml``, else the one beside this package.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if config_file is None:
        config_file = root / "mkdocs.yml" if (root / "mkdocs.yml").is_file() else REPO_CONFIG
    log = logging.getLogger("mkdocs")
    level = log.level
    problems = _Collect()
    log.addHandler(problems)
    if quiet:
        log.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
        config.extra["govreg_root"] = str(root.resolve())
        build(config)
    except MkDocsException as exc:
        raise SiteBuildError("\n".join([*problems.messages, str(exc)])) from exc
    finally:
        log.setLevel(level)
        log.removeHandler(problems)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors, so the reason for a failed build reaches the user."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
