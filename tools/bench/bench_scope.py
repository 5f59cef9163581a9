"""Issue 19 targets 1-3: PR feedback, warm/cold full check, province memory and linearity.

Generates the city tree (300 units, 3,000 accounts, 20 sites, 20,000 items) with a
git history of ``--commits`` commits, or uses ``--tree``.  Every measurement runs in
a fresh child process (imports not timed; peak memory = the child's max RSS), and
each is reported as a ratio to the **bare parse** of the same tree measured in the
same run (read every record file and ``yaml.load`` it with ``CSafeLoader``: no
validation, no rules; :func:`bench_check.phase_bare`):

1. **PR feedback**: a pull request changing 2 files, checked as CI checks it:
   ``check --base main`` with the cache restored from main's run (warm), and with
   no cache at all (cold).  Target <= 0.15x.
2. **full check**: cold (no cache; history read; on two cores, two processes:
   :mod:`govreg.split`, also measured in one) and warm (cache from the previous
   run, nothing changed).  Targets: cold <= 1.5x, warm <= 0.5x.
3. **scale** (``--province``): the full check, cold, at 1x, 5x and 10x the city
   (``--scales``), with its peak memory (target <= 1 GiB at 10x) and its time per
   file (linear: 10x the files, <= 10.5x the time), and the same in one process
   (``GOVREG_WORKERS=1``).  Generating 10x takes minutes.

Usage: ``python tools/bench/bench_scope.py [--commits 5000] [--tree DIR] [--province] [--scales 1,5,10]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_check import TODAY, cpu_seconds, mib, phase_bare, spawn  # noqa: E402

CITY = {"units": 300, "accounts": 3000, "sites": 20, "content": 20000}
PR_TARGET, WARM_TARGET, COLD_TARGET = 0.15, 0.5, 1.5
MEMORY_TARGET = 1024**3


def phase_check(root: Path, cache_dir: str, base: str) -> dict[str, Any]:
    """One ``govreg check`` as the command runs it (cache opened, used and saved), imports not timed."""
    import datetime as dt

    from govreg.commands.check import prepare
    from govreg.engine import rule_modules, run_check

    rule_modules()
    today = dt.date.fromisoformat(TODAY)
    start, cpu = time.perf_counter(), cpu_seconds()
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu_self = own.ru_utime + own.ru_stime
    ready = prepare(root, base or None, use_cache=bool(cache_dir), directory=Path(cache_dir) if cache_dir else None)  # as the command
    cache, focus = ready.cache, ready.changed
    report = run_check(root, today=today, cache=cache, focus=focus, history=ready.history)
    ready.close()
    cache.save()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu_seconds() - cpu,
        "files": report.stats["files"],
        "findings": len(report.findings),
        "focus": len(focus) if focus is not None else None,
        "hits": cache.hits,
        # CPU of this process alone (its threads, not its children): with two processes, the wall time's floor on two idle cores
        "cpu_self": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime - cpu_self,
        # peak RSS of this process, and of its largest finished child (the second process of a cold check, or git)
        "rss_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "rss_children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def child(phase: str, root: Path, *extra: str, workers: str = "") -> tuple[dict[str, Any], int]:
    env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONHASHSEED="0")
    if workers:
        env["GOVREG_WORKERS"] = workers
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--tree", str(root), *extra]
    status, out, err, _, _, rss = spawn(argv, env)
    if status != 0:
        raise SystemExit(f"phase {phase} failed ({status}):\n{err.decode('utf-8', 'replace')[-2000:]}")
    return json.loads(out), rss


def generate_tree(root: Path, scale: int, commits: int) -> None:
    sizes = {k: v * scale for k, v in CITY.items()}
    argv = [sys.executable, str(HERE / "generate.py"), str(root), "--seed", "0", "--commits", str(commits)]
    for name, value in sizes.items():
        argv += [f"--{name}", str(value)]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def git(root: Path, *args: str) -> None:
    from generate import git_env

    subprocess.run(["git", *args], cwd=root, env=git_env(), check=True, capture_output=True)


def make_pr(root: Path) -> None:
    """A branch ``pr`` off ``main`` that edits one item's body and one account's description."""
    git(root, "checkout", "-q", "-B", "pr", "main")
    item = next((root / "content").rglob("*.md"))
    item.write_text(item.read_text("utf-8") + "\n补充说明：本文件有更新。\n", "utf-8")
    account = next((root / "accounts").rglob("*.yaml"))
    account.write_text(account.read_text("utf-8").replace("description: ", "description: （已更新）", 1), "utf-8")
    git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-am", "PR: two files")


def peaks(run: dict[str, Any]) -> str:
    """The peaks of both processes of a cold check (the bench's peak is the larger; shared pages count in both)."""
    return f" (this process {mib(run['rss_self'])}, largest child {mib(run['rss_children'])})"


def verdict(ratio: float, target: float) -> str:
    return "met" if ratio <= target else "MISSED"


def city(root: Path, repeat: int) -> list[str]:
    lines = []
    bares = [child("bare", root)[0] for _ in range(repeat)]
    bare = min(b["seconds"] for b in bares)
    bare_cpu = min(b["cpu"] for b in bares)
    lines.append(f"  baseline: bare CSafeLoader parse of the tree: {bare:.2f} s wall, {bare_cpu:.2f} s CPU (best of {repeat})")

    def cpu(run: dict[str, Any]) -> str:
        return f" [CPU {run['cpu'] / bare_cpu:.2f}x]"

    with tempfile.TemporaryDirectory(prefix="govreg-scope-cache-") as tmp:
        cache = str(Path(tmp) / "c")
        colds = [child("check", root) for _ in range(repeat)]
        cold, cold_rss = min(colds, key=lambda r: r[0]["seconds"])
        lines.append(f"  2. full check, cold (no cache, history read): {cold['seconds']:.2f} s = {cold['seconds'] / bare:.2f}x "
                     f"(target <= {COLD_TARGET}x: {verdict(cold['seconds'] / bare, COLD_TARGET)}){cpu(cold)}; peak {mib(cold_rss)}"
                     f"{peaks(cold)} (best of {repeat})")  # fmt: skip
        lines.append(f"     its first process alone used {cold['cpu_self']:.2f} s CPU = {cold['cpu_self'] / bare_cpu:.2f}x the bare parse's CPU "
                     "(the wall time on two idle cores, the second process finishing with it)")  # fmt: skip
        alone = min((child("check", root, workers="1")[0] for _ in range(repeat)), key=lambda r: r["seconds"])
        lines.append(f"     same in one process (GOVREG_WORKERS=1): {alone['seconds']:.2f} s = {alone['seconds'] / bare:.2f}x{cpu(alone)}; "
                     f"two processes take {cold['seconds'] / alone['seconds']:.2f}x its wall time")  # fmt: skip
        first, _ = child("check", root, "--cache-dir", cache)
        lines.append(f"     full check, first run filling the cache: {first['seconds']:.2f} s = {first['seconds'] / bare:.2f}x{cpu(first)}")
        warm = min((child("check", root, "--cache-dir", cache)[0] for _ in range(repeat)), key=lambda r: r["seconds"])
        lines.append(f"     full check, warm cache: {warm['seconds']:.2f} s = {warm['seconds'] / bare:.2f}x "
                     f"(target <= {WARM_TARGET}x: {verdict(warm['seconds'] / bare, WARM_TARGET)}){cpu(warm)}; {warm['hits']:,} files from the cache")  # fmt: skip
        make_pr(root)
        try:
            pr_cold, _ = child("check", root, "--base", "main")
            pr_warm = min((child("check", root, "--base", "main", "--cache-dir", cache)[0] for _ in range(repeat)), key=lambda r: r["seconds"])
        finally:
            git(root, "checkout", "-q", "main")
        lines.append(f"  1. PR feedback (2 files changed, check --base main), cache from main's run: {pr_warm['seconds']:.2f} s = "
                     f"{pr_warm['seconds'] / bare:.2f}x (target <= {PR_TARGET}x: {verdict(pr_warm['seconds'] / bare, PR_TARGET)}){cpu(pr_warm)}")  # fmt: skip
        lines.append(f"     same, no cache at all: {pr_cold['seconds']:.2f} s = {pr_cold['seconds'] / bare:.2f}x{cpu(pr_cold)}; per-file rules ran on {pr_cold['focus']} files")
    return lines


def province(scales: list[int], commits: int) -> list[str]:
    lines = []
    base_per_file = None
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix=f"govreg-scope-{scale}x-") as tmp:
            root = Path(tmp) / "repo"
            generate_tree(root, scale, commits)
            bare, _ = child("bare", root)
            got, rss = child("check", root)
            per_file = got["seconds"] / got["files"]
            base_per_file = base_per_file or per_file
            lines.append(f"  3. {scale:>2}x city ({got['files']:,} files, {commits:,} commits): cold check {got['seconds']:.1f} s = "
                         f"{got['seconds'] / bare['seconds']:.2f}x bare parse [CPU {got['cpu'] / bare['cpu']:.2f}x]; time per file {per_file / base_per_file:.2f}x the 1x run's; "
                         f"peak {mib(rss)} (target <= 1 GiB: {verdict(rss, MEMORY_TARGET)}){peaks(got)}")  # fmt: skip
            alone, alone_rss = child("check", root, workers="1")
            lines.append(f"      same in one process (GOVREG_WORKERS=1): {alone['seconds']:.1f} s = {alone['seconds'] / bare['seconds']:.2f}x "
                         f"[CPU {alone['cpu'] / bare['cpu']:.2f}x]; peak {mib(alone_rss)}")  # fmt: skip
            shutil.rmtree(root, ignore_errors=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tree", type=Path, help="use this git repository (branch main) instead of generating the city")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--province", action="store_true", help="also measure 1x/5x/10x the city (minutes)")
    parser.add_argument("--scales", default="1,5,10")
    parser.add_argument("--phase", choices=("bare", "check"), help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", default="", help=argparse.SUPPRESS)
    parser.add_argument("--base", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "bare":
        print(json.dumps(phase_bare(args.tree)))
        return 0
    if args.phase == "check":
        print(json.dumps(phase_check(args.tree, args.cache_dir, args.base)))
        return 0
    print("issue 19 targets 1-3 (ratios against the bare parse measured in this run)")
    if args.tree:
        for line in city(args.tree, args.repeat):
            print(line, flush=True)
    else:
        with tempfile.TemporaryDirectory(prefix="govreg-scope-") as tmp:
            root = Path(tmp) / "repo"
            generate_tree(root, 1, args.commits)
            for line in city(root, args.repeat):
                print(line, flush=True)
    if args.province:
        for line in province([int(s) for s in args.scales.split(",")], args.commits):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
