"""Strict loading: every trap is a finding with code, path, line — exit status 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreg.loader import parse_yaml

from conftest import check_json, flat, run_cli

UNIT = """\
# yaml-language-server: $schema=../schemas/unit.schema.json
id: test-bureau
name: 测试局
kind: agency
region: "640300"
leader_in_charge: test-leader
staff: [test-handler]
people:
  - id: test-handler
    name: 王晓东
    roles: [handler]
    login: wangxd
  - id: test-head
    name: 李静
    roles: [section-head]
    login: lijing
  - id: test-leader
    name: 张伟
    roles: [leader]
    login: zhangwei
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "units").mkdir(parents=True)
    (root / "units" / "test-bureau.yaml").write_text(UNIT, encoding="utf-8")
    return root


def unit_file(root: Path) -> Path:
    return root / "units" / "test-bureau.yaml"


def test_minimal_tree_is_clean(tree: Path) -> None:
    code, report = check_json(tree)
    assert (code, report["valid"], report["findings"]) == (0, True, [])
    assert report["stats"]["units"] == 1


@pytest.mark.parametrize(
    ("old", "new", "code", "line"),
    [
        ('region: "640300"', "region: 640300", "schema", 5),  # unquoted number where a string belongs
        ("name: 测试局", "name: no", "yaml-unquoted-ambiguous", 3),  # YAML 1.1 boolean
        ("login: lijing", "login: 0123", "yaml-unquoted-ambiguous", 16),  # octal trap: would be 83
        ("login: lijing", "login: 1e3", "yaml-unquoted-ambiguous", 16),  # float trap
        ("login: lijing", "login: 12:30", "yaml-unquoted-ambiguous", 16),  # sexagesimal trap
        ("kind: agency", "kind: agency\nname: 另一个名字", "yaml-duplicate-key", 5),
        ("staff: [test-handler]", "staff: &s [test-handler]\nx: *s", "yaml-alias", 7),
        ("kind: agency", "kind: agency: x", "yaml-syntax", 4),
        ("kind: agency", "kind: agnecy", "schema", 4),
        ("kind: agency", "kind: agency\nkidn: agency", "schema", 5),  # unknown field
    ],
)
def test_trap_is_a_finding(tree: Path, old: str, new: str, code: str, line: int) -> None:
    text = unit_file(tree).read_text(encoding="utf-8")
    assert old in text
    unit_file(tree).write_text(text.replace(old, new, 1), encoding="utf-8")
    status, report = check_json(tree)
    assert status == 1
    assert (code, "units/test-bureau.yaml", line) in flat(report)
    hit = next(f for f in report["findings"] if f["code"] == code)
    assert hit["column"] >= 1 and hit["message"] and hit["hint"]


def test_unquoted_number_says_to_quote(tree: Path) -> None:
    text = unit_file(tree).read_text(encoding="utf-8").replace('region: "640300"', "region: 640300")
    unit_file(tree).write_text(text, encoding="utf-8")
    _, report = check_json(tree)
    [finding] = report["findings"]
    assert "加上引号" in finding["message"] and '"640300"' in finding["message"]


def test_octal_value_is_never_silently_83() -> None:
    data, findings = parse_yaml("handle: 0123\n", "x.yaml")
    assert data == {"handle": "0123"}
    assert [f.code for f in findings] == ["yaml-unquoted-ambiguous"]


def test_gbk_file_is_reported_with_advice(tree: Path) -> None:
    unit_file(tree).write_bytes(UNIT.encode("gb18030"))
    status, report = check_json(tree)
    assert status == 1
    [finding] = report["findings"]
    assert (finding["code"], finding["line"]) == ("file-encoding", 3)
    assert "GBK" in finding["message"] and "UTF-8" in finding["hint"]


def test_utf16_file_is_reported(tree: Path) -> None:
    unit_file(tree).write_bytes(UNIT.encode("utf-16"))
    status, report = check_json(tree)
    assert status == 1
    assert flat(report) == [("file-encoding", "units/test-bureau.yaml", 1)]
    assert "UTF-16" in report["findings"][0]["message"]


