"""The ``govreg`` MkDocs plugin (entry point ``mkdocs.plugins: govreg``).

Installed with the package, so any registry's ``mkdocs.yml`` says only::

    plugins:
      - search
      - govreg

It adds the pages :func:`govreg.site.render_pages` renders (see
:mod:`govreg.site.mkdocs_hook`, which holds the MkDocs glue), and puts the
theme overrides shipped as package data (``govreg/site/overrides``) behind the
registry's own ``custom_dir`` and in front of the theme, and links the stylesheet
``assets/govreg.css`` that travels with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkDocsOptions
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import mkdocs_hook

PACKAGE_DIR = Path(__file__).resolve().parent
OVERRIDES = PACKAGE_DIR / "overrides"
STYLESHEET = "assets/govreg.css"
FREEZE_EVERY = 500  # pages: what MkDocs keeps of them is kept out of the collector's passes (mkdocs_hook.freeze_heap)


class GovregOptions(MkDocsOptions):  # type: ignore[no-untyped-call]
    root = config_options.Optional(config_options.Type(str))  # the registry's folder; default: beside mkdocs.yml
    # generated pages to HTML in one pass and indexed for search from the same pass (mkdocs_hook.FastPages);
    # false: every page through python-markdown and Material's indexer, as before (the tests compare the two)
    fast_pages = config_options.Type(bool, default=True)


class GovregPlugin(BasePlugin[GovregOptions]):  # type: ignore[no-untyped-call]
    """Renders the registry into the site; theme overrides and stylesheet come from the package."""

    def on_config(self, config: Any) -> Any:
        if self.config.root and not config.extra.get("govreg_root"):
            base = Path(config.config_file_path).parent
            config.extra["govreg_root"] = str((base / self.config.root).resolve())
        dirs: list[str] = config.theme.dirs
        if str(OVERRIDES) not in dirs:
            custom = config.theme.custom_dir
            # after the registry's own custom_dir (which may extend ours), before the theme's templates
            dirs.insert(1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0, str(OVERRIDES))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return mkdocs_hook.on_config(config)

    fast: mkdocs_hook.FastPages | None = None
    nav: Any = None

    def on_files(self, files: Files, config: Any) -> Files:
        # the stylesheet travels as a static file of the overrides folder (a theme dir), like main.html
        generated: set[str] = set()
        files = mkdocs_hook.on_files(files, config, generated)
        self.fast = None
        if self.config.fast_pages and mkdocs_hook.FastPages.usable(config):
            self.fast = mkdocs_hook.FastPages(config, generated)
            self.fast.hook_search(config)
        return files

    def on_pre_page(self, page: Page, *, config: Any, files: Files) -> Page:
        if self.fast is not None:
            self.fast.pre_page(page)
        return page

    built = 0

    def on_post_page(self, output: str, *, page: Page, config: Any) -> str:
        self.built += 1
        if self.built % FREEZE_EVERY == 0:
            mkdocs_hook.freeze_heap()  # the pages built so far (MkDocs keeps each page's object to the end)
        return output

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        env.globals.pop("govreg_nav", None)
        if self.fast is not None and self.nav is not None:
            env.globals["govreg_nav"] = mkdocs_hook.NavCache(
                self.nav, list(config.theme.get("features") or []), list(config.theme.dirs), env.autoescape
            )
        return env

    def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
        self.nav = nav
        return nav

    def on_post_build(self, *, config: Any) -> None:
        if self.fast is not None:
            self.fast.post_build()
            self.fast = None
        mkdocs_hook.thaw_heap()

    def on_build_error(self, *, error: Exception) -> None:
        mkdocs_hook.thaw_heap()
