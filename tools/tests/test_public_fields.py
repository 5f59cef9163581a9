"""Personal information in every public field (issue 12): derived from the models, scanned end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreg.models import MODELS, Account, private_paths
from govreg.publicfields import markdown, public_strings, public_text_fields

from conftest import REPO, check_json, edit

MOBILE = "13912345678"
ACCOUNT = "accounts/education-bureau/education-bureau-wechat.yaml"
MESSAGE = "messages/education-bureau/wz-2026-0088.yaml"


def _hits(report: dict, code: str = "public-field-pii") -> list[tuple[str, int | None, str]]:
    return [(f["path"], f["line"], f["message"]) for f in report["findings"] if f["code"] == code]


@pytest.mark.parametrize(
    ("path", "old", "new", "field"),
    [
        (ACCOUNT, "description: 发布教育政策", f"description: 咨询请拨 {MOBILE},发布教育政策", "description"),
        (MESSAGE, "summary: 来信人询问", f"summary: 来信人(电话 {MOBILE})询问", "summary"),
        (MESSAGE, "reply: 已答复", f"reply: 已电话({MOBILE})答复", "reply"),
        ("units/big-data-bureau.yaml", 'contact: "0953-2013601"', f'contact: "{MOBILE}"', "contact"),
        ("sites/hongsibu-portal.yaml", "name: 红寺堡要闻", f"name: 红寺堡要闻{MOBILE}", "columns[0].name"),
    ],
)
def test_public_field_with_a_mobile_is_an_error(sample_tree: Path, path: str, old: str, new: str, field: str) -> None:
    edit(sample_tree / path, old, new)
    code, report = check_json(sample_tree)
    hits = _hits(report)
    assert code == 1
    assert len(hits) == 1, hits
    hit_path, line, message = hits[0]
    assert hit_path == path and f"「{field}」" in message and "139****5678" in message
    text = (sample_tree / path).read_text(encoding="utf-8").split("\n")
    assert MOBILE in text[line - 1]  # the line of the field, located from the YAML


def test_lifecycle_note_and_announcement_title_are_scanned(sample_tree: Path) -> None:
    edit(
        sample_tree / ACCOUNT,
        "    filed: 2019-04-03\n",
        "    filed: 2019-04-03\n    note: 经办人身份证 640302199001010016\n",
    )
    _code, report = check_json(sample_tree)
    hits = _hits(report)
    assert [(p, "「lifecycle[0].note」" in m, "640302********0016" in m) for p, _, m in hits] == [(ACCOUNT, True, True)]


def test_private_fields_are_not_reported(sample_tree: Path) -> None:
    """The sender's phone is private (never published): no public-field finding for it."""
    edit(sample_tree / MESSAGE, 'phone: "0953-0000001"', f'phone: "{MOBILE}"')
    _code, report = check_json(sample_tree)
    assert _hits(report) == []


def test_id_number_with_wrong_check_digit_is_a_warning(sample_tree: Path) -> None:
    edit(sample_tree / MESSAGE, "summary: 来信人询问", "summary: 来信人(110105194912310021)询问")
    _code, report = check_json(sample_tree)
    hits = _hits(report, "public-field-id-checksum")
    assert len(hits) == 1 and "应为 X" in hits[0][2] and "110105********0021" in hits[0][2]
    assert [f["severity"] for f in report["findings"] if f["code"] == "public-field-id-checksum"] == ["warning"]


def test_official_numbers_are_allowed_by_a_data_list(sample_tree: Path) -> None:
    edit(sample_tree / ACCOUNT, "description: 发布教育政策", f"description: 招生咨询热线 {MOBILE},发布教育政策")
    content = next((sample_tree / "content").rglob("*.md"))
    text = content.read_text(encoding="utf-8")
    content.write_text(text.rstrip("\n") + "\n\n招生咨询电话:139 1234 5678。\n", encoding="utf-8")
    _, report = check_json(sample_tree)
    assert len(_hits(report)) == 1 and "pii-mobile" in [f["code"] for f in report["findings"]]
    (sample_tree / "config" / "pii-allowlist.yaml").write_text(
        f'numbers:\n  - number: "{MOBILE}"\n    holder: 吴忠市教育局招生咨询热线(招生公告公布)\n    unit: education-bureau\n',
        encoding="utf-8",
    )
    _, report = check_json(sample_tree)
    assert _hits(report) == []
    assert "pii-mobile" not in [f["code"] for f in report["findings"]]
    # mobile detection itself stays on: another number is still reported
    edit(sample_tree / ACCOUNT, "招生咨询热线", "联系人 13800008000,招生咨询热线")
    _, report = check_json(sample_tree)
    assert len(_hits(report)) == 1


def test_every_public_text_field_is_walked() -> None:
    """public_strings (what is scanned) reaches each field public_text_fields lists (what is published)."""
    account = Account.model_validate(
        {
            "id": "a", "name": "n", "platform": "wechat", "handle": "h", "owner": "u", "certified_subject": "s",
            "status": "active", "description": "d", "operation": {"mode": "outsourced", "vendor": "v", "rules": "secret"},
            "approval": {"number": "no", "date": "2026-01-01"},
            "lifecycle": [{"type": "open", "date": "2026-01-01", "note": "x", "announcement": {"from": "2026-01-01", "to": "2026-01-02", "title": "t"}}],
        }
    )
    walked = {".".join(str(s) if isinstance(s, str) else "[]" for s in loc).replace(".[]", "[]") for loc, _ in public_strings(account)}
    listed = {p for p, _ in public_text_fields(Account)}
    assert listed - {"url", "lifecycle[].announcement.url"} <= walked  # every published text field that is set is scanned
    assert {"description", "lifecycle[].note", "lifecycle[].announcement.title", "operation.vendor"} <= walked
    assert "operation.rules" not in walked  # private


def test_no_private_field_is_listed_as_public() -> None:
    for model in MODELS.values():
        listed = {p.split(".")[0].split("[")[0] for p, _ in public_text_fields(model)}
        assert not listed & private_paths(model)


def test_generated_list_of_public_fields_is_up_to_date() -> None:
    assert (REPO / "docs" / "dev" / "public-fields.md").read_text(encoding="utf-8") == markdown()
