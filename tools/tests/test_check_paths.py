"""``govreg check PATH…``: the whole repository is checked, the given files and folders come first (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import edit, run_cli

MINE = "accounts/education-bureau/education-bureau-wechat.yaml"
OTHER = "accounts/culture-tourism-bureau/culture-tourism-bureau-douyin-zaocha.yaml"  # the sample's one warning


def test_a_file_is_accepted_and_its_findings_come_first(sample_tree: Path) -> None:
    edit(sample_tree / MINE, "name: 吴忠教育", "name: 吴忠教育 ")
    _code, out, err = run_cli("check", str(sample_tree / MINE), "--format", "json")
    assert "找不到目录" not in err
    report = json.loads(out)
    paths = [f["path"] for f in report["findings"]]
    assert MINE in paths and OTHER in paths  # the whole repository is still checked
    assert paths.index(OTHER) > max(i for i, p in enumerate(paths) if p == MINE)


def test_text_output_sets_the_given_paths_apart(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_tree / "accounts")
    code, out, err = run_cli("check", "education-bureau")
    assert code == 0, err
    assert out.startswith("您给出的文件没有发现问题。")
    assert "仓库中其他文件另有 1 条检查结果" in out and OTHER in out


def test_only_paths_hides_the_rest_and_decides_the_exit_code(sample_tree: Path) -> None:
    edit(sample_tree / "units/public-security-bureau.yaml", "name: ", "name: [", 1)
    code, out, _ = run_cli("check", str(sample_tree))
    assert code == 1  # the repository has an error …
    code, out, err = run_cli("check", str(sample_tree / MINE), "--only-paths")
    assert code == 0, out + err  # … but not in the clerk's file
    assert OTHER not in out and "units/" not in out
    code, out, _ = run_cli("check", str(sample_tree / MINE), "--only-paths", "-f", "json")
    assert json.loads(out)["findings"] == []


def test_a_missing_path_is_a_usage_error_in_chinese(sample_tree: Path) -> None:
    code, _, err = run_cli("check", str(sample_tree / "accounts/nope.yaml"))
    assert code == 2 and "找不到文件或目录" in err and "→" in err
    code, _, err = run_cli("check", "/")
    assert code == 2 and "不在登记库中" in err


def test_the_repository_root_is_still_accepted(sample_tree: Path) -> None:
    code, out, _ = run_cli("check", str(sample_tree), "-f", "json")
    assert code == 0 and json.loads(out)["valid"] is True
