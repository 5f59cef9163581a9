"""Release time and source never change after first publication (Art. 14), judged from real git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from contenttree import ContentTree

from govreg.engine import Context, run_check
from govreg.findings import Finding
from govreg.repository import load_repository
from govreg.rules import content_release_history

from conftest import GitRepo, check_json, copy_sample, edit, flat

ITEM = "content/wz-portal/2026/notice.md"
MOVED = "content/wz-portal/2026/policy/winter-heating.md"
PUBLISHED = "2026-03-02T10:00:00+08:00"
COMMIT_TIME = "2026-03-02T10:05:00+08:00"
SAMPLE = "content/wuzhong-portal/2026/region-clean-heating-2026.md"

TEXT = """---
title: 关于做好冬季供暖工作的通知
channel: wz-portal
column: news
unit: wz-office
source:
  kind: original
  name: 吴忠市人民政府办公室
published_at: {published}  # 发布后不得改动
retention: permanent
review:
  initial: {{by: wz-office-maxy, at: 2026-03-01T09:00:00+08:00}}
  second: {{by: wz-office-lijg, at: 2026-03-01T10:00:00+08:00}}
  final: {{by: wz-office-zhouwb, at: 2026-03-01T15:00:00+08:00, opinion: 同意发布}}
---
现将有关事项通知如下。
"""


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A git repository holding a minimal tree; the item is first published at 10:00, committed at 10:05."""
    tree = ContentTree(tmp_path / "tree")
    tree.content.clear()
    tree.write()
    git = GitRepo(tmp_path / "git")
    shutil.copytree(tree.root, git.root, dirs_exist_ok=True)
    git.write(ITEM, TEXT.format(published=PUBLISHED))
    git.commit("发布冬季供暖通知", date=COMMIT_TIME)
    return git


def history_findings(root: Path) -> list[Finding]:
    return run_check(root, select=lambda name: name == "content_release_history").findings


def codes(root: Path) -> list[str]:
    return [f.code for f in history_findings(root)]


# ---------------------------------------------------------------- passing


def test_unchanged_item_passes(repo: GitRepo) -> None:
    assert codes(repo.root) == []


def test_body_only_edit_passes(repo: GitRepo) -> None:
    edit(repo.root / ITEM, "现将有关事项通知如下。", "现将有关事项通知如下:一、提前检修供热设施。")
    repo.commit("修改正文")
    assert codes(repo.root) == []


def test_same_instant_in_another_zone_passes(repo: GitRepo) -> None:
    edit(repo.root / ITEM, f"published_at: {PUBLISHED}", "published_at: 2026-03-02T02:00:00Z")
    repo.commit("改写时区")
    assert codes(repo.root) == []


def test_rename_and_move_keep_the_history(repo: GitRepo) -> None:
    (repo.root / MOVED).parent.mkdir(parents=True)
    repo.git("mv", ITEM, MOVED)
    repo.commit("移到政策栏目")
    assert codes(repo.root) == []
    edit(repo.root / MOVED, f"published_at: {PUBLISHED}", "published_at: 2026-02-20T10:00:00+08:00")
    repo.commit("改早发布时间")
    findings = history_findings(repo.root)
    assert [(f.code, f.path) for f in findings] == [("release-time-changed", MOVED)]


def test_deletion_passes(repo: GitRepo) -> None:
    (repo.root / ITEM).unlink()
    repo.commit("撤稿")
    assert codes(repo.root) == []


def test_not_a_git_repository_reports_nothing(repo: GitRepo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo.root, plain, ignore=shutil.ignore_patterns(".git"))
    edit(plain / ITEM, f"published_at: {PUBLISHED}", "published_at: 2027-01-01T10:00:00+08:00")
    assert codes(plain) == []


# ---------------------------------------------------------------- release-time-changed


def test_changed_release_time_names_the_commit_and_the_old_value(repo: GitRepo) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    edit(repo.root / ITEM, f"published_at: {PUBLISHED}", "published_at: 2026-02-20T10:00:00+08:00")
    repo.commit("改早发布时间")
    findings = history_findings(repo.root)
    assert [(f.code, f.line) for f in findings] == [("release-time-changed", 9)]
    assert findings[0].message == (
        f"发布时间已改为 2026-02-20T10:00:00+08:00；该信息首次发布于提交 {first[:10]}（2026-03-02 10:05，「发布冬季供暖通知」），"
        "当时的发布时间是 2026-03-02T10:00:00+08:00"
    )
    assert findings[0].hint == "严禁篡改发布时间（第十四条）：请把 published_at 恢复为 2026-03-02T10:00:00+08:00。"
    assert findings[0].article == "第十四条"


def test_uncommitted_change_is_caught_before_the_commit(repo: GitRepo) -> None:
    edit(repo.root / ITEM, f"published_at: {PUBLISHED}", "published_at: 2026-03-05T10:00:00+08:00")
    assert codes(repo.root) == ["release-time-changed"]


def test_removing_the_release_time_is_a_change(repo: GitRepo) -> None:
    edit(repo.root / ITEM, f"published_at: {PUBLISHED}", "published_at: null")
    repo.commit("撤回发布时间")
    finding = history_findings(repo.root)[0]
    assert finding.message.startswith("发布时间已被删去；")


