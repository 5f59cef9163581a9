"""Benchmark the public site build: does its time grow linearly with the number of records?

Generates two trees with :mod:`generate` (same seed, same proportions):

- small: 100 units, 1,000 accounts, 5 sites, 5,000 content items;
- large: 400 units, 4,000 accounts, 20 sites, 20,000 content items (4x);

and builds each with MkDocs (``govreg.site.build.build_site``, the same path as
``govreg site`` and ``make site``, ``--strict``) in a fresh child process, in one
run.  Imports are not timed; the build is (loading the repository, rendering,
MkDocs, jieba segmentation for search).  Reports both times (median of
``--repeat``), the ratio large/small (target <= 4.5x: linear, since MkDocs
renders the whole navigation into every page, a nav with thousands of entries
would make it quadratic) and each child's peak memory (max RSS).

Usage: ``python tools/bench/bench_site.py [--repeat 1] [--profile] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # after PYTHONPATH: targets.py --site-src puts another checkout's tools/ first
sys.path.insert(0, str(HERE))

TODAY = "2026-11-26"
TARGET_RATIO = 4.5
SIZES = {
    "small": {"units": 100, "accounts": 1000, "sites": 5, "content": 5000},
    "large": {"units": 400, "accounts": 4000, "sites": 20, "content": 20000},
}


def phase_build(root: Path, out: Path, profile: bool = False) -> dict[str, Any]:
    """One build in this (child) process; imports and jieba's dictionary load happen before timing."""
    import jieba
    import material  # noqa: F401
    import mkdocs.commands.build  # noqa: F401

    from govreg.site.build import build_site

    jieba.initialize()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    cpu = time.process_time()
    build_site(root, out, config_file=HERE.parents[1] / "mkdocs.yml")  # this repository's pages over the generated records
    seconds = time.perf_counter() - start
    result: dict[str, Any] = {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,  # user + system CPU: what a busy shared machine disturbs least
        "pages": sum(1 for _ in out.rglob("index.html")),
        "bytes": sum(p.stat().st_size for p in out.rglob("*") if p.is_file()),
        "search_index_bytes": (out / "search" / "search_index.json").stat().st_size,
    }
    if profiler is not None:
        from profiling import profile_text

        result["profile"] = profile_text(profiler, 30, 20)
    return result


def child_build(root: Path, out: Path, profile: bool = False, cache: Path | None = None) -> tuple[dict[str, Any], int]:
    """Run :func:`phase_build` in a fresh interpreter; returns its result and peak RSS (bytes).

    ``cache`` is the build's cache directory (``GOVREG_CACHE_DIR``: jieba's cuts); a fresh empty
    one when not given, so the build is cold.
    """
    scratch = None
    if cache is None:
        scratch = tempfile.TemporaryDirectory(prefix="govreg-bench-cache-")
        cache = Path(scratch.name)
    try:
        return _child_build(root, out, profile, cache)
    finally:
        if scratch is not None:
            scratch.cleanup()


def _child_build(root: Path, out: Path, profile: bool, cache: Path) -> tuple[dict[str, Any], int]:
    env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONHASHSEED="0", NO_MKDOCS_2_WARNING="1", GOVREG_CACHE_DIR=str(cache))
    argv = [sys.executable, str(Path(__file__).resolve()), "--phase", str(root), str(out)]
    if profile:
        argv.append("--profile")
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if code != 0:
            raise SystemExit(f"site build failed ({code}):\n{stderr.read().decode('utf-8', 'replace')[-3000:]}")
        return json.loads(stdout.read()), usage.ru_maxrss * 1024


def child_check(root: Path, cache: Path) -> dict[str, Any]:
    """``govreg check`` of ``root`` in a fresh interpreter with ``cache`` as ``GOVREG_CACHE_DIR``, as CI runs it
    before its site build (which then reads the records the check cached).  Returns its CPU and wall seconds;
    fails when the check does not pass (the benchmark would measure the wrong path)."""
    env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONHASHSEED="0", GOVREG_CACHE_DIR=str(cache))
    env["PYTHONPATH"] = str(HERE.parent) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        proc = subprocess.Popen([sys.executable, "-m", "govreg", "check", str(root), "-f", "json"], stdout=output, stderr=output, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            output.seek(0)
            raise SystemExit(f"govreg check failed on {root}:\n{output.read().decode('utf-8', 'replace')[-3000:]}")
    return {"seconds": time.perf_counter() - start, "cpu_seconds": usage.ru_utime + usage.ru_stime}


def mib(n: int) -> str:
    return f"{n / 1024**2:,.0f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the median is reported")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="generate the trees and sites into this directory and keep them")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the large build")
    parser.add_argument("--phase", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        root, out = args.phase
        sys.stdout.write(json.dumps(phase_build(root, out, args.profile), ensure_ascii=False))
        return 0

    from generate import generate

    with tempfile.TemporaryDirectory(prefix="govreg-bench-site-") as tmp:
        work = (args.keep or Path(tmp)).resolve()
        results: dict[str, tuple[float, int, dict[str, Any]]] = {}
        for name, sizes in SIZES.items():
            root = work / f"repo-{name}"
            start = time.perf_counter()
            if not root.exists():
                generate(root, seed=args.seed, **sizes)
            print(f"{name}: {sizes}, tree ready in {time.perf_counter() - start:.1f} s")
        for name in SIZES:
            runs: list[float] = []
            peak = 0
            last: dict[str, Any] = {}
            for i in range(max(args.repeat, 1)):
                last, rss = child_build(work / f"repo-{name}", work / f"site-{name}-{i}")
                runs.append(last["seconds"])
                peak = max(peak, rss)
            results[name] = (statistics.median(runs), peak, last)
        print()
        print(f"site build (load + render + MkDocs --strict + search index); child processes, imports not timed; median of {args.repeat}")
        print(f"  {'tree':<50} {'seconds':>8} {'pages':>7} {'output':>10} {'peak':>10}")
        for name, sizes in SIZES.items():
            seconds, peak, info = results[name]
            label = f"{name}: {sizes['accounts']:,} accounts, {sizes['content']:,} content items"
            print(f"  {label:<50} {seconds:8.1f} {info['pages']:>7,} {mib(info['bytes']):>10} {mib(peak):>10}")
        ratio = results["large"][0] / results["small"][0]
        print()
        print(
            f"large / small = {ratio:.2f}x for 4x the records   (target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'MISSED'})"
        )
        if args.profile:
            profiled, _ = child_build(work / "repo-large", work / "site-large-profile", profile=True)
            print()
            print(profiled["profile"])
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
