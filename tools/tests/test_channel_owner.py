"""Issue 11, hole 1: an item may only be published on its own unit's channel, from the channel's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import check_json, codes, edit

ITEM = "content/transport-bureau-wechat/2026/winter-travel-tips.md"


def test_sample_is_clean(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)
    assert not {"content-channel-owner", "content-folder"} & set(codes(report))


def test_item_on_another_units_account_is_refused(sample_tree: Path) -> None:
    edit(sample_tree / ITEM, "channel: transport-bureau-wechat", "channel: education-bureau-wechat")
    code, report = check_json(sample_tree)
    assert code == 1
    found = [f for f in report["findings"] if f["code"] == "content-channel-owner"]
    assert [(f["path"], f["line"], f["article"]) for f in found] == [(ITEM, 5, "第三条")]
    assert "education-bureau" in found[0]["message"] and "transport-bureau" in found[0]["message"]
    # the file still sits in transport-bureau-wechat/: the folder disagrees with the channel too
    assert "content-folder" in codes(report)


def test_item_moved_into_another_channels_folder_is_refused(sample_tree: Path) -> None:
    target = sample_tree / "content/education-bureau-wechat/2026/winter-travel-tips.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(sample_tree / ITEM, target)
    _, report = check_json(sample_tree)
    found = [f for f in report["findings"] if f["code"] == "content-folder"]
    assert len(found) == 1 and "content/transport-bureau-wechat/" in found[0]["message"]


def test_site_column_of_another_unit_is_refused(sample_tree: Path) -> None:
    # an education-bureau item placed in a portal column that the education bureau is not responsible for
    portal = next((sample_tree / "content/wuzhong-portal").rglob("*.md"))
    text = portal.read_text(encoding="utf-8")
    unit = next(line.split(":", 1)[1].split("#")[0].strip() for line in text.splitlines() if line.startswith("unit:"))
    assert unit != "education-bureau"
    edit(portal, f"unit: {unit}", "unit: education-bureau")
    _, report = check_json(sample_tree)
    rel = portal.relative_to(sample_tree).as_posix()
    assert ("content-channel-owner", rel) in {(f["code"], f["path"]) for f in report["findings"]}
