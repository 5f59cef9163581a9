"""JSON inputs are capped in size and depth (issue 12): a hostile reviews payload is a finding, never exit 3."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from gate_fixture import EDU, GatePR, content  # noqa: F401  (EDU keeps the fixture's import order)
from hypothesis import given, settings
from hypothesis import strategies as st

from govreg import jsonio
from govreg.gate.reviews import load_reviews_file

from conftest import GitRepo, run_cli

AUTHOR = "zhang-handler"


@pytest.fixture
def pr(git_repo: GitRepo) -> GatePR:
    return GatePR(git_repo).open({"content/edu/notice.md": content("edu", "edu-wechat")})


def _gate(pr: GatePR, reviews: Path) -> tuple[int, str, str]:
    return run_cli("gate", str(pr.repo.root), "--reviews", str(reviews), "--author", AUTHOR, "--base", pr.base, "--head", pr.head, "--format", "json")


def test_reviews_nested_100000_deep_is_a_finding_not_an_internal_error(pr: GatePR, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, out, err = _gate(pr, deep)
    assert code == 1, err
    assert "Traceback" not in err
    finding = next(f for f in json.loads(out)["findings"] if f["code"] == "gate-reviews-invalid")
    assert "嵌套 100000 层" in finding["message"]


def test_oversized_reviews_file_is_refused_on_the_read(pr: GatePR, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("[" + ",".join(['"x"'] * 100) + "]")
        handle.write(" " * (jsonio.MAX_BYTES + 1))
    code, _, err = _gate(pr, big)
    assert code == 2 and "超过上限" in err and "Traceback" not in err


def test_reviews_file_that_is_a_fifo_does_not_hang(pr: GatePR, tmp_path: Path) -> None:
    fifo = tmp_path / "reviews.json"
    os.mkfifo(fifo)
    code, _, err = _gate(pr, fifo)
    assert code == 2 and "不是普通文件" in err


def test_loads_caps_depth_and_size_and_reports_position() -> None:
    assert jsonio.loads('{"a": [[["]]]]]"]]]}') == {"a": [[["]]]]]"]]]}  # brackets in strings do not count
    with pytest.raises(jsonio.JsonRefused, match="嵌套 65 层"):
        jsonio.loads("[" * 65 + "]" * 65)
    assert jsonio.loads("[" * 64 + "]" * 64) is not None
    with pytest.raises(jsonio.JsonRefused, match="超过上限 10 字节"):
        jsonio.loads(b'["0123456789"]', max_bytes=10)
    with pytest.raises(jsonio.JsonRefused) as caught:
        jsonio.loads('{\n  "a": ,\n}')
    assert (caught.value.line, caught.value.column) == (2, 8)


def test_load_reviews_file_refuses_deep_payload_as_a_finding() -> None:
    _, reviews, findings = load_reviews_file('{"reviews": ' + "[" * 5000 + "]" * 5000 + "}", "r.json")
    assert reviews == [] and [f.code for f in findings] == ["gate-reviews-invalid"]


JSONISH = st.lists(st.sampled_from([*list('[]{}",:\\ 0a'), "true", "null", '"a"', "\\u0041"]), max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(JSONISH)
def test_loads_agrees_with_json_or_refuses_cleanly(text: str) -> None:
    """Same result as json.loads on everything within the caps; otherwise JsonRefused, never another exception."""
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        with pytest.raises(jsonio.JsonRefused):
            jsonio.loads(text)
        return
    assert jsonio.loads(text) == expected
