"""Rules for accounts (Art. 6, 7, 9): a passing and a failing case each, then the failing case on the sample tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruletree import D, Tree, found, line_of, only

from conftest import check_json, codes, edit, flat

A = "accounts/wz-edu/wz-edu-wechat.yaml"
A2 = "accounts/wz-edu/wz-edu-wechat-2.yaml"


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "repo")


def test_minimal_tree_is_clean_under_every_rule(tree: Tree) -> None:
    assert found(tree.check()) == []


# ---------------------------------------------------------------- account-duplicate-platform (第七条)


def test_second_active_account_on_one_platform_is_an_error(tree: Tree) -> None:
    tree.add_account("wz-edu-wechat-2", lifecycle=[{"type": "open", "date": D(2026, 5, 6), "filed": D(2026, 5, 7)}])
    findings = tree.check("account_duplicate_platform")
    assert found(findings) == [("account-duplicate-platform", "error", A2, 3)]  # line 3: platform
    assert findings[0].message == "单位「吴忠市教育局」在微信公众号已有在用账号 accounts/wz-edu/wz-edu-wechat.yaml，本账号是同一平台上的第 2 个在用账号，且没有报批文件"
    assert findings[0].article == "第七条"


def test_the_later_account_is_the_duplicate_whatever_the_file_order(tree: Tree) -> None:
    # the second file sorts first by name but was opened earlier: the main account is the earlier one
    tree.add_account("wz-edu-a-wechat", lifecycle=[{"type": "open", "date": D(2020, 5, 6), "filed": D(2020, 5, 7)}])
    assert found(tree.check("account_duplicate_platform")) == [("account-duplicate-platform", "error", A, 3)]


def test_second_account_with_approval_is_a_warning_naming_both_files(tree: Tree) -> None:
    tree.add_account(
        "wz-edu-wechat-2",
        approval={"number": "吴政办函〔2026〕5号", "date": D(2026, 4, 1)},
        lifecycle=[{"type": "open", "date": D(2026, 5, 6), "filed": D(2026, 5, 7)}],
    )
    finding = only(tree.check("account_duplicate_platform"), "account-duplicate-platform-approved")
    assert (finding.severity.value, finding.path, finding.line) == ("warning", A2, 12)  # approval, dumped after lifecycle
    assert A in finding.message and "吴政办函〔2026〕5号" in finding.message and "2026-04-01" in finding.message


@pytest.mark.parametrize(
    "change",
    [
        {"platform": "weibo"},  # same unit, same name, another platform: fine (Art. 7 asks for the same name)
        {"status": "closed", "lifecycle": [{"type": "open", "date": D(2026, 5, 6), "filed": D(2026, 5, 7)}, {"type": "close", "date": D(2026, 6, 1), "filed": D(2026, 6, 2), "announcement": {"from": D(2026, 6, 1), "to": D(2026, 6, 30)}}]},
        {"owner": "wz-office", "certified_subject": "吴忠市人民政府办公室"},  # another unit on the same platform
    ],
)
def test_one_active_account_per_unit_and_platform_passes(tree: Tree, change: dict[str, Any]) -> None:
    tree.add_account("wz-edu-wechat-2", **change)
    assert found(tree.check("account_duplicate_platform")) == []


# ---------------------------------------------------------------- account-owner-kind (第六条)


def test_account_of_an_internal_body_is_an_error(tree: Tree) -> None:
    tree.units["wz-edu-office"] = {**tree.unit("wz-edu"), "id": "wz-edu-office", "name": "吴忠市教育局办公室", "kind": "internal-body", "parent": "wz-edu", "people": []}
    tree.units["wz-edu-office"].pop("leader_in_charge")
    tree.units["wz-edu-office"]["staff"] = []
    tree.add_account("wz-edu-office-wechat", owner="wz-edu-office", subject="吴忠市教育局办公室")
    finding = only(tree.check("account_owner_kind"), "account-owner-kind")
    assert (finding.path, finding.line) == ("accounts/wz-edu-office/wz-edu-office-wechat.yaml", 5)  # owner
    assert finding.message == "账号的主办单位「吴忠市教育局办公室」是内设机构；不得以内设机构名义开设政务新媒体"
    assert "「吴忠市教育局」（owner: wz-edu）" in finding.hint


def test_account_in_the_name_of_a_person_is_an_error(tree: Tree) -> None:
    tree.add_account("wz-edu-staff-wechat", owner="wz-edu-staff", subject="王晓东")
    path = "accounts/wz-edu-staff/wz-edu-staff-wechat.yaml"
    findings = tree.check("account_owner_kind")
    # the loader says the unit does not exist; the rule says why a person may not own an account
    assert found(findings) == [("account-owner-kind", "error", path, 5), ("unknown-reference", "error", path, 5)]
    assert "不得以个人名义开设" in findings[0].message and "accounts/wz-edu/" in findings[0].hint


def test_account_of_a_party_body_is_out_of_scope_but_configurable(tree: Tree) -> None:
    tree.unit("wz-edu")["kind"] = "party-body"
    finding = only(tree.check("account_owner_kind"), "account-out-of-scope")  # 第二条: not governed, not an error
    assert (finding.path, finding.line, finding.severity.value) == (A, 5, "info")
    assert "党委部门" in finding.message
    tree.config["account_owner"] = {"out_of_scope_kinds": []}
    assert only(tree.check("account_owner_kind"), "account-owner-kind").severity.value == "error"
    tree.config["account_owner"] = {"allowed_kinds": ["agency", "party-body"]}
    assert found(tree.check("account_owner_kind")) == []


@pytest.mark.parametrize("kind", ["agency", "public-institution-with-admin-functions", "park", "township", "government-office"])
def test_accounts_of_allowed_kinds_pass(tree: Tree, kind: str) -> None:
    tree.unit("wz-edu")["kind"] = kind
    assert found(tree.check("account_owner_kind")) == []


def test_bad_account_owner_setting_is_a_config_finding_not_a_crash(tree: Tree) -> None:
    tree.config["account_owner"] = {"allowed_kinds": ["department"]}
    findings = tree.check("account_owner_kind")
    assert [(f.code, f.path, f.line) for f in findings] == [("schema", "config/govreg.yaml", 4)]  # the list item


# ---------------------------------------------------------------- account-special-topic-approval (第六条)


def test_special_topic_account_without_approval_is_an_error(tree: Tree) -> None:
    tree.account("wz-edu-wechat")["purpose"] = "special-topic"
    findings = tree.check("account_special_topic_approval")
    assert found(findings) == [("account-special-topic-approval", "error", A, 12)]  # purpose comes last in the dump
    assert findings[0].message == "专项账号报批不全：用途为专项（special-topic）的账号没有填写报批文件 approval"


def test_special_topic_approval_dated_after_opening_is_an_error(tree: Tree) -> None:
    tree.account("wz-edu-wechat").update(purpose="special-topic", approval={"number": "吴政办函〔2026〕9号", "date": D(2026, 3, 5)})
    findings = tree.check("account_special_topic_approval")
    assert found(findings) == [("account-special-topic-approval", "error", A, 15)]  # approval.date
    assert "批准日期 2026-03-05 晚于开设日期 2026-03-02" in findings[0].message


def test_special_topic_account_with_earlier_approval_passes(tree: Tree) -> None:
    tree.account("wz-edu-wechat").update(purpose="special-topic", approval={"number": "吴政办函〔2026〕9号", "date": D(2026, 3, 2)})
    assert found(tree.check("account_special_topic_approval")) == []


# ---------------------------------------------------------------- account-certified-subject (第六条)


def test_certified_subject_other_than_the_owner_is_an_error(tree: Tree) -> None:
    tree.account("wz-edu-wechat")["certified_subject"] = "吴忠市教育局办公室"
    findings = tree.check("account_certified_subject")
    assert found(findings) == [("account-certified-subject", "error", A, 6)]
    assert findings[0].message == "认证主体「吴忠市教育局办公室」与主办单位「吴忠市教育局」（owner: wz-edu）的名称不一致"


def test_certified_subject_naming_the_vendor_says_so(tree: Tree) -> None:
    tree.account("wz-edu-wechat").update(
        certified_subject="宁夏某某传媒有限公司",
        operation={"mode": "outsourced", "vendor": "宁夏某某传媒有限公司", "agreement": {"reference": "X-1", "date": D(2026, 1, 5)}, "rules": "外包服务管理制度"},
    )
    finding = only(tree.check("account_certified_subject"), "account-certified-subject")
    assert "是第三方运维单位" in finding.message


@pytest.mark.parametrize(("subject", "aliases"), [("吴忠市教育局", {}), (" 吴忠市 教育局 ", {}), ("吴忠市教育局(语委办)", {"wz-edu": ["吴忠市教育局(语委办)"]})])
def test_certified_subject_naming_the_owner_passes(tree: Tree, subject: str, aliases: dict[str, list[str]]) -> None:
    tree.account("wz-edu-wechat")["certified_subject"] = subject
    tree.config["account_certified_subject"] = {"aliases": aliases}
    assert found(tree.check("account_certified_subject")) == []


# ---------------------------------------------------------------- outsourcing-agreement, outsourcing-mode (第九条)


def test_outsourced_account_without_agreement_and_rules_is_an_error(tree: Tree) -> None:
    tree.account("wz-edu-wechat")["operation"] = {"mode": "outsourced", "vendor": "宁夏某某传媒有限公司"}
    findings = tree.check("outsourcing_agreement")
    assert found(findings) == [("outsourcing-agreement", "error", A, 13)]  # operation.mode
    assert findings[0].message == "账号委托第三方运维，但没有填写外包保密协议 agreement、外包服务管理制度 rules"


def test_complete_outsourcing_passes(tree: Tree) -> None:
    tree.account("wz-edu-wechat")["operation"] = {
        "mode": "outsourced", "vendor": "宁夏某某传媒有限公司", "agreement": {"reference": "WZJY-2025-007", "date": D(2025, 2, 20)}, "rules": "外包服务管理制度",
    }
    assert found(tree.check("outsourcing_agreement")) == []


def test_self_operated_account_with_a_vendor_is_a_warning(tree: Tree) -> None:
    tree.account("wz-edu-wechat")["operation"] = {"vendor": "宁夏某某传媒有限公司"}
    findings = tree.check("outsourcing_agreement")
    assert found(findings) == [("outsourcing-mode", "warning", A, 12)]  # no mode key: the operation block
    assert findings[0].message == "运维方式是自行运维（mode: self），却填写了运维单位 vendor"


# ---------------------------------------------------------------- end to end on the sample tree

EDU = "accounts/education-bureau/education-bureau-wechat.yaml"
ZAOCHA = "accounts/culture-tourism-bureau/culture-tourism-bureau-douyin-zaocha.yaml"
TOURISM_DOUYIN = "accounts/culture-tourism-bureau/culture-tourism-bureau-douyin.yaml"


def test_sample_tree_is_clean_for_these_rules(sample_tree: Path) -> None:
    code, report = check_json(sample_tree)
    assert code == 0, flat(report)
    mine = {"account-duplicate-platform", "account-owner-kind", "account-special-topic-approval", "account-certified-subject", "outsourcing-agreement", "outsourcing-mode"}
    assert [f for f in report["findings"] if f["code"] in mine] == []


def test_sample_duplicate_platform_without_approval(sample_tree: Path) -> None:
    path = sample_tree / ZAOCHA
    text = path.read_text(encoding="utf-8")
    start, end = text.index("approval:"), text.index("status:")
    path.write_text(text[:start] + "purpose: general\n" + text[end:], encoding="utf-8")
    edit(path, "purpose: special-topic  # 专项活动账号\n", "")
    code, report = check_json(sample_tree)
    assert code == 1
    assert ("account-duplicate-platform", ZAOCHA, line_of(path, "platform: douyin")) in flat(report)
    assert codes(report, "error") == ["account-duplicate-platform"]


def test_sample_duplicate_platform_with_approval_is_a_warning(sample_tree: Path) -> None:
    code, report = check_json(sample_tree)
    assert code == 0
    assert ("account-duplicate-platform-approved", ZAOCHA, line_of(sample_tree / ZAOCHA, "approval:")) in flat(report)


def test_sample_owner_internal_body(sample_tree: Path) -> None:
    edit(sample_tree / "units/education-bureau.yaml", "kind: agency", "kind: internal-body\nparent: wuzhong-gov-office")
    code, report = check_json(sample_tree)
    assert code == 1
    assert ("account-owner-kind", EDU, line_of(sample_tree / EDU, "owner: education-bureau")) in flat(report)


def test_sample_special_topic_without_approval(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "status: active", "purpose: special-topic\nstatus: active")
    code, report = check_json(sample_tree)
    assert code == 1
    assert ("account-special-topic-approval", EDU, line_of(sample_tree / EDU, "purpose: special-topic")) in flat(report)
    assert codes(report, "error") == ["account-special-topic-approval"]


def test_sample_certified_subject(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "certified_subject: 吴忠市教育局", "certified_subject: 吴忠市教育局办公室")
    code, report = check_json(sample_tree)
    assert code == 1
    assert ("account-certified-subject", EDU, line_of(sample_tree / EDU, "certified_subject:")) in flat(report)
    assert codes(report, "error") == ["account-certified-subject"]


def test_sample_outsourcing_without_agreement(sample_tree: Path) -> None:
    path = sample_tree / TOURISM_DOUYIN
    text = path.read_text(encoding="utf-8")
    assert "  agreement:" in text
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  agreement:"))
    end = start + 1
    while lines[end].startswith("    "):
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    code, report = check_json(sample_tree)
    assert code == 1
    assert ("outsourcing-agreement", TOURISM_DOUYIN, line_of(path, "mode: outsourced")) in flat(report)
    assert codes(report, "error") == ["outsourcing-agreement"]


def test_sample_self_operated_with_vendor_is_a_warning(sample_tree: Path) -> None:
    edit(sample_tree / EDU, "status: active", "operation:\n  vendor: 宁夏某某传媒有限公司\nstatus: active")
    code, report = check_json(sample_tree)
    assert code == 0
    assert ("outsourcing-mode", EDU, line_of(sample_tree / EDU, "operation:")) in flat(report)


def test_sample_same_handle_under_two_units_is_reported_once(sample_tree: Path) -> None:
    # one rule module reports it (rules/account_duplicate_handle.py), not the loader as well
    other = sample_tree / "accounts/finance-bureau/finance-bureau-wechat.yaml"
    handle = next(line for line in (sample_tree / EDU).read_text(encoding="utf-8").splitlines() if line.startswith("handle:"))
    text = other.read_text(encoding="utf-8")
    own = next(line for line in text.splitlines() if line.startswith("handle:"))
    edit(other, own, handle)
    code, report = check_json(sample_tree)
    assert code == 1
    assert codes(report, "error") == ["account-duplicate-handle"]


def test_duplicate_handle_is_a_rule_selectable_by_its_code(sample_tree: Path) -> None:
    other = sample_tree / "accounts/finance-bureau/finance-bureau-wechat.yaml"
    handle = next(line for line in (sample_tree / EDU).read_text(encoding="utf-8").splitlines() if line.startswith("handle:"))
    own = next(line for line in other.read_text(encoding="utf-8").splitlines() if line.startswith("handle:"))
    edit(other, own, handle.upper().replace("HANDLE:", "handle:") + "  ")  # case and spaces do not make another account
    code, report = check_json(sample_tree, "--rules", "account-duplicate-handle")
    assert code == 1 and codes(report) == ["account-duplicate-handle"] and report["stats"]["errors"] == 1
    code, report = check_json(sample_tree, "--rules", "site-icp")  # another rule's code: the duplicate is not reported
    assert code == 0 and codes(report) == []
    code, report = check_json(sample_tree, "--rules", "account_duplicate_handle")  # the module's name still works
    assert codes(report) == ["account-duplicate-handle"]


def test_distinct_handles_pass_the_duplicate_handle_rule(sample_tree: Path) -> None:
    code, report = check_json(sample_tree, "--rules", "account-duplicate-handle")
    assert code == 0 and codes(report) == []
