"""Issue 15: the supervision false positives — every figure of a report must read correctly to an office worker.

Each test fails on the code before the fix: mini-programs vetoed for not posting, negative day counts before the
records begin, a garbled veto sentence, a registry adopted today reading "距今 0 天", every column counted toward
the 5-stale-columns veto, a forged release time costing one point, party bodies ranked among executive departments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import supervisiontree
from supervisiontree import D, SupervisionTree

from conftest import GitRepo, run_cli


@pytest.fixture(scope="module")
def healthy_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return supervisiontree.healthy_template(tmp_path_factory.mktemp("fidelity-template"))


@pytest.fixture
def tree(healthy_template: Path, tmp_path: Path) -> SupervisionTree:
    """A private copy (with its .git) of the healthy tree."""
    return supervisiontree.private_copy(healthy_template, tmp_path)


def inspect_json(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("inspect", str(root), "--format", "json", *extra)
    assert "Traceback" not in err and code in (0, 1), err
    return code, json.loads(out)


def items(report: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [i for u in report["units"] for i in u["items"] if i["code"] == code]


def channels(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for u in report["units"] for c in u["channels"]}


# ---------------------------------------------------------------- mini-programs and apps have no posts


@pytest.mark.parametrize(("platform", "vetoed"), [("miniprogram", False), ("app", False), ("weibo", True)])
def test_two_week_veto_skips_mini_programs_and_apps(tree: SupervisionTree, platform: str, vetoed: bool) -> None:
    tree.tree.add_account(f"wz-edu-{platform}", platform=platform, name=f"吴忠教育{platform}", handle=f"wzedu{platform}",
                          lifecycle=[{"type": "open", "date": "2026-09-01", "filed": "2026-09-02"}])
    tree.write_records()
    tree.commit(D(2026, 9, 2), "开设")
    _, report = inspect_json(tree.root)
    silent = [i for i in items(report, "account-silent") if platform in i["path"]]
    assert bool(silent) is vetoed
    if not vetoed:
        assert channels(report)[f"wz-edu-{platform}"]["state"] == "free"


# ---------------------------------------------------------------- no negative days before the records begin


def test_no_negative_days_before_the_records_begin(tree: SupervisionTree) -> None:
    _, report = inspect_json(tree.root, "--month", "2026-02")  # records begin 2026-03-01
    days = [c["days"] for c in channels(report).values()]
    assert days and all(d is None or d >= 0 for d in days), days
    assert not items(report, "account-silent") and not items(report, "column-blank")


# ---------------------------------------------------------------- the veto sentence reads correctly


def test_veto_sentence_is_not_garbled(tree: SupervisionTree) -> None:
    tree.tree.config["inspection"] = {"records_since": "2026-11-22"}
    tree.write_records()
    tree.commit(D(2026, 11, 22), "检查标准")
    _, report = inspect_json(tree.root, "--date", "2026-12-20")
    message = next(i["message"] for i in items(report, "account-silent"))
    assert "天来没有发布信息(最近一次发布在" not in message
    assert "登记库自 2026-11-22 开始登记信息，此后 28 天没有发布信息" in message and "最近一次发布在 2026-11-20" in message


# ---------------------------------------------------------------- the adoption date


def test_adoption_date_counts_earlier_items_by_their_release_date(tmp_path: Path) -> None:
    tree = SupervisionTree(GitRepo(tmp_path / "repo"))
    tree.write_records()
    for day in (D(2026, 10, 20), D(2026, 11, 1), D(2026, 11, 18)):
        tree.item("wz-edu-wechat", day)
        tree.item("wz-portal", day, unit="wz-office", column="news")
    tree.commit(D(2026, 11, 26), "登记库启用:补登此前发布的信息")
    _, report = inspect_json(tree.root)
    before = channels(report)["wz-edu-wechat"]
    assert (before["last"], before["days"], before["since"]) == ("2026-11-18", 0, "2026-11-26")
    # the report no longer reads “最近发布 2026-11-18 | 距今 0 天”: it says why 0 days are counted
    code, out, err = run_cli("inspect", str(tree.root), "--format", "markdown")
    assert code == 0, err
    row = next(line for line in out.splitlines() if "吴忠教育" in line and "2026-11-18" in line)
    assert "| 8（登记库自 2026-11-26 起登记，按 0 计） |" in row, row
    tree.tree.config["inspection"] = {"adopted": "2026-11-26"}
    tree.write_records()
    tree.commit(D(2026, 11, 26), "登记库启用日期")
    _, report = inspect_json(tree.root)
    after = channels(report)["wz-edu-wechat"]
    assert (after["last"], after["days"]) == ("2026-11-18", 8)
    assert any("2026-11-26 启用" in n and "无法证明" in n for n in report["notes"])
    _, month = inspect_json(tree.root, "--month", "2026-10")  # 10-20 counts in October although committed in November
    assert channels(month)["wz-edu-wechat"]["last"] == "2026-10-20"


# ---------------------------------------------------------------- stale columns: by kind (国办秘函〔2019〕19号)


def _columns(tree: SupervisionTree, kind: str, n: int) -> None:
    tree.tree.sites["wz-portal"]["columns"] += [
        {"id": f"{kind}-{i}", "name": f"{kind}栏目{i}", "kind": kind, "responsible_unit": "wz-edu", "update_every_days": 30} for i in range(n)
    ]
    for i in range(n):
        tree.item("wz-portal", D(2026, 3, 10), unit="wz-edu", column=f"{kind}-{i}")
    tree.write_records()
    tree.commit(D(2026, 3, 10), "新增栏目")


def test_other_columns_count_toward_ten_not_five(tree: SupervisionTree) -> None:
    _columns(tree, "other", 6)
    _, report = inspect_json(tree.root)
    assert len(items(report, "column-stale")) == 6
    assert not items(report, "site-columns-fail")


def test_key_columns_count_toward_five(tree: SupervisionTree) -> None:
    _columns(tree, "policy", 5)
    code, report = inspect_json(tree.root)
    fail = items(report, "site-columns-fail")
    assert code == 1 and len(fail) == 1 and "动态要闻、通知公告、政策文件类栏目" in fail[0]["message"]


# ---------------------------------------------------------------- 第二十一条: the mapping of the annual assessment


def assess_json(root: Path, year: int = 2026) -> dict[str, Any]:
    code, out, err = run_cli("assess", str(root), "--year", str(year), "--format", "json")
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def score_of(result: dict[str, Any], uid: str) -> dict[str, Any]:
    return next(u for u in result["units"] if u["unit"] == uid)


def test_item_3_needs_a_leak_a_missing_signature_is_item_5(tree: SupervisionTree) -> None:
    tree.item("wz-edu-wechat", D(2026, 5, 6), review=False, slug="unreviewed")
    tree.item("wz-edu-wechat", D(2026, 5, 7), slug="leaked", body="联系人：王晓东，手机13912345678。")
    tree.commit(D(2026, 5, 7), "发布")
    found = {(d["item"], d["code"].split("-")[0]) for d in score_of(assess_json(tree.root), "wz-edu")["deductions"]}
    assert ("5", "review") in found and ("3", "review") not in found
    assert ("3", "pii") in found


def test_forged_release_time_is_a_single_veto(tree: SupervisionTree) -> None:
    rel = tree.item("wz-portal", D(2026, 6, 1), unit="wz-office", column="news", slug="forged2")
    tree.commit(D(2026, 6, 1))
    path = tree.root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("2026-06-01T10:00:00", "2026-06-20T10:00:00"), encoding="utf-8")
    tree.commit(D(2026, 6, 20), "改动发布时间")
    result = assess_json(tree.root)
    office = score_of(result, "wz-office")
    assert office["vetoed"] and [v["code"] for v in office["vetoes"]] == ["release-time-changed"]
    assert office["rank"] == len(result["units"]) and office["rank"] > score_of(result, "wz-edu")["rank"]


def test_party_bodies_are_not_ranked_with_government_departments(tree: SupervisionTree) -> None:
    tree.tree.units["wz-xcb"] = {
        "id": "wz-xcb", "name": "中共吴忠市委宣传部", "kind": "party-body", "region": "640300", "leader_in_charge": "wz-xcb-leader",
        "staff": ["wz-xcb-staff"], "people": [{"id": "wz-xcb-leader", "name": "陈建华", "roles": ["leader"]}, {"id": "wz-xcb-staff", "name": "纳静", "roles": ["handler"]}],
    }
    tree.write_records()
    tree.commit(D(2026, 11, 21), "登记宣传部")
    result = assess_json(tree.root)
    assert "wz-xcb" not in [u["unit"] for u in result["units"]]
    tree.tree.config["assessment"] = {"exempt_kinds": ["internal-body"]}
    tree.write_records()
    tree.commit(D(2026, 11, 22), "宣传部参加考评")
    assert "wz-xcb" in [u["unit"] for u in assess_json(tree.root)["units"]]


def test_party_body_accounts_are_not_inspected_unless_governed(tree: SupervisionTree) -> None:
    tree.tree.units["wz-xcb"] = {
        "id": "wz-xcb", "name": "中共吴忠市委宣传部", "kind": "party-body", "region": "640300", "leader_in_charge": "wz-xcb-leader",
        "staff": ["wz-xcb-staff"], "people": [{"id": "wz-xcb-leader", "name": "陈建华", "roles": ["leader"]}, {"id": "wz-xcb-staff", "name": "纳静", "roles": ["handler"]}],
    }
    tree.tree.add_account("wz-xcb-wechat", owner="wz-xcb", platform="wechat", name="吴忠宣传", handle="wzxc", certified_subject="中共吴忠市委宣传部",
                          lifecycle=[{"type": "open", "date": "2026-09-01", "filed": "2026-09-02"}])
    tree.write_records()
    tree.commit(D(2026, 9, 2), "登记宣传部账号")
    _, report = inspect_json(tree.root)
    assert not [i for i in items(report, "account-silent") if "wz-xcb" in i["path"]]
    tree.tree.config["account_owner"] = {"allowed_kinds": ["agency", "government-office", "party-body"]}
    tree.write_records()
    tree.commit(D(2026, 9, 3), "宣传部账号纳入管理")
    _, report = inspect_json(tree.root)
    assert [i for i in items(report, "account-silent") if "wz-xcb" in i["path"]]


def test_rank_groups_are_configurable(tree: SupervisionTree) -> None:
    tree.item("wz-edu-wechat", D(2026, 5, 6), review=False, slug="unreviewed")  # wz-edu loses points
    tree.commit(D(2026, 5, 6), "发布")
    result = assess_json(tree.root)
    assert sorted((u["unit"], u["rank"]) for u in result["units"]) == [("wz-edu", 2), ("wz-office", 1)]
    kinds = {u["unit"]: tree.tree.units[u["unit"]]["kind"] for u in result["units"]}
    tree.tree.config["assessment"] = {"rank_groups": {"甲组": [kinds["wz-office"]], "乙组": [kinds["wz-edu"]]}}
    tree.write_records()
    tree.commit(D(2026, 11, 21), "分组排名")
    result = assess_json(tree.root)
    assert sorted((u["unit"], u["group"], u["rank"]) for u in result["units"]) == [("wz-edu", "乙组", 1), ("wz-office", "甲组", 1)]
