"""A minimal clean repository with content items, for unit tests of the content rules.

Builds on :class:`ruletree.Tree`: the city government office gets a full roster
(handler, section head, leader, escalation reviewer, emergency approver and a
vendor's staff member), and :attr:`ContentTree.content` holds content items as
(front matter dict, Markdown body).  Front matter is written with
``yaml.safe_dump``; times are ISO strings.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from ruletree import Tree, person

ITEM = "content/wz-portal/2026/notice.md"
BODY = "各县\uff08市、区\uff09人民政府\uff0c市直各部门\uff1a\n\n现将有关事项通知如下。\n"


def item(**extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": "关于做好冬季供暖工作的通知",
        "channel": "wz-portal",
        "column": "news",
        "unit": "wz-office",
        "source": {"kind": "original", "name": "吴忠市人民政府办公室"},
        "published_at": "2026-03-02T10:00:00+08:00",
        "retention": "permanent",
        "review": {
            "initial": {"by": "wz-office-maxy", "at": "2026-03-01T09:00:00+08:00"},
            "second": {"by": "wz-office-lijg", "at": "2026-03-01T10:00:00+08:00"},
            "final": {"by": "wz-office-zhouwb", "at": "2026-03-01T15:00:00+08:00", "opinion": "同意发布"},
        },
    }
    record.update(extra)
    return record


class ContentTree(Tree):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        office = self.units["wz-office"]
        office["people"] = [
            person("wz-office-maxy", "马晓燕", "handler"),
            person("wz-office-lijg", "李建国", "section-head"),
            person("wz-office-zhouwb", "周文斌", "leader"),
            person("wz-office-zhanglx", "张立新", "escalation-reviewer"),
            person("wz-office-jinzq", "金志强", "emergency-approver"),
            person("wz-office-qian", "钱多多", vendor=True),  # a vendor's staff member, no review role
        ]
        office["leader_in_charge"] = "wz-office-zhouwb"
        office["staff"] = ["wz-office-maxy", "wz-office-lijg"]
        self.content = {ITEM: (item(), BODY)}

    def item(self, rel: str = ITEM) -> dict[str, Any]:
        return self.content[rel][0]

    def body(self, text: str, rel: str = ITEM) -> None:
        self.content[rel] = (self.content[rel][0], text)

    def add(self, rel: str, body: str = BODY, **extra: Any) -> dict[str, Any]:
        record = item(**extra)
        self.content[rel] = (record, body)
        return record

    def copy(self, root: Path) -> ContentTree:
        other = copy.deepcopy(self)
        other.root = root
        return other

    def line(self, needle: str, rel: str = ITEM) -> int:
        """File line of the first line containing ``needle`` (title and summary lines skipped)."""
        for number, text in enumerate((self.root / rel).read_text(encoding="utf-8").split("\n"), start=1):
            if needle in text and not text.startswith(("title:", "summary:")):
                return number
        raise AssertionError(f"{needle!r} not in {rel}")


def resub(path: Path, pattern: str, replacement: str) -> None:
    """Replace the one line matching ``pattern`` (multiline regex) in a file; fails unless exactly one matches."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    assert count == 1, f"{pattern!r} matched {count} times in {path}"
    path.write_text(new, encoding="utf-8")
