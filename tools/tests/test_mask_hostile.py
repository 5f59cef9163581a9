"""``govreg mask --write`` on hostile files (issue 12): links, read-only files, link targets with digits."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import run_cli

ID = "640302199001010016"
MOBILE = "13800008000"


def test_mask_write_refuses_a_symlink_and_leaves_it_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(f"电话 {MOBILE}\n", encoding="utf-8")
    folder = tmp_path / "content"
    folder.mkdir()
    link = folder / "a.md"
    link.symlink_to(outside)
    for target in (folder, link):
        code, out, _ = run_cli("mask", str(target), "--write")
        assert code == 1
        assert "符号链接，未处理" in out
        assert link.is_symlink() and os.readlink(link) == str(outside)
        assert outside.read_text(encoding="utf-8") == f"电话 {MOBILE}\n"


def test_mask_write_does_not_rewrite_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"电话 {MOBILE}\n", encoding="utf-8")
    os.chmod(path, 0o444)
    code, out, _ = run_cli("mask", str(path), "--write")
    assert code == 1
    assert "只读文件，未改写" in out
    assert path.read_text(encoding="utf-8") == f"电话 {MOBILE}\n"
    assert path.stat().st_mode & 0o777 == 0o444


def test_mask_keeps_link_targets_whose_names_contain_digits(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    text = (
        f"见附件[1],联系电话 {MOBILE}。\n\n"
        f"[1]: files/{MOBILE}.pdf\n"
        f"  [名单]: <files/{ID}.xlsx>\n"
        f'<a href="files/{MOBILE}.doc">下载</a> ![图](img/{MOBILE}.png)\n'
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("mask", str(path), "--write")
    assert code == 0, out
    assert path.read_text(encoding="utf-8") == text.replace(f"联系电话 {MOBILE}", "联系电话 138****8000")


def test_mask_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "a.md"
    os.mkfifo(fifo)
    code, out, _ = run_cli("mask", str(tmp_path), "--write")
    assert code == 1 and "命名管道" in out
