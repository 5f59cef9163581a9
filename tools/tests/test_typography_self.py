"""The tool that checks departments' writing passes its own typography check (issue 18)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from typography_sweep import (
    Piece,
    TypographySettings,
    check,
    extra_fixes,
    file_pieces,
    fix_markdown_text,
    pieces,
    problems,
    update_file,
)

from govreg.cli import build_parser, command_names


def test_every_user_facing_string_passes_the_projects_typography_rule() -> None:
    found = problems()
    listed = "\n".join(f"{where}: {old!r} → {new!r}" for where, old, new in found[:40])
    assert found == [], f"{len(found)} 处不合排版规则(python tools/tests/typography_sweep.py --update 可改写):\n{listed}"


def test_the_strings_checked_are_all_the_user_facing_text() -> None:
    where = {p.where.rsplit(":", 1)[0] for p in pieces()}
    for part in (
        "tools/govreg/cli.py",
        "tools/govreg/report.py",
        "tools/govreg/commands/check.py",
        "tools/govreg/authoring/prompts.py",
        "tools/govreg/templates/form.html.j2",
        # rule titles, templates, hints and the rules page; the rule catalogues of the core modules
        "tools/govreg/rules/account_duplicate_handle.py",
        "tools/govreg/rules/_filing.py",
        "tools/govreg/loader.py",
        "tools/govreg/validation.py",
        "tools/govreg/config.py",
        "tools/govreg/gate/codes.py",
        "tools/govreg/monitor/checks.py",
        "tools/govreg/audit.py",
        "tools/govreg/domains.py",
        # the site's pages, theme and script, the public pages, the reports and their renderers
        "tools/govreg/site/accounts.py",
        "tools/govreg/site/overrides/main.html",
        "tools/govreg/site/overrides/assets/verify.js",
        "docs/index.md",
        "docs/about.md",
        "docs/guide/publish.md",
        "tools/govreg/templates/registry/docs/about.md",
        "tools/govreg/templates/inspection.html.j2",
        "tools/govreg/templates/assessment.html.j2",
        "tools/govreg/supervision/render_inspection.py",
        "tools/govreg/supervision/render_assessment.py",
    ):
        assert part in where, part
    assert not any(w.startswith("docs/dev/") for w in where)  # developer documentation
    assert not {"tools/govreg/pii.py", "tools/govreg/markings.py", "tools/govreg/proofreading.py"} & where  # patterns and data
    assert len(pieces()) > 5000


def test_the_check_would_catch_what_the_issue_shows() -> None:
    assert extra_fixes("填报单位:") == "填报单位："
    assert extra_fixes("王晓东(办公室科员)") == "王晓东（办公室科员）"
    assert extra_fixes("账号 `x`,列出") == "账号 `x`，列出"
    assert extra_fixes("见 https://x.gov.cn/a:b") == "见 https://x.gov.cn/a:b"
    assert extra_fixes("（发布、备案）;“现状”") == "（发布、备案）；“现状”"
    assert extra_fixes("另存为 UTF-8 编码（VS Code:右下角编码）") == "另存为 UTF-8 编码（VS Code：右下角编码）"


RULE_MODULE = '''"""示例规则（第五条）。

| 代码 | 说明 |
|---|---|
| `demo-rule` | 单位须写明分管领导{punct}并报政务公开办 |

