"""The benchmark's synthetic-data generator: its trees pass ``govreg check`` and are deterministic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import check_json

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate, git_env  # noqa: E402

SMALL = {"units": 5, "accounts": 20, "sites": 2, "content": 50}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def test_generated_tree_passes_check(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate(root, seed=0, **SMALL)
    code, report = check_json(root)
    assert report["findings"] == []
    assert code == 0
    stats = report["stats"]
    assert (stats["units"], stats["accounts"], stats["sites"], stats["content"]) == (5, 20, 2, 50)


def test_generated_tree_with_history_passes_check(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate(root, seed=3, commits=80, **SMALL)
    log = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True, env=git_env())
    assert log.stdout.strip() == "80"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True, env=git_env())
    assert status.stdout == ""  # the history ends in exactly the generated tree
    code, report = check_json(root)
    assert report["findings"] == []
    assert code == 0


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=7, **SMALL)
    generate(tmp_path / "b", seed=7, **SMALL)
    generate(tmp_path / "c", seed=8, **SMALL)
    a, b, c = (_files(tmp_path / name) for name in "abc")
    assert a == b
    assert a != c
    assert sum(1 for path in a if path.startswith("content/") and path.endswith(".md")) == 50


def test_same_seed_same_commits(tmp_path: Path) -> None:
    heads = []
    for name in ("a", "b"):
        generate(tmp_path / name, seed=1, commits=30, **SMALL)
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path / name, capture_output=True, text=True, check=True, env=git_env())
        heads.append(head.stdout.strip())
    assert heads[0] == heads[1]


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError):
        generate(tmp_path, seed=0, **SMALL)
