"""Issue 11, holes 5 and 6: history is read by the strict loader, and no rule trusts a commit date.

Each test failed before the fix: old revisions were parsed with plain ``CSafeLoader`` (YAML 1.1,
so ``summary: 2026-02-30`` made the first publishing revision unreadable and silently skipped), an
unreadable revision was skipped without a word, and ``published_at`` was compared with the committer
date, which the committer sets.
"""

from __future__ import annotations

from pathlib import Path

from test_content_history import ITEM, PUBLISHED, TEXT, codes, history_findings, repo  # noqa: F401  (fixture)

from govreg import ledger

from conftest import GitRepo, edit


def test_first_revision_with_a_yaml11_date_trap_is_still_the_reference(repo: GitRepo) -> None:  # noqa: F811
    trap = "content/wz-portal/2026/trap.md"
    repo.write(trap, TEXT.format(published=PUBLISHED).replace("retention: permanent", "retention: permanent\nsummary: 2026-02-30"))
    repo.commit("发布")
    edit(repo.root / trap, f"published_at: {PUBLISHED}", "published_at: 2026-02-20T10:00:00+08:00")
    edit(repo.root / trap, "summary: 2026-02-30", "summary: 二月底")
    repo.commit("倒填发布时间,顺手改掉摘要")
    assert codes(repo.root) == ["release-time-changed"]


def test_an_unreadable_revision_is_a_finding_not_a_skip(repo: GitRepo) -> None:  # noqa: F811
    dup = "content/wz-portal/2026/dup.md"
    text = TEXT.format(published=PUBLISHED)
    repo.write(dup, text.replace("title: 关于做好冬季供暖工作的通知", "title: 关于做好冬季供暖工作的通知\ntitle: 重复的标题"))
    first = repo.commit("发布(标题写了两遍)")
    repo.write(dup, text.replace(f"published_at: {PUBLISHED}", "published_at: 2026-02-20T10:00:00+08:00"))
    repo.commit("修好标题,倒填发布时间")
    findings = [f for f in history_findings(repo.root) if f.path == dup]
    assert [f.code for f in findings] == ["release-history-unreadable"]
    assert first[:10] in findings[0].message and "重复" in findings[0].message
    assert findings[0].line == 9  # published_at in the current file


def test_a_forged_commit_date_does_not_license_a_change(repo: GitRepo) -> None:  # noqa: F811
    # committed "2026-01-01" with a release time of 2026-03-10: the old rule then allowed "correcting"
    # the release time to the (forged) commit date, i.e. back-dating it by ten weeks
    forged = "content/wz-portal/2026/forged.md"
    repo.write(forged, TEXT.format(published="2026-03-10T10:00:00+08:00"))
    repo.commit("发布", date="2026-01-01T09:00:00+08:00")
    edit(repo.root / forged, "published_at: 2026-03-10T10:00:00+08:00", "published_at: 2026-01-01T09:00:00+08:00")
    repo.commit("“更正”为提交时间", date="2026-01-01T09:10:00+08:00")
    assert codes(repo.root) == ["release-time-changed"]


def _ledger_merge(root: Path, merge: str, merged_at: str) -> None:
    ledger.append(root, [{"kind": "merge", "pr": 7, "merge": merge, "merged_at": merged_at, "signoffs": []}])


def test_reschedule_judged_by_the_ledgers_merge_time(repo: GitRepo) -> None:  # noqa: F811
    moved = "content/wz-portal/2026/moved.md"
    repo.write(moved, TEXT.format(published="2026-11-20T10:00:00+08:00"))
    repo.commit("定时发布")
    edit(repo.root / moved, "published_at: 2026-11-20T10:00:00+08:00", "published_at: 2026-11-22T10:00:00+08:00")
    sha = repo.commit("改期")
    # without the ledger, the change is dated by the check (2026-11-26), after the first release time: refused
    assert codes(repo.root) == ["release-time-changed"]
    # the forge merged the reschedule on 2026-11-18, before the release time: a legitimate reschedule
    _ledger_merge(repo.root, sha, "2026-11-18T09:00:00+08:00")
    assert codes(repo.root) == []
