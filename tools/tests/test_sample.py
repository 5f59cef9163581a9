"""The repository's own sample data passes `govreg check`, as files and as a real git history."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, GitRepo, check_json


def test_repository_itself_is_clean() -> None:
    code, report = check_json(REPO)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert (code, errors) == (0, [])
    stats = report["stats"]
    assert stats["units"] >= 20 and stats["sites"] == 6 and stats["accounts"] >= 25 and stats["content"] >= 40


def test_sample_in_git_history_is_clean(git_sample: GitRepo) -> None:
    code, report = check_json(git_sample.root)
    assert code == 0, [f for f in report["findings"] if f["severity"] == "error"]


def test_sample_covers_every_lifecycle_state(sample_tree: Path) -> None:
    statuses = {p.read_text(encoding="utf-8").split("status: ", 1)[1].split()[0] for p in (sample_tree / "accounts").rglob("*.yaml")}
    assert statuses == {"active", "closed", "cancelled"}
    platforms = {p.read_text(encoding="utf-8").split("platform: ", 1)[1].split()[0] for p in (sample_tree / "accounts").rglob("*.yaml")}
    assert len(platforms) >= 6
