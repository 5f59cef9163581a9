"""Benchmark ``govreg audit --verify`` against ``git log --raw`` on the same ≥5,000-commit repository.

Reuses the history benchmark's deterministic ``git fast-import`` generator (:func:`bench_history.build_repo`),
adds a roster commit (40 units × 3 reviewers), and writes a valid hash-chained ledger with one entry per
record-changing commit (three sign-offs per unit touched, before every release time).  Then, median of
``--repeat`` runs each:

* baseline: ``git log --raw --format=%H -- accounts sites content`` (what the walk of the history costs);
* ``verify()`` in process (history walk, ``rev-list``, the changed items' front matter with the strict
  loader, roster at each base, all checks), then ``govreg audit --verify`` once as a new process.

Reported as a ratio to the baseline measured in the same run.
Usage: ``python tools/bench/bench_audit_verify.py [--commits N] [--repeat R]``.
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

from govreg import ledger  # noqa: E402
from govreg.gate.verify import verify  # noqa: E402
from govreg.history import read_history  # noqa: E402

UNIT = """\
id: {unit}
name: 单位{unit}
kind: agency
region: "640300"
leader_in_charge: {unit}-l
people:
  - {{id: {unit}-h, name: 承办{unit}, roles: [handler], login: {unit}-h}}
  - {{id: {unit}-s, name: 科长{unit}, roles: [section-head], login: {unit}-s}}
  - {{id: {unit}-l, name: 领导{unit}, roles: [leader], login: {unit}-l}}
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True, env=_git_env()).stdout


def prepare(root: Path, commits: int) -> int:
    build_repo(root, commits)
    first = git(root, "rev-list", "--max-parents=0", "HEAD").split()[0]
    (root / "units").mkdir(exist_ok=True)
    for i in range(1, 41):
        unit = f"u{i:02d}"
        (root / "units" / f"{unit}.yaml").write_text(UNIT.format(unit=unit), encoding="utf-8")
    git(root, "add", "units")
    env = {**_git_env(), "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@x"}
    subprocess.run(["git", "commit", "-q", "-m", "名册"], cwd=root, check=True, env=env)
    base = git(root, "rev-parse", "HEAD").strip()
    history = read_history(root, ("accounts", "sites", "content"))
    by_commit: dict[str, set[str]] = {}
    for change in history.changes:
        top, _, rest = change.path.partition("/")
        units = by_commit.setdefault(change.commit.sha, set())
        if top == "accounts" and "/" in rest:
            units.add(rest.split("/", 1)[0])
    entries: list[dict[str, object]] = [{"kind": "genesis", "since": first}]
    for sha, units in by_commit.items():
        if sha == first:
            continue
        signoffs = [
            {"chain": unit, "step": step, "person": f"{unit}-{k}", "login": f"{unit}-{k}", "role": step, "state": "approved",
             "at": f"2000-01-01T0{n}:00:00+08:00", "opinion": ""}
            for unit in sorted(units) for n, (step, k) in enumerate((("handler", "h"), ("section-head", "s"), ("leader", "l")), 1)
        ]  # fmt: skip
        entries.append({"kind": "merge", "pr": len(entries), "base": base, "head": sha, "merge": sha,
                        "merged_at": "2000-01-02T00:00:00+08:00", "complete": True, "signoffs": signoffs})  # fmt: skip
    ledger.append(root, entries)
    return len(entries) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    with tempfile.TemporaryDirectory(prefix="govreg-bench-verify-") as tmp:
        root = Path(tmp) / "repo"
        start = time.perf_counter()
        recorded = prepare(root, args.commits)
        build = time.perf_counter() - start
        commits = int(git(root, "rev-list", "--count", "HEAD"))

        def baseline() -> None:
            git(root, "log", "--raw", "--format=%H", "--", "accounts", "sites", "content")

        base_t = median_time(baseline, args.repeat)
        result = verify(root)
        assert result.clean, [f.message for f in result.findings[:5]]
        verify_t = median_time(lambda: verify(root), args.repeat)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "govreg", "audit", "--root", str(root), "--verify"], capture_output=True, text=True, check=False)
        command_t = time.perf_counter() - start
        assert proc.returncode == 0, proc.stdout + proc.stderr
        print(f"repository: {commits} commits, {recorded} ledger entries ({result.commits_checked} record-changing commits checked); built in {build:.1f} s")
        print(f"baseline git log --raw (accounts sites content): {base_t * 1000:.0f} ms")
        print(f"verify() in process:     {verify_t * 1000:.0f} ms  ({verify_t / base_t:.1f}× baseline)")
        print(f"govreg audit --verify:   {command_t * 1000:.0f} ms  ({command_t / base_t:.1f}× baseline, one run, new process)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
