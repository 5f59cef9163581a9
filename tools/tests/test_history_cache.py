"""The incremental history cache (``read_history(..., cache_dir=...)``): always the same result as a full read.

Real git repositories in tmp_path.  A spy on ``govreg.history._run`` tells how each read was
answered: ``warm`` (no ``git log``), ``incremental`` (``git log <cached>..<tip>``) or ``full``.
"""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreg import history as history_module
from govreg.context import Context
from govreg.history import History, read_history
from govreg.repository import load_repository

from conftest import GitRepo

FrontMatterMode = bool | Literal["lazy"]
COLUMNS = ("新闻动态", "通知公告", "政策文件")
WORDS = ("全市", "各部门", "认真贯彻", "落实", "安全生产", "专项检查", "政务公开", "信息发布", "审核", "群众", "服务", "推进")


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user/system git config and no repository above tmp_path for the reads either."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


class Spy:
    """Records the git subcommands read_history runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[list[str]] = []
        real = history_module._run

        def run(git: str, cwd: Path, args: Sequence[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
            self.calls.append(list(args))
            return real(git, cwd, args, stdin)

        monkeypatch.setattr(history_module, "_run", run)

    def take(self) -> list[list[str]]:
        calls, self.calls = self.calls, []
        return calls

    def mode(self) -> str:
        """How the last read was answered, from the ``git log`` it ran (if any)."""
        logs = [c for c in self.take() if c[0] == "log"]
        if not logs:
            return "warm"
        assert len(logs) == 1, logs
        revision = logs[0][logs[0].index("--end-of-options") + 1]
        return "incremental" if ".." in revision else "full"


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Spy:
    return Spy(monkeypatch)


def item(title: str, body: str, published_at: str = "2026-03-01T09:30:00+08:00") -> str:
    return f"---\ntitle: {title}\npublished_at: {published_at}\nsource:\n  name: 吴忠市人民政府办公室\n---\n\n{body}\n"


def snapshot(h: History) -> dict[str, Any]:
    """Everything a history tells, front matter included when it was read."""
    view: dict[str, Any] = {
        "flags": (h.available, h.shallow, h.truncated, h.complete, h.reason),
        "commits": h.commits,
        "changes": h.changes,
        "files": h.files,
        "current": dict(h._current),
        "by_name": {k: list(v) for k, v in h._by_name.items()},
    }
    if h.front_matter_loaded:
        view["front_matter"] = [(h.front_matter_at(c), h.front_matter_problem(c)) for c in h.changes]
    return view


def assert_same(cached: History, fresh: History) -> None:
    got, want = snapshot(cached), snapshot(fresh)
    for key in want:
        assert got[key] == want[key], key


def cache_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def state_files(folder: Path) -> list[str]:
    """The whole-history files (not the front matter, not the deltas)."""
    return [n for n in cache_files(folder) if not n.endswith((".fm.pickle", ".delta.pickle"))]


# ---------------------------------------------------------------------------
# random histories


class RandomHistory:
    """Random adds, edits, renames (with and without edits), moves, swaps, deletes, re-adds and
    commits outside ``content/``, as commits, --no-ff merges, force-pushes and amends."""

    def __init__(self, repo: GitRepo, rng: random.Random) -> None:
        self.repo, self.rng = repo, rng
        self.serial = 0
        self.deleted: list[str] = []
        self.main_commits = 0

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.repo.root).as_posix() for p in (self.repo.root / "content").rglob("*.md"))

    def text(self) -> str:
        return "".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(20, 40))) + "。"

    def change(self, *, outside: bool = True) -> None:
        """One random operation on the work tree."""
        rng, files = self.rng, self.files()
        ops = ["add"] * 3 + (["edit", "edit", "rename", "move", "delete", "swap"] if len(files) >= 2 else []) + (["readd"] if self.deleted else [])
        if outside:
            ops.append("outside")
        op = rng.choice(ops)
        if op == "add":
            self.serial += 1
            self.repo.write(f"content/{rng.choice(COLUMNS)}/{self.serial}.md", item(f"通知{self.serial}", self.text()))
        elif op == "readd":
            path = rng.choice(self.deleted)
            if not (self.repo.root / path).exists():
                self.repo.write(path, item("重新发布", self.text()))
        elif op == "edit":
            path = self.repo.root / rng.choice(files)
            old = path.read_text(encoding="utf-8")
            new = old.replace("09:30", "10:45") if rng.random() < 0.3 else old + self.text() + "\n"
            path.write_text(new, encoding="utf-8")
        elif op in ("rename", "move"):
            old_path = rng.choice(files)
            column = old_path.split("/")[1] if op == "rename" else rng.choice(COLUMNS)
            self.serial += 1
            new_path = f"content/{column}/renamed-{self.serial}.md"
            (self.repo.root / new_path).parent.mkdir(parents=True, exist_ok=True)
            (self.repo.root / old_path).rename(self.repo.root / new_path)
            if rng.random() < 0.5:  # a rename with an edit
                target = self.repo.root / new_path
                target.write_text(target.read_text(encoding="utf-8") + "补充一句。\n", encoding="utf-8")
        elif op == "delete":
            path = rng.choice(files)
            (self.repo.root / path).unlink()
            self.deleted.append(path)
        elif op == "swap":
            a, b = rng.sample(files, 2)
            pa, pb = self.repo.root / a, self.repo.root / b
            ta, tb = pa.read_text(encoding="utf-8"), pb.read_text(encoding="utf-8")
            pa.write_text(tb, encoding="utf-8")
            pb.write_text(ta, encoding="utf-8")
        else:
            self.repo.write(f"accounts/u{rng.randint(1, 3)}.yaml", f"name: 账号{self.rng.randint(1, 999)}\n")

    def commit(self, *, outside: bool = True) -> None:
        for _ in range(self.rng.randint(1, 3)):
            self.change(outside=outside)
        self.repo.commit(f"修改 (#{self.rng.randint(1, 99)})" if self.rng.random() < 0.3 else "修改")

    def event(self) -> str:
        """One batch of history; returns its kind."""
        rng = self.rng
        kinds = ["commits", "commits", "merge", "none"] + (["rewrite", "amend"] if self.main_commits >= 2 else [])
        kind = rng.choice(kinds)
        if kind == "commits":
            for _ in range(rng.randint(1, 4)):
                self.commit()
                self.main_commits += 1
        elif kind == "merge":
            self.repo.git("checkout", "-q", "-b", "side")
            for _ in range(rng.randint(1, 2)):
                self.commit(outside=False)  # the side branch stays out of accounts/: no conflicts
            self.repo.git("checkout", "-q", "main")
            if rng.random() < 0.5:  # main moved on meanwhile (outside content/)
                self.repo.write("accounts/main.yaml", f"name: 主干{rng.randint(1, 999)}\n")
                self.repo.commit("主干")
                self.main_commits += 1
            self.repo.git("merge", "-q", "--no-ff", "side", "-m", f"Merge pull request #{rng.randint(1, 99)} from wz/side")
            self.repo.git("branch", "-q", "-D", "side")
            self.main_commits += 1
        elif kind == "rewrite":  # force-push: drop some commits, add others
            back = rng.randint(1, self.main_commits - 1)
            self.repo.git("reset", "-q", "--hard", f"HEAD~{back}")
            self.main_commits -= back
            for _ in range(rng.randint(1, 3)):
                self.commit()
                self.main_commits += 1
        elif kind == "amend":
            self.change()
            self.repo.git("add", "-A")
            self.repo.git("commit", "-q", "--amend", "--allow-empty", "-m", "修改(已修订)")
        return kind


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    rng=st.randoms(use_true_random=False),
    paths=st.sampled_from([("content",), ("content", "accounts"), ("content/新闻动态",)]),
    first_parent=st.booleans(),
    front_matter=st.sampled_from([False, True, "lazy"]),
)
def test_cached_read_equals_full_read_over_random_histories(
    tmp_path: Path, spy: Spy, rng: random.Random, paths: tuple[str, ...], first_parent: bool, front_matter: FrontMatterMode
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as scratch:
        repo = GitRepo(Path(scratch) / "repo")
        cache = Path(scratch) / "cache"
        walker = RandomHistory(repo, rng)
        walker.commit()
        walker.main_commits = 1
        for step in range(6):
            kind = "first" if step == 0 else walker.event()
            spy.take()
            cached = read_history(repo.root, paths, first_parent=first_parent, with_front_matter=front_matter, cache_dir=cache)
            mode = spy.mode()
            fresh = read_history(repo.root, paths, first_parent=first_parent, with_front_matter=front_matter)
            spy.take()
            assert_same(cached, fresh)
            expected = {
                "first": "full",
                "none": "warm",
                "commits": "incremental" if first_parent else "full",
                "merge": "incremental" if first_parent else "full",
                "rewrite": "full",
                "amend": "full",
            }[kind]
            assert mode == expected, (step, kind)
            # one history file (with at most one delta and one front-matter file) for this family
            assert len(state_files(cache)) == 1 and len(cache_files(cache)) <= 3


# ---------------------------------------------------------------------------
# specific cases


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("content/a.md", item("甲", "正文一。"))
    repo.commit("一")
    repo.write("content/b.md", item("乙", "正文二。"))
    repo.commit("二")
    return repo


def read(repo: GitRepo, cache: Path | None, **kwargs: Any) -> History:
    return read_history(repo.root, ("content",), cache_dir=cache, **kwargs)


def test_tip_unchanged_runs_no_git_log(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    first = read(repo, cache)
    assert spy.mode() == "full"
    again = read(repo, cache)
    assert spy.mode() == "warm"
    assert_same(again, first)


def test_new_commits_are_read_incrementally(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    read(repo, cache)
    old_tip = repo.git("rev-parse", "HEAD").strip()
    (repo.root / "content/moved").mkdir()
    repo.git("mv", "content/a.md", "content/moved/a.md")
    repo.commit("移动")
    repo.write("content/b.md", item("乙", "改正文。"))
    new_tip = repo.commit("改")
    spy.take()
    h = read(repo, cache)
    logs = [c for c in spy.take() if c[0] == "log"]
    assert [c[c.index("--end-of-options") + 1] for c in logs] == [f"{old_tip}..{new_tip}"]
    assert_same(h, read(repo, None))
    assert [c.status for c in h.changes_for("content/moved/a.md")] == ["A", "R"]


def test_few_new_commits_write_only_a_delta(repo: GitRepo, tmp_path: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    read(repo, cache)
    (state,) = [cache / n for n in state_files(cache)]
    written = state.read_bytes()
    for n in range(3):
        repo.write(f"content/n{n}.md", item(f"第{n}条", "正文。"))
        repo.commit(f"第{n}条")
        spy.take()
        h = read(repo, cache)
        assert spy.mode() == "incremental"  # from the state plus the delta's tip
        assert_same(h, read(repo, None))
    assert state.read_bytes() == written
    (delta,) = [p for p in cache.iterdir() if p.name.endswith(".delta.pickle")]
    spy.take()
    read(repo, cache)
    assert spy.mode() == "warm"
    # a corrupt delta: the state alone, then the commits since its tip
    delta.write_bytes(delta.read_bytes()[:-20])
    h = read(repo, cache)
    assert spy.mode() == "incremental"
    assert_same(h, read(repo, None))
    # a delta grown past the limit: the state is rewritten, the delta removed
    monkeypatch.setattr(history_module, "_DELTA_LIMIT", 0)
    repo.write("content/last.md", item("最后", "正文。"))
    repo.commit("最后")
    spy.take()
    h = read(repo, cache)
    assert spy.mode() == "incremental"
    assert state.read_bytes() != written and not delta.exists()
    assert_same(h, read(repo, None))
    spy.take()
    read(repo, cache)
    assert spy.mode() == "warm"


def test_force_pushed_branch_is_read_in_full(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    repo.write("content/c.md", item("丙", "将被改写。"))
    repo.commit("三")
    read(repo, cache)
    repo.git("reset", "-q", "--hard", "HEAD~2")
    repo.write("content/d.md", item("丁", "改写后的历史。"))
    repo.commit("三(改写)")
    spy.take()
    h = read(repo, cache)
    assert spy.mode() == "full"
    assert_same(h, read(repo, None))
    assert h.file("content/c.md") is None and h.file("content/b.md") is None
    spy.take()
    read(repo, cache)
    assert spy.mode() == "warm"  # the rewritten cache


def test_amended_tip_is_read_in_full(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    read(repo, cache)
    repo.write("content/b.md", item("乙", "修订后的正文。"))
    repo.git("add", "-A")
    repo.git("commit", "-q", "--amend", "-m", "二(修订)")
    spy.take()
    h = read(repo, cache, with_front_matter=True)
    assert spy.mode() == "full"
    assert_same(h, read(repo, None, with_front_matter=True))
    assert [c.commit.subject for c in h.changes_for("content/b.md")] == ["二(修订)"]


def test_merge_commit_extends_the_first_parent_chain(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    read(repo, cache)
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("content/e.md", item("戊", "分支上新增。"))
    repo.commit("新增戊")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #7 from wz/feature")
    spy.take()
    h = read(repo, cache)
    assert spy.mode() == "incremental"
    assert_same(h, read(repo, None))
    added = h.first_added("content/e.md")
    assert added is not None and added.commit.pr_number == 7 and added.commit.is_merge


def test_cached_tip_reachable_only_through_a_second_parent_is_read_in_full(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    """The cache was written on a feature branch; main then merged it: the cached tip is an
    ancestor of main but not on its first-parent chain, so replaying it would add the branch's commits."""
    cache = tmp_path / "cache"
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("content/e.md", item("戊", "分支上新增。"))
    repo.commit("新增戊")
    repo.write("content/e.md", item("戊", "分支上再改。"))
    repo.commit("再改戊")
    read(repo, cache)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #8 from wz/feature")
    spy.take()
    h = read(repo, cache)
    assert spy.mode() == "full"
    fresh = read(repo, None)
    assert_same(h, fresh)
    assert [c.commit.subject for c in h.changes_for("content/e.md")] == ["Merge pull request #8 from wz/feature"]


