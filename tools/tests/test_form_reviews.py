"""Issue 11, hole 8: ``govreg form --reviews`` with the forges' raw payloads; times from the forge, not typed.

Before the fix a bare GitHub list (no PR author in it) made the form warn that the initial reviewer
had not approved, although opening the PR is the initial review; and the typed times stayed on the
form even when the forge recorded other times (two records of one signature).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

ITEM = "content/education-bureau-wechat/2026/winter-campus-safety.md"


def github(login: str, at: str, body: str, index: int) -> dict[str, object]:
    return {"id": 700 + index, "node_id": f"PRR_{index}", "user": {"login": login}, "body": body, "state": "APPROVED",
            "submitted_at": at, "commit_id": "abc", "author_association": "MEMBER", "_links": {}}  # fmt: skip


def gitea(login: str, at: str, body: str, index: int) -> dict[str, object]:
    return {"id": index, "user": {"login": login, "username": login}, "body": body, "state": "APPROVED", "commit_id": "abc",
            "stale": False, "official": True, "dismissed": False, "submitted_at": at}  # fmt: skip


@pytest.mark.parametrize(("shape", "second_at", "final_at"), [
    (github, "2026-11-18T06:45:00Z", "2026-11-18T07:40:00Z"),
    (gitea, "2026-11-18T14:45:00+08:00", "2026-11-18T15:40:00+08:00"),
])  # fmt: skip
def test_bare_review_list_gives_no_false_warning_and_the_forges_times(sample_tree: Path, shape, second_at: str, final_at: str) -> None:  # type: ignore[no-untyped-def]
    reviews = sample_tree / "reviews.json"
    payload = [shape("liulj-jyj", second_at, "复审通过", 1), shape("zhaogq-jyj", final_at, "同意发布(平台记录)", 2)]
    reviews.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    out = sample_tree / "form.html"
    code, _, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "-o", str(out), "--reviews", str(reviews))
    assert code == 0, err
    assert "没有在拉取请求上批准" not in err
    page = out.read_text(encoding="utf-8")
    # the forge's times (14:45, 15:40) replace the typed ones (14:43, 15:39): one record of each signature
    assert "2026-11-18<br>14:45" in page and "2026-11-18<br>15:40" in page
    assert "2026-11-18<br>14:43" not in page and "2026-11-18<br>15:39" not in page
    assert "同意发布(平台记录)" in page
