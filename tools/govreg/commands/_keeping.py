"""Writing the files of ``--archive`` and ``--notices``: all or nothing, never over an office's edits."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..authoring.emit import emit
from ..engine import CHINA
from ..history import head_state
from ..loader import load_yaml_record
from ..models_supervision import ReportKind
from ..supervision.keeping import YamlDoc, archive, report_id


def write_all(root: Path, files: Mapping[str, bytes | YamlDoc], *, overwrite: bool) -> list[str]:
    """Write every file (temporary files first, then one rename each); returns the paths written.

    With ``overwrite=False`` a file that exists is left alone (a draft the office is already editing).
    """
    staged: list[tuple[str, Path, Path]] = []
    try:
        for rel, data in sorted(files.items()):
            target = root / rel
            if target.exists() and not overwrite:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data if isinstance(data, bytes) else emit(data.data, header=data.header).encode("utf-8"))
            os.chmod(tmp, 0o644)
            staged.append((rel, Path(tmp), target))
    except BaseException:
        for _, tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
        raise
    for _, tmp_path, target in staged:
        os.replace(tmp_path, target)
    return [rel for rel, _, _ in staged]


def archive_report(
    root: Path, kind: ReportKind, period: str, title: str, as_of: dt.date, files: Mapping[str, bytes], summary: Mapping[str, int]
) -> list[str]:
    """Archive a report under ``root/reports/<kind>/``, keeping ``public: true`` if the office set it already."""
    commit, dirty = head_state(root)
    record = root / "reports" / kind.value / f"{report_id(kind, period)}.yaml"
    keep_public = False
    if record.is_file():
        # the loader of every record (one loader everywhere, the file policy: no link followed, capped read)
        old = load_yaml_record(root, record.relative_to(root).as_posix())
        keep_public = isinstance(old.data, dict) and old.data.get("public") is True
    now = dt.datetime.now(CHINA)
    out = archive(kind, period, title, as_of, files, summary=summary, commit=commit, dirty=dirty, now=now, keep_public=keep_public)
    return write_all(root, out, overwrite=True)
