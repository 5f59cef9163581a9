"""Jinja2 with autoescaping for the HTML reports: every value from the repository is rendered as text.

Markup is written in the templates (``tools/govreg/templates/``), never by
formatting strings in Python, so no value can be forgotten by an escape call.
The charts are SVG built by :mod:`.charts` (which escapes its labels) and are
passed in as :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .text import CSS


@functools.lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("govreg", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **context: Any) -> str:
    """Render ``template`` with ``context`` (autoescaped) inside the report page shell."""
    return environment().get_template(template).render(css=Markup(CSS), **context)


def svg(markup: str) -> Markup:
    """Chart SVG from :mod:`.charts`, which escapes every label itself."""
    return Markup(markup)
