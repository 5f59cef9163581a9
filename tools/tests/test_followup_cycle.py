"""The supervision cycle end to end in a real git repository (第十六条、第二十条、第二十一条).

inspection finds a stale column → its draft notice is merged → the unit responds →
the office re-checks → ``govreg assess`` reflects it; a roster change without a
handover record is reported.  Each step runs the real CLI on the day it happens.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import GitRepo, check_json, copy_sample, edit, run_cli

COLUMN = "盐池县人民政府门户网站 › 盐池要闻"


def on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("GOVREG_TODAY", day)


def notices_for(root: Path) -> dict[str, dict[str, object]]:
    out = {}
    for path in sorted((root / "rectifications").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[path.relative_to(root).as_posix()] = data
    return out


def test_stale_column_notice_response_recheck_and_assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "git")
    copy_sample(repo.root)
    repo.commit("示例数据", date="2026-11-26T23:00:00+08:00")
    before = set(notices_for(repo.root))

    # 1. the office's inspection of 2026-12-15 finds the stale column and drafts notices
    on(monkeypatch, "2026-12-15")
    code, out, err = run_cli("inspect", str(repo.root), "--format", "json", "--archive", "--notices", str(repo.root))
    assert code == 1 and "Traceback" not in err  # single vetoes: silent accounts
    inspection = json.loads(out)
    stale = [i for u in inspection["units"] for i in u["items"] if i["code"] == "column-stale" and i["subject"] == COLUMN]
    assert len(stale) == 1
    drafts = {p: d for p, d in notices_for(repo.root).items() if p not in before}
    [column_notice] = [p for p, d in drafts.items() if d["subject"] == COLUMN]
    assert column_notice.startswith("rectifications/yanchi-gov-office/2026-12-column-stale-")
    data = drafts[column_notice]
    assert data["finding"]["code"] == "column-stale" and data["issued"].isoformat() == "2026-12-15"
    assert data["deadline"].isoformat() == "2026-12-29"  # 10 working days
    assert data["finding"]["report"] == "reports/inspection/inspection-2026-12-15.md"
    assert len(data["finding"]["commit"]) == 40
    archived = yaml.safe_load((repo.root / "reports/inspection/inspection-2026-12-15.yaml").read_text(encoding="utf-8"))
    assert archived["commit"] == data["finding"]["commit"] and archived["public"] is False

    # the office keeps two notices (the column, and transport's silent account) and merges them
    [silent] = [p for p, d in drafts.items() if p.startswith("rectifications/transport-bureau/") and d["finding"]["code"] == "account-silent"]
    for path in drafts:
        if path not in (column_notice, silent):
            (repo.root / path).unlink()
    code, report = check_json(repo.root)
    assert [f for f in report["findings"] if f["path"].startswith(("rectifications/", "reports/"))] == []
    repo.commit("下发整改通知 (#41)", date="2026-12-15T18:00:00+08:00")

    # a second inspection the next day drafts no duplicate for the open notices
    on(monkeypatch, "2026-12-16")
    code, _, err = run_cli("inspect", str(repo.root), "--notices", str(tmp_path / "drafts"))
    again = {p.relative_to(tmp_path / "drafts").as_posix() for p in (tmp_path / "drafts").rglob("*.yaml")}
    assert column_notice not in again and silent not in again

    # 2. after the deadline without a response: overdue
    on(monkeypatch, "2026-12-30")
    _, report = check_json(repo.root)
    overdue = sorted(f["path"] for f in report["findings"] if f["code"] == "rectification-overdue")
    assert overdue == sorted([column_notice, silent])

    # 3. the unit responds (on time), the office re-checks
    edit(repo.root / column_notice, "responses: []", "responses:\n  - done: 2026-12-24\n    action: 已补发盐池要闻并建立每周更新制度。")
    repo.commit("盐池县报送整改情况 (#42)", date="2026-12-24T17:00:00+08:00")
    on(monkeypatch, "2026-12-30")
    _, report = check_json(repo.root)
    assert [f["code"] for f in report["findings"] if f["path"] == column_notice] == []
    on(monkeypatch, "2027-01-05")  # 5 working days after 2026-12-24 are over: re-check late
    _, report = check_json(repo.root)
    assert [f["code"] for f in report["findings"] if f["path"] == column_notice] == ["rectification-recheck-late"]
    edit(repo.root / column_notice, "rechecks: []", "rechecks:\n  - verified: 2026-12-28\n    by: wuzhong-gov-office-dinght\n    result: passed")
    repo.commit("复查合格 (#43)", date="2026-12-28T17:00:00+08:00")
    _, report = check_json(repo.root)
    assert [f["code"] for f in report["findings"] if f["path"] == column_notice] == []

    # 4. the assessment of 2026: transport's notice was not done by its deadline, yanchi's was
    on(monkeypatch, "2027-01-05")
    code, out, err = run_cli("assess", str(repo.root), "--year", "2026", "--format", "json", "--archive")
    assert code == 0, err
    kept = yaml.safe_load((repo.root / "reports/assessment/assessment-2026.yaml").read_text(encoding="utf-8"))
    assert kept["commit"] == repo.git("rev-parse", "HEAD").strip() and kept["kind"] == "assessment"
    assert json.loads((repo.root / "reports/assessment/assessment-2026.json").read_text(encoding="utf-8")) == json.loads(out)
    units = {u["unit"]: u for u in json.loads(out)["units"]}
    late = [d for d in units["transport-bureau"]["deductions"] if d["code"] == "rectification-late"]
    assert len(late) == 1 and late[0]["path"] == silent and late[0]["item"] == "5" and late[0]["date"] == "2026-12-29"
    assert not [d for d in units["yanchi-gov-office"]["deductions"] if d["code"].startswith("rectification")]
    assert not [d for u in units.values() for d in u["deductions"] if d["code"] == "rectification-overdue"]  # not counted twice


def test_roster_change_without_handover_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "git")
    copy_sample(repo.root)
    repo.commit("示例数据", date="2026-11-26T23:00:00+08:00")
    unit = repo.root / "units/education-bureau.yaml"
    text = unit.read_text(encoding="utf-8")
    people = yaml.safe_load(text)["people"]
    handler = next(p for p in people if "handler" in p.get("roles", []))
    assert text.count("roles: [handler]") == 1
    edit(unit, "roles: [handler]", "roles: []")  # no longer a handler …
    staff_line = next(line for line in text.splitlines() if line.strip().startswith(f"- {handler['id']}"))
    edit(unit, staff_line + "\n", "")  # … nor staff: he left the role
    assert handler["id"] not in yaml.safe_load(unit.read_text(encoding="utf-8"))["staff"]
    repo.commit("名册:承办人调离 (#50)", date="2026-12-01T10:00:00+08:00")
    on(monkeypatch, "2026-12-07")  # 5 working days end on 2026-12-08
    _, report = check_json(repo.root)
    assert [f for f in report["findings"] if f["code"] == "handover-missing"] == []
    on(monkeypatch, "2026-12-09")
    _, report = check_json(repo.root)
    [hit] = [f for f in report["findings"] if f["code"] == "handover-missing"]
    assert hit["path"] == "units/education-bureau.yaml" and hit["line"] is not None
    assert handler["id"] in hit["message"] and "education-bureau-wechat" in hit["message"] and "2026-12-01" in hit["message"]
    # the handover record closes it
    repo.write(
        "handovers/education-bureau/2026-12-handover.yaml",
        yaml.safe_dump({
            "id": "2026-12-handover", "unit": "education-bureau", "person": handler["id"], "left": "2026-12-01",
            "accounts": ["education-bureau-wechat"], "credentials_rotated": "2026-12-02", "by": next(p["id"] for p in people if p["id"] != handler["id"]),
        }, allow_unicode=True, sort_keys=False),
    )
    _, report = check_json(repo.root)
    assert [f["code"] for f in report["findings"] if f["code"].startswith("handover")] == []
