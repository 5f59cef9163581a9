"""The public registry: pages rendered from the repository (pure), published with MkDocs.

:func:`render_pages` turns the repository into ``{path: content}``;
``plugin.py`` (the ``govreg`` MkDocs plugin) and ``mkdocs_hook.py`` are the only places that know about MkDocs;
``emit.py`` writes the same pages as plain Markdown for any other generator.
"""

from __future__ import annotations

from ..config import SiteSettings
from .data import SiteSettingsError, site_settings
from .render import render_pages

__all__ = ["SiteSettings", "SiteSettingsError", "render_pages", "site_settings"]
