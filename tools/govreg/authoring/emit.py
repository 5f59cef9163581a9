"""Writing a new record as YAML text with Chinese comments, in the repository's layout.

The layout is the one ``govreg fmt`` produces (2-space indentation, list dashes
indented under their key, one space after ``:``, comments two spaces after the
value), so a freshly written file never needs formatting.  Strings are written
plain when the strict loader reads them back unchanged, otherwise double-quoted;
digits-only values (account handles, region codes, phone numbers) are always quoted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..loader import parse_yaml

Loc = tuple[str | int, ...]
_NUMBERISH = re.compile(r"^[0-9+\-.:/ ]+$")
_INDICATOR = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`]|[:#]$|: | #|^\s|\s$""")


def scalar(value: Any) -> str:
    """A scalar as YAML text that the strict loader reads back as the same value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if text and not _NUMBERISH.match(text) and not _INDICATOR.search(text) and "\n" not in text:
        data, findings = parse_yaml(f"v: {text}", "")
        if not findings and data == {"v": text}:
            return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Notes:
    """Comments for a record: ``eol[loc]`` after the value, ``before[loc]`` lines above the key."""

    eol: dict[Loc, str] = field(default_factory=dict)
    before: dict[Loc, list[str]] = field(default_factory=dict)
    blank_before: set[Loc] = field(default_factory=set)
    after: dict[Loc, list[str]] = field(default_factory=dict)


def _eol(notes: Notes, loc: Loc) -> str:
    text = notes.eol.get(loc)
    return f"  # {text}" if text else ""


def _emit_map(data: Mapping[str, Any], notes: Notes, indent: int, loc: Loc, out: list[str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        here = (*loc, key)
        if here in notes.blank_before:
            out.append("")
        for line in notes.before.get(here, []):
            out.append(f"{pad}# {line}" if line else f"{pad}#")
        lead = first_prefix if (i == 0 and first_prefix is not None) else pad
        if isinstance(value, Mapping):
            out.append(f"{lead}{key}:{_eol(notes, here)}")
            _emit_map(value, notes, indent + 2, here, out)
        elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
            out.append(f"{lead}{key}:{_eol(notes, here)}")
            for j, item in enumerate(value):
                _emit_map(item, notes, indent + 4, (*here, j), out, first_prefix=f"{pad}  - ")
        elif isinstance(value, list):
            if any((*here, j) in notes.eol for j in range(len(value))):
                out.append(f"{lead}{key}:{_eol(notes, here)}")
                for j, item in enumerate(value):
                    out.append(f"{pad}  - {scalar(item)}{_eol(notes, (*here, j))}")
            else:
                out.append(f"{lead}{key}: [{', '.join(scalar(v) for v in value)}]{_eol(notes, here)}")
        else:
            text = scalar(value)
            out.append(f"{lead}{key}:{' ' + text if text else ''}{_eol(notes, here)}")
        for line in notes.after.get(here, []):
            out.append(f"{pad}# {line}" if line else f"{pad}#")


def emit(data: Mapping[str, Any], notes: Notes | None = None, header: list[str] | None = None, trailer: list[str] | None = None) -> str:
    """``data`` (keys already in canonical order) as YAML text with ``header`` comment lines on top."""
    out = [f"# {line}" if not line.startswith("#") else line for line in (header or [])]
    _emit_map(data, notes or Notes(), 0, (), out)
    out.extend(trailer or [])
    return "\n".join(out) + "\n"
