"""``govreg fmt`` and the ``record-unformatted`` rule: canonical key order, layout, every comment kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreg.authoring.yamlfmt import FormatError, format_record, kind_of_path
from govreg.canonical import first_misordered, shape, shape_of_kind
from govreg.loader import parse_yaml
from govreg.models import Account, ContentItem
from govreg.rules.formatting import text_problem

from conftest import REPO, check_json, codes, edit, run_cli

ACCOUNT = """\
# yaml-language-server: $schema=../../schemas/account.schema.json
# 头部注释
name: 吴忠教育  # 名称
id: wz-edu-wechat
platform: wechat

# 关于 owner 的说明
owner: wz-edu
handle: "6412345"  # 微信号
certified_subject: 吴忠市教育局
status: active
lifecycle:
- date: 2026-03-02  # 日期
  type: open  # 开设
  filed: 2026-03-03
"""

EXPECTED = """\
# yaml-language-server: $schema=../../schemas/account.schema.json
# 头部注释
id: wz-edu-wechat
name: 吴忠教育  # 名称
platform: wechat
handle: "6412345"  # 微信号

# 关于 owner 的说明
owner: wz-edu
certified_subject: 吴忠市教育局
status: active
lifecycle:
  - type: open  # 开设
    date: 2026-03-02  # 日期
    filed: 2026-03-03
