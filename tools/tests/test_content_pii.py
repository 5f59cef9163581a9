"""Personal information (Art. 11, 12.2): detection, masking, the rule and ``govreg mask``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from contenttree import ITEM, ContentTree
from ruletree import found, only

from govreg.pii import MaskFormat, PiiSettings, find_pii, id_check_character, is_id_number, luhn_valid, mask_text, mask_value

from conftest import check_json, flat, run_cli

ID = "640302199001010016"  # check digit 6: valid
MOBILE = "13800008000"
CARD = "6222021234567890128"  # Luhn-valid, 19 digits
SAMPLE = "content/wuzhong-portal/2026/public-institution-recruitment-2026.md"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "repo")


# ---------------------------------------------------------------- detection


def test_id_check_character_iso_7064() -> None:
    assert id_check_character("64030219900101001") == "6"
    assert id_check_character("11010519491231002") == "X"  # the standard's worked example
    assert is_id_number("11010519491231002X")
    assert is_id_number("11010519491231002x")
    assert not is_id_number("640302199001010017")  # wrong check digit
    assert not is_id_number("640302199002300015")  # 30 February


def test_luhn() -> None:
    assert luhn_valid(CARD)
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("6222021234567890123")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"身份证号{ID},", ["id_number"]),
        ("身份证号11010519491231002X。", ["id_number"]),
        (f"联系电话:{MOBILE}", ["mobile"]),
        ("电话 138 0000 8000 或 +86-139-1234-5678", ["mobile", "mobile"]),
        (f"开户账号:{CARD}", ["bank_card"]),
        ("卡号 6222 0212 3456 7890 128", ["bank_card"]),
        ("身份证号640302199001010017(校验码错误)", ["id_number_typo"]),  # a mistyped real number still leaks (issue 12)
        ("身份证号110105194912310021", ["id_number_typo"]),
        ("编号990105194912310021", []),  # no such province: not an ID number
        ("办公电话 0953-2012001,邮编 751100", []),
        ("统一社会信用代码 11640300MB1234567X", []),  # letters glued on
        ("编号 a13800008000 与 138000080001", []),  # glued to a letter / 12 digits
        (f"见 https://www.wuzhong.gov.cn/art/2026/{MOBILE}.html 与 [附件](files/{ID}.pdf)", []),
        ("6222021234567890123 不过 Luhn", []),
        ("已遮掩:640302********0016、138****8000", []),
    ],
)
def test_detection(text: str, kinds: list[str]) -> None:
    assert [m.kind for m in find_pii(text)] == kinds


def test_masking_formats() -> None:
    settings = PiiSettings()
    assert [m.masked for m in find_pii(f"{ID} {MOBILE} {CARD} 138-0000-8000", settings)] == [
        "640302********0016",
        "138****8000",
        "***************0128",
        "138-****-8000",
    ]
    assert mask_value("6222 0212 3456 7890 128", MaskFormat(keep_head=0, keep_tail=4)) == "**** **** **** ***0 128"
    custom = PiiSettings(mask_char="X", mobile=MaskFormat(keep_head=3, keep_tail=2))
    assert find_pii(MOBILE, custom)[0].masked == "138XXXXXX00"


def test_mask_text_changes_only_the_numbers() -> None:
    text = f"甲:{ID}\r\n乙:{MOBILE}\r\n"
    assert mask_text(text, find_pii(text)) == "甲:640302********0016\r\n乙:138****8000\r\n"


# ---------------------------------------------------------------- the rule


def test_clean_item_passes(tree: ContentTree) -> None:
    assert found(tree.check("content_pii")) == []


def test_pii_in_body_and_title(tree: ContentTree) -> None:
    tree.item()["title"] = f"关于{MOBILE}号码的说明"
    tree.body(f"申请人张某,身份证号{ID},银行卡号{CARD}。\n")
    findings = tree.check("content_pii")
    assert [(f.code, f.line, f.column) for f in findings] == [
        ("pii-mobile", 2, 10),
        ("pii-id-number", tree.line("申请人"), 11),
        ("pii-bank-card", tree.line("申请人"), 34),
    ]
    assert findings[1].message == "有未遮掩的身份证号，应写作 640302********0016"
    assert findings[1].article == "第十一条"
    assert f"govreg mask {ITEM} --write" in findings[1].hint
    assert ID not in findings[1].message + findings[1].hint


def test_mask_format_is_a_setting(tree: ContentTree) -> None:
    tree.config["pii"] = {"mobile": {"keep_head": 0, "keep_tail": 4}}
    tree.body(f"电话{MOBILE}\n")
    assert only(tree.check("content_pii"), "pii-mobile").message == "有未遮掩的手机号，应写作 *******8000"


def test_bad_setting_is_reported(tree: ContentTree) -> None:
    tree.config["pii"] = {"mask_char": "**"}
    assert [f.code for f in tree.check("content_pii")] == ["schema"]


def test_sample_tree_mutation(sample_tree: Path) -> None:
    path = sample_tree / SAMPLE
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n拟聘用人员:张某,身份证号{ID}。\n")
    _code, report = check_json(sample_tree)
    assert [(c, p) for c, p, _ in flat(report) if c.startswith("pii-")] == [("pii-id-number", SAMPLE)]


# ---------------------------------------------------------------- govreg mask


def test_mask_dry_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    original = f"---\ntitle: 公示\n---\n张某 {ID}\n电话 {MOBILE}\n".encode()
    path.write_bytes(original)
    code, out, _err = run_cli("mask", str(path))
    assert code == 1
    assert path.read_bytes() == original
    assert f"{path}:4:4: 身份证号 → 640302********0016" in out
    assert f"      4 - 张某 {ID}\n      4 + 张某 640302********0016" in out
    assert "发现 2 处需要遮掩" in out


def test_mask_write_touches_only_the_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    path = folder / "a.md"
    other = folder / "b.md"
    original = b"\xef\xbb\xbf---\r\ntitle: \xe5\x85\xac\xe7\xa4\xba  # comment\r\n---\r\n" + f"张某 {ID}\t电话 {MOBILE}\r\n链接 https://x.gov.cn/{MOBILE}\r\n".encode()
    path.write_bytes(original)
    other.write_text("没有个人信息。\n", encoding="utf-8")
    os.chmod(path, 0o640)
    before_other = other.stat().st_mtime_ns
    code, out, _err = run_cli("mask", str(folder), "--write")
    assert code == 0
    assert "已遮掩 2 处，改写了 1 个文件" in out
    expected = original.replace(ID.encode(), b"640302********0016").replace(f"电话 {MOBILE}".encode(), "电话 138****8000".encode())
    assert path.read_bytes() == expected  # BOM, CRLF, tab, comment and the URL untouched
    assert path.stat().st_mode & 0o777 == 0o640
    assert other.stat().st_mtime_ns == before_other
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    code, out, _err = run_cli("mask", str(folder))
    assert (code, out) == (0, "没有发现需要遮掩的身份证号、手机号、银行卡号。\n")


def test_mask_uses_the_repository_format(sample_tree: Path) -> None:
    (sample_tree / "config" / "govreg.yaml").write_text("pii:\n  mask_char: \"#\"\n", encoding="utf-8")
    path = sample_tree / "content" / "x.md"
    path.write_text(f"电话 {MOBILE}\n", encoding="utf-8")
    run_cli("mask", str(path), "--write")
    assert path.read_text(encoding="utf-8") == "电话 138####8000\n"


def test_mask_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run_cli("mask", str(tmp_path / "nope.md"))
    assert code == 2
    assert "找不到" in err


def test_mask_skips_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.md"
    path.write_bytes(f"电话 {MOBILE}\n".encode("gb18030"))
    code, out, _err = run_cli("mask", str(path), "--write")
    assert "不是 UTF-8 编码" in out
    assert code == 1
    assert path.read_bytes() == f"电话 {MOBILE}\n".encode("gb18030")
