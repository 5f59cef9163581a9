"""The sign-off ledger: an append-only, hash-chained record of every merged pull request's sign-offs, in git itself.

第十二条、第十三条 require the 三审 before release; 第十四条、第十五条、第二十一条 require being
able to say years later who approved a record and when.  The forge's reviews and CI artifacts do
not last that long, so at merge the trusted publish workflow appends one entry per pull request to
``ledger/signoffs.jsonl`` (one JSON object per line, UTF-8) and pushes it with the merge:

* ``seq`` (1, 2, …), ``prev`` (the previous entry's ``hash``; 64 zeros for the first) and ``hash``
  (SHA-256 of the entry's canonical JSON without ``hash``): editing, removing or reordering an entry
  breaks the chain from there on; appending is the only change that keeps it valid;
* ``kind: genesis`` (the first entry): ``since`` – the commit from which every merged change to a
  record must have an entry (history before the ledger existed is out of its scope);
* ``kind: merge``: ``pr``, ``forge``, ``base``, ``head``, ``merge`` (commits), ``merged_at`` (the
  forge's merge time), ``author`` and ``signoffs`` — each step the gate counted: ``chain`` (unit id,
  or the office/escalation subject), ``step``, ``person``, ``login``, ``role``, ``state``, ``at`` (the
  forge's review time; ``null`` for the author's initial review by opening the PR), ``opinion``.

A file in the tree (not git notes) because a plain ``git clone`` carries it, branch protection
guards it, and every change to it is a reviewable diff.  This module is pure: parse, chain, verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import jsonio

LEDGER_PATH = "ledger/signoffs.jsonl"
ZERO = "0" * 64


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    """Why (part of) the ledger cannot be trusted: a 1-based line and a Chinese explanation."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Signoff:
    chain: str
    step: str
    person: str
    login: str
    role: str
    state: str
    at: dt.datetime | None
    opinion: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "step": self.step,
            "person": self.person,
            "login": self.login,
            "role": self.role,
            "state": self.state,
            "at": self.at.isoformat() if self.at else None,
            "opinion": self.opinion,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    line: int
    data: Mapping[str, Any]

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", ""))

    @property
    def merge(self) -> str:
        return str(self.data.get("merge", "")).lower()

    @property
    def merged_at(self) -> dt.datetime | None:
        return parse_time(self.data.get("merged_at"))

    @property
    def signoffs(self) -> list[Signoff]:
        out: list[Signoff] = []
        for raw in self.data.get("signoffs") or ():
            if isinstance(raw, dict):
                out.append(
                    Signoff(
                        str(raw.get("chain", "")), str(raw.get("step", "")), str(raw.get("person", "")), str(raw.get("login", "")),
                        str(raw.get("role", "")), str(raw.get("state", "")), parse_time(raw.get("at")), str(raw.get("opinion") or ""),
                    )
                )  # fmt: skip
        return out


@dataclass
class Ledger:
    entries: list[Entry] = field(default_factory=list)
    problems: list[LedgerProblem] = field(default_factory=list)
    exists: bool = False

    @property
    def genesis(self) -> Entry | None:
        return next((e for e in self.entries if e.kind == "genesis"), None)

    def by_merge(self) -> dict[str, Entry]:
        return {e.merge: e for e in self.entries if e.kind == "merge" and e.merge}

    def merge_times(self) -> dict[str, dt.datetime]:
        """Merge commit → the forge's merge time (the trusted time of that change)."""
        out: dict[str, dt.datetime] = {}
        for e in self.entries:
            at = e.merged_at
            if e.kind == "merge" and e.merge and at is not None:
                out[e.merge] = at
        return out

    @property
    def last_hash(self) -> str:
        return str(self.entries[-1].data.get("hash", ZERO)) if self.entries else ZERO


def parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def canonical(data: Mapping[str, Any]) -> str:
    """The text that is hashed and written: sorted keys, no spaces, UTF-8 (one line)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(data: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in data.items() if k != "hash"}).encode("utf-8")).hexdigest()


def parse_ledger(text: str) -> Ledger:
    """Parse and verify the chain; every broken line is a problem, nothing raises."""
    ledger = Ledger(exists=True)
    prev = ZERO
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = jsonio.loads(line)
        except jsonio.JsonRefused as exc:
            ledger.problems.append(LedgerProblem(number, str(exc)))
            prev = "?"
            continue
        if not isinstance(data, dict):
            ledger.problems.append(LedgerProblem(number, "应为 JSON 对象"))
            prev = "?"
            continue
        seq = len(ledger.entries) + 1
        if data.get("seq") != seq:
            ledger.problems.append(LedgerProblem(number, f"序号 seq 应为 {seq}，实际为 {data.get('seq')!r}（有条目被删除、插入或调换）"))
        if data.get("hash") != entry_hash(data):
            ledger.problems.append(LedgerProblem(number, "内容与其哈希值 hash 不符（条目被改动过）"))
        elif prev != "?" and data.get("prev") != prev:
            ledger.problems.append(LedgerProblem(number, "前一条目的哈希值 prev 不符（前面的条目被改动、删除或调换过）"))
        prev = str(data.get("hash"))
        ledger.entries.append(Entry(number, data))
    return ledger


def read_ledger(root: Path) -> Ledger:
    path = root / LEDGER_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Ledger()
    except (OSError, UnicodeDecodeError) as exc:
        return Ledger(problems=[LedgerProblem(1, f"无法读取：{exc}")], exists=True)
    return parse_ledger(text)


def new_entry(ledger: Ledger, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` chained after the last entry: ``seq``, ``prev`` and ``hash`` filled in."""
    entry = {**data, "seq": len(ledger.entries) + 1, "prev": ledger.last_hash}
    entry.pop("hash", None)
    entry["hash"] = entry_hash(entry)
    return entry


def append(root: Path, entries: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Append entries to the ledger file (created when absent); refuses to extend a broken chain."""
    ledger = read_ledger(root)
    if ledger.problems:
        first = ledger.problems[0]
        raise ValueError(f"{LEDGER_PATH} 第 {first.line} 行：{first.message}；账本已损坏，不能追加")
    written: list[dict[str, Any]] = []
    lines: list[str] = []
    for data in entries:
        entry = new_entry(ledger, data)
        ledger.entries.append(Entry(0, entry))
        written.append(entry)
        lines.append(canonical(entry) + "\n")
    path = root / LEDGER_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        handle.write("".join(lines))
    return written


def signoffs_for(ledger: Ledger, merges: Sequence[str]) -> list[Signoff]:
    found = ledger.by_merge()
    out: list[Signoff] = []
    for sha in merges:
        entry = found.get(sha.lower())
        if entry is not None:
            out += entry.signoffs
    return out


FORM_STEPS = {"handler": "initial", "section-head": "second", "leader": "final", "escalation": "escalation", "emergency": "emergency"}


def record_signoffs(root: Path, path: str, ledger: Ledger | None = None) -> tuple[Entry | None, str | None]:
    """The ledger entry of the last merged change to the record at ``path``, or why there is none.

    Reads the record's history (one ``git log``) and the ledger file; used by ``govreg form`` to fill
    the 审查表's times and opinions from the forge's record instead of the hand-typed ``review`` block.
    """
    from .history import read_history  # core module; imported here to keep the ledger's import light

    ledger = ledger if ledger is not None else read_ledger(root)
    if not ledger.exists:
        return None, "仓库中还没有签核账本"
    history = read_history(root, (path,))
    if not history.available:
        return None, history.reason or "无法读取 git 历史"
    found = ledger.by_merge()
    for change in reversed(history.changes_for(path)):
        entry = found.get(change.commit.sha.lower())
        if entry is not None:
            return entry, None
    return None, "签核账本中没有该信息最近一次合并的记录"
