"""Issue 11, hole 2: ``published_at`` is the release time; the public site does not show an item before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govreg.repository import load_repository
from govreg.site import render_pages

from conftest import edit

ITEM = "content/transport-bureau-wechat/2026/winter-travel-tips.md"
TODAY = dt.date(2026, 11, 26)
TITLE = "冬季道路出行安全提示"


def pages_text(root: Path) -> str:
    return "\n".join(render_pages(load_repository(root), TODAY).values())


def test_item_scheduled_later_today_is_hidden_until_its_time(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert TITLE in pages_text(sample_tree)
    edit(sample_tree / ITEM, "published_at: 2026-11-20T17:30:00+08:00", "published_at: 2026-11-26T18:00:00+08:00")
    monkeypatch.setenv("GOVREG_NOW", "2026-11-26T17:59:00+08:00")
    assert TITLE not in pages_text(sample_tree)  # same day, a minute early: not released
    monkeypatch.setenv("GOVREG_NOW", "2026-11-26T18:00:00+08:00")
    assert TITLE in pages_text(sample_tree)


def test_item_scheduled_for_a_later_day_is_hidden(sample_tree: Path) -> None:
    edit(sample_tree / ITEM, "published_at: 2026-11-20T17:30:00+08:00", "published_at: 2026-12-01T09:00:00+08:00")
    assert TITLE not in pages_text(sample_tree)