```yaml
leader: 张三,李四   # 代码块中的内容是数据
```
"""

import re

from ..findings import Rule, Severity

PATTERN = re.compile(r"(领导|负责人)[,:]")  # a regular expression is not a sentence
DEMO = Rule(
    "demo-rule",
    "单位未写明分管领导",
    "{{unit}}{colon}没有写明分管领导",
    article="第五条",
    severity=Severity.error,
    hint="请在单位文件中填写 leader{punct}并由政务公开办审核。",
)
KEYS = "name=王晓东,roles=handler"  # input syntax
YAML = "键:值,不改"  # typography: verbatim


def detail(due: str) -> str:
    return f"期限{open_}{{due}}{close}"
'''


def _rule_file(tmp_path: Path, punct: str = "，", colon: str = "：", brackets: str = "（）") -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "demo_rule.py"
    file.write_text(RULE_MODULE.format(punct=punct, colon=colon, open_=brackets[0], close=brackets[1]), encoding="utf-8")
    return file


def test_a_rule_module_in_good_chinese_passes(tmp_path: Path) -> None:
    assert check(file_pieces(_rule_file(tmp_path))) == []


@pytest.mark.parametrize(
    ("variant", "shown"),
    [
        ({"punct": ","}, ",并由政务"),  # a half-width comma put back into the hint (and the rules page)
        ({"colon": ":"}, "某:没有"),  # after a template field: "教育局:没有写明…"
        ({"brackets": "()"}, "期限(某)"),  # brackets around an f-string field
    ],
)
def test_half_width_punctuation_put_back_into_a_rule_fails(tmp_path: Path, variant: dict[str, str], shown: str) -> None:
    found = check(file_pieces(_rule_file(tmp_path, **variant)))
    assert found, "the self-test would pass a half-width mark in a rule"
    assert any(shown in old for _, old, _ in found), found
    assert all(where.startswith(str(tmp_path)) for where, _, _ in found)


def test_update_writes_the_full_width_marks_back_and_leaves_code_alone(tmp_path: Path) -> None:
    file = _rule_file(tmp_path, punct=",", colon=":", brackets="()")
    assert update_file(file, TypographySettings())
    assert file.read_text(encoding="utf-8") == _rule_file(tmp_path / "good").read_text(encoding="utf-8")


def test_markdown_code_comments_and_links_are_not_prose() -> None:
    page = "\n".join(
        [
            "# 第一步:登记",
            "运行 `govreg check a.yaml:3`,看[规则](rules/index.md)。",
            '<!-- session: replace "a.yaml" "名称:旧" "名称:新" -->',
            "```console",
            "$ govreg new unit --person name=王晓东,roles=handler",
            "注意:原样输出",
            "```",
        ]
    )
    assert fix_markdown_text(page).splitlines()[:3] == [
        "# 第一步：登记",
        "运行 `govreg check a.yaml:3`，看[规则](rules/index.md)。",
        '<!-- session: replace "a.yaml" "名称:旧" "名称:新" -->',
    ]
    assert fix_markdown_text(page).splitlines()[3:] == page.splitlines()[3:]


def test_scripts_and_templates_count_only_what_users_see(tmp_path: Path) -> None:
    script = tmp_path / "x.js"
    script.write_text('/* 说明:开发者看的 */\nvar a = cond ? "正常运行" : ("已关停");\nshow("查验失败,请重试");\n', encoding="utf-8")
    assert [(p.where.rsplit(":", 1)[1], p.text) for p in file_pieces(script)] == [("2", "正常运行"), ("2", "已关停"), ("3", "查验失败,请重试")]
    assert [old for _, old, _ in check(file_pieces(script))] == ["查验失败,请重试"]
    template = tmp_path / "x.html.j2"
    template.write_text(
        '<style>/* 样式:不检查 */</style>\n{# 注释:不检查 #}\n<h3>第 {{ n }} 名 {{ name }}({{ score }} 分)</h3>\n<p title="a:b">处理:{{ hint }}</p>\n',
        encoding="utf-8",
    )
    found = sorted({where.rsplit(":", 1)[1] for where, _, _ in check(file_pieces(template))})
    assert found == ["3", "4"]


def _help_lines() -> list[Piece]:
    """Every command's --help as printed; the option column (``--output 文件, -o 文件``) is argparse syntax."""
    parsers: list[argparse.ArgumentParser] = []

    def walk(parser: argparse.ArgumentParser) -> None:
        parsers.append(parser)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    walk(child)

    walk(build_parser(None))
    for name in command_names():
        walk(build_parser(name))
    out = []
    for parser in parsers:
        for n, line in enumerate(parser.format_help().splitlines(), 1):
            text = re.sub(r"^\s+-\S.*?(\s{2,}|$)", "", line)
            if re.search("[\u4e00-\u9fff]", text) and not re.search(r"\w=[^,\s]*,[\w-]+=", text):
                out.append(Piece(f"{parser.prog}:{n}", text, extra_only=True))
    return out


def test_every_commands_help_as_printed_is_full_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    lines = _help_lines()
    assert any(p.text.startswith("选项：") for p in lines)  # argparse's own section headings
    assert check(lines) == []
