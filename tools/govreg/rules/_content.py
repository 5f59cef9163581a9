"""Helpers shared by the content rules (the leading underscore hides this module from discovery)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from ..clock import CHINA
from ..datalists import DataList, load_data_list
from ..models import ContentItem
from ..textscan import ContentText
from ._shared import once

if TYPE_CHECKING:
    from ..context import Context

M = TypeVar("M", bound=BaseModel)

PART_NAMES = {"title": "标题", "summary": "摘要", "body": "正文"}  # where in an item a finding is, in words


def content_texts(ctx: Context) -> Iterator[tuple[str, ContentItem, ContentText]]:
    """Every valid content item with its text, in path order (built once per check)."""

    def build() -> list[tuple[str, ContentItem, ContentText]]:
        out = []
        for path, item in ctx.repo.content.items():
            entry = ctx.repo.entries.get(path)
            if entry is not None and entry.doc.text:
                # one per file for the whole check: its links, lines and fences are found once, not once per view
                text = entry.scan
                if not isinstance(text, ContentText) or text.doc is not entry.doc:
                    text = entry.scan = ContentText(entry.doc, item.title, item.summary)
                out.append((path, item, text))
        return out

    return iter(once(ctx, "content-texts", build))


def data_list(ctx: Context, name: str, model: type[M]) -> DataList[M]:
    """``config/<name>.yaml`` (or the packaged default), read once per check."""
    return once(ctx, f"data-list:{name}", lambda: load_data_list(ctx.repo.root, name, model))


def when(value: dt.datetime) -> str:
    """A time for messages, in China time: 2026-03-01 10:00."""
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
