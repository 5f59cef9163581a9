"""The engine: severity overrides from configuration, and a crashing rule is exit 3, not a lost run."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreg.rules import site_icp

from conftest import check_json, codes, edit, run_cli


def test_severity_override_from_config(sample_tree: Path) -> None:
    edit(sample_tree / "sites" / "wuzhong-portal.yaml", "icp: ", "icp: 错误的")
    status, report = check_json(sample_tree)
    assert status == 1 and "site-icp" in codes(report, "error")
    config = sample_tree / "config" / "govreg.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "severity:\n  site-icp: warning\n", encoding="utf-8")
    status, report = check_json(sample_tree)
    assert status == 0 and "site-icp" in codes(report, "warning")
    edit(config, "site-icp: warning", "site-icp: \"off\"")
    status, report = check_json(sample_tree)
    assert status == 0 and "site-icp" not in codes(report)


def test_crashing_rule_is_internal_error_but_others_still_report(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: object) -> list[object]:
        raise RuntimeError("测试用的故障")

    monkeypatch.setattr(site_icp, "check", boom)
    edit(sample_tree / "units" / "education-bureau.yaml", "kind: agency", "kind: agnecy")
    status, out, err = run_cli("check", str(sample_tree), "--format", "json")
    assert status == 3
    assert '"internal-rule-error"' in out and "测试用的故障" in out
    assert '"schema"' in out  # the other findings are still there
    assert "Traceback" not in err


def test_rules_selection(sample_tree: Path) -> None:
    edit(sample_tree / "sites" / "wuzhong-portal.yaml", "icp: ", "icp: 错误的")
    status, report = check_json(sample_tree, "--rules", "site_psb")
    assert status == 0 and "site-icp" not in codes(report)
    status, report = check_json(sample_tree, "--rules", "site_icp")
    assert status == 1 and codes(report) == ["site-icp"]
    assert run_cli("check", str(sample_tree), "--rules", "no_such_rule")[0] == 2
    status, report = check_json(sample_tree, "--rules", "site-icp")  # by finding code
    assert status == 1 and codes(report) == ["site-icp"]
    status, _out, err = run_cli("check", str(sample_tree), "--rules", "site-icp,no-such-code")
    assert status == 2 and "no-such-code" in err and "检查代码" in err
    assert run_cli("check", str(sample_tree), "--today", "2026-13-01")[0] == 2


def test_usage_errors_are_in_chinese_and_say_what_next(tmp_path: Path) -> None:
    code, _out, err = run_cli("check", str(tmp_path), "--format", "xml")
    assert code == 2
    assert "不是可选值" in err and "govreg check --help" in err
    code, _out, err = run_cli("export", "filing", str(tmp_path))
    assert code == 2 and "缺少必需的参数" in err and "--output" in err
