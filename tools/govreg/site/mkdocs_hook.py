"""MkDocs glue, called by the ``govreg`` plugin (:mod:`govreg.site.plugin`): add the pages :func:`govreg.site.render_pages` renders.

Kept thin on purpose: everything the site shows is decided by the pure
renderer; this file only loads the repository, hands the pages to MkDocs and
sets the sample-data banner.  The data root is the folder of mkdocs.yml
unless ``extra.govreg_root`` says otherwise (``govreg site`` sets it).

Two shortcuts keep a large build near the cost of writing its pages (issue 19):

- a generated page is turned into HTML by :func:`govreg.site.dialect.convert`
  (the generator's own Markdown, one pass) instead of python-markdown; a page
  outside that dialect, or a link it cannot resolve, goes through MkDocs as before;
- its search index entries are made from the same conversion's sections, and
  every Chinese text is cut by :class:`govreg.site.segment.Segmenter` (jieba,
  cached per text hash), instead of Material parsing each page's HTML again.

``govreg site --check`` hands over the repository it has already loaded and checked
(:func:`preloaded`), so the build does not load it a second time; a build on its own
(``mkdocs build``, ``govreg site`` after ``govreg check``) reads the records the check
cached (:func:`load_checked`).
"""

from __future__ import annotations

import contextlib
import gc
import html
import logging
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from govreg.engine import today_default
from govreg.repository import Repository, load_repository
from govreg.site import SiteSettingsError, accounts, render_pages, site_settings
from govreg.site.build import SiteBuildError, refuse_special_files
from govreg.site.dialect import Converted, convert, front_matter
from govreg.site.emit import MARKER, EmitError, merge
from govreg.site.opendata import OpenDataError
from govreg.site.segment import CACHE_FILE, QR_CACHE_FILE, Segmenter, TextCache, cache_file

__all__ = ["MARKER", "FastPages", "on_config", "on_files", "preloaded"]

# Repositories already loaded by the caller (``govreg site`` after its check), by resolved root.
_PRELOADED: dict[str, Repository] = {}


@contextlib.contextmanager
def preloaded(repo: Repository) -> Iterator[None]:
    """While open, a build of ``repo.root`` renders ``repo`` instead of loading the folder again."""
    key = str(Path(repo.root).resolve())
    _PRELOADED[key] = repo
    try:
        yield
    finally:
        _PRELOADED.pop(key, None)


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


def on_files(files: Files, config: Any, generated: set[str] | None = None) -> Files:
    """Add the rendered pages to ``files``; the paths of the Markdown pages made only by the renderer go into ``generated``."""
    try:
        # whatever govreg check said: never publish through a link, a device or a FIFO
        refuse_special_files(_root(config), Path(config["docs_dir"]))
    except SiteBuildError as exc:
        raise PluginError(str(exc)) from exc
    root = _root(config)
    repo = _PRELOADED.get(str(root.resolve())) or load_checked(root)
    freeze_heap()
    try:
        config.extra["sample_data"] = site_settings(repo).sample_data
        with accounts.qr_store(codes := _qr_cache()):
            pages = render_pages(repo, today_default())
        codes.save()
    except (SiteSettingsError, OpenDataError) as exc:
        raise PluginError(str(exc)) from exc
    freeze_heap()
    for path, content in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            try:
                content = merge(content, existing.content_string, path)
            except EmitError as exc:
                raise PluginError(str(exc)) from exc
            files.remove(existing)
        elif generated is not None and path.endswith(".md"):
            generated.add(path)  # a merged page holds hand-written Markdown: python-markdown renders it
        files.append(File.generated(config, path, content=content))
    return files


_FROZEN = [False]  # this build froze the heap (freeze_heap), and thaws it when it ends


def freeze_heap() -> None:
    """Keep what the build has made so far (the records, the public data, the pages) out of the collector's passes.

    A build allocates millions of short-lived objects next to millions of long-lived ones (a 4x registry's
    records alone are over a million); each full collection walked all of them, a second of a build spent
    finding nothing.  ``gc.freeze`` moves them to the permanent generation: still freed by reference counts,
    not walked.  :func:`thaw_heap` (the plugin's ``on_post_build`` / ``on_build_error``, and ``build_site``)
    gives them back when the build ends.  A heap someone else froze, or a collector turned off, is left alone.
    """
    if gc.isenabled() and (_FROZEN[0] or gc.get_freeze_count() == 0):
        gc.freeze()
        _FROZEN[0] = True


def thaw_heap() -> None:
    """Undo :func:`freeze_heap` (nothing when this build froze nothing)."""
    if _FROZEN[0]:
        gc.unfreeze()
        _FROZEN[0] = False


