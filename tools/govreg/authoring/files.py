"""Files: the repository root, record paths, the schema line for editors, atomic writes (:func:`govreg.filepolicy.atomic_write`)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..filepolicy import atomic_write
from .errors import UserError

__all__ = ["DATA_FOLDERS", "SCHEMA_FILES", "atomic_write", "read_record_text", "relative", "repository_root", "schema_line"]

#: The JSON Schema of each YAML record kind, for the ``# yaml-language-server: $schema=`` line.
SCHEMA_FILES = {"unit": "unit.schema.json", "site": "site.schema.json", "account": "account.schema.json"}
DATA_FOLDERS = ("units", "sites", "accounts", "content", "messages", "rectifications", "incidents", "opinions", "handovers", "reports")


def repository_root(start: Path) -> Path:
    """The repository root: ``start`` itself when it holds the data folders or ``config/govreg.yaml``."""
    root = start.resolve()
    if (root / "config" / "govreg.yaml").is_file() or (root / "units").is_dir():
        return root
    raise UserError(
        f"{start} 不是登记库的根目录（没有 units/ 目录，也没有 config/govreg.yaml）",
        "请先进入仓库根目录（含 units/、accounts/ 的目录）再运行，或用 --root 指定仓库路径。",
    )


def schema_line(kind: str, rel: str) -> str | None:
    """``# yaml-language-server: $schema=../schemas/x.schema.json`` for a record at ``rel`` (``None`` for Markdown)."""
    name = SCHEMA_FILES.get(kind)
    if name is None:
        return None
    depth = len(PurePosixPath(rel).parts) - 1
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{name}"


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` in POSIX form; a :class:`UserError` when it is outside."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UserError(f"{path} 不在仓库 {root} 之内", "请给出仓库中的文件路径，或用 --root 指定它所在的仓库。") from None


def read_record_text(path: Path, rel: str) -> str:
    """A record file's text (UTF-8, a BOM dropped); a :class:`UserError` telling how to fix anything else."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"找不到文件 {rel}", "请检查路径和文件名的拼写（可用 ls 或文件管理器查看）。") from None
    except OSError as exc:
        raise UserError(f"无法读取 {rel}：{exc.strerror}", "请检查文件权限，或关闭正在占用它的程序后重试。") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(
            f"{rel} 不是 UTF-8 编码",
            "请用编辑器把文件“另存为”UTF-8 编码（VS Code：右下角编码 → 通过编码保存 → UTF-8）后重试。",
        ) from None
