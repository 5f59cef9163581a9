"""The department guide (docs/guide/) followed as a new user would, from a fresh clone.

Every command shown in the guide is run and its output compared with what the
guide shows (``python tools/tests/guidesession.py --update`` rewrites the pages
after a deliberate change).  The end-to-end test registers a new account for an
existing unit and closes another in one clone, as the two pages describe, and
then checks the repository.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from guidesession import GUIDE, PAGES, clone, environment, normalise, origin, run_page

from conftest import REPO


def assert_page(page: str, root: Path) -> None:
    results = run_page(GUIDE / page, root)
    assert results, f"{page} 中没有命令"
    for command, expected, actual in results:
        assert normalise(actual) == normalise(expected), (
            f"{page}:命令 {command} 的输出与指南不一致(确认是有意的修改后,运行 python tools/tests/guidesession.py --update)"
        )


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample committed once per worker; every test works in its own clone of it."""
    return origin(tmp_path_factory.mktemp("guide") / "origin")


@pytest.mark.parametrize("page", PAGES)
def test_guide_page_shows_real_output(page: str, shared: Path, tmp_path: Path) -> None:
    assert_page(page, clone(shared, tmp_path / "clone"))


def check(root: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "govreg", "check", "--format", "json"], cwd=root, env=environment(), capture_output=True, text=True, check=False)
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_new_user_registers_an_account_and_closes_another(shared: Path, tmp_path: Path) -> None:
    work = clone(shared, tmp_path / "clone")
    assert_page("register-account.md", work)
    registered = "accounts/education-bureau/education-bureau-douyin.yaml"
    report = check(work)
    assert report["valid"] is True
    assert [f for f in report["findings"] if f["path"] == registered] == []

    assert_page("close-account.md", work)  # the next task, on its own branch from main
    closed = "accounts/public-security-bureau/public-security-bureau-kuaishou.yaml"
    report = check(work)
    assert report["valid"] is True
    assert [f for f in report["findings"] if f["path"] == closed] == []

    branches = subprocess.run(["git", "branch", "--format=%(refname:short)"], cwd=work, env=environment(), capture_output=True, text=True, check=True).stdout.split()
    assert sorted(branches) == ["close-police-kuaishou", "main", "register-education-douyin"]
    for branch, path in (("register-education-douyin", registered), ("close-police-kuaishou", closed)):
        changed = subprocess.run(
            ["git", "diff", "--name-only", f"main...{branch}"], cwd=work, env=environment(), capture_output=True, text=True, check=True
        ).stdout.split()
        assert changed == [path]  # each pull request changes exactly its one file


def test_every_guide_page_is_linked_from_the_index() -> None:
    index = (GUIDE / "index.md").read_text(encoding="utf-8")
    pages = sorted(p.name for p in GUIDE.glob("*.md") if p.name != "index.md")
    assert [p for p in pages if f"({p})" not in index] == []


def test_guide_is_in_the_site_navigation() -> None:
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "guide/index.md" in nav