def test_bom_is_accepted_and_reported(tree: Path) -> None:
    unit_file(tree).write_bytes(b"\xef\xbb\xbf" + UNIT.encode("utf-8"))
    status, report = check_json(tree)
    assert status == 0
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("file-bom", "warning")]
    assert report["stats"]["units"] == 1


def test_billion_laughs_is_refused_quickly(tree: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    unit_file(tree).write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, report = check_json(tree)
    assert status == 1
    assert [f["code"] for f in report["findings"]] == ["yaml-alias"]


def test_oversized_file_is_refused(tree: Path) -> None:
    unit_file(tree).write_text(UNIT + "# " + "x" * (1024 * 1024) + "\n", encoding="utf-8")
    status, report = check_json(tree)
    assert status == 1
    assert [f["code"] for f in report["findings"]] == ["file-too-large"]


def test_deep_nesting_is_a_finding(tree: Path) -> None:
    unit_file(tree).write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    status, report = check_json(tree)
    assert status == 1
    assert [f["code"] for f in report["findings"]] in (["yaml-syntax"], ["yaml-too-deep"])


def test_python_tags_are_refused() -> None:
    data, findings = parse_yaml("x: !!python/object/apply:os.system [ls]\n", "x.yaml")
    assert data is None and [f.code for f in findings] == ["yaml-syntax"]


def test_list_instead_of_mapping(tree: Path) -> None:
    unit_file(tree).write_text("- id: test-bureau\n", encoding="utf-8")
    _, report = check_json(tree)
    assert flat(report) == [("record-not-mapping", "units/test-bureau.yaml", 1)]


def test_empty_file(tree: Path) -> None:
    unit_file(tree).write_text("# 只有注释\n", encoding="utf-8")
    _, report = check_json(tree)
    assert flat(report) == [("record-empty", "units/test-bureau.yaml", 1)]


CONTENT = """\
---
title: 测试信息
channel: test-site
unit: test-bureau
source: {kind: original, name: 测试局}
retention: permanent
---
正文。
"""


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("没有元数据的正文\n", 1),
        ("---\ntitle: 缺少结束行\n", 1),
        ("---\ntitle: x\n  bad: : indent\n---\n正文\n", 3),
    ],
)
def test_malformed_front_matter(tree: Path, text: str, line: int) -> None:
    path = tree / "content" / "test" / "item.md"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    status, report = check_json(tree)
    assert status == 1
    assert report["findings"][0]["path"] == "content/test/item.md"
    assert report["findings"][0]["line"] == line
    assert report["findings"][0]["code"] in ("content-front-matter", "yaml-syntax")


def test_front_matter_positions_are_file_lines(tree: Path) -> None:
    path = tree / "content" / "item.md"
    path.parent.mkdir(parents=True)
    path.write_text(CONTENT.replace("retention: permanent", "retention: forever"), encoding="utf-8")
    _, report = check_json(tree)
    schema = [f for f in report["findings"] if f["code"] == "schema"]
    assert [(f["path"], f["line"]) for f in schema] == [("content/item.md", 6)]


def test_path_must_agree_with_id(tree: Path) -> None:
    unit_file(tree).rename(tree / "units" / "other.yaml")
    _, report = check_json(tree)
    assert flat(report) == [("path-mismatch", "units/other.yaml", 2)]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_every_format_reports_the_finding(tree: Path, fmt: str) -> None:
    unit_file(tree).write_text(UNIT.replace("kind: agency", "kind: agnecy"), encoding="utf-8")
    status, out, err = run_cli("check", str(tree), "--format", fmt)
    assert status == 1 and err == ""
    assert "units/test-bureau.yaml" in out and "kind" in out
    if fmt == "github":
        assert out.startswith("::error file=units/test-bureau.yaml,line=4,col=")


def test_usage_error_exit_2(tmp_path: Path) -> None:
    assert run_cli("check", str(tmp_path / "missing"))[0] == 2
    assert run_cli("check", "--format", "xml")[0] == 2
    assert run_cli("no-such-command")[0] == 2
