"""Start-up cost: ``govreg --help`` and ``govreg check`` import only what they use (issue 19, point 6).

Each case runs the real CLI in a fresh interpreter and looks at ``sys.modules`` afterwards; the
time itself is measured by ``tools/bench/targets.py`` (no timed tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_sample

# Libraries that cost tens to hundreds of milliseconds to import and that only some
# subcommands need: pinyin ids (new), spreadsheets (export), HTML reports (assess, inspect),
# QR codes and MkDocs (site), round-trip YAML (fmt, change, close), the forge client (gate).
HEAVY = ("pypinyin", "openpyxl", "jinja2", "segno", "ruamel", "httpx", "mkdocs", "markdown", "jieba", "lxml", "playwright")

_PROBE = """
import json, sys
from govreg.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n@@" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


_PROBE_FULL = """
import contextlib, io, json, sys
from govreg.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


def _imported(args: list[str], cwd: Path) -> tuple[int, set[str], str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False)
    out, _, tail = done.stdout.rpartition("\n@@")
    result = json.loads(tail)
    return int(result["code"]), {name.split(".")[0] for name in result["modules"]}, out


def test_help_imports_no_heavy_library_and_still_lists_every_command(tmp_path: Path) -> None:
    from govreg.cli import command_names

    code, modules, out = _imported(["--help"], tmp_path)
    assert code == 0
    assert sorted(modules & set(HEAVY)) == []
    for name in command_names():
        assert name in out
    full = json.loads(subprocess.run([sys.executable, "-c", _PROBE_FULL, "--help"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout)
    assert [m for m in full if m.startswith("govreg.commands.")] == []  # the list of commands is read, not imported
    assert "pydantic" not in modules  # nor the data models: listing commands needs no repository code


def test_command_summaries_read_from_source_match_the_imported_modules() -> None:
    from govreg.cli import command_modules, command_summaries

    assert command_summaries() == [(m.NAME, m.HELP) for m in command_modules()]


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["site", "--help"]])
def test_help_of_a_command_imports_no_heavy_library(tmp_path: Path, argv: list[str]) -> None:
    _, modules, out = _imported(argv, tmp_path)
    assert sorted(modules & set(HEAVY)) == []
    assert "用法" in out or "usage" in out


def test_check_on_the_sample_imports_no_heavy_library(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "repo")
    code, modules, _ = _imported(["check", str(root), "-f", "json"], tmp_path)
    assert code == 0
    assert sorted(modules & set(HEAVY)) == []
