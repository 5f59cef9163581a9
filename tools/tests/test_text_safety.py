"""Text that fakes its own context (issue 12): control, bidi and zero-width characters in records and outputs."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from govreg.findings import Rule
from govreg.report import github, text
from govreg.textsafety import UNSAFE, describe, json_safe, visible

from conftest import check_json, edit, run_cli

ACCOUNT = "accounts/education-bureau/education-bureau-wechat.yaml"
DESCRIPTION = "description: 发布教育政策、招生考试、校园安全等信息。"
FAKE_PASS = "\\e[2K\\r\\e[32m检查了 0 个文件:0 个错误,0 个警告。 通过。"


def _control(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == "text-control-character"]


@pytest.mark.parametrize(
    ("old", "new", "field", "code_point"),
    [
        ("name: 吴忠教育", f'name: "吴忠教育{FAKE_PASS}"', "name", "U+001B ESCAPE"),
        ('handle: "wzjyfb"', 'handle: "wzjy\\u200bfb"', "handle", "U+200B ZERO WIDTH SPACE"),
        ("certified_subject: 吴忠市教育局", 'certified_subject: "吴忠市教育局\\u202e"', "certified_subject", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        (DESCRIPTION, 'description: "发布\\u2066教育政策"', "description", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        (DESCRIPTION, "description: 发布\u2066教育政策(原样写入,不用转义)", "description", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        (DESCRIPTION, 'description: "发布\\x85教育政策"', "description", "U+0085"),
        (DESCRIPTION, 'description: "发布\\0教育政策"', "description", "U+0000 NULL"),
    ],
)
def test_unsafe_character_in_a_field_is_an_error_naming_the_code_point(sample_tree: Path, old: str, new: str, field: str, code_point: str) -> None:
    edit(sample_tree / ACCOUNT, old, new)
    code, report = check_json(sample_tree)
    hits = _control(report)
    assert code == 1
    assert len(hits) == 1, hits
    assert hits[0]["path"] == ACCOUNT and hits[0]["line"] is not None
    assert f"「{field}」" in hits[0]["message"] and code_point in hits[0]["message"]


def test_content_title_with_bidi_override(sample_tree: Path) -> None:
    path = next((sample_tree / "content").rglob("*.md"))
    text_ = path.read_text(encoding="utf-8")
    start = text_.index("\ntitle:") + 1
    end = text_.index("\n", start)
    path.write_text(text_[:start] + 'title: "通知\\u202egpj.exe"' + text_[end:], encoding="utf-8")
    _, report = check_json(sample_tree)
    hits = _control(report)
    assert [(h["line"], "U+202E" in h["message"]) for h in hits] == [(text_[:start].count("\n") + 1, True)]


def test_clean_sample_has_no_unsafe_characters(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)
    assert _control(report) == []


def test_text_output_never_prints_control_characters_from_data(sample_tree: Path) -> None:
    edit(sample_tree / ACCOUNT, "name: 吴忠教育", f'name: "吴忠教育{FAKE_PASS}"')
    edit(sample_tree / ACCOUNT, "platform: wechat", 'platform: "wechat\\e[2K"')  # echoed by the schema message
    for fmt in ("text", "github", "json", "sarif"):
        code, out, err = run_cli("check", str(sample_tree), "-f", fmt)
        assert code == 1
        assert not UNSAFE.search(out), (fmt, [hex(ord(c)) for c in UNSAFE.findall(out)])
        assert "Traceback" not in err


def test_formatters_escape_unsafe_characters() -> None:
    rule = Rule("x-test", "t", "名称「{name}」", hint="提示")
    finding = rule("units/a.yaml", line=1, column=1, name="甲\x1b[2K\r\x1b[32m通过\u202e\u200b\n伪造的第二行")

    stats = {"files": 1, "units": 1, "sites": 0, "accounts": 0, "content": 0, "errors": 1, "warnings": 0}
    report = SimpleNamespace(findings=[finding], stats=stats, valid=False)
    for out in (text(report, colour=False), github([finding])):  # type: ignore[arg-type]
        assert not UNSAFE.search(out)
        assert "\\x1b[2K\\x0d\\x1b[32m通过\\u202e\\u200b" in out
    assert "伪造的第二行" in text(report)  # type: ignore[arg-type]
    assert "\n伪造的第二行" not in text(report)  # type: ignore[arg-type]  # a newline from data cannot start a log line


def test_json_output_keeps_the_data_but_escapes_it(sample_tree: Path) -> None:
    edit(sample_tree / ACCOUNT, "platform: wechat", 'platform: "wechat\\u202e"')
    _code, out, _ = run_cli("check", str(sample_tree), "-f", "json")
    assert "\u202e" not in out
    assert "text-control-character" in [f["code"] for f in json.loads(out)["findings"]]
    data = {"name": "甲\u202e乙\x85丙\u200b\x1b"}
    dumped = json_safe(json.dumps(data, ensure_ascii=False))
    assert not UNSAFE.search(dumped) and json.loads(dumped) == data  # the same data once parsed


def test_describe_and_visible() -> None:
    assert describe("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE（双向文字控制符）"
    assert describe("\x1b").startswith("U+001B ESCAPE")
    assert visible("a\tb\nc") == "a\tb\nc"
    assert visible("a\nb", newlines=True) == "a\\nb"


def test_other_outputs_never_print_control_characters(tmp_path: Path) -> None:
    """govreg mask previews lines of the file; those lines must not reach the terminal raw."""
    path = tmp_path / "a.md"
    path.write_text("\x1b[2K\r\x1b[32m通过 13800008000\u202e\n", encoding="utf-8")
    code, out, _ = run_cli("mask", str(path))
    assert code == 1 and not UNSAFE.search(out) and "\\x1b[2K" in out


def test_coloured_check_output_keeps_its_own_colours(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    class _Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    edit(sample_tree / ACCOUNT, "name: 吴忠教育", f'name: "吴忠教育{FAKE_PASS}"')
    fake = _Tty()
    monkeypatch.setattr(sys, "stdout", fake)
    monkeypatch.delenv("NO_COLOR", raising=False)
    from govreg.cli import main

    assert main(["check", str(sample_tree)]) == 1
    out = fake.getvalue()
    assert "\x1b[31m" in out  # our colour for errors
    assert "\x1b[2K" not in out and "text-control-character" in out  # the data's sequence is never printed raw