def test_first_parent_false_reuses_only_an_unchanged_tip(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    read(repo, cache, first_parent=False)
    spy.take()
    read(repo, cache, first_parent=False)
    assert spy.mode() == "warm"
    repo.write("content/c.md", item("丙", "新增。"))
    repo.commit("三")
    h = read(repo, cache, first_parent=False)
    assert spy.mode() == "full"
    assert_same(h, read(repo, None, first_parent=False))


def test_cached_tip_missing_from_the_repository(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    """A cache folder shared with another repository (or kept after a gc): its tip is unknown here."""
    cache = tmp_path / "cache"
    other = GitRepo(tmp_path / "other")
    other.write("content/x.md", item("别的仓库", "无关的历史。"))
    other.commit("别的")
    read_history(other.root, ("content",), cache_dir=cache)
    spy.take()
    h = read(repo, cache)
    assert spy.mode() == "full"
    assert_same(h, read(repo, None))


def valid_state_of_other_version(repo: GitRepo, cache: Path) -> bytes:
    read(repo, cache)
    (path,) = [p for p in cache.iterdir() if p.name.endswith(".pickle")]
    state = history_module._read_cache_file(path)
    assert isinstance(state, history_module._CacheState)
    state.version = 0
    return pickle.dumps(state)


class _Evil:
    def __reduce__(self) -> tuple[Callable[..., object], tuple[str, ...]]:
        return (os.system, ("touch PWNED",))


CORRUPTIONS: dict[str, Callable[[GitRepo, Path, bytes], bytes]] = {
    "garbage": lambda repo, cache, good: os.urandom(4096),
    "empty": lambda repo, cache, good: b"",
    "truncated": lambda repo, cache, good: good[: len(good) // 2],
    "flipped": lambda repo, cache, good: good[:100] + bytes([good[100] ^ 0xFF]) + good[101:],
    "wrong type": lambda repo, cache, good: pickle.dumps({"tip": "0" * 40, "walk": []}),
    "wrong version": lambda repo, cache, good: valid_state_of_other_version(repo, cache),
    "foreign callable": lambda repo, cache, good: pickle.dumps(_Evil()),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_corrupt_cache_file_is_ignored_and_rewritten(repo: GitRepo, tmp_path: Path, spy: Spy, corruption: str) -> None:
    cache = tmp_path / "cache"
    read(repo, cache)
    (path,) = [p for p in cache.iterdir()]
    bad = CORRUPTIONS[corruption](repo, cache, path.read_bytes())
    path.write_bytes(bad)
    spy.take()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        h = read(repo, cache)
    finally:
        os.chdir(cwd)
    assert not (tmp_path / "PWNED").exists()
    assert spy.mode() == "full"
    assert_same(h, read(repo, None))
    assert path.read_bytes() != bad  # rewritten …
    spy.take()
    read(repo, cache)
    assert spy.mode() == "warm"  # … and good again


def test_corrupt_front_matter_file_is_ignored(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    read(repo, cache, with_front_matter=True)
    (fm_path,) = [p for p in cache.iterdir() if p.name.endswith(".fm.pickle")]
    for bad in (b"\x80\x05garbage", pickle.dumps(("key", {"blob": "not a pair"})), pickle.dumps([1, 2, 3])):
        fm_path.write_bytes(bad)
        h = read(repo, cache, with_front_matter=True)
        assert_same(h, read(repo, None, with_front_matter=True))
        assert fm_path.read_bytes() != bad


def test_front_matter_is_cached_by_blob(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    h = read(repo, cache, with_front_matter="lazy")
    assert h.front_matter_at(h.changes[0]) == {"title": "甲", "published_at": "2026-03-01T09:30:00+08:00", "source": {"name": "吴忠市人民政府办公室"}}
    assert any(c[0] == "cat-file" for c in spy.take())
    for mode in ("lazy", True):
        again = read(repo, cache, with_front_matter=mode)  # type: ignore[arg-type]
        assert_same(again, read(repo, None, with_front_matter=mode))  # type: ignore[arg-type]
    # the reads with the cache asked git for no blob: only the fresh reads did
    spy.take()
    warm = read(repo, cache, with_front_matter=True)
    assert [c for c in spy.take() if c[0] == "cat-file"] == []
    assert warm.front_matter_at(warm.changes[1]) is not None
    # a new revision: only its blob is read
    repo.write("content/a.md", item("甲", "改了正文。"))
    repo.commit("改甲")
    newer = read(repo, cache, with_front_matter=True)
    (cat,) = [c for c in spy.take() if c[0] == "cat-file"]
    assert cat[:2] == ["cat-file", "--batch"]
    assert_same(newer, read(repo, None, with_front_matter=True))


def test_lazy_history_reads_the_front_matter_file_only_when_asked(repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    read(repo, cache, with_front_matter=True)  # both files written
    opened: list[str] = []
    real = history_module._read_cache_file

    def spy_read(path: Path) -> object:
        opened.append(path.name)
        return real(path)

    monkeypatch.setattr(history_module, "_read_cache_file", spy_read)
    h = read(repo, cache, with_front_matter="lazy")
    assert opened != [] and not any(n.endswith(".fm.pickle") for n in opened)
    h.load_front_matter(h.changes[:1])
    assert opened[-1].endswith(".fm.pickle")
    assert h._requested == {c.blob for c in h.changes}  # every blob came from the file: none asked of git
    assert_same(h, read(repo, None, with_front_matter="lazy"))


def test_unwritable_cache_dir_is_ignored(repo: GitRepo, tmp_path: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    h = read(repo, blocked / "cache", with_front_matter=True)  # mkdir fails
    assert_same(h, read(repo, None, with_front_matter=True))

    def refuse(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Read-only file system")

    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("mkstemp", "replace"):
        with monkeypatch.context() as patch:
            patch.setattr(history_module.tempfile if name == "mkstemp" else history_module.os, name, refuse)
            h = read(repo, cache, with_front_matter="lazy")
            assert_same(h, read(repo, None, with_front_matter="lazy"))
        assert cache_files(cache) == []  # no file, no temporary left behind


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_cache_dir_is_still_read(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    cache = tmp_path / "cache"
    read(repo, cache)
    cache.chmod(0o555)
    try:
        spy.take()
        read(repo, cache)
        assert spy.mode() == "warm"
        repo.write("content/c.md", item("丙", "新增。"))
        repo.commit("三")
        h = read(repo, cache)
        assert spy.mode() == "incremental"
        assert_same(h, read(repo, None))
    finally:
        cache.chmod(0o755)


def test_shallow_clone_and_deepened_clone(repo: GitRepo, tmp_path: Path, spy: Spy) -> None:
    for n in range(3):
        repo.write(f"content/n{n}.md", item(f"第{n}条", "正文。"))
        repo.commit(f"第{n}条")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True)
    cache = tmp_path / "cache"
    shallow = read_history(clone, ("content",), cache_dir=cache)
    assert shallow.shallow is True
    assert_same(shallow, read_history(clone, ("content",)))
    spy.take()
    read_history(clone, ("content",), cache_dir=cache)
    assert spy.mode() == "warm"
    # the same tip, another boundary: never answered from the cache
    subprocess.run(["git", "fetch", "-q", "--deepen", "2"], cwd=clone, check=True)
    spy.take()
    deeper = read_history(clone, ("content",), cache_dir=cache)
    assert spy.mode() == "full"
    assert_same(deeper, read_history(clone, ("content",)))
    subprocess.run(["git", "fetch", "-q", "--unshallow"], cwd=clone, check=True)
    spy.take()
    whole = read_history(clone, ("content",), cache_dir=cache)
    assert spy.mode() == "full"
    assert whole.shallow is False and whole.complete
    assert_same(whole, read_history(clone, ("content",)))


def test_cache_of_another_code_fingerprint_is_not_used(repo: GitRepo, tmp_path: Path, spy: Spy, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    read(repo, cache, with_front_matter=True)
    before = cache_files(cache)
    monkeypatch.setattr(history_module, "_code_fingerprint", lambda: "another govreg")
    spy.take()
    h = read(repo, cache, with_front_matter=True)
    assert spy.mode() == "full"
    assert_same(h, read(repo, None, with_front_matter=True))
    after = cache_files(cache)
    assert len(after) == 2 and set(after).isdisjoint(before)  # the other fingerprint's files were replaced


def test_one_cache_file_per_family(repo: GitRepo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    read_history(repo.root, ("content",), cache_dir=cache)
    read_history(repo.root, ("content", "accounts"), cache_dir=cache)
    read_history(repo.root, ("content",), first_parent=False, cache_dir=cache)
    assert len(cache_files(cache)) == 3
    for n in range(3):
        repo.write(f"content/n{n}.md", item(f"第{n}条", "正文。"))
        repo.commit(f"第{n}条")
        read_history(repo.root, ("content",), cache_dir=cache)
    assert len(state_files(cache)) == 3 and len(cache_files(cache)) == 4  # + the delta of ("content",)
    stale = cache / f"{cache_files(cache)[0]}.123.tmp"
    stale.write_bytes(b"left by a writer that died")
    os.utime(stale, (1, 1))
    repo.write("content/late.md", item("后来", "正文。"))
    repo.commit("后来")
    for paths in (("content",), ("content", "accounts")):
        read_history(repo.root, paths, cache_dir=cache)
    assert not stale.exists()
    assert len(state_files(cache)) == 3


def test_since_and_unavailable_histories_write_no_cache(repo: GitRepo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    read(repo, cache, since="2000-01-01")
    read_history(tmp_path / "not-a-repo", ("content",), cache_dir=cache)
    empty = GitRepo(tmp_path / "empty")
    h = read_history(empty.root, ("content",), cache_dir=cache)
    assert h.available and h.commits == ()
    read(repo, cache, rev="no-such-branch")
    assert cache_files(cache) == []


def test_subfolder_root_has_its_own_family(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("site/content/a.md", item("子目录", "正文。"))
    repo.commit("子目录")
    cache = tmp_path / "cache"
    top = read_history(repo.root, ("content",), cache_dir=cache)
    sub = read_history(repo.root / "site", ("content",), cache_dir=cache)
    assert_same(sub, read_history(repo.root / "site", ("content",)))
    assert_same(top, read_history(repo.root, ("content",)))
    assert [c.path for c in sub.changes] == ["content/a.md"]
    assert len(cache_files(cache)) == 2


def test_context_passes_its_cache_dir(tmp_path: Path, git_sample: GitRepo) -> None:
    repo = load_repository(git_sample.root)
    assert Context(repo).cache_dir is None
    cache = tmp_path / "ctx-cache"
    with_cache = Context(repo, cache_dir=cache).history
    assert state_files(cache) != []
    assert_same(with_cache, Context(repo).history)


def test_context_without_cache_dir_writes_nothing(tmp_path: Path, git_sample: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real = history_module._HistoryStore.open

    def spy_open(*args: Any, **kwargs: Any) -> Any:
        seen.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(history_module._HistoryStore, "open", spy_open)
    Context(load_repository(git_sample.root)).history  # noqa: B018
    assert seen == []

