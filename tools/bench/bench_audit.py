"""Benchmark ``govreg audit`` against ``git log`` on the same ≥5,000-commit repository.

Reuses the history benchmark's deterministic ``git fast-import`` generator
(:func:`bench_history.build_repo`: content items added, edited, renamed, moved,
deleted; account files changed).  Times, median of ``--repeat`` runs each:

* one record (the one with the most changes, renamed or moved at least once):
  baseline ``git log --follow --format=%H -- <path>``, then ``run_audit`` in process
  and the ``govreg audit <path> --format json`` command as a new process;
* all records in one pass: baseline ``git log --raw --format=%H -- units accounts sites content``,
  then ``run_audit`` in process and ``govreg audit --format json`` as a new process.

The target from the issue: one record under 2 s.  Usage:
``python tools/bench/bench_audit.py [--commits N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_history import _git_env, build_repo, median_time  # noqa: E402

from govreg.audit import render_json, run_audit  # noqa: E402
from govreg.history import read_history  # noqa: E402

TARGET_ONE = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--commits", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.commits < 5000:
        parser.error("the audit target is stated for at least 5,000 commits")

    with tempfile.TemporaryDirectory(prefix="govreg-bench-audit-") as tmp:
        root = Path(tmp) / "repo"
        start = time.perf_counter()
        counts = build_repo(root, args.commits)
        build = time.perf_counter() - start
        env = _git_env()
        os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
        commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True, env=env).stdout)

        outline = read_history(root, ("content",))
        moved = [f for f in outline.files if f.exists and len(f.paths) > 1]
        record = max(moved or outline.files, key=lambda f: len(f.changes))
        path = record.path
        govreg = [sys.executable, "-m", "govreg"]
        cli_env = {**env, "PYTHONPATH": str(HERE.parent)}

        def git_follow() -> object:
            return subprocess.run(["git", "log", "--follow", "--format=%H", "--", path], cwd=root, capture_output=True, check=True, env=env)

        def git_all() -> object:
            cmd = ["git", "log", "--raw", "--format=%H", "--", "units", "accounts", "sites", "content"]
            return subprocess.run(cmd, cwd=root, capture_output=True, check=True, env=env)

        def one_in_process() -> object:
            return render_json(run_audit(root, [path]))

        def all_in_process() -> object:
            return render_json(run_audit(root))

        def one_cli() -> object:
            return subprocess.run([*govreg, "audit", "--root", str(root), path, "--format", "json"], capture_output=True, check=True, env=cli_env)

        def all_cli() -> object:
            return subprocess.run([*govreg, "audit", "--root", str(root), "--format", "json"], capture_output=True, check=True, env=cli_env)

        one = run_audit(root, [path])
        every = run_audit(root)
        assert not one.findings and not every.findings, (one.findings, every.findings)
        [audited] = one.records
        assert len(audited.changes) == len(record.changes) and audited.paths == record.paths
        n_changes = sum(len(r.changes) for r in every.records)

        base_one = median_time(git_follow, args.repeat)
        base_all = median_time(git_all, args.repeat)
        rows = [
            ("one record", f"baseline: git log --follow -- {path.split('/')[-1]}", base_one, base_one),
            ("one record", "run_audit(root, [path]) + JSON (in process)", median_time(one_in_process, args.repeat), base_one),
            ("one record", "govreg audit PATH --format json (new process)", median_time(one_cli, args.repeat), base_one),
            ("all records", "baseline: git log --raw -- units accounts sites content", base_all, base_all),
            ("all records", "run_audit(root) + JSON (in process)", median_time(all_in_process, args.repeat), base_all),
            ("all records", "govreg audit --format json (new process)", median_time(all_cli, args.repeat), base_all),
        ]

    print(f"repository: {commits} commits (git fast-import, {build:.2f} s); {counts}")
    print(f"one record: {path} — {len(record.changes)} changes, {len(record.paths)} names")
    print(f"all records: {len(every.records)} records, {n_changes} changes, {len(every.history.commits) if every.history else 0} commits read in one pass")
    print(f"median of {args.repeat} runs (after one warm-up):")
    for scope, label, seconds, baseline in rows:
        print(f"  {scope:<12} {label:<58} {seconds * 1000:8.1f} ms  {seconds / baseline:6.2f}x baseline")
    one_cli_time = rows[2][2]
    verdict = "meets" if one_cli_time < TARGET_ONE else "MISSES"
    print(f"target: one record under {TARGET_ONE:.0f} s as a new process — {verdict} ({one_cli_time:.2f} s)")
    return 0 if one_cli_time < TARGET_ONE else 1


if __name__ == "__main__":
    raise SystemExit(main())
