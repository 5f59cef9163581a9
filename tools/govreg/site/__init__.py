"""The public registry: pages rendered from the repository (pure), published with MkDocs.

:func:`render_pages` turns the repository into ``{path: content}``;
``mkdocs_hook.py`` is the only place that knows about MkDocs.
"""

from __future__ import annotations

from ..config import SiteSettings
from .data import SiteSettingsError, site_settings
from .render import render_pages

__all__ = ["SiteSettings", "SiteSettingsError", "render_pages", "site_settings"]
