"""``govreg assess --year``: each deduction item of 第二十一条 present and absent, its evidence, the score and the ranking."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from supervisiontree import D, SupervisionTree

from govreg.supervision.assess import assessment_day, month_ends

from conftest import GitRepo, copy_sample, run_cli


def _copy(template: Path, dest: Path) -> SupervisionTree:
    shutil.copytree(template, dest)
    repo = GitRepo.__new__(GitRepo)
    repo.root, repo.tick = dest, 0
    tree = SupervisionTree(repo)
    tree.n = 1000
    return tree


@pytest.fixture(scope="module")
def healthy_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = SupervisionTree(GitRepo(tmp_path_factory.mktemp("assess-template") / "repo"))
    return tree.healthy().root


@pytest.fixture(scope="module")
def gap_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nothing released between 2026-07-01 and 2026-08-15: the July check fails."""
    tree = SupervisionTree(GitRepo(tmp_path_factory.mktemp("assess-gap") / "repo"))
    return tree.healthy(skip=(D(2026, 7, 1), D(2026, 8, 15))).root


@pytest.fixture
def tree(healthy_template: Path, tmp_path: Path) -> SupervisionTree:
    return _copy(healthy_template, tmp_path / "repo")


def assess_json(root: Path, year: int = 2026) -> dict[str, Any]:
    code, out, err = run_cli("assess", str(root), "--year", str(year), "--format", "json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def unit(result: dict[str, Any], uid: str) -> dict[str, Any]:
    return next(u for u in result["units"] if u["unit"] == uid)


def deductions(result: dict[str, Any], uid: str) -> list[tuple[str, str]]:
    """[(item, code), …] of one unit."""
    return [(d["item"], d["code"]) for d in unit(result, uid)["deductions"]]


def test_healthy_tree_scores_full_marks(tree: SupervisionTree) -> None:
    result = assess_json(tree.root)
    assert result["day"] == "2026-11-26" and result["total"] == 100
    assert result["months"][0] == "2026-01-31" and result["months"][-1] == "2026-11-26" and len(result["months"]) == 11
    assert [(u["unit"], u["score"], u["rank"]) for u in result["units"]] == [("wz-edu", 100, 1), ("wz-office", 100, 1)]
    assert all(u["deductions"] == [] for u in result["units"])


def test_item_2_late_updates_from_the_monthly_checks(gap_template: Path, tmp_path: Path) -> None:
    tree = _copy(gap_template, tmp_path / "gap")
    result = assess_json(tree.root)
    assert deductions(result, "wz-edu") == [("2", "account-silent")]
    assert sorted(deductions(result, "wz-office")) == [("2", "column-stale"), ("2", "site-silent")]
    edu = unit(result, "wz-edu")
    silent = edu["deductions"][0]
    assert silent["date"] == "2026-07-31" and silent["points"] == 4  # a single veto counts twice
    assert silent["path"] == "accounts/wz-edu/wz-edu-wechat.yaml"
    # the evidence commit is the one that released the last item before the gap (2026-06-23)
    log = tree.git.git("log", "--format=%H %cs", "--", "content/wz-edu-wechat/2026")
    assert f"{silent['commit']} 2026-06-23" in log.splitlines()
    assert edu["score"] == 96 and unit(result, "wz-office")["score"] == 94
    assert [(u["unit"], u["rank"]) for u in result["units"]] == [("wz-edu", 1), ("wz-office", 2)]


def test_item_1_responsibility(tree: SupervisionTree) -> None:
    tree.tree.units["wz-edu"]["staff"] = []
    tree.write_records()
    tree.commit(D(2026, 11, 21), "名册")
    result = assess_json(tree.root)
    found = unit(result, "wz-edu")["deductions"]
    assert [(d["item"], d["code"], d["date"]) for d in found] == [("1", "unit-staff", None)]
    assert found[0]["commit"] == tree.git.git("rev-parse", "HEAD").strip()
    assert unit(result, "wz-edu")["score"] == 95


def test_missing_review_only_in_the_year_of_release(tree: SupervisionTree) -> None:
    # a missing review without 泄密 or 不良影响 is item (五), not (三): see test_fidelity_supervision
    tree.item("wz-edu-wechat", D(2026, 5, 6), review=False, slug="unreviewed-2026")
    tree.item("wz-edu-wechat", D(2025, 12, 20), review=False, slug="unreviewed-2025")
    tree.commit(D(2026, 5, 6), "发布")
    result = assess_json(tree.root)
    found = unit(result, "wz-edu")["deductions"]
    assert {(d["item"], d["code"], d["date"]) for d in found} == {("5", "review-missing", "2026-05-06")}
    assert all(d["path"] == "content/wz-edu-wechat/2026/unreviewed-2026.md" for d in found)
    assert unit(result, "wz-edu")["deducted"]["5"]["points"] == min(1 * len(found), 15)
    previous = assess_json(tree.root, 2025)
    assert {(d["item"], d["date"]) for d in unit(previous, "wz-edu")["deductions"]} == {("5", "2025-12-20")}


def test_item_4_messages(tree: SupervisionTree) -> None:
    tree.message("wz-2026-0001", D(2026, 6, 1), D(2026, 6, 15), D(2026, 6, 20))  # late
    tree.message("wz-2026-0002", D(2026, 6, 1), D(2026, 6, 15), D(2026, 6, 12))  # on time
    tree.message("wz-2026-0003", D(2026, 7, 1), D(2026, 7, 15), None)  # never: more than 3 months
    tree.message("wz-2025-0009", D(2025, 12, 1), D(2025, 12, 15), D(2026, 1, 5))  # due last year
    tree.message("wz-2026-0004", D(2026, 11, 20), D(2026, 12, 4), None)  # not due yet
    tree.commit(D(2026, 11, 21), "留言")
    result = assess_json(tree.root)
    found = [(d["item"], d["code"], d["points"]) for d in unit(result, "wz-edu")["deductions"]]
    assert found == [("4", "message-answered-late", 3), ("4", "message-overdue-veto", 6)]
    assert unit(result, "wz-edu")["score"] == 91


def test_item_5_other_violations_with_the_event_date(tree: SupervisionTree) -> None:
    path = tree.root / "accounts/wz-edu/wz-edu-wechat.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["lifecycle"][0]["filed"] = "2026-03-20"  # due 2026-03-05
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    commit = tree.commit(D(2026, 3, 20), "补备案")
    result = assess_json(tree.root)
    late = [d for d in unit(result, "wz-edu")["deductions"] if d["code"] == "filing-late"]
    assert [(d["item"], d["date"], d["points"], d["commit"]) for d in late] == [("5", "2026-03-20", 1, commit)]
    assert late[0]["path"] == "accounts/wz-edu/wz-edu-wechat.yaml" and late[0]["line"]


def test_retention_warning_counts_under_item_2(tree: SupervisionTree) -> None:
    tree.item("wz-edu-wechat", D(2026, 6, 3), retention=D(2026, 9, 30), slug="expired")
    tree.commit(D(2026, 6, 3))
    result = assess_json(tree.root)
    assert deductions(result, "wz-edu") == [("2", "retention-expired")]


def test_caps_and_scheme_from_configuration(gap_template: Path, tmp_path: Path) -> None:
    tree = _copy(gap_template, tmp_path / "gap")
    tree.tree.config["assessment"] = {"items": {"2": {"weight": 5, "per": 3}}, "veto_factor": 1}
    tree.write_records()
    tree.commit(D(2026, 11, 21), "评分办法")
    result = assess_json(tree.root)
    assert unit(result, "wz-office")["deducted"]["2"] == {"points": 5, "count": 2}  # 3 + 3, capped at 5
    assert unit(result, "wz-edu")["deducted"]["2"] == {"points": 3, "count": 1}
    assert result["items"]["1"]["weight"] == 10  # the other items keep their defaults


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ({"assessment": {"items": {"2": {"weight": 95, "per": 1}}}}, "超过满分"),
        ({"assessment": {"items": {"6": {"weight": 1, "per": 1}}}}, "1 至 5"),
        ({"assessment": {"total": 0}}, "assessment.total"),
    ],
)
def test_bad_scheme_is_a_usage_error(tree: SupervisionTree, config: dict[str, Any], needle: str) -> None:
    tree.tree.config.update(config)
    tree.write_records()
    code, _, err = run_cli("assess", str(tree.root), "--year", "2026")
    assert code == 2 and needle in err