def test_delete_and_add_again_at_the_same_path_is_the_same_page(repo: GitRepo) -> None:
    (repo.root / ITEM).unlink()
    repo.commit("删除")
    repo.write(ITEM, TEXT.format(published="2026-04-01T10:00:00+08:00"))
    repo.commit("重新发布", date="2026-04-01T10:05:00+08:00")
    finding = history_findings(repo.root)[0]
    assert finding.code == "release-time-changed"
    assert finding.message.endswith("（该文件曾被删除，后在同一路径重新添加，视为同一信息）")


def test_a_draft_may_get_its_release_time_once(repo: GitRepo) -> None:
    draft = "content/wz-portal/2026/draft.md"
    repo.write(draft, TEXT.format(published="null"))
    repo.commit("草稿")
    edit(repo.root / draft, "published_at: null", "published_at: 2026-03-03T09:00:00+08:00")
    repo.commit("发布", date="2026-03-03T09:10:00+08:00")
    assert codes(repo.root) == []


# ---------------------------------------------------------------- source-changed


def test_changed_source(repo: GitRepo) -> None:
    edit(repo.root / ITEM, "  name: 吴忠市人民政府办公室", "  name: 新华社\n  url: https://www.news.cn/a.html")
    edit(repo.root / ITEM, "  kind: original", "  kind: reprint")
    repo.commit("改来源")
    findings = history_findings(repo.root)
    assert [f.code for f in findings] == ["source-changed"]
    assert findings[0].message.startswith("来源已改动（类型、名称、网址）；")
    assert "当时的来源是 original、吴忠市人民政府办公室" in findings[0].message


# ---------------------------------------------------------------- scheduled release (published_at in the future)


def test_a_scheduled_release_may_be_moved_until_it_is_released(repo: GitRepo) -> None:
    later = "content/wz-portal/2026/later.md"
    repo.write(later, TEXT.format(published="2026-12-10T10:00:00+08:00"))
    repo.commit("定时发布", date="2026-11-20T09:00:00+08:00")
    assert codes(repo.root) == []  # a release time in the future is a scheduled release, not tampering
    edit(repo.root / later, "published_at: 2026-12-10T10:00:00+08:00", "published_at: 2026-12-05T10:00:00+08:00")
    repo.commit("改期")
    assert codes(repo.root) == []
    # moving it back before the change itself (the check runs at 2026-11-26 12:00) is back-dating
    edit(repo.root / later, "published_at: 2026-12-05T10:00:00+08:00", "published_at: 2026-11-01T09:00:00+08:00")
    assert codes(repo.root) == ["release-time-changed"]


def test_tolerance_is_a_setting(repo: GitRepo) -> None:
    later = "content/wz-portal/2026/later.md"
    repo.write(later, TEXT.format(published="2026-12-10T10:00:00+08:00"))
    repo.commit("定时发布")
    edit(repo.root / later, "published_at: 2026-12-10T10:00:00+08:00", "published_at: 2026-11-26T11:40:00+08:00")
    assert codes(repo.root) == []  # 20 minutes before the check: inside the default 30
    (repo.root / "config" / "govreg.yaml").write_text("supervising_office: wz-office\nrelease_time:\n  future_tolerance_minutes: 10\n", encoding="utf-8")
    assert codes(repo.root) == ["release-time-changed"]


def test_uncommitted_item_scheduled_after_today_is_fine(repo: GitRepo) -> None:
    new = "content/wz-portal/2026/new.md"
    repo.write(new, TEXT.format(published="2026-11-27T09:00:00+08:00"))
    assert codes(repo.root) == []


# ---------------------------------------------------------------- on the sample tree, end to end


def test_sample_tree_in_git(tmp_path: Path) -> None:
    git = GitRepo(tmp_path / "git")
    copy_sample(git.root)
    git.commit("示例数据", date="2026-11-26T12:00:00+08:00")
    code, report = check_json(git.root)
    assert [c for c, _, _ in flat(report) if c in {"release-time-changed", "source-changed", "release-history-unreadable"}] == []
    path = git.root / SAMPLE
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.startswith("published_at:"))
    path.write_text(text.replace(old, "published_at: 2026-09-20T08:00:00+08:00", 1), encoding="utf-8")
    edit(path, "  name: 宁夏回族自治区人民政府", "  name: 宁夏日报")
    git.commit("改动已发布信息", date="2026-11-26T13:00:00+08:00")
    code, report = check_json(git.root)
    assert code == 1
    got = [(c, p) for c, p, _ in flat(report) if c in {"release-time-changed", "source-changed", "release-history-unreadable"}]
    assert got == [("source-changed", SAMPLE), ("release-time-changed", SAMPLE)]  # by line


# ---------------------------------------------------------------- reading little from git


def test_only_changed_items_are_read_from_git(repo: GitRepo) -> None:
    for n in range(3):
        repo.write(f"content/wz-portal/2026/item-{n}.md", TEXT.format(published=PUBLISHED).replace("冬季供暖", f"第{n}项"))
    repo.commit("再发三条", date="2026-03-02T10:06:00+08:00")
    edit(repo.root / ITEM, f"published_at: {PUBLISHED}", "published_at: 2026-02-20T10:00:00+08:00")
    ctx = Context(load_repository(repo.root))
    assert [f.code for f in content_release_history.check(ctx)] == ["release-time-changed"]
    history = ctx.history
    lineage = history.file(ITEM)
    assert lineage is not None
    assert history._requested == {c.blob for c in lineage.changes}  # the unchanged items cost no git read
