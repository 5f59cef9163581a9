"""Message records (领导信箱、留言, 第二十一条第四项): loading, references, and the ``message-*`` rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from ruletree import Tree, found

from govreg.models import Message, public_dump


def message(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "wz-2026-0153",
        "kind": "leader-mailbox",
        "channel": "wz-portal",
        "column": "news",
        "received": "2026-11-02",
        "assigned_unit": "wz-edu",
        "assigned": "2026-11-03",
        "due": "2026-11-16",
        "answered": "2026-11-12",
        "subject": "课后服务咨询",
        "summary": "来信人咨询课后服务安排。",
        "sender": {"name": "示例来信人", "phone": "0953-0000000"},
    }
    data.update(changes)
    return data


def check(tmp_path: Path, data: dict[str, Any], rel: str | None = None) -> list[tuple[str, str, str, int | None]]:
    tree = Tree(tmp_path / "repo")
    rel = rel or f"messages/{data['assigned_unit']}/{data['id']}.yaml"
    tree.files[rel] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return [f for f in found(tree.check("message_records")) if f[2].startswith("messages/")]


def test_clean_message(tmp_path: Path) -> None:
    assert check(tmp_path, message()) == []


@pytest.mark.parametrize(
    ("changes", "code", "line"),
    [
        ({"answered": "2026-10-30", "assigned": None}, "message-dates", 9),
        ({"due": "2026-11-01"}, "message-dates", 8),
        ({"assigned": "2026-11-01"}, "message-dates", 7),
        ({"assigned": "2026-11-13"}, "message-dates", 7),
        ({"received": "2026-11-27", "assigned": None, "due": "2026-12-10", "answered": None}, "message-dates", 5),
        ({"valid": False}, "message-invalid-note", 15),
        ({"answered": None}, "message-overdue", 9),
    ],
)
def test_failing(tmp_path: Path, changes: dict[str, Any], code: str, line: int) -> None:
    assert check(tmp_path, message(**changes)) == [(code, "warning" if code == "message-overdue" else "error", "messages/wz-edu/wz-2026-0153.yaml", line)]


def test_passing_variants(tmp_path: Path) -> None:
    assert check(tmp_path, message(valid=False, note="重复留言", answered=None)) == []
    assert check(tmp_path, message(answered=None, due="2026-11-30")) == []  # not due yet


def test_overdue_more_than_three_months_says_so(tmp_path: Path) -> None:
    tree = Tree(tmp_path / "repo")
    tree.files["messages/wz-edu/wz-2026-0001.yaml"] = yaml.safe_dump(message(id="wz-2026-0001", received="2026-08-03", assigned=None, due="2026-08-17", answered=None), allow_unicode=True)
    (finding,) = [f for f in tree.check("message_records") if f.code == "message-overdue"]
    assert "单项否决" in finding.message and "101 天" in finding.message


def test_references_and_layout(tmp_path: Path) -> None:
    hits = check(tmp_path, message(assigned_unit="wz-nowhere", channel="nowhere"), rel="messages/wz-edu/wz-2026-0153.yaml")
    assert sorted(code for code, *_ in hits) == ["path-mismatch", "unknown-reference", "unknown-reference"]


def test_sender_is_private() -> None:
    record = Message.model_validate(message())
    dumped = public_dump(record)
    assert "sender" not in dumped and dumped["summary"] == "来信人咨询课后服务安排。"