"""


def test_shape_follows_the_model_field_order() -> None:
    account = shape(Account)
    assert account.keys()[:4] == ["id", "name", "platform", "handle"]
    assert account.children["lifecycle"].keys() == ["type", "date", "filed", "announcement", "note", "receipt"]
    assert account.children["lifecycle"].children["announcement"].keys()[:2] == ["from", "to"]
    assert shape(ContentItem).children["review"].children["final"].keys() == ["by", "at", "note", "opinion"]


def test_first_misordered_points_at_the_key() -> None:
    data = {"id": "x", "lifecycle": [{"type": "open", "date": "2026-01-01"}, {"date": "2026-02-01", "type": "close"}]}
    assert first_misordered(data, shape_of_kind("account")) == ("lifecycle", 1, "type")
    assert first_misordered({"id": "x", "name": "y", "zzz": 1, "platform": "w"}, shape_of_kind("account")) == ("platform",)


def test_unknown_keys_go_last_in_their_order() -> None:
    assert first_misordered({"id": "x", "zzz": 1, "yyy": 2}, shape_of_kind("account")) is None
    assert first_misordered({"zzz": 1, "id": "x"}, shape_of_kind("account")) == ("id",)


def test_format_moves_keys_with_the_comments_above_them() -> None:
    assert format_record(ACCOUNT, "account") == EXPECTED


def test_format_is_idempotent_and_keeps_the_data() -> None:
    once = format_record(ACCOUNT, "account")
    assert format_record(once, "account") == once
    before, _ = parse_yaml(ACCOUNT, "a")
    after, _ = parse_yaml(once, "a")
    assert before == after


def test_flow_mappings_are_reordered_too() -> None:
    text = "id: x\nlifecycle:\n  - {date: 2026-03-02, type: open}\n"
    assert format_record(text, "account") == "id: x\nlifecycle:\n  - {type: open, date: 2026-03-02}\n"


def test_block_scalar_whose_last_line_looks_like_a_comment_keeps_its_data() -> None:
    text = "name: x\nid: y\ndescription: |\n  第一行\n  # 第二行像注释\nplatform: w\n"
    out = format_record(text, "account")
    data, findings = parse_yaml(out, "a")
    assert findings == []
    assert data == {"id": "y", "name": "x", "platform": "w", "description": "第一行\n# 第二行像注释\n"}
    assert list(data) == ["id", "name", "platform", "description"]


def test_layout_is_normalised() -> None:
    text = "id:    x\nname: y   \nlifecycle:\n    -   type: open\n        date: 2026-03-02"
    assert format_record(text, "account") == "id: x\nname: y\nlifecycle:\n  - type: open\n    date: 2026-03-02\n"


def test_markdown_body_is_kept_byte_for_byte() -> None:
    body = "\n正文第一段。  \n\n- 列表项\n    缩进不规范的行\n"
    text = "---\nunit: u  # 单位\ntitle: 标题\nchannel: c\n---\n" + body
    assert format_record(text, "content") == "---\ntitle: 标题\nchannel: c\nunit: u  # 单位\n---\n" + body


def test_a_file_that_does_not_parse_is_an_error_with_its_line() -> None:
    with pytest.raises(FormatError) as caught:
        format_record("id: x\nname: [y\n", "account")
    assert caught.value.line is not None
    with pytest.raises(FormatError):
        format_record("no front matter\n", "content")


def test_kind_of_path() -> None:
    assert kind_of_path("units/a.yaml") == "unit"
    assert kind_of_path("accounts/a/b.yaml") == "account"
    assert kind_of_path("content/c/2026/x.md") == "content"
    assert kind_of_path("config/govreg.yaml") is None
    assert kind_of_path("content/c/2026/x.png") is None


# ---------------------------------------------------------------- the cheap check agrees with fmt


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id: x\nname: y  \n", "行尾有多余的空格"),
        (" id: x\n name: y\n", "缩进不是 2 个空格的整数倍"),
        ("id: x\noperation:\n   mode: self\n", "下一级缩进超过了 2 个空格"),
        ("id: x\nlifecycle:\n- type: open\n", "列表的短横线 - 应比上一级字段多缩进 2 个空格"),
        ("id: x\noperation:\n    mode: self\n", "下一级缩进超过了 2 个空格"),
        ("id: x\nlifecycle:\n  - type: open\n    announcement:\n        from: 2026-01-01\n", "下一级缩进超过了 2 个空格"),
        ("id:   x\n", "冒号后有多个空格"),
        ("lifecycle:\n  -   type: open\n", "短横线 - 后有多个空格"),
        ("id: x", "文件末尾缺少换行"),
        ("id: x\r\n", "使用了 Windows 换行符（CRLF），应为 LF"),
        ("---\nid: x\n", "记录文件不需要以 --- 开头"),
    ],
)
def test_text_problems_are_what_fmt_fixes(text: str, problem: str) -> None:
    found = text_problem(text, yaml_file=True)
    assert found is not None and found[0] == problem
    fixed = format_record(text.replace("\r\n", "\n"), "account")
    assert fixed != text
    assert text_problem(fixed, yaml_file=True) is None


def test_formatted_text_has_no_problem() -> None:
    assert text_problem(EXPECTED, yaml_file=True) is None
    assert text_problem("id: x\nlifecycle:\n  - type: open  # 开设\n    announcement:\n      from: 2026-01-01\n", yaml_file=True) is None


def test_the_sample_is_formatted() -> None:
    unformatted = []
    for folder in ("units", "sites", "accounts", "content", "messages"):
        for path in sorted((REPO / folder).rglob("*")):
            rel = path.relative_to(REPO).as_posix()
            kind = kind_of_path(rel)
            if kind is None or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8")
            if format_record(text, kind, rel) != text:
                unformatted.append(rel)
    assert unformatted == [], "运行 govreg fmt 整理示例数据"


# ---------------------------------------------------------------- the rule through govreg check


A = "accounts/education-bureau/education-bureau-wechat.yaml"


def test_check_warns_about_key_order_at_the_key(sample_tree: Path) -> None:
    edit(sample_tree / A, "id: education-bureau-wechat\nname: 吴忠教育\n", "name: 吴忠教育\nid: education-bureau-wechat\n")
    code, report = check_json(sample_tree)
    mine = [f for f in report["findings"] if f["code"] == "record-unformatted"]
    assert [(f["path"], f["severity"], f["line"]) for f in mine] == [(A, "warning", 5)]
    assert "「id」" in mine[0]["message"]
    assert f"govreg fmt {A}" in mine[0]["hint"]
    assert code == 0  # a warning does not fail the check


def test_check_warns_about_layout_with_line_and_column(sample_tree: Path) -> None:
    edit(sample_tree / A, "status: active", "status:   active")
    _, report = check_json(sample_tree)
    mine = [(f["line"], f["column"], f["message"]) for f in report["findings"] if f["code"] == "record-unformatted"]
    line = (sample_tree / A).read_text(encoding="utf-8").splitlines().index("status:   active  # 正常运行;须与最后一条备案事件一致") + 1
    assert mine == [(line, 8, "文件格式不规范：冒号后有多个空格")]


def test_check_is_quiet_on_formatted_files_and_markdown_bodies(sample_tree: Path) -> None:
    item = next((sample_tree / "content").rglob("*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\n行尾空格  \n   奇数缩进\n", encoding="utf-8")
    _, report = check_json(sample_tree)
    assert "record-unformatted" not in codes(report)


# ---------------------------------------------------------------- the command


def test_fmt_check_then_fix(sample_tree: Path) -> None:
    edit(sample_tree / A, "id: education-bureau-wechat\nname: 吴忠教育\n", "name: 吴忠教育\nid: education-bureau-wechat\n")
    code, out, err = run_cli("fmt", "--check", "--root", str(sample_tree))
    assert code == 1
    assert f"需要整理：{A}" in out and "运行 govreg fmt" in out
    code, out, err = run_cli("fmt", "--root", str(sample_tree), str(sample_tree / A))
    assert code == 0 and f"已整理：{A}" in out
    code, out, err = run_cli("fmt", "--check", "--root", str(sample_tree))
    assert code == 0, out + err
    _, report = check_json(sample_tree)
    assert "record-unformatted" not in codes(report)


def test_fmt_skips_files_that_are_not_records_and_explains(sample_tree: Path) -> None:
    code, _out, err = run_cli("fmt", "--root", str(sample_tree), str(sample_tree / "config" / "platforms.yaml"))
    assert code == 0
    assert "跳过 config/platforms.yaml：不是记录文件" in err


def test_fmt_reports_a_broken_file_and_what_to_do(sample_tree: Path) -> None:
    (sample_tree / A).write_text("id: [x\n", encoding="utf-8")
    code, _out, err = run_cli("fmt", "--root", str(sample_tree), str(sample_tree / A))
    assert code == 1
    assert f"无法整理 {A}" in err and "请先运行 govreg check" in err


def test_fmt_outside_a_repository_says_where_to_run(tmp_path: Path) -> None:
    code, _out, err = run_cli("fmt", "--root", str(tmp_path))
    assert code == 2
    assert "不是登记库的根目录" in err and "请先进入仓库根目录" in err


def test_fmt_diff_shows_the_change(sample_tree: Path) -> None:
    edit(sample_tree / A, "status: active", "status:   active")
    code, out, _ = run_cli("fmt", "--check", "--diff", "--root", str(sample_tree), str(sample_tree / A))
    assert code == 1
    assert "-status:   active" in out and "+status: active" in out
