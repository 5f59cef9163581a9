"""Benchmark ``govreg inspect --month`` (and assess, export) on the city-scale tree with a long git history.

Generates with :mod:`generate` the city-scale tree (300 units, 3,000 accounts, 20
sites, 20,000 content items) as a git repository of ``--commits`` commits (default
6,000; ``git fast-import``), or reuses ``--tree``; adds ``--messages`` leader-mailbox
records (deterministic, a few answered late or not at all) in one more commit.  Then
times, each command end to end in a fresh child process (``python -m govreg …``,
``GOVREG_TODAY=2026-11-26``), ``--repeat`` times, median reported:

(a) baseline: ``govreg check --format json`` — loading, schemas, every rule, the
    history rules over the same git history;
(b) ``govreg inspect --month 2026-11 --format json`` — the monthly inspection;
(c) the same with ``--format html`` (charts for every unit);
(d) ``govreg inspect --format markdown`` — the daily patrol;
(e) ``govreg assess --year 2026 --format json`` — eleven monthly checks replayed;
(f) ``govreg export filing --output …xlsx``.

Prints wall and CPU seconds (CPU includes the git child processes), peak memory
(the child's maximum RSS), the ratios to (a) (the CPU ratio is the steadier one on
a shared machine), and whether (b) meets the target (under a minute, wall clock).

Usage: ``python tools/bench/bench_inspect.py [--tree DIR] [--keep DIR] [--commits 6000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_check import mib, spawn  # noqa: E402  (after sys.path)
from generate import SCALES, generate, git_env  # noqa: E402

TODAY = "2026-11-26"
TARGET_SECONDS = 60.0
MIN_COMMITS = 5000


def add_messages(root: Path, count: int, seed: int = 0) -> int:
    """``count`` message records under ``messages/`` committed in one commit; returns how many were written."""
    if count <= 0 or (root / "messages").exists():
        return 0
    import yaml

    rng = random.Random(seed + 7)
    units = sorted(p.stem for p in (root / "units").glob("*.yaml"))
    sites = sorted(p.stem for p in (root / "sites").glob("*.yaml"))
    first = dt.date(2026, 1, 5)
    for n in range(count):
        received = first + dt.timedelta(days=rng.randrange(0, 320))
        due = received + dt.timedelta(days=14)
        roll = rng.random()
        answered: dt.date | None = received + dt.timedelta(days=rng.randint(1, 12))
        if roll < 0.05:
            answered = due + dt.timedelta(days=rng.randint(1, 30))  # late
        elif roll < 0.07:
            answered = None  # never
        if answered is not None and answered >= dt.date.fromisoformat(TODAY):
            answered = None
        unit = rng.choice(units)
        mid = f"wz-{received.year}-{n + 1:05d}"
        data = {
            "id": mid, "kind": "leader-mailbox", "channel": rng.choice(sites), "received": received.isoformat(),
            "assigned_unit": unit, "due": due.isoformat(), "answered": answered.isoformat() if answered else None,
            "subject": f"来信第 {n + 1} 号", "summary": "来信人咨询办事流程。", "sender": {"name": "示例来信人"},
        }
        path = root / "messages" / unit / f"{mid}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = dict(git_env(), GIT_AUTHOR_NAME="政务公开办", GIT_AUTHOR_EMAIL="gov-office@example.gov.cn",
               GIT_COMMITTER_NAME="政务公开办", GIT_COMMITTER_EMAIL="gov-office@example.gov.cn",
               GIT_AUTHOR_DATE="2026-11-25T18:00:00+08:00", GIT_COMMITTER_DATE="2026-11-25T18:00:00+08:00")
    subprocess.run(["git", "add", "messages"], cwd=root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", "登记领导信箱来信"], cwd=root, check=True, env=env)
    return count


def phase(name: str, argv: list[str], repeat: int) -> dict[str, Any]:
    env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONHASHSEED="0")
    walls, cpus, peak, status, out, err = [], [], 0, 0, b"", b""
    for _ in range(repeat):
        status, out, err, wall, cpu, rss = spawn([sys.executable, "-m", "govreg", *argv], env)
        if status not in (0, 1):
            raise SystemExit(f"{name} failed ({status}):\n{err.decode('utf-8', 'replace')[:2000]}")
        walls.append(wall)
        cpus.append(cpu)
        peak = max(peak, rss)
    return {"name": name, "wall": statistics.median(walls), "cpu": statistics.median(cpus), "rss": peak, "status": status, "out": out, "err": err}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tree", type=Path, help="use this git repository instead of generating one")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    parser.add_argument("--commits", type=int, default=6000)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="govreg-bench-inspect-") as tmp:
        root = args.tree or args.keep or Path(tmp) / "city"
        if args.tree is None and not (root / ".git").is_dir():
            print(f"generating the city-scale tree with {args.commits} commits in {root} …", flush=True)
            generate(root, commits=args.commits, **SCALES["city"])
        added = add_messages(root, args.messages)
        commits = int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True, check=True, env=git_env()).stdout)
        if commits < MIN_COMMITS:
            print(f"warning: only {commits} commits (the acceptance asks for at least {MIN_COMMITS})")
        out_dir = Path(tmp)
        phases = [
            phase("check (baseline)", ["check", str(root), "--format", "json"], args.repeat),
            phase("inspect --month json", ["inspect", str(root), "--month", "2026-11", "--format", "json"], args.repeat),
            phase("inspect --month html", ["inspect", str(root), "--month", "2026-11", "--format", "html", "--output", str(out_dir / "m.html")], args.repeat),
            phase("inspect (patrol) md", ["inspect", str(root), "--format", "markdown", "--output", str(out_dir / "d.md")], args.repeat),
            phase("assess --year json", ["assess", str(root), "--year", "2026", "--format", "json"], args.repeat),
            phase("export filing xlsx", ["export", "filing", str(root), "--output", str(out_dir / "f.xlsx")], args.repeat),
        ]
        report = json.loads(phases[1]["out"])
        assessment = json.loads(phases[4]["out"])
        files = sum(1 for p in root.rglob("*") if p.is_file() and ".git" not in p.parts)
        print(f"tree: {root} — {files} files, {commits} commits ({added} messages added), today {TODAY}")
        print(
            f"inspection {report['month']}: {len(report['units'])} units reported, {report['vetoes']} single-veto items, "
            f"{report['history']['publications']} publications from {report['history']['source']}; "
            f"HTML {(out_dir / 'm.html').stat().st_size / 1024**2:.1f} MiB; XLSX {(out_dir / 'f.xlsx').stat().st_size / 1024:.0f} KiB; "
            f"assessment: {len(assessment['units'])} units, {sum(len(u['deductions']) for u in assessment['units'])} deductions"
        )
        base, base_cpu = phases[0]["wall"], phases[0]["cpu"]
        print(f"{'phase':<24}{'wall s':>9}{'cpu s':>9}{'peak':>11}{'× check wall':>14}{'× check cpu':>13}")
        for p in phases:
            print(f"{p['name']:<24}{p['wall']:>9.2f}{p['cpu']:>9.2f}{mib(p['rss']):>11}{p['wall'] / base:>14.2f}{p['cpu'] / base_cpu:>13.2f}")
        month = phases[1]["wall"]
        ok = month < TARGET_SECONDS
        print(f"target: inspect --month under {TARGET_SECONDS:.0f} s — {'met' if ok else 'NOT met'} ({month:.2f} s, {month / base:.2f}× check)")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
