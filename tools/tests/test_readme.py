"""Every command the README shows exists and runs (issue 18), as the guide's commands are run by test_guide.py."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from guidesession import environment, fresh_clone

from govreg.cli import build_parser

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def table_commands() -> list[str]:
    """The `govreg …` cells of the command table, split at 、 (several commands in one cell)."""
    found: list[str] = []
    for line in README.splitlines():
        if line.startswith("|"):
            found += [c.replace("\\|", "|") for c in re.findall(r"`(govreg [^`]+)`", line)]
    return found


def example_commands() -> list[str]:
    found: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```$", README, re.M | re.S):
        found += [line.strip() for line in block.splitlines() if line.strip().startswith("govreg ")]
    return found


def subparsers() -> dict[str, object]:
    """Every command's fully configured parser (``build_parser(None)`` lists the commands without configuring them)."""
    import argparse

    from govreg.cli import command_names

    found: dict[str, object] = {}
    for name in command_names():
        parser = build_parser(name)
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        found.update({k: v for k, v in action.choices.items() if k == name})
    return found


def test_the_readme_shows_commands() -> None:
    assert len(table_commands()) >= 12 and len(example_commands()) >= 8


@pytest.mark.parametrize("shown", table_commands())
def test_every_command_and_option_in_the_table_exists(shown: str) -> None:
    import argparse

    words = shown.split()
    parsers = subparsers()
    assert words[1] in parsers, f"README 中的命令 {shown} 不存在"
    parser = parsers[words[1]]
    assert isinstance(parser, argparse.ArgumentParser)
    for action in parser._actions:  # descend into `export filing`, `new account|content|…`
        if isinstance(action, argparse._SubParsersAction) and len(words) > 2:
            for name in words[2].split("|"):
                assert name in action.choices, f"README 中的 {shown}:没有子命令 {name}"
            parser = action.choices[words[2].split("|")[0]]
    known = {option for action in parser._actions for option in action.option_strings}
    for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", shown):
        assert option in known, f"README 中的 {shown}:govreg {words[1]} 没有参数 {option}"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("readme")
    return fresh_clone(base / "origin", base / "clone")


@pytest.mark.parametrize("shown", example_commands())
def test_every_example_runs(shown: str, clone: Path) -> None:
    words = shlex.split(shown)
    done = subprocess.run(
        [sys.executable, "-m", "govreg", *words[1:]], cwd=clone, env=environment(), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"README 中的 {shown} 失败(退出码 {done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert "用法错误" not in done.stderr and "Traceback" not in done.stderr
    if "-o" in words:
        assert (clone / words[words.index("-o") + 1]).stat().st_size > 0


def required_part(shown: str) -> list[str]:
    """The command as the table shows it, without the optional [ … ] parts and ellipses, first of a|b."""
    text = re.sub(r"\[[^\]]*\]", " ", shown)
    text = re.sub(r"(--?[a-z-]+) …", r"\1 2026-11-26", text).replace("…", " ")  # an option's value, or "and so on"
    text = re.sub(r"[^\x00-\x7f].*$", "x", text)  # a Chinese placeholder (名称、账号 ID 或链接) is one value
    return [word.split("|")[0] for word in text.split()]


@pytest.mark.parametrize("shown", table_commands())
def test_every_command_in_the_table_parses_as_written(shown: str) -> None:
    words = required_part(shown)
    try:
        build_parser(words[1]).parse_args(words[1:])  # the chosen command, configured, as main() builds it
    except SystemExit as exc:
        pytest.fail(f"README 中的 {shown} 按所写的方式运行会失败(govreg {' '.join(words[1:])}:退出码 {exc.code})")
