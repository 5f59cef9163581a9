"""Benchmark ``govreg check`` against a bare parse and against ``check-jsonschema``, in one run.

Generates the city-scale tree (300 units, 3,000 accounts, 20 sites, 20,000
content items; ``generate.py``) in a temporary directory, or reuses ``--tree``,
then times over the same record files:

(a) bare parse: read every file and ``yaml.load(..., Loader=yaml.CSafeLoader)``
    (for ``.md`` only the front matter; no validation, no rules): the baseline;
(b) ``govreg check`` in-process (:func:`govreg.engine.run_check`: strict loading,
    schema validation, integrity and every rule module present), and (b') the
    ``govreg check --format json`` command, start-up included;
(c) the peer ``check-jsonschema --schemafile schemas/<kind>.schema.json FILES…``
    (schema validation only).  It cannot read Markdown front matter, so the
    front matter of each content item is first extracted to a ``.yaml`` file
    (outside the timing) and validated against ``content.schema.json``; the
    YAML-only part (units, accounts, sites) is also reported on its own.

(a) and (b) run ``--repeat`` times each, interleaved, every run in a fresh child
process (imports not timed); the median is reported as wall-clock time and as CPU
time (user + sys, including child processes such as git: steadier on a busy
machine).  Peak memory is each process's maximum resident set size (``wait4``).
The ratios printed are check/bare (target at most 3x) and, command against
command, check/check-jsonschema (target below 1).  Without ``--commits`` the tree
has no git history and the history rules have nothing to read; ``--commits 5000``
measures them too.

Usage: ``python tools/bench/bench_check.py [--scale city] [--tree DIR] [--commits N] [--repeat 3] [--profile]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

TODAY = "2026-11-26"
TARGET_RATIO = 3.0
TARGET_MEMORY = 1024**3


def record_files(root: Path) -> dict[str, list[str]]:
    """Record files by kind, as paths relative to ``root``, sorted."""
    out: dict[str, list[str]] = {}
    for kind, folder, suffix in (
        ("unit", "units", ".yaml"),
        ("site", "sites", ".yaml"),
        ("account", "accounts", ".yaml"),
        ("content", "content", ".md"),
    ):
        base = root / folder
        out[kind] = sorted(p.relative_to(root).as_posix() for p in base.rglob(f"*{suffix}")) if base.is_dir() else []
    return out


def front_matter(text: str) -> str:
    """The YAML between the first two ``---`` lines (the bare way: no checks)."""
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[text.find("\n") + 1 : end + 1] if end >= 0 else ""


# ---------------------------------------------------------------- phases (run in a child process)


def cpu_seconds() -> float:
    """User + system time of this process and of its finished children (git, for the history rules)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def phase_bare(root: Path) -> dict[str, Any]:
    import yaml

    files = [f for group in record_files(root).values() for f in group]
    start, cpu = time.perf_counter(), cpu_seconds()
    loaded = 0
    for rel in files:
        text = (root / rel).read_bytes().decode("utf-8")
        if rel.endswith(".md"):
            text = front_matter(text)
        if yaml.load(text, Loader=yaml.CSafeLoader) is not None:
            loaded += 1
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "files": len(files), "loaded": loaded}


def phase_check(root: Path, profile: bool = False) -> dict[str, Any]:
    import datetime as dt

    from govreg.engine import rule_modules, run_check

    modules = [m.__name__.rsplit(".", 1)[-1] for m in rule_modules()]  # import the rules before timing
    today = dt.date.fromisoformat(TODAY)
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu = time.perf_counter(), cpu_seconds()
    report = run_check(root, today=today)
    seconds = time.perf_counter() - start
    out: dict[str, Any] = {
        "seconds": seconds,
        "cpu": cpu_seconds() - cpu,
        "files": report.stats.get("files"),
        "valid": report.valid,
        "stats": report.stats,
        "rules": modules,
        "sample_findings": [f"{f.code} {f.path}:{f.line} {f.message}" for f in report.findings[:10]],
    }
    if profiler is not None:
        from profiling import profile_text

        out["profile"] = profile_text(profiler, 35, 25)
    return out