def load_checked(root: Path) -> Repository:
    """``root``'s records, each unchanged one taken from the cache ``govreg check`` left (:class:`govreg.cache.CheckCache`).

    CI checks, then builds (issue 19, target 5): the build need not parse and validate again what the
    check just did.  Read only (``scoped``: the check is the cache's writer).  The cache is keyed by
    govreg's code, the configuration and the checkout, and its entries by blob id, so a stale one is
    never read; an absent or unreadable one (or no git) is not used, and the records are loaded from disk.
    """
    from govreg.cache import CheckCache

    cache = CheckCache.open(root)
    cache.scoped = True
    return load_repository(root, cache=cache if cache.found else None)


# Extensions that leave the generator's dialect alone (MkDocs adds toc, tables and fenced_code itself).
_NEUTRAL_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html", "meta"})
_NEUTRAL_TOC_OPTIONS = frozenset({"title", "separator"})


class FastPages:
    """Renders the generated pages with :func:`convert` and indexes them for search from its sections.

    Created by the plugin for each build when the configuration allows it (:meth:`usable`).
    """

    def __init__(self, config: Any, generated: set[str]) -> None:
        self.generated = generated
        self.separator: str = (config["mdx_configs"].get("toc") or {}).get("separator", "-")
        self.converted: dict[str, Converted] = {}
        self.segmenter: Segmenter | None = None
        self.fast = 0

    @staticmethod
    def usable(config: Any) -> bool:
        """Only with Markdown extensions that cannot change what the dialect's pages become."""
        names = {str(e).rsplit(".", 1)[-1] for e in config["markdown_extensions"]}
        toc = config["mdx_configs"].get("toc") or {}
        return names <= _NEUTRAL_EXTENSIONS and set(toc) <= _NEUTRAL_TOC_OPTIONS

    def hook_search(self, config: Any) -> None:
        """Let Material's search index take this build's entries for converted pages, and cut Chinese through the cache."""
        search = next((p for p in config.plugins.values() if hasattr(p, "search_index")), None)
        index = getattr(search, "search_index", None)
        if index is None or not hasattr(index, "entries") or not hasattr(index, "add_entry_from_context"):
            return
        options = getattr(search, "config", {})
        dictionary = f"{options.get('jieba_dict') or ''}|{options.get('jieba_dict_user') or ''}"
        self.segmenter = Segmenter(None if dictionary != "|" else cache_file(CACHE_FILE), dictionary)
        original = index.add_entry_from_context
        index._segment_chinese = self.segmenter.segment  # for the pages it still parses (hand-written ones)

        def add_entry(page: Page) -> None:
            done = self.converted.pop(page.file.src_uri, None)
            if done is None:
                original(page)
            else:
                index.entries.extend(self.entries(page, done))

        index.add_entry_from_context = add_entry

    def entries(self, page: Page, done: Converted) -> Iterator[dict[str, Any]]:
        """Material's entries for a converted page: one per section, Chinese cut into words."""
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        assert self.segmenter is not None
        segment = self.segmenter.segment
        for i, section in enumerate(done.sections):
            heading = section.heading
            url = page.url if heading is None or i == 0 else f"{page.url}#{heading.id}"
            title = html.escape(html.unescape(heading.name) if heading is not None else str(page.meta.get("title", page.title)), quote=False)
            entry: dict[str, Any] = {"location": url, "title": segment(title), "text": segment(" ".join(section.text).strip())}
            tags = page.meta.get("tags")
            if isinstance(tags, list):
                entry["tags"] = [str(t) for t in tags if t and isinstance(t, (str, int, float, bool))]
            if "boost" in search:
                entry["boost"] = search["boost"]
            yield entry

    def pre_page(self, page: Page) -> None:
        """Render ``page`` with :func:`convert` when it is a generated one (python-markdown otherwise)."""
        if page.file.src_uri not in self.generated:
            return

        def read_source(config: Any) -> None:
            source = config.plugins.on_page_read_source(page=page, config=config)
            if source is None:
                source = page.file.content_string
            page.markdown, page.meta = front_matter(source) or get_data(source)  # as Page.read_source, one YAML parse less

        def render(config: Any, files: Files) -> None:
            if not self._render(page, files):
                Page.render(page, config, files)

        page.read_source = read_source  # type: ignore[method-assign]
        page.render = render  # type: ignore[method-assign]

    def _render(self, page: Page, files: Files) -> bool:
        if page.markdown is None:
            return False
        src = page.file.src_uri
        anchors: dict[File, dict[str, str]] = {}

        def resolve(path: str, anchor: str) -> str | None:
            target = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(src), path)))
            if target is None or target.inclusion.is_excluded():  # type: ignore[no-untyped-call]
                return None  # python-markdown and MkDocs will say what is wrong with the link
            if anchor:
                anchors.setdefault(target, {}).setdefault(anchor, f"{path}#{anchor}")
            url = utils.get_relative_url(target.url, page.file.url)
            return f"{url}#{anchor}" if anchor else url

        done = convert(page.markdown, resolve, _slugify, self.separator)
        if done is None:
            return False
        page.content = done.html
        page.toc = get_toc(_toc_tokens(done))
        page._title_from_render = done.title
        page.present_anchor_ids = done.ids
        page.links_to_anchors = anchors
        if self.segmenter is not None:  # Material's search index takes its entries (hook_search); nothing to keep otherwise
            self.converted[src] = done
        self.fast += 1
        return True

    def post_build(self) -> None:
        if self.segmenter is not None:
            self.segmenter.save()