def test_formats_and_future_year(gap_template: Path, tmp_path: Path) -> None:
    tree = _copy(gap_template, tmp_path / "gap")
    code, out, _ = run_cli("assess", str(tree.root), "--year", "2026")
    assert code == 0 and out.startswith("# 2026年度政府网站和政务新媒体综合考评")
    assert "| 1 | 吴忠市教育局 | 96 |" in out and "| 2 | 吴忠市人民政府办公室 | 94 |" in out
    assert "2026-07-31 月度检查" in out
    target = tmp_path / "assess.html"
    code, _, _ = run_cli("assess", str(tree.root), "--year", "2026", "--format", "html", "--output", str(target))
    html = target.read_text(encoding="utf-8")
    assert code == 0 and html.count('<svg class="chart scores"') == 1 and html.count('class="bar bar-score"') == 2
    assert "<script" not in html
    code, _, err = run_cli("assess", str(tree.root), "--year", "2027")
    assert code == 2 and "还没有开始" in err


def test_dates() -> None:
    assert assessment_day(2025, D(2026, 11, 26)) == D(2025, 12, 31)
    assert month_ends(2026, D(2026, 3, 10)) == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 10)]
    assert len(month_ends(2025, D(2025, 12, 31))) == 12


def test_sample_data(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    result = assess_json(root)
    education = unit(result, "education-bureau")
    late = [d for d in education["deductions"] if d["item"] == "4"]
    assert [(d["code"], d["path"]) for d in late] == [("message-answered-late", "messages/education-bureau/wz-2026-0088.yaml")]
    assert all(not any(d["item"] == "4" for d in unit(result, u)["deductions"]) for u in ("housing-construction-bureau", "market-regulation-bureau", "transport-bureau"))
    ranks = [u["rank"] for u in result["units"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