def spawn(args: list[str], env: dict[str, str] | None = None) -> tuple[int, bytes, bytes, float, float, int]:
    """Run ``args`` to completion: (status, stdout, stderr, wall seconds, cpu seconds, peak RSS bytes) of that child.

    On Linux a child's peak RSS starts from the size of the process that spawned it (it is
    carried over fork and exec), so spawn from a small process: generate trees in a child.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read(), seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def child_phase(phase: str, root: Path, profile: bool = False) -> tuple[dict[str, Any], int]:
    env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONHASHSEED="0")
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--tree", str(root)]
    if profile:
        argv.append("--profile")
    status, out, err, _, _, rss = spawn(argv, env)
    if status != 0:
        raise SystemExit(f"phase {phase} failed ({status}):\n{err.decode('utf-8', 'replace')}")
    return json.loads(out), rss


# ---------------------------------------------------------------- the peer


def peer_binary() -> str:
    here = Path(sys.executable).parent / "check-jsonschema"
    found = str(here) if here.exists() else shutil.which("check-jsonschema")
    if not found:
        raise SystemExit("check-jsonschema not found (pip install check-jsonschema)")
    return found


def extract_front_matter(root: Path, files: list[str], dest: Path) -> list[str]:
    """Write each item's front matter to ``dest/<path>.yaml``; returns the new paths (absolute)."""
    out = []
    for rel in files:
        target = dest / (rel + ".yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter((root / rel).read_text(encoding="utf-8")), encoding="utf-8")
        out.append(str(target))
    return out


def run_peer(binary: str, schema: Path, files: list[str], chunk: int = 8000) -> tuple[float, float, int, bool, str]:
    """check-jsonschema over ``files`` (in chunks to stay under the argument limit): wall, cpu, peak RSS, ok, output."""
    seconds, cpu, peak, ok, message = 0.0, 0.0, 0, True, ""
    for i in range(0, len(files), chunk):
        status, out, err, took, used, rss = spawn([binary, "--schemafile", str(schema), *files[i : i + chunk]])
        seconds += took
        cpu += used
        peak = max(peak, rss)
        if status != 0:
            ok = False
            message = (out + err).decode("utf-8", "replace")[:600]
    return seconds, cpu, peak, ok, message


# ---------------------------------------------------------------- report


def mib(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--tree", type=Path, help="use this tree instead of generating one")
    parser.add_argument("--scale", default="city", help="generator scale (tiny, small, city, large)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--commits", type=int, default=0, help="also give the generated tree a git history of N commits")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b); the median is reported")
    parser.add_argument("--no-peer", action="store_true", help="skip check-jsonschema")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of govreg check")
    parser.add_argument("--phase", choices=("bare", "check"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        assert args.tree is not None
        result = phase_bare(args.tree) if args.phase == "bare" else phase_check(args.tree, args.profile)
        sys.stdout.write(json.dumps(result, ensure_ascii=False))
        return 0

    with tempfile.TemporaryDirectory(prefix="govreg-bench-check-") as tmp:
        if args.tree:
            root = args.tree.resolve()
            print(f"tree: {root} (reused)")
        else:
            root = (args.keep or Path(tmp) / "repo").resolve()
            start = time.perf_counter()
            # in a child process: this process stays small, and a child's peak RSS starts from
            # the size of the process that spawned it (Linux carries it over fork and exec)
            command = [sys.executable, str(HERE / "generate.py"), str(root), "--scale", args.scale, "--seed", str(args.seed)]
            subprocess.run([*command, "--commits", str(args.commits)], check=True, stdout=subprocess.DEVNULL)
            print(
                f"tree: {root}, generated in {time.perf_counter() - start:.1f} s: scale {args.scale}, seed {args.seed}"
                + (f", {args.commits} commits" if args.commits else "")
            )
        groups = record_files(root)
        total = sum(len(v) for v in groups.values())
        print("files: " + ", ".join(f"{k} {len(v)}" for k, v in groups.items()) + f"; {total} in all")
        for rel in (f for g in groups.values() for f in g):  # warm the page cache for every phase alike
            (root / rel).read_bytes()

        bare_runs: list[tuple[float, float]] = []
        check_runs: list[tuple[float, float]] = []
        bare_rss = check_rss = 0
        check: dict[str, Any] = {}
        for _ in range(max(args.repeat, 1)):  # interleaved, so a busy machine slows both alike
            bare, rss = child_phase("bare", root)
            bare_runs.append((bare["seconds"], bare["cpu"]))
            bare_rss = max(bare_rss, rss)
            check, rss = child_phase("check", root)
            check_runs.append((check["seconds"], check["cpu"]))
            check_rss = max(check_rss, rss)
        if not check["valid"]:
            print("WARNING: govreg check found errors on the generated tree:")
            for line in check["sample_findings"]:
                print("   ", line)
        bare_s, bare_cpu = (statistics.median(x) for x in zip(*bare_runs, strict=True))
        check_s, check_cpu = (statistics.median(x) for x in zip(*check_runs, strict=True))

        # the command line end to end (interpreter start, imports, output), as a user runs it
        env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONPATH=str(HERE.parent))
        status, _, _, cli_s, cli_cpu, cli_rss = spawn([sys.executable, "-m", "govreg", "check", str(root), "--format", "json"], env)

        peer_rows: list[tuple[str, float, float, int, bool, str, int]] = []
        if not args.no_peer:
            binary = peer_binary()
            for kind, files in groups.items():
                if not files:
                    continue
                schema = root / "schemas" / f"{kind}.schema.json"
                if kind == "content":
                    targets = extract_front_matter(root, files, Path(tmp) / "front-matter")
                else:
                    targets = [str(root / f) for f in files]
                seconds, cpu, rss, ok, message = run_peer(binary, schema, targets)
                peer_rows.append((kind, seconds, cpu, rss, ok, message, len(files)))

        print()
        print(f"govreg check: {len(check['rules'])} rule modules; valid={check['valid']}; stats={check['stats']}")
        print(f"(a), (b): median of {len(bare_runs)} interleaved runs, each in a fresh child process, imports not timed;")
        print("(b'), (c): whole commands (interpreter start-up included); cpu = user + sys, with child processes (git); peak = max RSS")
        print(f"  {'phase':<54} {'wall s':>7} {'cpu s':>7} {'files/s':>9} {'peak':>9}")

        def row(label: str, wall: float, cpu: float, n: int, rss: int, note: str = "") -> None:
            print(f"  {label:<54} {wall:7.2f} {cpu:7.2f} {n / wall:9,.0f} {mib(rss):>9}{note}")

        row("(a) bare parse: read + yaml.CSafeLoader", bare_s, bare_cpu, total, bare_rss)
        row("(b) govreg check in-process (run_check, all rules)", check_s, check_cpu, total, check_rss)
        row("(b') govreg check --format json (command line)", cli_s, cli_cpu, total, cli_rss, "" if status == 0 else f"  (exit {status})")
        peer_total = peer_cpu = peer_yaml = peer_yaml_cpu = 0.0
        for kind, seconds, cpu, rss, ok, message, n in peer_rows:
            label = f"(c) check-jsonschema {kind}" + (" (front matter as .yaml)" if kind == "content" else "")
            row(label, seconds, cpu, n, rss, "" if ok else "  (reported errors)")
            if not ok:
                print("      " + message.replace("\n", "\n      "))
            peer_total, peer_cpu = peer_total + seconds, peer_cpu + cpu
            if kind != "content":
                peer_yaml, peer_yaml_cpu = peer_yaml + seconds, peer_yaml_cpu + cpu
        if peer_rows:
            row("(c) check-jsonschema, all four kinds", peer_total, peer_cpu, total, max(r[3] for r in peer_rows))
        print()
        ratio, ratio_cpu = check_s / bare_s, check_cpu / bare_cpu
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        print(f"check / bare parse       = {ratio:5.2f}x wall, {ratio_cpu:5.2f}x cpu   (target <= {TARGET_RATIO:.0f}x: {verdict})")
        if peer_rows:
            verdict = "met" if cli_s < peer_total else "MISSED"
            print(
                f"check / check-jsonschema = {cli_s / peer_total:5.2f}x wall, {cli_cpu / peer_cpu:5.2f}x cpu   "
                f"(command lines, all files; target < 1: {verdict})"
            )
            if peer_yaml:
                print(
                    f"check-jsonschema on the YAML files only (units, sites, accounts): {peer_yaml:.2f} s wall, {peer_yaml_cpu:.2f} s cpu; "
                    f"govreg check of everything is {cli_s / peer_yaml:.2f}x that"
                )
        print(
            f"peak memory of govreg check = {mib(max(check_rss, cli_rss))}   (target < 1 GiB: {'met' if max(check_rss, cli_rss) < TARGET_MEMORY else 'MISSED'})"
        )
        if args.profile:
            profiled, _ = child_phase("check", root, profile=True)
            print()
            print(profiled["profile"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
