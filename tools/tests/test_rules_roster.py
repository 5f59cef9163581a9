"""Responsibility and roster rules (Art. 5, 9, 12): a passing and a failing case each, then on the sample tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from ruletree import Tree, found, line_of, person

from conftest import check_json, codes, edit, flat

U = "units/wz-edu.yaml"
# lines of the dumped unit: 5 leader_in_charge, 6 staff, 7 staff[0], 8 people,
# 9–12 people[0] (id, name, roles, role), 13–16 people[1]
LEADER, STAFF, STAFF0, P0_ID, P0_ROLE0, P1_ID, P1_ROLE0 = 5, 6, 7, 9, 12, 13, 16


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "repo")


# ---------------------------------------------------------------- unit-leader-in-charge, unit-staff (第五条)


def test_unit_with_an_account_and_no_leader_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu").pop("leader_in_charge")
    findings = tree.check("unit_responsibility")
    assert found(findings) == [("unit-leader-in-charge", "error", U, 1)]
    assert findings[0].message == "未明确分管领导：本单位主办在用账号「吴忠教育」，但没有填写 leader_in_charge"


def test_leader_from_another_unit_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["leader_in_charge"] = "wz-office-leader"
    findings = tree.check("unit_responsibility")
    assert found(findings) == [("unit-leader-in-charge", "error", U, LEADER)]
    assert findings[0].message == "未明确分管领导：人员 id「wz-office-leader」是「吴忠市人民政府办公室」的人员，不在本单位的人员名册 people 中"


def test_unit_with_a_column_and_no_staff_is_an_error(tree: Tree) -> None:
    tree.accounts.clear()  # wz-edu is then responsible only for the portal column 教育信息
    tree.unit("wz-edu")["staff"] = []
    findings = tree.check("unit_responsibility")
    assert found(findings) == [("unit-staff", "error", U, STAFF)]
    assert findings[0].message == "未落实专（兼）职工作人员：本单位负责网站「吴忠市人民政府门户网站」的栏目「教育信息」，但没有填写 staff"


def test_staff_not_in_the_roster_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["staff"] = ["wz-edu-staff", "wz-edu-nobody"]
    findings = tree.check("unit_responsibility")
    assert found(findings) == [("unit-staff", "error", U, 8)]  # staff[1]
    assert findings[0].message == "未落实专（兼）职工作人员：人员 id「wz-edu-nobody」不在本单位的人员名册 people 中"


def test_units_without_accounts_or_columns_need_no_leader(tree: Tree) -> None:
    tree.units["wz-archive"] = {"id": "wz-archive", "name": "吴忠市档案馆", "kind": "public-institution-with-admin-functions", "region": "640300"}
    assert found(tree.check("unit_responsibility")) == []


# ---------------------------------------------------------------- vendor-reviewer (第九条)


def test_vendor_holding_a_review_role_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][1]["vendor"] = True
    findings = tree.check("vendor_reviewer")
    assert found(findings) == [("vendor-reviewer", "error", U, P1_ROLE0)]
    assert findings[0].message == "第三方运维人员「王晓东」（wz-edu-staff）担任承办人（初审）；内容审核不得外包"
    assert findings[0].article == "第九条"


def test_vendor_as_leader_in_charge_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][0].update(vendor=True, roles=[])
    findings = tree.check("vendor_reviewer")
    assert found(findings) == [("vendor-reviewer", "error", U, LEADER)]
    assert "被登记为分管领导" in findings[0].message


def test_vendor_signing_a_review_in_content_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"].append(person("wz-edu-vendor", "王某", vendor=True))
    front = {
        "title": "关于做好2026年秋季学期开学工作的通知",
        "channel": "wz-edu-wechat",
        "unit": "wz-edu",
        "source": {"kind": "original", "name": "吴忠市教育局"},
        "retention": "permanent",
        "review": {"initial": {"by": "wz-edu-vendor", "at": "2026-08-20T09:00:00+08:00"}},
    }
    tree.files["content/wz-edu/kaixue.md"] = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n正文。\n"
    findings = tree.check("vendor_reviewer")
    assert found(findings) == [("vendor-reviewer", "error", "content/wz-edu/kaixue.md", 11)]  # review.initial.by
    assert findings[0].message == "第三方运维人员「王某」（wz-edu-vendor）完成了初审；内容审核不得外包"


def test_vendor_without_roles_passes(tree: Tree) -> None:
    tree.unit("wz-edu")["people"].append(person("wz-edu-vendor", "王某", vendor=True))
    assert found(tree.check("vendor_reviewer")) == []


# ---------------------------------------------------------------- roster-office-role


def test_supervisor_role_outside_the_supervising_office_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][0]["roles"] = ["leader", "supervisor"]
    findings = tree.check("roster_office_role")
    assert found(findings) == [("roster-office-role", "error", U, 13)]  # people[0].roles[1]
    assert findings[0].message == "「张伟」（wz-edu-leader）是吴忠市教育局的人员，不能担任政务公开办审核人（supervisor）：此角色只属于政务公开办所在单位「吴忠市人民政府办公室」"


def test_emergency_approver_in_an_agency_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][0]["roles"] = ["emergency-approver"]
    findings = tree.check("roster_office_role")
    assert found(findings) == [("roster-office-role", "error", U, P0_ROLE0)]
    assert "行政机关（部门）不在可担任此角色的单位类型（人民政府、政府办公室、党委部门）之内" in findings[0].message


@pytest.mark.parametrize(("uid", "role"), [("wz-office", "supervisor"), ("wz-office", "emergency-approver"), ("wz-edu", "escalation-reviewer")])
def test_office_roles_where_they_belong_pass(tree: Tree, uid: str, role: str) -> None:
    tree.unit(uid)["people"][0]["roles"] = [role]
    assert found(tree.check("roster_office_role")) == []


# ---------------------------------------------------------------- roster-duplicate


def test_staff_listed_twice_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["staff"] = ["wz-edu-staff", "wz-edu-staff"]
    findings = tree.check("roster_duplicate")
    assert found(findings) == [("roster-duplicate", "error", U, 8)]
    assert findings[0].message == "名册重复登记：staff 中人员 id「wz-edu-staff」重复（第一次在 staff[0]）"


def test_role_listed_twice_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][0]["roles"] = ["leader", "leader"]
    findings = tree.check("roster_duplicate")
    assert found(findings) == [("roster-duplicate", "error", U, 13)]
    assert findings[0].message == "名册重复登记：「张伟」的角色 leader 重复"


def test_one_person_under_two_ids_is_an_error(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][1]["phone"] = "0953-2012202"
    tree.unit("wz-office")["people"].append(person("wz-office-wangxd", "王晓东", "handler", phone="0953-2012202"))
    findings = tree.check("roster_duplicate")
    assert found(findings) == [("roster-duplicate", "error", "units/wz-office.yaml", 17)]
    assert findings[0].message == "名册重复登记：「王晓东」（wz-office-wangxd）与 units/wz-edu.yaml 中的 wz-edu-staff 姓名和联系电话相同，是同一人登记了两次"


def test_namesakes_with_different_phones_pass(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][1]["phone"] = "0953-2012202"
    tree.unit("wz-office")["people"].append(person("wz-office-wangxd", "王晓东", "handler", phone="0953-2012999"))
    assert found(tree.check("roster_duplicate")) == []


# ---------------------------------------------------------------- roster-login-unique


def test_login_used_twice_is_an_error_ignoring_case(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][1]["login"] = "wangxd"
    tree.unit("wz-office")["people"][1]["login"] = "WangXD"
    findings = tree.check("roster_login_unique")
    assert found(findings) == [("roster-login-unique", "error", "units/wz-office.yaml", 17)]
    assert findings[0].message == "login「WangXD」已被 units/wz-edu.yaml 中的 wz-edu-staff 使用"


def test_distinct_logins_pass(tree: Tree) -> None:
    tree.unit("wz-edu")["people"][1]["login"] = "wangxd-jyj"
    tree.unit("wz-office")["people"][1]["login"] = "wangxd-zfb"
    assert found(tree.check("roster_login_unique")) == []


# ---------------------------------------------------------------- end to end on the sample tree

EDU = "units/education-bureau.yaml"
OFFICE = "units/wuzhong-gov-office.yaml"


def sample_error(root: Path, code: str, path: str, needle: str, start: int = 1) -> dict[str, Any]:
    exit_code, report = check_json(root)
    assert exit_code == 1, flat(report)
    line = line_of(root / path, needle, start)
    assert (code, path, line) in flat(report)
    return next(f for f in report["findings"] if (f["code"], f["path"], f["line"]) == (code, path, line))


def test_sample_tree_is_clean_for_roster_rules(sample_tree: Path) -> None:
    exit_code, report = check_json(sample_tree)
    assert exit_code == 0, flat(report)
    assert [f for f in report["findings"] if f["code"].startswith(("unit-", "roster-", "vendor-"))] == []


def test_sample_leader_not_in_roster(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "leader_in_charge: education-bureau-zhaogq", "leader_in_charge: education-bureau-nobody")
    sample_error(sample_tree, "unit-leader-in-charge", EDU, "leader_in_charge:")
    assert codes(check_json(sample_tree)[1], "error") == ["unit-leader-in-charge"]


def test_sample_staff_missing(sample_tree: Path) -> None:
    path = sample_tree / EDU
    text = path.read_text(encoding="utf-8")
    start, end = text.index("staff:"), text.index("contact:")
    path.write_text(text[:start] + "staff: []\n" + text[end:], encoding="utf-8")
    sample_error(sample_tree, "unit-staff", EDU, "staff: []")


def test_sample_vendor_with_a_review_role(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "    roles: [handler]  # 承办人,初审\n", "    roles: [handler]  # 承办人,初审\n    vendor: true\n")
    finding = sample_error(sample_tree, "vendor-reviewer", EDU, "roles: [handler]")
    assert "王晓东" in finding["message"]


def test_sample_supervisor_outside_the_office(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "roles: [leader]", "roles: [leader, supervisor]")
    sample_error(sample_tree, "roster-office-role", EDU, "roles: [leader, supervisor]")


def test_sample_staff_listed_twice(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "  - education-bureau-liulj  # 刘丽娟\n", "  - education-bureau-liulj  # 刘丽娟\n  - education-bureau-wangxd\n")
    sample_error(sample_tree, "roster-duplicate", EDU, "- education-bureau-wangxd", start=line_of(sample_tree / EDU, "刘丽娟"))


def test_sample_login_used_twice(sample_tree: Path) -> None:
    edit(sample_tree / EDU, 'login: "liulj-jyj"', 'login: "maxy-wzzfb"')
    # units/ are read in path order: education-bureau comes before wuzhong-gov-office, so the office's entry is the repeat
    finding = sample_error(sample_tree, "roster-login-unique", OFFICE, 'login: "maxy-wzzfb"')
    assert finding["message"] == "login「maxy-wzzfb」已被 units/education-bureau.yaml 中的 education-bureau-liulj 使用"
    assert codes(check_json(sample_tree)[1], "error") == ["roster-login-unique"]
