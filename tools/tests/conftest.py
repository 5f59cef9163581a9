"""Shared fixtures: copies of the sample tree, running the CLI, real git repositories."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from govreg.cli import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE_PARTS = ("units", "sites", "accounts", "content", "messages", "rectifications", "incidents", "opinions", "handovers", "reports", "config", "schemas")
TODAY = "2026-11-26"  # the sample data is judged as of this day unless a test says otherwise


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


def copy_sample(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
    return dest


@pytest.fixture
def sample_tree(tmp_path: Path) -> Path:
    """A private copy of the repository's sample data, safe to mutate."""
    return copy_sample(tmp_path / "repo")


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def check_json(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """``govreg check ROOT --format json`` end to end; returns (exit status, parsed report)."""
    code, out, err = run_cli("check", str(root), "--format", "json", *extra)
    assert "Traceback" not in err, err
    return code, json.loads(out)


def codes(report: dict[str, Any], severity: str | None = None) -> list[str]:
    return [f["code"] for f in report["findings"] if severity is None or f["severity"] == severity]


def flat(report: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    """frictionless-style flattened view: [(code, path, line), …]."""
    return [(f["code"], f["path"], f["line"]) for f in report["findings"]]


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a file, failing loudly when ``old`` is not there (so a mutation cannot silently miss)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


GIT_ENV = {
    "GIT_AUTHOR_NAME": "测试作者",
    "GIT_AUTHOR_EMAIL": "author@example.gov.cn",
    "GIT_COMMITTER_NAME": "测试提交者",
    "GIT_COMMITTER_EMAIL": "committer@example.gov.cn",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


class GitRepo:
    """A real git repository in a temporary folder, with fixed identities and dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tick = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ, **GIT_ENV}
        if date is None:
            self.tick += 1
            date = f"{1767196800 + self.tick * 60} +0800"
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True, text=True).stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, *, date: str | None = None) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "git")


@pytest.fixture
def git_sample(tmp_path: Path) -> GitRepo:
    """The sample tree committed as one commit in a real git repository, on the evening of TODAY."""
    repo = GitRepo(tmp_path / "git")
    copy_sample(repo.root)
    repo.commit("示例数据", date=f"{TODAY}T23:00:00+08:00")
    return repo


Mutator = Callable[[Path], None]


@pytest.fixture
def mutated() -> Iterator[Callable[[Path, Mutator], tuple[int, dict[str, Any]]]]:
    def apply(root: Path, change: Mutator) -> tuple[int, dict[str, Any]]:
        change(root)
        return check_json(root)

    yield apply


def local_only(context: Any) -> list[str]:
    """Route every request of a Playwright browser ``context``: 127.0.0.1 goes through, anything else is aborted
    and recorded in the returned list (tests assert it stays empty)."""
    from urllib.parse import urlsplit

    outside: list[str] = []

    def route(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    return outside
