"""Benchmark ``govreg gate`` against ``git diff --name-status`` on the same pull request.

A generated registry (``generate.py``, ``--scale small`` by default: 30 units, 300 accounts, 2,000
items) is committed as the base; a PR branch then edits ``--changed`` content items and accounts in
one commit.  Median of ``--repeat`` runs each:

* baseline: ``git diff --name-status -z -M base...head`` (what listing the PR's files costs);
* ``gate_repository()`` in process (rev-parse, diff, log, ls-tree, cat-file, the two snapshots loaded
  by the strict loader, the judgement), with the number of git processes counted;
* the same for a PR ten times smaller, to show the git process count does not grow with the PR.

Reported as a ratio to the baseline measured in the same run.
Usage: ``python tools/bench/bench_gate.py [--scale small] [--changed 500] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_history import median_time  # noqa: E402
from generate import SCALES, build_tree, git_env, write_tree  # noqa: E402

from govreg.gate import gate_repository, gitio  # noqa: E402


def git(root: Path, *args: str) -> str:
    env = {**git_env(), "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, env=env).stdout


def branch(root: Path, name: str, changed: int) -> tuple[str, str]:
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", name)
    items = sorted((root / "content").rglob("*.md"))[:changed]
    accounts = sorted((root / "accounts").rglob("*.yaml"))[: max(1, changed // 10)]
    for path in [*items, *accounts]:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n" if path.suffix == ".md" else "# 修改\n")
    git(root, "commit", "-q", "-am", f"修改 {len(items) + len(accounts)} 个文件")
    return git(root, "rev-parse", "main").strip(), git(root, "rev-parse", "HEAD").strip()


def counted(root: Path, base: str, head: str) -> int:
    calls: list[Any] = []
    real = gitio.subprocess.run

    def count(*a: Any, **kw: Any) -> Any:
        calls.append(a)
        return real(*a, **kw)

    gitio.subprocess.run = count  # type: ignore[assignment]
    try:
        gate_repository(root, base, head, "nobody", [])
    finally:
        gitio.subprocess.run = real  # type: ignore[assignment]
    return len(calls)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--changed", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    with tempfile.TemporaryDirectory(prefix="govreg-bench-gate-") as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        write_tree(root, build_tree(**SCALES[args.scale]))
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "基准")
        results = []
        for name, changed in (("small-pr", max(1, args.changed // 10)), ("large-pr", args.changed)):
            base, head = branch(root, name, changed)
            files = len(gitio.changed_files(root, base, head))
            baseline = median_time(lambda b=base, h=head: git(root, "diff", "--name-status", "-z", "-M", f"{b}...{h}"), args.repeat)  # type: ignore[misc]
            gate_t = median_time(lambda b=base, h=head: gate_repository(root, b, h, "nobody", []), args.repeat)  # type: ignore[misc]
            results.append((name, files, baseline, gate_t, counted(root, base, head)))
        print(f"registry: --scale {args.scale} {SCALES[args.scale]}")
        for name, files, baseline, gate_t, processes in results:
            print(
                f"{name}: {files} changed files; git diff --name-status {baseline * 1000:.0f} ms; "
                f"gate {gate_t * 1000:.0f} ms ({gate_t / baseline:.1f}× baseline); {processes} git processes"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
