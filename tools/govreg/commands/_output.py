"""Writing a command's output: to the screen, or atomically to a file (not a subcommand)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_output(text: str, output: str | None) -> None:
    if not output:
        sys.stdout.write(text)
        return
    write_bytes(text.encode("utf-8"), output)


def write_bytes(data: bytes, output: str) -> None:
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
