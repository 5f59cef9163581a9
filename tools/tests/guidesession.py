"""The command sessions in the department guide (``docs/guide/``), run for real.

A page's ```` ```console ```` blocks hold commands (lines starting with ``$ ``)
followed by their output, exactly as printed.  Hidden directives stand for what
the reader does in an editor::

    <!-- session: replace "accounts/x/y.yaml" "old text" "new text" -->   (\\n for a line break)
    <!-- session: file "accounts/x/y.yaml" -->   (the next fenced block is the whole file)

:func:`run_page` replays a page in a repository (a fresh clone in the tests) and
returns, for every command, what the guide says and what the command printed.
``python tools/tests/guidesession.py --update`` rewrites the outputs in the pages
after a deliberate change of messages or sample data (review the diff).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "guide"
TOOLS = REPO / "tools"
#: pages that contain sessions, in the order a new user follows them
PAGES = ("register-account.md", "change-account.md", "close-account.md", "publish.md", "failed-check.md")
ENV = {
    "GOVREG_TODAY": "2026-11-26",
    "GOVREG_NOW": "2026-11-26T09:30:00+08:00",
    "NO_COLOR": "1",
    "GIT_AUTHOR_NAME": "王晓东",
    "GIT_AUTHOR_EMAIL": "wangxd@example.gov.cn",
    "GIT_COMMITTER_NAME": "王晓东",
    "GIT_COMMITTER_EMAIL": "wangxd@example.gov.cn",
    "GIT_AUTHOR_DATE": "1795996800 +0800",
    "GIT_COMMITTER_DATE": "1795996800 +0800",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}
_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)
_DIRECTIVE = re.compile(r"^<!-- session: (.*?) -->$", re.M)


_FENCE = re.compile(r"^```[a-z]*\n(.*?)^```$", re.M | re.S)


@dataclass
class Step:
    start: int  # offsets in the page of the output text (for --update)
    end: int
    command: str  # as written after "$ ", or a directive
    expected: str
    directive: bool = False


def parse(text: str) -> list[Step]:
    steps: list[Step] = []
    for match in _DIRECTIVE.finditer(text):
        command = match.group(1)
        if command.startswith("file "):
            block = _FENCE.search(text, match.end())
            if block is None:
                raise ValueError(f"指令 {command} 后面没有代码块")
            steps.append(Step(block.start(1), block.end(1), command, block.group(1), directive=True))
        else:
            steps.append(Step(match.start(), match.start(), command, "", directive=True))
    for block in _BLOCK.finditer(text):
        body_start = block.start(1)
        lines = block.group(1).splitlines(keepends=True)
        offset = body_start
        current: Step | None = None
        continuing = False
        for line in lines:
            if continuing and current is not None:  # "$ govreg … \\" continues on the next line
                part = line.strip()
                continuing = part.endswith("\\")
                current.command += " " + part.rstrip("\\").strip()
                current.start = current.end = offset + len(line)
            elif line.startswith("$ "):
                command = line[2:].rstrip("\n")
                continuing = command.endswith("\\")
                current = Step(offset + len(line), offset + len(line), command.rstrip("\\").rstrip(), "")
                steps.append(current)
            elif current is not None:
                current.expected += line
                current.end = offset + len(line)
            offset += len(line)
    return sorted(steps, key=lambda s: s.start)


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GOVREG_"))}
    env.update(ENV)
    env["PYTHONPATH"] = str(TOOLS)
    return env


def run_step(step: Step, root: Path) -> str:
    words = shlex.split(step.command)
    if step.directive:
        if words[0] == "file" and len(words) == 2:
            return (root / words[1]).read_text(encoding="utf-8")
        if words[0] != "replace" or len(words) != 4:
            raise ValueError(f"未知的指令:{step.command}")
        path = root / words[1]
        old, new = (w.replace("\\n", "\n") for w in words[2:])
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise AssertionError(f"{words[1]} 中没有要替换的文字:{old!r}")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return ""
    if words[0] == "govreg":
        argv = [sys.executable, "-m", "govreg", *words[1:]]
    elif words[0] == "git":
        argv = words
    else:
        raise ValueError(f"指南中的命令只能是 govreg 或 git:{step.command}")
    done = subprocess.run(argv, cwd=root, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    return done.stdout


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_page(page: Path, root: Path) -> list[tuple[str, str, str]]:
    """Replay ``page`` in ``root``: (command, output in the guide, output now) for each command."""
    out = []
    for step in parse(page.read_text(encoding="utf-8")):
        printed = run_step(step, root)
        if not step.directive or step.command.startswith("file "):
            out.append((step.command, step.expected, printed))
    return out


def origin(source: Path) -> Path:
    """The department's shared repository: the sample committed once (tests share it and clone it)."""
    source.mkdir(parents=True)
    for part in ("units", "sites", "accounts", "content", "messages", "config", "schemas", "docs"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, source / part, ignore=shutil.ignore_patterns("dev"))
    env = environment()
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "登记库"]):
        subprocess.run(["git", *args], cwd=source, env=env, check=True)
    return source


def clone(source: Path, target: Path) -> Path:
    """A department member's working copy (a local clone: cheap, hard-linked objects)."""
    subprocess.run(["git", "clone", "-q", str(source), str(target)], env=environment(), check=True)
    return target


def fresh_clone(source: Path, target: Path) -> Path:
    """A repository like the department's: the sample committed, then cloned."""
    return clone(origin(source), target)


def update(pages: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for i, name in enumerate(pages):
            page = GUIDE / name
            root = fresh_clone(Path(tmp) / f"src{i}", Path(tmp) / f"clone{i}")
            text = page.read_text(encoding="utf-8")
            pieces: list[str] = []
            last = 0
            for step in parse(text):
                printed = run_step(step, root)
                if step.directive and not step.command.startswith("file "):
                    continue
                pieces.append(text[last : step.start])
                pieces.append(printed)
                last = step.end
            pieces.append(text[last:])
            page.write_text("".join(pieces), encoding="utf-8")
            print(f"已更新 {page.relative_to(REPO)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="重新运行办事指南中的命令,并把实际输出写回页面")
    parser.add_argument("--update", action="store_true", help="把输出写回 docs/guide/ 中的页面")
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    args = parser.parse_args()
    if args.update:
        update(args.pages)
