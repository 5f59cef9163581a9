"""The public site's incident banner (第十七条): shown on the affected account while the incident is open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govreg.repository import load_repository
from govreg.site import render_pages

from conftest import edit

INCIDENT = "incidents/culture-tourism-bureau/2026-11-xiaohongshu-hijack.yaml"
HIT = "account/culture-tourism-bureau-xiaohongshu.md"
TODAY = dt.date(2026, 11, 26)


def pages(root: Path, today: dt.date = TODAY) -> dict[str, str]:
    return render_pages(load_repository(root), today)


def banner_pages(out: dict[str, str]) -> list[str]:
    return sorted(path for path, text in out.items() if "安全警示" in text)


def test_open_hijack_warns_on_the_affected_account_only(sample_tree: Path) -> None:
    out = pages(sample_tree)
    hit = next(p for p in out if p.startswith("account/culture-tourism-bureau-xiaohongshu"))
    assert banner_pages(out) == [hit]
    text = out[hit]
    assert "账号被劫持" in text and "2026-11-24 08:30" in text
    # nothing private: who reported, the internal note
    assert "culture-tourism-bureau-heyz" not in text and "等待找回账号" not in text


def test_no_banner_before_detection_or_after_closing(sample_tree: Path) -> None:
    assert banner_pages(pages(sample_tree, dt.date(2026, 11, 23))) == []
    edit(sample_tree / INCIDENT, "closed:       #", "closed: 2026-11-25T18:00:00+08:00  #")
    assert banner_pages(pages(sample_tree)) == []


def test_outage_gets_no_banner(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "kind: hijacked-account", "kind: outage")
    assert banner_pages(pages(sample_tree)) == []


def test_summary_is_escaped(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "summary: 小红书账号", "summary: <script>x</script>[链接](javascript:alert(1)) 小红书账号")
    text = next(t for p, t in pages(sample_tree).items() if "安全警示" in t)
    assert "<script>x</script>" not in text and "](javascript:" not in text


def test_reports_page_lists_only_reports_marked_public(sample_tree: Path) -> None:
    record = sample_tree / "reports/inspection/inspection-2026-10.yaml"
    edit(record, "public: true", "public: false")
    page = pages(sample_tree)["reports/index.md"]
    assert "目前还没有公开的报告" in page and "inspection-2026-10" not in page
    edit(record, "public: false", "public: true\nnote: 内部备注勿公开")
    page = pages(sample_tree)["reports/index.md"]
    assert "月度检查报告" in page and "2026-10" in page and "单项否决" in page
    assert "内部备注勿公开" not in page


def test_defaced_site_warns_on_its_page(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "kind: hijacked-account", "kind: defacement")
    edit(sample_tree / INCIDENT, "affects: [culture-tourism-bureau-xiaohongshu]", "affects: [yanchi-portal]")
    out = pages(sample_tree)
    hits = banner_pages(out)
    assert len(hits) == 1 and hits[0].startswith("site/yanchi-portal") and "此网站正在处置安全事件" in out[hits[0]]
