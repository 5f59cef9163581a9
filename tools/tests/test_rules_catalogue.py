"""The rules of issue 3 as a catalogue: stable codes, articles, hints, and documentation the rules page can render."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from govreg.engine import catalogue, rule_modules

MODULES = {
    "account_certified_subject": ["account-certified-subject"],
    "account_duplicate_platform": ["account-duplicate-platform", "account-duplicate-platform-approved"],
    "account_approval_review": ["account-approval-review"],
    "account_name_consistency": ["account-name-mismatch"],
    "account_owner_kind": ["account-owner-kind", "account-out-of-scope"],
    "account_special_topic_approval": ["account-special-topic-approval"],
    "announcement_period": ["announcement-missing", "announcement-pending", "announcement-period", "announcement-too-short", "announcement-late", "announcement-not-covering"],
    "calendar_unknown_year": ["calendar-unknown-year", "calendar-config-invalid"],
    "column_responsible_unit": ["column-responsible-unit", "column-duplicate"],
    "filing_deadline": ["filing-late", "filing-overdue", "filing-pending", "filing-date-invalid"],
    "lifecycle_order": ["lifecycle-order", "lifecycle-open-first", "lifecycle-after-cancel", "lifecycle-future"],
    "lifecycle_status": ["lifecycle-status"],
    "outsourcing_agreement": ["outsourcing-agreement", "outsourcing-mode", "outsourcing-agreement-expired"],
    "roster_duplicate": ["roster-duplicate"],
    "roster_login_unique": ["roster-login-unique"],
    "roster_office_role": ["roster-office-role"],
    "site_approval": ["site-approval"],
    "site_code": ["site-code"],
    "site_domain": ["site-domain"],
    "site_icp": ["site-icp"],
    "site_owner_kind": ["site-owner-kind"],
    "site_psb": ["site-psb"],
    "unit_responsibility": ["unit-leader-in-charge", "unit-staff"],
    "vendor_reviewer": ["vendor-reviewer"],
    "rectification_cycle": ["rectification-overdue", "rectification-recheck-late", "rectification-recheck-failed", "rectification-dates"],
    "incident_reports": ["incident-report-late", "incident-report-missing", "incident-dates", "incident-measures"],
    "opinion_response": ["opinion-response-late", "opinion-dates"],
    "handover_records": ["handover-missing", "handover-late", "handover-invalid"],
}
BY_NAME = {m.__name__.rsplit(".", 1)[-1]: m for m in rule_modules()}
HAN = re.compile(r"[\u4e00-\u9fff]")
ARTICLE = re.compile(r"^第[一二三四五六七八九十]+条$")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_declares_its_codes_with_article_and_chinese_hint(name: str) -> None:
    module = BY_NAME[name]
    assert [rule.code for rule in module.RULES] == MODULES[name]
    for rule in module.RULES:
        assert ARTICLE.match(rule.article), (rule.code, rule.article)
        assert HAN.search(rule.title) and HAN.search(rule.template) and HAN.search(rule.hint), rule.code


@pytest.mark.parametrize("name", sorted(MODULES))
def test_docstring_is_chinese_markdown_with_a_failing_and_a_passing_example(name: str) -> None:
    doc = BY_NAME[name].__doc__ or ""
    assert doc.startswith("# ") and HAN.search(doc.splitlines()[0])
    assert "## 不通过" in doc and "## 通过" in doc
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        assert list(yaml.safe_load_all(block)), block  # every example is valid YAML
    assert re.search(r"第[一二三四五六七八九十]+条", doc), "the documentation names the article it enforces"


def test_codes_are_unique_across_the_whole_catalogue() -> None:
    every = [rule.code for module in rule_modules() for rule in module.RULES]
    assert [code for code, n in Counter(every).items() if n > 1] == []
    known = catalogue()
    for codes in MODULES.values():
        for code in codes:
            assert known[code][1].startswith("govreg.rules.")
