"""The tool that checks departments' writing passes its own typography check (issue 18)."""

from __future__ import annotations

from typography_sweep import extra_fixes, pieces, problems


def test_every_user_facing_string_passes_the_projects_typography_rule() -> None:
    found = problems()
    listed = "\n".join(f"{where}: {old!r} → {new!r}" for where, old, new in found[:40])
    assert found == [], f"{len(found)} 处不合排版规则(python tools/tests/typography_sweep.py --update 可改写):\n{listed}"


def test_the_strings_checked_are_the_cli_messages_and_the_form() -> None:
    where = {p.where.rsplit(":", 1)[0] for p in pieces()}
    for part in ("tools/govreg/cli.py", "tools/govreg/report.py", "tools/govreg/commands/check.py", "tools/govreg/authoring/prompts.py", "tools/govreg/templates/form.html.j2"):
        assert part in where
    assert len(pieces()) > 500


def test_the_check_would_catch_what_the_issue_shows() -> None:
    assert extra_fixes("填报单位:") == "填报单位："
    assert extra_fixes("王晓东(办公室科员)") == "王晓东（办公室科员）"
    assert extra_fixes("账号 `x`,列出") == "账号 `x`，列出"
    assert extra_fixes("见 https://x.gov.cn/a:b") == "见 https://x.gov.cn/a:b"
