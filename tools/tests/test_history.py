"""Tests for govreg.history: real git repositories in tmp_path, fixed identities and dates."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from govreg.history import FrontMatterProblem, History, parse_front_matter, parse_pr_number, read_history

CST = timezone(timedelta(hours=8))


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user/system git config, no repository above tmp_path, fixed identities."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.setenv("GIT_AUTHOR_NAME", "张三")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "zhangsan@wuzhong.gov.cn")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "李四")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "lisi@wuzhong.gov.cn")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


class Repo:
    """A scratch repository; every commit is one day after the previous one, 10:00 +08:00."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.day = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.root, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=True)
        return proc.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def mv(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def next_date(self) -> str:
        self.day += 1
        return f"2026-03-{self.day:02d}T10:00:00+08:00"

    def commit(self, message: str) -> str:
        date = self.next_date()
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        return self.git("rev-parse", "HEAD")

    def merge(self, branch: str, message: str) -> str:
        date = self.next_date()
        self.git("merge", "-q", "--no-ff", branch, "-m", message, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
        return self.git("rev-parse", "HEAD")


def item(title: str, published_at: str = "2026-03-01T09:30:00+08:00", source: str = "吴忠市人民政府办公室", body: str = "正文。") -> str:
    return f"---\ntitle: {title}\npublished_at: {published_at}\nsource:\n  name: {source}\n---\n\n{body}\n"


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def statuses(history: History, path: str) -> list[str]:
    return [c.status for c in history.changes_for(path)]


# ---------------------------------------------------------------------------
# add / edit / front matter


def test_add_then_body_edit_then_published_at_edit(repo: Repo) -> None:
    repo.write("content/news/a.md", item("关于开展安全检查的通知"))
    sha1 = repo.commit("新增通知")
    repo.write("content/news/a.md", item("关于开展安全检查的通知", body="修改后的正文。"))
    sha2 = repo.commit("修改正文")
    repo.write("content/news/a.md", item("关于开展安全检查的通知", published_at="2026-03-05T08:00:00+08:00", body="修改后的正文。"))
    sha3 = repo.commit("改发布时间")

    h = read_history(repo.root, with_front_matter=True)

    assert h.available is True
    assert h.shallow is False
    assert h.complete is True
    assert [c.sha for c in h.commits] == [sha1, sha2, sha3]
    assert statuses(h, "content/news/a.md") == ["A", "M", "M"]
    revisions = list(h.revisions("content/news/a.md"))
    # read by the strict loader of govreg check: times stay text (YAML 1.2 core schema), as in current files
    assert [fm["published_at"] if fm else None for _, fm in revisions] == [
        "2026-03-01T09:30:00+08:00",
        "2026-03-01T09:30:00+08:00",
        "2026-03-05T08:00:00+08:00",
    ]
    assert [fm["source"] if fm else None for _, fm in revisions] == [{"name": "吴忠市人民政府办公室"}] * 3
    first = h.first_added("content/news/a.md")
    last = h.last_changed("content/news/a.md")
    assert first is not None and first.commit.sha == sha1 and first.status == "A"
    assert last is not None and last.commit.sha == sha3
    assert first.commit.author_name == "张三"
    assert first.commit.author_email == "zhangsan@wuzhong.gov.cn"
    assert first.commit.committer_name == "李四"
    assert first.commit.authored_at == datetime(2026, 3, 1, 10, 0, tzinfo=CST)
    assert last.commit.committed_at == datetime(2026, 3, 3, 10, 0, tzinfo=CST)
    assert last.commit.subject == "改发布时间"
    assert last.commit.parents == (sha2,)
    assert first.commit.parents == ()
    assert [f.lineage for f in h.files] == [f"{sha1}:content/news/a.md"]
    assert {c.lineage for c in h.changes} == {f"{sha1}:content/news/a.md"}


def test_only_given_paths_are_read(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    repo.write("accounts/u1/wx.yaml", "name: 吴忠发布\n")
    sha1 = repo.commit("初始")
    repo.write("accounts/u1/wx.yaml", "name: 吴忠发布(改)\n")
    sha2 = repo.commit("只改账号")

    content_only = read_history(repo.root)
    both = read_history(repo.root, ("content", "accounts"))

    assert [c.sha for c in content_only.commits] == [sha1]
    assert [c.path for c in content_only.changes] == ["content/a.md"]
    assert [c.sha for c in both.commits] == [sha1, sha2]
    assert statuses(both, "accounts/u1/wx.yaml") == ["A", "M"]
    last = both.last_changed_under("accounts/u1")
    assert last is not None and last.commit.sha == sha2
    under_content = both.last_changed_under("content")
    assert under_content is not None and under_content.commit.sha == sha1
    assert both.last_changed_under("sites") is None


def test_front_matter_problems_are_flagged_not_raised(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    repo.commit("好的")
    repo.write("content/a.md", "---\ntitle: [未闭合\n---\n正文\n")
    repo.commit("坏的 YAML")
    repo.write("content/a.md", item("甲", published_at="2026-02-30"))
    repo.commit("不存在的日期")
    repo.write("content/a.md", "没有头信息的正文\n")
    repo.commit("没有头信息")
    repo.write("content/a.md", item("甲", published_at="2026-03-01T09:30:00+08:00"))
    repo.commit("修好")

    h = read_history(repo.root, with_front_matter=True)
    changes = h.changes_for("content/a.md")

    # 2026-02-30 is text to the strict loader (the model rejects it later), so that revision is readable
    assert [h.front_matter_at(c) is not None for c in changes] == [True, False, True, False, True]
    problems = [h.front_matter_problem(c) for c in changes]
    assert problems[0] is None
    assert problems[1] is not None and problems[1].kind == "malformed" and (problems[1].line, problems[1].column) == (3, 1)
    assert "YAML 头信息无法按规定读取" in problems[1].message
    assert problems[2] is None
    assert problems[3] == FrontMatterProblem("missing", "文件开头没有以 --- 包围的 YAML 头信息", 1, 1)
    assert problems[4] is None
    fixed = h.front_matter_at(changes[4])
    assert fixed is not None and fixed["title"] == "甲"


def test_front_matter_requires_flag(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    repo.commit("新增")
    h = read_history(repo.root)
    change = h.changes_for("content/a.md")[0]
    with pytest.raises(RuntimeError, match="with_front_matter=True"):
        h.front_matter_at(change)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: 甲\n---\n正文", ({"title": "甲"}, None)),
        ("\ufeff---\r\ntitle: 甲\r\n---\r\n正文", ({"title": "甲"}, None)),
        ("---\n---\n正文", ({}, None)),
        ("---\ntitle: 甲\n...\n正文", ({"title": "甲"}, None)),
        ("---\ntitle: 甲\n正文", (None, FrontMatterProblem("unterminated", "YAML 头信息缺少结束的 --- 行", 1, 1))),
        ("---\n- 甲\n---\n", (None, FrontMatterProblem("not_mapping", "YAML 头信息应为“键: 值”映射，实际为 list", 2, 1))),
        (
            "---\ntitle: a: b\n---\n",
            (None, FrontMatterProblem("malformed", "YAML 头信息无法按规定读取：YAML 语法错误：此处不能出现“键: 值”（多半是缩进不对，或值里有未加引号的冒号）（mapping values are not allowed in this context）", 2, 9)),
        ),
        (b"---\ntitle: \xff\n---\n", (None, FrontMatterProblem("undecodable", "YAML 头信息不是 UTF-8 编码", 2, None))),
        (b"---\ntitle: ok\n---\n\xff body need not be UTF-8", ({"title": "ok"}, None)),
    ],
)
def test_parse_front_matter(text: str | bytes, expected: object) -> None:
    assert parse_front_matter(text) == expected


# ---------------------------------------------------------------------------
# renames, moves, deletes


def test_rename_then_edit_keeps_history(repo: Repo) -> None:
    repo.write("content/news/a.md", item("甲"))
    sha1 = repo.commit("新增")
    repo.mv("content/news/a.md", "content/news/b.md")
    sha2 = repo.commit("改名")
    repo.write("content/news/b.md", item("甲", body="改了正文"))
    sha3 = repo.commit("改正文")

    h = read_history(repo.root, with_front_matter=True)
    changes = h.changes_for("content/news/b.md")

    assert [(c.status, c.path, c.old_path, c.commit.sha) for c in changes] == [
        ("A", "content/news/a.md", None, sha1),
        ("R", "content/news/b.md", "content/news/a.md", sha2),
        ("M", "content/news/b.md", None, sha3),
    ]
    assert changes[1].similarity == 100
    assert changes[1].blob == changes[0].blob
    first = h.first_added("content/news/b.md")
    assert first is not None and first.commit.sha == sha1
    # the old name still finds the same file
    assert h.changes_for("content/news/a.md") == changes
    logical = h.file("content/news/b.md")
    assert logical is not None
    assert logical.paths == ("content/news/a.md", "content/news/b.md")
    assert logical.path == "content/news/b.md"
    assert logical.lineage == f"{sha1}:content/news/a.md"
    assert logical.exists is True and logical.complete is True
    assert len(h.files) == 1
    assert [fm["title"] if fm else None for _, fm in h.revisions("content/news/b.md")] == ["甲", "甲", "甲"]


def test_move_into_another_folder_with_edit(repo: Repo) -> None:
    body = "第一段。\n\n" + "\n".join(f"第{i}行内容保持不变。" for i in range(30))
    repo.write("content/news/a.md", item("甲", body=body))
    sha1 = repo.commit("新增")
    (repo.root / "content/news/a.md").unlink()
    repo.write("content/notices/2026/a.md", item("甲(更正)", body=body))
    sha2 = repo.commit("移到通知公告并改标题")

    h = read_history(repo.root, with_front_matter=True)
    changes = h.changes_for("content/notices/2026/a.md")

    assert [(c.status, c.path, c.old_path, c.commit.sha) for c in changes] == [
        ("A", "content/news/a.md", None, sha1),
        ("R", "content/notices/2026/a.md", "content/news/a.md", sha2),
    ]
    assert changes[1].similarity is not None and changes[1].similarity < 100
    assert [fm["title"] if fm else None for _, fm in h.revisions("content/notices/2026/a.md")] == ["甲", "甲(更正)"]
    assert h.lineage_of("content/news/a.md") == h.lineage_of("content/notices/2026/a.md") == f"{sha1}:content/news/a.md"


def test_rename_chain(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    sha1 = repo.commit("A")
    repo.mv("content/a.md", "content/b.md")
    sha2 = repo.commit("A→B")
    repo.mv("content/b.md", "content/sub/c.md")
    sha3 = repo.commit("B→C")

    h = read_history(repo.root)

    for name in ("content/a.md", "content/b.md", "content/sub/c.md"):
        assert [(c.status, c.path, c.commit.sha) for c in h.changes_for(name)] == [
            ("A", "content/a.md", sha1),
            ("R", "content/b.md", sha2),
            ("R", "content/sub/c.md", sha3),
        ]
    logical = h.file("content/sub/c.md")
    assert logical is not None and logical.paths == ("content/a.md", "content/b.md", "content/sub/c.md")
    first = h.first_added("content/sub/c.md")
    assert first is not None and first.commit.sha == sha1


def test_swap_names_in_one_commit(repo: Repo) -> None:
    repo.write("content/a.md", item("甲", body="甲的正文" * 20))
    repo.write("content/b.md", item("乙", body="乙的正文" * 20))
    sha1 = repo.commit("两篇")
    repo.mv("content/a.md", "content/tmp.md")
    repo.mv("content/b.md", "content/a.md")
    repo.mv("content/tmp.md", "content/b.md")
    sha2 = repo.commit("互换")

    h = read_history(repo.root, with_front_matter=True)
    # git reports a swap as two modifications (it does not break pairs without -B):
    # each path keeps its own lineage and the front matter shows the swapped content
    assert statuses(h, "content/a.md") == ["A", "M"]
    assert h.lineage_of("content/a.md") == f"{sha1}:content/a.md"
    assert [fm["title"] if fm else None for _, fm in h.revisions("content/a.md")] == ["甲", "乙"]
    assert [c.commit.sha for c in h.changes_for("content/b.md")] == [sha1, sha2]


def test_delete_and_add_again(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    sha1 = repo.commit("新增")
    repo.git("rm", "-q", "content/a.md")
    sha2 = repo.commit("删除")

    h = read_history(repo.root, with_front_matter=True)
    changes = h.changes_for("content/a.md")
    assert [(c.status, c.commit.sha, c.blob is None) for c in changes] == [("A", sha1, False), ("D", sha2, True)]
    assert h.front_matter_at(changes[1]) is None
    assert h.front_matter_problem(changes[1]) is None
    assert [c.status for c, _ in h.revisions("content/a.md")] == ["A"]
    logical = h.file("content/a.md")
    assert logical is not None and logical.exists is False

    repo.write("content/a.md", item("甲(重发)", published_at="2026-03-09T09:00:00+08:00"))
    sha3 = repo.commit("重新发布")
    h = read_history(repo.root, with_front_matter=True)
    assert [(c.status, c.commit.sha) for c in h.changes_for("content/a.md")] == [("A", sha3)]
    assert [f.lineage for f in h.files] == [f"{sha1}:content/a.md", f"{sha3}:content/a.md"]
    assert [f.exists for f in h.files] == [False, True]


def test_chinese_paths(repo: Repo) -> None:
    old = "content/新闻动态/关于开展2026年安全生产检查的通知.md"
    new = "content/通知公告/关于开展2026年安全生产检查的通知(修订).md"
    repo.write(old, item("关于开展2026年安全生产检查的通知"))
    sha1 = repo.commit("新增通知")
    repo.mv(old, new)
    sha2 = repo.commit("移到通知公告")

    h = read_history(repo.root, with_front_matter=True)

    assert [(c.status, c.path, c.old_path, c.commit.sha) for c in h.changes_for(new)] == [
        ("A", old, None, sha1),
        ("R", new, old, sha2),
    ]
    assert [fm["title"] if fm else None for _, fm in h.revisions(new)] == ["关于开展2026年安全生产检查的通知"] * 2
    assert h.changes_for(repo.root / new) == h.changes_for(new)  # absolute paths work too


# ---------------------------------------------------------------------------
# pull-request numbers and merges


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Merge pull request #12 from wuzhong/fix-source", "修正来源", 12),
        ("Merge pull request '更新栏目' (#34) from feature/lanmu into main", "", 34),
        ("更新发布时间 (#56)", "", 56),
        ("Merged in feature/x (pull request #78)", "", 78),
        ("Merge branch 'fix' into 'main'", "修正\n\nSee merge request wuzhong/govreg!90", 90),
        ('Revert "更新发布时间 (#56)"', "", None),
        ("修正 (#12) 的问题", "", None),
        ("Merge branch 'main' into feature", "", None),
    ],
)
def test_parse_pr_number(subject: str, body: str, expected: int | None) -> None:
    assert parse_pr_number(subject, body) == expected


def test_merge_commits_carry_pr_numbers(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    sha1 = repo.commit("初始")
    # GitHub merge
    repo.git("checkout", "-q", "-b", "fix-time")
    repo.write("content/a.md", item("甲", published_at="2026-03-02T09:00:00+08:00"))
    branch_sha = repo.commit("改发布时间")
    repo.git("checkout", "-q", "main")
    merge1 = repo.merge("fix-time", "Merge pull request #12 from wuzhong/fix-time\n\n改发布时间")
    # Gitea merge
    repo.git("checkout", "-q", "-b", "lanmu")
    repo.write("content/b.md", item("乙"))
    repo.commit("新增乙")
    repo.git("checkout", "-q", "main")
    merge2 = repo.merge("lanmu", "Merge pull request '新增乙' (#34) from lanmu into main")
    # squash
    repo.write("content/b.md", item("乙", body="更正"))
    squash = repo.commit("更正乙 (#56)")

    h = read_history(repo.root, with_front_matter=True)

    assert [(c.sha, c.pr_number, len(c.parents)) for c in h.commits] == [
        (sha1, None, 0),
        (merge1, 12, 2),
        (merge2, 34, 2),
        (squash, 56, 1),
    ]
    assert h.commits[1].parents == (sha1, branch_sha)
    assert h.commits[1].is_merge is True
    assert h.commits[1].body == "改发布时间"
    assert [(c.status, c.commit.pr_number) for c in h.changes_for("content/a.md")] == [("A", None), ("M", 12)]
    assert [(c.status, c.commit.pr_number) for c in h.changes_for("content/b.md")] == [("A", 34), ("M", 56)]
    assert [fm["published_at"] if fm else None for _, fm in h.revisions("content/a.md")] == [
        "2026-03-01T09:30:00+08:00",
        "2026-03-02T09:00:00+08:00",
    ]

    every = read_history(repo.root, first_parent=False)
    assert [c.subject for c in every.commits] == ["初始", "改发布时间", "新增乙", "更正乙 (#56)"]
    assert [c.commit.sha for c in every.changes_for("content/a.md")] == [sha1, branch_sha]


# ---------------------------------------------------------------------------
# odd repositories


def test_not_a_repository(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    h = read_history(plain, with_front_matter=True)
    assert h.available is False
    assert h.complete is False
    assert h.reason == f"{plain.resolve()} 不在 git 仓库中，无法读取修改历史"
    assert h.commits == ()
    assert h.files == ()
    assert h.changes_for("content/a.md") == []
    assert h.first_added("content/a.md") is None
    assert h.last_changed("content/a.md") is None


def test_missing_directory(tmp_path: Path) -> None:
    h = read_history(tmp_path / "nope")
    assert h.available is False
    assert h.reason == f"目录不存在：{(tmp_path / 'nope').resolve()}"


def test_empty_repository(repo: Repo) -> None:
    h = read_history(repo.root, with_front_matter=True)
    assert h.available is True
    assert h.reason is None
    assert h.complete is True
    assert h.commits == ()
    assert h.files == ()
    assert list(h.revisions("content/a.md")) == []


def test_unknown_revision_is_reported(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    repo.commit("新增")
    h = read_history(repo.root, rev="no-such-branch")
    assert h.available is False
    assert h.reason is not None and h.reason.startswith("读取 git 历史失败：")
    with pytest.raises(ValueError, match="invalid revision"):
        read_history(repo.root, rev="--all")


def test_shallow_clone_is_flagged(repo: Repo, tmp_path: Path) -> None:
    repo.write("content/a.md", item("甲"))
    repo.commit("一")
    repo.write("content/a.md", item("甲", body="二"))
    repo.commit("二")
    repo.write("content/b.md", item("乙"))
    repo.write("content/a.md", item("甲", body="三"))
    sha3 = repo.commit("三")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)

    h = read_history(clone, with_front_matter=True)

    assert h.available is True
    assert h.shallow is True
    assert h.complete is False
    assert [c.sha for c in h.commits] == [sha3]
    # the boundary commit looks like a root commit: its "adds" are not first adds
    assert statuses(h, "content/a.md") == ["A"]
    assert h.first_added("content/a.md") is None
    assert [f.complete for f in h.files] == [False, False]
    fm = h.front_matter_at(h.changes_for("content/b.md")[0])
    assert fm is not None and fm["title"] == "乙"


def test_since_truncates(repo: Repo) -> None:
    repo.write("content/a.md", item("甲"))
    repo.commit("一")  # 2026-03-01
    repo.write("content/a.md", item("甲", body="二"))
    sha2 = repo.commit("二")  # 2026-03-02
    repo.write("content/b.md", item("乙"))
    sha3 = repo.commit("三")  # 2026-03-03

    h = read_history(repo.root, since=datetime(2026, 3, 2, 0, 0, tzinfo=UTC))

    assert h.truncated is True and h.complete is False
    assert [c.sha for c in h.commits] == [sha2, sha3]
    assert statuses(h, "content/a.md") == ["M"]
    assert h.first_added("content/a.md") is None
    first_b = h.first_added("content/b.md")
    assert first_b is not None and first_b.commit.sha == sha3


def test_subfolder_as_root(repo: Repo) -> None:
    repo.write("site/content/a.md", item("甲"))
    repo.write("content/other.md", item("外部"))
    sha1 = repo.commit("子目录")

    h = read_history(repo.root / "site")

    assert [(c.status, c.path, c.commit.sha) for c in h.changes] == [("A", "content/a.md", sha1)]


def test_git_dir_from_a_hook_does_not_leak(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = Repo(tmp_path / "other")
    other.write("content/x.md", item("别的仓库"))
    other.commit("别的")
    repo.write("content/a.md", item("甲"))
    sha = repo.commit("本仓库")
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))

    h = read_history(repo.root)

    assert [c.sha for c in h.commits] == [sha]


def _answers(h: History, path: str) -> object:
    """What a rule can ask of a history about ``path`` (content_release_history: its file, its revisions and their
    front matter, the files deleted there)."""
    found = h.file(path)
    deleted = [(f.lineage, f.paths) for f in h.files if not f.exists and f.changes[-1].path == path]
    return (
        h.lineage_of(path),
        (found.lineage, found.path, found.paths, found.changes, found.complete) if found else None,
        h.changes_for(path),
        h.first_added(path),
        h.last_changed(path),
        [(c, fm, h.front_matter_problem(c)) for c, fm in h.revisions(path)],
        deleted,
    )


def test_restricted_history_answers_as_the_whole_for_its_paths(repo: Repo, tmp_path: Path) -> None:
    """A pull request's check gets the history of its few items from another process (History.restricted): for
    those paths it must say what the whole history says, through renames, a swap, a delete and an add again,
    and must not rewrite the persisted front matter with only its own revisions."""
    import random

    repo.write("content/a.md", item("甲", body="甲的正文" * 20))
    repo.write("content/b.md", item("乙", body="乙的正文" * 20))
    repo.write("content/c.md", item("丙"))
    repo.commit("三篇")
    repo.mv("content/a.md", "content/old/a.md")
    repo.write("content/b.md", item("乙", published_at="2026-03-05T09:30:00+08:00", body="乙的正文" * 20))
    repo.commit("移动，改期")
    repo.git("rm", "-q", "content/c.md")
    repo.commit("撤稿")
    repo.write("content/c.md", item("丙（重发）"))
    repo.write("content/d.md", "---\ntitle: [坏\n---\n正文\n")
    repo.commit("重发，新增")
    cache = tmp_path / "cache"
    whole = read_history(repo.root, with_front_matter="lazy", cache_dir=cache)
    names = sorted({p for f in whole.files for p in f.paths} | {"content/none.md"})
    rng = random.Random(0)
    for _ in range(12):
        asked = rng.sample(names, rng.randint(1, 3))
        part = read_history(repo.root, with_front_matter="lazy", cache_dir=cache).restricted(asked)
        indexed = read_history(repo.root, with_front_matter="lazy", cache_dir=cache)
        indexed.prepare_restriction()  # the history process's way: indexed while it waits, then restricted
        again = indexed.restricted(asked)
        for path in asked:
            assert _answers(part, path) == _answers(whole, path) == _answers(again, path)
        assert len(part.files) < len(whole.files)
        assert (again.commits, again.changes, list(again._files.items()), again._current, again._by_name) == (
            part.commits, part.changes, list(part._files.items()), part._current, part._by_name
        )
    fm = next(cache.glob("history-*.fm.pickle"))
    fm.unlink()
    part = read_history(repo.root, with_front_matter="lazy", cache_dir=cache).restricted(["content/b.md"])
    part.load_front_matter(part.changes)
    assert part.front_matter_at(part.changes_for("content/b.md")[-1]) is not None  # read from git …
    assert not fm.exists()  # … and not persisted as if they were every file's revisions
