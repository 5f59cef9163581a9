"""``govreg site --emit DIR``: the site as plain Markdown files, for any static site generator.

The renderer (:func:`govreg.site.render_pages`) knows nothing of MkDocs; this
writes its pages, merged with the registry's hand-written pages under
``docs/`` exactly as the MkDocs plugin merges them, so the registry can move
to another generator without touching the renderer.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

# A hand-written page may hold this marker: the generated page of the same path is inserted there.
MARKER = "<!-- govreg:generated -->"
# Written into an emitted folder, so that a later --emit may replace it (and nothing else).
STAMP = ".govreg-emit"


class EmitError(ValueError):
    """The pages cannot be written (the message is Chinese, for the user)."""


def without_title(markdown: str) -> str:
    """The generated page without its front matter and first heading (the hand-written page has its own)."""
    lines = markdown.split("\n")
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        lines = lines[end + 1 :]
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[:i] + lines[i + 1 :]).strip() + "\n"
        if line.strip():
            break
    return "\n".join(lines)


def merge(generated: str, written: str, path: str) -> str:
    """A hand-written page with the generated page of the same path inserted at :data:`MARKER`."""
    if MARKER not in written:
        raise EmitError(f"docs/{path} 与生成的页面同名；请改名，或在其中写入 {MARKER} 以插入生成的内容。")
    return written.replace(MARKER, without_title(generated))


def site_pages(pages: Mapping[str, str], docs: Path | None) -> dict[str, str | Path]:
    """Every file of the site: generated pages (text) merged with the hand-written ``docs`` (paths to copy).

    ``docs/dev/`` (developer notes) is not published.
    """
    out: dict[str, str | Path] = dict(pages)
    if docs is None or not docs.is_dir():
        return out
    for file in sorted(docs.rglob("*")):
        rel = file.relative_to(docs).as_posix()
        if not file.is_file() or rel.startswith("dev/"):
            continue
        if rel in pages:
            out[rel] = merge(pages[rel], file.read_text(encoding="utf-8"), rel)
        else:
            out[rel] = file
    return out


def emit(files: Mapping[str, str | Path], target: Path) -> int:
    """Write ``files`` into ``target`` all at once: into a fresh folder first, then moved in place.

    ``target`` must be absent, empty, or an earlier emit (it holds :data:`STAMP`); nothing is half-written.
    """
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / STAMP).is_file())):
        raise EmitError(f"{target} 已存在且不是 govreg site --emit 生成的目录；请指定一个新目录。")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".govreg-emit-", dir=target.parent))
    try:
        for rel, content in files.items():
            out = staging / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, out)
            else:
                out.write_bytes(content.encode("utf-8"))  # exactly: CSV keeps its \r\n
        (staging / STAMP).write_text("govreg site --emit\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)
