"""三审 and escalations (Art. 9, 12, 13): each rule passing and failing, then failing on a copy of the sample tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ITEM, ContentTree, resub
from ruletree import found, only

from conftest import check_json, edit, flat

SAMPLE = "content/wuzhong-portal/2026/state-council-open-government-standards.md"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "repo")


def review_findings(tree: ContentTree) -> list[tuple[str, str, str, int | None]]:
    return found(tree.check("content_review", "content_escalation"))


# ---------------------------------------------------------------- the clean case


def test_complete_review_in_order_passes(tree: ContentTree) -> None:
    assert review_findings(tree) == []


def test_a_draft_needs_no_review(tree: ContentTree) -> None:
    tree.item().update(published_at=None, review={})
    assert review_findings(tree) == []


# ---------------------------------------------------------------- review-missing


@pytest.mark.parametrize(("step", "label"), [("initial", "初审（承办人）"), ("second", "复审（承办科室负责人）"), ("final", "终审（分管领导）和发布意见")])
def test_published_item_missing_a_step(tree: ContentTree, step: str, label: str) -> None:
    del tree.item()["review"][step]
    finding = only(tree.check("content_review"), "review-missing")
    assert finding.message == f"信息已发布，但缺少{label}记录"
    assert finding.article == "第十二条"
    assert finding.line == tree.line("review:")


def test_published_item_without_any_review(tree: ContentTree) -> None:
    del tree.item()["review"]
    findings = tree.check("content_review")
    assert [f.code for f in findings] == ["review-missing"] * 3
    assert {f.line for f in findings} == {tree.line("published_at:")}  # no review: key


# ---------------------------------------------------------------- review-unknown-person / review-role


def test_reviewer_not_in_any_roster(tree: ContentTree) -> None:
    tree.item()["review"]["second"]["by"] = "wz-office-nobody"
    finding = only(tree.check("content_review"), "review-unknown-person")
    assert finding.message == "复审审核人「wz-office-nobody」不在任何单位的人员名册中"
    assert finding.line == tree.line("by: wz-office-nobody")


def test_reviewer_without_the_role(tree: ContentTree) -> None:
    tree.item()["review"]["final"]["by"] = "wz-office-zhanglx"  # an escalation reviewer, not a leader
    finding = only(tree.check("content_review"), "review-role")
    assert finding.message == "终审应由本单位「吴忠市人民政府办公室」的分管领导完成，但「张立新」（wz-office-zhanglx）在名册中没有该角色"


def test_reviewer_of_another_unit(tree: ContentTree) -> None:
    tree.unit("wz-edu")["people"].append({"id": "wz-edu-lij", "name": "李军", "roles": ["section-head"]})
    tree.item()["review"]["second"]["by"] = "wz-edu-lij"
    finding = only(tree.check("content_review"), "review-role")
    assert "是「吴忠市教育局」的人员" in finding.message


# ---------------------------------------------------------------- review-same-person


def test_same_person_for_two_steps(tree: ContentTree) -> None:
    office = tree.unit("wz-office")["people"]
    office[0]["roles"] = ["handler", "section-head"]
    tree.item()["review"]["second"]["by"] = "wz-office-maxy"
    findings = tree.check("content_review")
    assert found(findings) == [("review-same-person", "error", ITEM, tree.line("by: wz-office-maxy", ITEM) + 3)]
    assert findings[0].message == "复审与初审都由「马晓燕」（wz-office-maxy）完成，三审须由三个不同的人完成"


# ---------------------------------------------------------------- review-order


def test_second_review_before_initial(tree: ContentTree) -> None:
    tree.item()["review"]["second"]["at"] = "2026-03-01T08:00:00+08:00"
    finding = only(tree.check("content_review"), "review-order")
    assert finding.message == "复审时间 2026-03-01 08:00 早于初审时间 2026-03-01 09:00"


def test_published_before_final_review(tree: ContentTree) -> None:
    tree.item()["published_at"] = "2026-03-01T14:00:00+08:00"
    finding = only(tree.check("content_review"), "review-order")
    assert finding.message == "发布时间 2026-03-01 14:00 早于终审时间 2026-03-01 15:00"
    assert finding.line == tree.line("published_at:")


def test_equal_times_and_other_time_zones_are_in_order(tree: ContentTree) -> None:
    review = tree.item()["review"]
    review["second"]["at"] = "2026-03-01T01:00:00Z"  # = 09:00 +08:00, same instant as the initial review
    review["final"]["at"] = "2026-03-01T07:00:00Z"
    assert review_findings(tree) == []


# ---------------------------------------------------------------- review-vendor


def test_vendor_staff_as_reviewer(tree: ContentTree) -> None:
    tree.unit("wz-office")["people"][-1]["roles"] = ["handler"]
    tree.item()["review"]["initial"]["by"] = "wz-office-qian"
    finding = only(tree.check("content_review"), "review-vendor")
    assert finding.message == "初审审核人「钱多多」（wz-office-qian）是第三方运维机构人员，信息内容审核不可外包"
    assert finding.article == "第九条"


# ---------------------------------------------------------------- escalation / emergency approval


def test_sensitive_item_without_escalation(tree: ContentTree) -> None:
    tree.item()["sensitive"] = True
    finding = only(tree.check("content_escalation"), "escalation-missing")
    assert finding.line == tree.line("sensitive: true")


def test_sensitive_item_with_escalation_passes(tree: ContentTree) -> None:
    tree.item().update(sensitive=True, escalation={"by": "wz-office-zhanglx", "at": "2026-03-02T09:00:00+08:00", "opinion": "同意"})
    assert review_findings(tree) == []


def test_escalation_by_someone_without_the_role(tree: ContentTree) -> None:
    tree.item().update(sensitive=True, escalation={"by": "wz-office-zhouwb", "at": "2026-03-02T09:00:00+08:00"})
    finding = only(tree.check("content_escalation"), "escalation-role")
    assert finding.message == "敏感信息审核人「周文斌（wz-office-zhouwb，吴忠市人民政府办公室）」在名册中没有 escalation-reviewer 角色"


def test_escalation_after_publication(tree: ContentTree) -> None:
    tree.item().update(sensitive=True, escalation={"by": "wz-office-zhanglx", "at": "2026-03-02T11:00:00+08:00"})
    finding = only(tree.check("content_escalation"), "escalation-late")
    assert finding.message == "敏感信息审核时间 2026-03-02 11:00 晚于发布时间 2026-03-02 10:00"


def test_emergency_item_needs_the_leaders_approval(tree: ContentTree) -> None:
    tree.item()["emergency"] = True
    assert [f.code for f in tree.check("content_escalation")] == ["emergency-approval-missing"]
    tree.item()["emergency_approval"] = {"by": "wz-office-nobody", "at": "2026-03-02T09:00:00+08:00"}
    finding = only(tree.check("content_escalation"), "emergency-approval-role")
    assert finding.message == "突发事件信息审批人「wz-office-nobody」不在任何单位的人员名册中"
    tree.item()["emergency_approval"] = {"by": "wz-office-jinzq", "at": "2026-03-02T10:30:00+08:00"}
    assert [f.code for f in tree.check("content_escalation")] == ["emergency-approval-late"]
    tree.item()["emergency_approval"]["at"] = "2026-03-02T09:30:00+08:00"
    assert review_findings(tree) == []


def test_vendor_cannot_approve_an_escalation(tree: ContentTree) -> None:
    tree.unit("wz-office")["people"][-1]["roles"] = ["escalation-reviewer"]
    tree.item().update(sensitive=True, escalation={"by": "wz-office-qian", "at": "2026-03-02T09:00:00+08:00"})
    assert [f.code for f in tree.check("content_escalation")] == ["review-vendor"]


# ---------------------------------------------------------------- the same failures on the sample tree


def test_sample_tree_mutations(sample_tree: Path) -> None:
    path = sample_tree / SAMPLE
    edit(path, "    by: wuzhong-gov-office-lijg", "    by: wuzhong-gov-office-maxy")  # second review by the handler
    resub(path, r"^published_at: .*$", "published_at: 2026-08-01T09:00:00+08:00\nsensitive: true")  # before every review
    code, report = check_json(sample_tree)
    assert code == 1
    mine = sorted(c for c, p, _ in flat(report) if p == SAMPLE and c.startswith(("review-", "escalation-", "emergency-")))
    assert mine == ["escalation-missing", "review-order", "review-role", "review-same-person"]
