"""``govreg audit``: a record's history with commit, date, author, PR number and the review block as it stood."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gate_fixture import EDU, OFFICE, content

from govreg import history as history_module

from conftest import GitRepo, run_cli

ITEM = "content/edu/notice.md"
MOVED = "content/edu/2026/notice.md"


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """main: a squash-merged add (#3), a merge commit (#12) that changes the reviewers, a move (#13), an account added and removed."""
    r = git_repo
    r.write("units/edu.yaml", EDU)
    r.write("units/wuzhong-gov-office.yaml", OFFICE)
    r.write(ITEM, content("edu", "edu-wechat", body="第一版。", typed=True))
    r.commit("新增冬季安全通知 (#3)")
    r.git("checkout", "-q", "-b", "update")
    r.write(ITEM, content("edu", "edu-wechat", second="edu-head2", body="第二版。", typed=True))
    r.commit("修改正文")
    r.git("checkout", "-q", "main")
    r.git("merge", "-q", "--no-ff", "update", "-m", "Merge pull request #12 from wz/update\n\n更新冬季安全通知")
    (r.root / MOVED).parent.mkdir()
    r.git("mv", ITEM, MOVED)
    r.commit("归档到 2026 目录 (#13)")
    r.write("accounts/edu/old-weibo.yaml", "id: old-weibo\n")
    r.commit("登记微博")
    (r.root / "accounts/edu/old-weibo.yaml").unlink()
    r.commit("注销微博 (#15)")
    return r


def audit(repo: GitRepo, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("audit", "--root", str(repo.root), "--format", "json", *args)
    assert "Traceback" not in err, err
    return code, json.loads(out)


def test_one_record_follows_the_move_and_reads_pr_numbers(repo: GitRepo) -> None:
    code, report = audit(repo, MOVED)
    assert code == 0
    [record] = report["records"]
    assert record["path"] == MOVED and record["paths"] == [ITEM, MOVED] and record["exists"] and record["complete"]
    changes = record["changes"]
    assert [(c["status"], c["pr"]) for c in changes] == [("A", 3), ("M", 12), ("R", 13)]
    assert changes[2]["old_path"] == ITEM
    assert changes[1]["subject"] == "Merge pull request #12 from wz/update"
    assert changes[0]["author"] == "测试作者" and changes[0]["date"].startswith("2026-01-01T")


def test_review_block_as_it_stood(repo: GitRepo) -> None:
    _, report = audit(repo, MOVED)
    first, second, _ = report["records"][0]["changes"]
    assert first["review"]["review"]["second"]["by"] == "edu-head"
    assert second["review"]["review"]["second"]["by"] == "edu-head2"
    assert second["review"]["review"]["final"]["opinion"] == "同意发布"
    assert second["review"]["review"]["second"]["at"] == "2026-11-20T10:05:00+08:00"
    assert second["reviewers"]["edu-head2"] == "周科长"  # names from the current roster


def test_text_output(repo: GitRepo) -> None:
    code, out, _ = run_cli("audit", "--root", str(repo.root), MOVED)
    assert code == 0
    assert f"{MOVED}（曾用名：{ITEM}）" in out
    assert "PR #12" in out and "PR #13" in out
    assert "审查表：初审 张承办（edu-handler） 2026-11-20T09:00:00+08:00；复审 周科长（edu-head2）" in out
    assert "发布意见「同意发布」" in out


def test_all_records_in_one_pass(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args: list[str], *a: Any, **kw: Any) -> Any:
        calls.append(list(args))
        return real(args, *a, **kw)

    monkeypatch.setattr(history_module.subprocess, "run", counting)
    code, report = audit(repo)
    assert code == 0
    paths = {r["path"]: r for r in report["records"]}
    assert set(paths) == {"units/edu.yaml", "units/wuzhong-gov-office.yaml", MOVED, "accounts/edu/old-weibo.yaml"}
    weibo = paths["accounts/edu/old-weibo.yaml"]
    assert not weibo["exists"] and [(c["status"], c["pr"]) for c in weibo["changes"]] == [("A", None), ("D", 15)]
    assert paths["units/edu.yaml"]["changes"][0]["review"] is None  # YAML records have no review block
    assert sum("log" in c for c in calls) == 1


def test_one_record_reads_only_its_names(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args: list[str], *a: Any, **kw: Any) -> Any:
        calls.append(list(args))
        return real(args, *a, **kw)

    monkeypatch.setattr(history_module.subprocess, "run", counting)
    audit(repo, MOVED)
    logs = [c for c in calls if "log" in c]
    assert len(logs) == 2
    assert logs[0][-1] == "content"  # the folder, without front matter, to follow moves
    assert sorted(logs[1][-2:]) == sorted([ITEM, MOVED])  # then only the record's names, with front matter


def test_folder_argument(repo: GitRepo) -> None:
    code, report = audit(repo, "content/edu")
    assert code == 0 and [r["path"] for r in report["records"]] == [MOVED]


def test_stored_reviews_enrich_the_trail(repo: GitRepo, tmp_path: Path) -> None:
    archive = tmp_path / "reviews"
    archive.mkdir()
    payload = {
        "pull_request": {"number": 12, "user": {"login": "zhang-handler"}},
        "reviews": [
            {"id": 1, "user": {"login": "zhou-head"}, "state": "APPROVED", "commit_id": "a" * 40, "submitted_at": "2026-11-20T02:05:00Z",
             "author_association": "MEMBER"},
            {"id": 2, "user": {"login": "wang-leader"}, "state": "COMMENTED", "commit_id": "a" * 40, "submitted_at": "2026-11-20T02:06:00Z",
             "author_association": "MEMBER"},
        ],
    }
    (archive / "12.json").write_text(json.dumps(payload), encoding="utf-8")
    (archive / "13.json").write_text("{不是 JSON", encoding="utf-8")
    code, report = audit(repo, MOVED, "--reviews-dir", str(archive))
    assert code == 0
    changes = report["records"][0]["changes"]
    assert changes[0]["approvals"] is None
    assert [(a["login"], a["state"]) for a in changes[1]["approvals"]] == [("zhou-head", "approved")]
    assert [f["code"] for f in report["findings"]] == ["audit-reviews-invalid"]


def test_unknown_path_is_a_finding(repo: GitRepo) -> None:
    code, report = audit(repo, "content/none.md")
    assert code == 1 and [f["code"] for f in report["findings"]] == ["audit-not-found"]


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plain").mkdir()
    code, out, err = run_cli("audit", "--root", str(tmp_path / "plain"), "--format", "json")
    assert code == 1 and "Traceback" not in err
    assert json.loads(out)["findings"][0]["code"] == "audit-history-unavailable"
