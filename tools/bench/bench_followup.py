"""Benchmark the handover rule's roster history (第十六条) against a bare ``git log`` of the same files.

Builds, deterministically in a temporary directory with ``git fast-import``, a repository of
300 unit files and ``--commits`` roster changes (default 3,000: people added, removed, roles
dropped).  Then times, ``--repeat`` times each (median reported):

* baseline: ``git log --raw --format=%H -- units`` (a bare log, output discarded);
* ``followup.roster_departures(root)``: the log, every revision's text (one ``git cat-file``)
  and the comparison of consecutive rosters.

It also counts the git processes started by ``roster_departures`` at two history sizes: the
count must not grow with the number of commits or files (no process per file).

Usage: ``python tools/bench/bench_followup.py [--commits N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govreg import history
from govreg.followup import roster_departures

SEED = 20261126
UNITS = 300
EPOCH = 1767196800  # 2026-01-01T00:00:00+08:00 as a Unix time (roughly)


def unit_text(uid: str, people: list[tuple[str, str]]) -> str:
    lines = [f"id: {uid}", f"name: 测试单位{uid[-3:]}", "kind: agency", 'region: "640300"', "people:"]
    for pid, role in people:
        lines += [f"  - id: {pid}", "    name: 张三", f"    roles: [{role}]" if role else "    roles: []"]
    return "\n".join(lines) + "\n"


def build(root: Path, commits: int) -> None:
    rng = random.Random(SEED)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    rosters = {f"unit-{i:03d}": [(f"unit-{i:03d}-p{j}", ("handler", "section-head", "leader")[j % 3]) for j in range(5)] for i in range(UNITS)}
    counter = {uid: 5 for uid in rosters}
    out: list[bytes] = []

    def blob(text: str) -> bytes:
        data = text.encode("utf-8")
        return b"data %d\n" % len(data) + data + b"\n"

    def commit(n: int, changed: list[str]) -> None:
        stamp = EPOCH + n * 3600
        out.append(b"commit refs/heads/main\n")
        out.append(b"committer Bench <bench@example.gov.cn> %d +0800\n" % stamp)
        out.append(blob(f"roster change {n}"))
        for uid in changed:
            out.append(f"M 100644 inline units/{uid}.yaml\n".encode())
            out.append(blob(unit_text(uid, rosters[uid])))

    commit(0, list(rosters))
    for n in range(1, commits):
        uid = f"unit-{rng.randrange(UNITS):03d}"
        people = rosters[uid]
        action = rng.random()
        if action < 0.4 and len(people) > 3:
            people.pop(rng.randrange(len(people)))
        elif action < 0.6:
            i = rng.randrange(len(people))
            people[i] = (people[i][0], "")
        else:
            counter[uid] += 1
            people.append((f"{uid}-p{counter[uid]}", "handler"))
        commit(n, [uid])
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(out), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)


def median_time(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def processes(root: Path) -> int:
    real = history.subprocess.run
    calls = 0

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[call-overload]

    with mock.patch.object(history.subprocess, "run", counting):
        roster_departures(root)
    return calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        build(small, max(args.commits // 10, 10))
        build(big, args.commits)
        base = median_time(lambda: subprocess.run(["git", "log", "--raw", "--format=%H", "--", "units"], cwd=big, capture_output=True, check=True), args.repeat)
        ours = median_time(lambda: roster_departures(big), args.repeat)
        found, _ = roster_departures(big)
        print(f"{UNITS} unit files, {args.commits} roster commits, {len(found)} departures found")
        print(f"baseline git log --raw -- units: {base * 1000:.0f} ms")
        print(f"roster_departures:               {ours * 1000:.0f} ms  ({ours / base:.1f}x baseline)")
        print(f"git processes: {processes(small)} for {max(args.commits // 10, 10)} commits, {processes(big)} for {args.commits} commits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
