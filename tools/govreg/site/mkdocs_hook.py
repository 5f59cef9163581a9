"""MkDocs glue, called by the ``govreg`` plugin (:mod:`govreg.site.plugin`): add the pages :func:`govreg.site.render_pages` renders.

Kept thin on purpose: everything the site shows is decided by the pure
renderer; this file only loads the repository, hands the pages to MkDocs and
sets the sample-data banner.  The data root is the folder of mkdocs.yml
unless ``extra.govreg_root`` says otherwise (``govreg site`` sets it).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from govreg.engine import today_default
from govreg.repository import load_repository
from govreg.site import SiteSettingsError, render_pages, site_settings
from govreg.site.build import SiteBuildError, refuse_special_files
from govreg.site.emit import MARKER, EmitError, merge
from govreg.site.opendata import OpenDataError

__all__ = ["MARKER", "on_config", "on_files"]


def on_config(config: Any) -> Any:
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - jieba is a dependency
        raise PluginError("中文搜索需要 jieba：请运行 make site（会自动安装依赖）或 pip install jieba。") from exc
    jieba.setLogLevel(logging.WARNING)
    return config


def _root(config: Any) -> Path:
    configured = config.extra.get("govreg_root")
    return Path(configured) if configured else Path(config.config_file_path).parent


def on_files(files: Files, config: Any) -> Files:
    try:
        # whatever govreg check said: never publish through a link, a device or a FIFO
        refuse_special_files(_root(config), Path(config["docs_dir"]))
    except SiteBuildError as exc:
        raise PluginError(str(exc)) from exc
    repo = load_repository(_root(config))
    try:
        config.extra["sample_data"] = site_settings(repo).sample_data
        pages = render_pages(repo, today_default())
    except (SiteSettingsError, OpenDataError) as exc:
        raise PluginError(str(exc)) from exc
    for path, content in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            try:
                content = merge(content, existing.content_string, path)
            except EmitError as exc:
                raise PluginError(str(exc)) from exc
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files