class NavCache:
    """``govreg_nav`` in the theme's templates: the parts of a page outside the navigation rendered once per folder.

    Material renders the whole navigation into every page; for a page that is not in it (every
    generated record page) the result depends only on the page's folder, through the relative
    links, so ``account/a/`` and ``account/b/`` get the same HTML.  ``key`` is ``""`` (render
    as usual) for pages in the navigation, and for a page some navigation entry lies under.

    The same holds for the blocks of ``base.html`` that read no page field (styles, scripts,
    the ``__config`` JSON, the footer of a page with no previous or next page …: ``put``/``get``
    of Material's own ``super()``), and for the header, which holds the page's title once
    (:meth:`put_titled`: kept as the text before and after the title, checked on the page that
    fills the cache).  They are only cached with the theme's own partials: a ``custom_dir``
    with ``partials/`` or ``base.html`` turns the cache off (``usable``).
    """

    TOPIC = 'data-md-component="header-topic">'
    ELLIPSIS = '<span class="md-ellipsis">'

    def __init__(self, nav: Any, features: list[str], theme_dirs: list[str] | None = None, autoescape: Any = False) -> None:
        self.nav_urls = [p.url for p in nav.pages]
        self.in_nav = {id(p) for p in nav.pages}
        self.usable = "toc.integrate" not in features  # the nav would then hold the page's own toc
        self.titled_usable = autoescape is False  # the title is written as ``{{ page.title }}`` writes it
        if theme_dirs is not None and any(_overrides_theme(d) for d in theme_dirs):
            self.usable = False  # another template might read the page where Material's does not
        self.html: dict[str, Any] = {}
        self.parts: dict[str, tuple[str, str]] = {}
        self._last: tuple[Any, str] = (None, "")

    def key(self, page: Any) -> str:
        last, key = self._last
        if page is not None and page is last:
            return key
        key = self._key(page)
        self._last = (page, key)
        return key

    def _key(self, page: Any) -> str:
        if not self.usable or page is None or id(page) in self.in_nav or getattr(page, "parent", None) is not None:
            return ""
        if getattr(page, "previous_page", None) is not None or getattr(page, "next_page", None) is not None:
            return ""
        url: str = page.url
        if not url.endswith("/") or any(u.startswith(url) for u in self.nav_urls):
            return ""
        return posixpath.dirname(url.rstrip("/")) + "/"

    def has(self, key: str) -> bool:
        return key in self.html or key in self.parts

    def get(self, key: str) -> Any:
        return self.html[key]

    def put(self, key: str, html: Any) -> Any:
        if key:
            self.html[key] = html
        return html

    def titled(self, key: str, page: Any) -> Any:
        before, after = self.parts[key]
        return before + _header_title(page) + after  # autoescape is off (titled_usable): written as it is

    def put_titled(self, key: str, page: Any, html: Any) -> Any:
        """Keep ``html`` (Material's header for ``page``) as the text around the title, when the title is where it is expected."""
        if not key or not self.titled_usable:
            return html
        text = str(html)
        title = _header_title(page)
        at = text.find(self.TOPIC)
        at = text.find(self.ELLIPSIS, at) if at >= 0 else -1
        if at < 0:
            return html
        at += len(self.ELLIPSIS)
        while at < len(text) and text[at] in " \n":
            at += 1
        if text.startswith(title, at) and text.find(self.TOPIC, at) < 0:
            self.parts[key] = (text[:at], text[at + len(title) :])
        return html


def _header_title(page: Any) -> str:
    """What Material's header writes as the page's topic (``page.meta.title``, else ``page.title``)."""
    meta = page.meta
    title = meta.get("title") if meta else None
    return str(title) if title else str(page.title)


def _overrides_theme(folder: str) -> bool:
    """A theme folder other than Material's, MkDocs' and govreg's own that replaces a partial or ``base.html``."""
    path = Path(folder).resolve()
    if path == _OVERRIDES or (path.name == "templates" and path.parent.name in {"material", "mkdocs"}):
        return False
    return (path / "partials").is_dir() or (path / "base.html").is_file()


_OVERRIDES = Path(__file__).resolve().parent / "overrides"


def _qr_cache() -> TextCache:
    """Earlier builds' QR codes (cache directory), keyed by segno's version and the codes' settings."""
    import segno

    return TextCache(cache_file(QR_CACHE_FILE), {"segno": segno.__version__, "settings": accounts.QR_SETTINGS})


def _slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return str(slugify(value, separator))


def _toc_tokens(done: Converted) -> list[Any]:
    from markdown.extensions.toc import nest_toc_tokens

    flat = [{"level": h.level, "id": h.id, "name": h.name, "html": h.html, "data-toc-label": "", "children": []} for h in done.headings]
    return list(nest_toc_tokens(flat))

