"""``git cat-file --batch`` answers read one way everywhere (history, cache, gate): a name asked that git
does not have, and that holds spaces or a type's name, is a missing object, not a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from govreg.cache import ids_at
from govreg.gate.gitio import read_blobs
from govreg.history import cat_file_answers


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "r"
    root.mkdir()
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    (root / "units").mkdir()
    (root / "units" / "a b.yaml").write_text("id: a-b\nname: 甲乙\n", encoding="utf-8")
    (root / "x").write_text("内容\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    return root


def test_missing_names_with_spaces_are_missing(repo: Path) -> None:
    asked = [("HEAD", "x"), ("HEAD", "no such.yaml"), ("HEAD", "x blob"), ("HEAD", "units/a b.yaml"), ("HEAD", "y 12")]
    assert read_blobs(repo, asked) == {("HEAD", "x"): "内容\n".encode(), ("HEAD", "units/a b.yaml"): "id: a-b\nname: 甲乙\n".encode()}


def test_ids_at_reads_names_with_spaces(repo: Path) -> None:
    assert ids_at(repo, "HEAD", ["units/a b.yaml", "units/gone blob.yaml", "units/a\nb.yaml"]) == {
        "units/a b.yaml": "a-b", "units/gone blob.yaml": None, "units/a\nb.yaml": None,
    }


def test_answers_in_order() -> None:
    out = b"abc blob 3\nxyz\nHEAD:a b missing\nHEAD:x blob missing\ndef tree 0\n\n"
    assert list(cat_file_answers(out)) == [(b"abc", b"xyz"), (b"HEAD:a b", None), (b"HEAD:x blob", None), (b"def", b"")]
