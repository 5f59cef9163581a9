"""No false positives on a real government document: the measures themselves, as published, as a content item."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from govreg.datalists import load_data_list, load_default

from conftest import REPO, check_json

SEED = REPO.parent / "shared" / "seed" / "wuzhong-measures-2025.txt"
ITEM = "content/wuzhong-portal/2025/measures-seed-as-is.md"
CONTENT_CODES = (
    "review-", "escalation-", "emergency-", "reprint-", "pii-", "forbidden-marking", "link-", "proofread-word",
    "typography", "attachment-", "release-time-changed", "source-changed", "release-history-unreadable", "retention-expired",
)

FRONT = """---
title: 吴忠市政府网站和政务新媒体管理办法
channel: wuzhong-portal
column: policy-documents
unit: wuzhong-gov-office
source:
  kind: original
  name: 吴忠市人民政府办公室
published_at: 2025-03-14T09:30:00+08:00
retention: permanent
summary: 市人民政府第66次常务会议审议通过,吴忠市人民政府办公室2025年3月13日印发。
review:
  initial:
    by: wuzhong-gov-office-maxy
    at: 2025-03-13T10:20:00+08:00
  second:
    by: wuzhong-gov-office-lijg
    at: 2025-03-13T11:05:00+08:00
  final:
    by: wuzhong-gov-office-zhouwb
    at: 2025-03-13T15:40:00+08:00
    opinion: 同意发布
---

"""


@pytest.mark.skipif(not SEED.is_file(), reason="the seed text is outside this checkout")
def test_the_measures_as_a_content_item_get_no_error(sample_tree: Path) -> None:
    body = SEED.read_text(encoding="utf-8")
    path = sample_tree / ITEM
    path.write_text(FRONT + "\n\n".join(line for line in body.split("\n") if line.strip()) + "\n", encoding="utf-8")
    _code, report = check_json(sample_tree)
    mine = [f for f in report["findings"] if f["path"] == ITEM]
    errors = [(f["code"], f["line"], f["message"]) for f in mine if f["severity"] == "error"]
    assert errors == []
    # the copy in the seed file lost its full-width punctuation: typography warnings, and nothing else
    assert {f["code"] for f in mine} <= {"typography"}
    assert any(f["code"] == "typography" for f in mine)


def test_the_sample_content_is_clean_under_the_content_rules(sample_tree: Path) -> None:
    _code, report = check_json(sample_tree)
    mine = [(f["code"], f["path"], f["line"]) for f in report["findings"] if f["code"].startswith(CONTENT_CODES)]
    assert mine == []


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("reprint-sources", "govreg.rules.content_source:ReprintSources"),
        ("link-blocklist", "govreg.rules.content_links:LinkBlocklist"),
        ("proofreading", "govreg.proofreading:ProofreadingList"),
        ("forbidden-markings", "govreg.markings:MarkingsList"),
    ],
)
def test_data_files_of_the_repository_and_the_package_are_valid(name: str, model: str) -> None:
    module, _, attr = model.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    repo_copy = load_data_list(REPO, name, cls)
    assert (repo_copy.source, repo_copy.findings) == (f"config/{name}.yaml", [])
    assert load_default(name, cls) is not None
