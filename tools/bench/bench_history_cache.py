"""Benchmark the incremental history cache (``read_history(..., cache_dir=...)``) against a full read, in one run.

Generates the city-scale tree with ``--commits`` commits of history (``generate.py --scale city
--commits 5000``) in a temporary directory, or reuses ``--tree``.  Then adds ``--new`` commits
(default 20: body edits, renames, adds under ``content/``) on a scratch ref with one
``git fast-import`` (the work tree and the branches are not touched; the ref is deleted at the
end), and times ``read_history(root, ("content",), with_front_matter="lazy")`` as ``govreg check``
runs it (:attr:`govreg.context.Context.history`):

* baseline: a full read at the old tip, no cache;
* cold: the same with an empty cache folder (full read + writing the cache);
* warm: the tip unchanged since the cache was written (no ``git log``);
* incremental: ``--new`` commits on top of a warm cache (``git log <cached>..<tip>``, replayed
  onto the restored walk, and the cache rewritten); each run starts from a copy of the warm cache;
* with front matter (``with_front_matter=True``, every revision's front matter): full read
  against a warm cache that also holds the parsed front matter by blob id.

Each figure is the median of ``--repeat`` runs, the cases taking turns (round-robin, after one
warm-up round, garbage collected between runs), as wall-clock time and as CPU time of this
process and its git children (steadier on a busy machine); ratios are against the full read
measured in the same run.  The incremental
result is compared with a full read at the new tip (commits, changes, files) before timing.

Usage: ``python tools/bench/bench_history_cache.py [--tree DIR | --scale city] [--commits 5000] [--new 20] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import SCALES, generate, git_env  # noqa: E402

from govreg.history import History, read_history  # noqa: E402

SCRATCH_REF = "refs/govreg-bench/history-cache"
PATHS = ("content",)


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True, env=git_env())
    return proc.stdout.decode("utf-8").strip()


def add_commits(root: Path, base: str, count: int) -> str:
    """``count`` commits on top of ``base`` under SCRATCH_REF (one fast-import); returns the new tip."""
    files = [p for p in git(root, "ls-tree", "-r", "--name-only", base, "--", "content").split("\n") if p.endswith(".md")]
    step = max(1, len(files) // (count + 1))
    picked = files[::step][:count]
    out: list[bytes] = []
    when = int(git(root, "log", "-1", "--format=%ct", base)) + 3600
    for n, path in enumerate(picked, 1):
        text = git(root, "show", f"{base}:{path}") + "\n"
        if n % 10 == 5:  # a rename within the column
            op = f"R {path} {path[:-3]}-renamed.md\n".encode()
        elif n % 10 == 0:  # a new item next to this one
            payload = text.replace("title:", "title: 新增", 1).encode("utf-8")
            op = f"M 100644 inline {path[:-3]}-new.md\n".encode() + b"data %d\n" % len(payload) + payload + b"\n"
        else:  # a body edit
            payload = (text + "\n补充说明一段。\n").encode("utf-8")
            op = f"M 100644 inline {path}\n".encode() + b"data %d\n" % len(payload) + payload + b"\n"
        message = f"修改信息 (#{9000 + n})".encode()
        out.append(f"commit {SCRATCH_REF}\n".encode())
        out.append(f"committer 李四 <lisi@wuzhong.gov.cn> {when + n * 60} +0800\n".encode())
        out.append(b"data %d\n" % len(message) + message + b"\n")
        if n == 1:
            out.append(f"from {base}\n".encode())
        out.append(op + b"\n")
    git(root, "fast-import", "--quiet", "--force", stdin=b"".join(out))
    return git(root, "rev-parse", SCRATCH_REF)


@dataclass
class Case:
    label: str
    run: Callable[[], object]
    before: Callable[[], None] | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def cpu_seconds() -> float:
    """User + system time of this process and its finished children (git)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(cases: list[Case], repeat: int) -> None:
    """Run the cases round-robin (so a busy machine slows them alike), ``repeat`` + 1 rounds, the first a warm-up.

    CPU time counts this process and its git children.
    """
    for n in range(repeat + 1):
        for case in cases:
            if case.before is not None:
                case.before()
            gc.collect()
            t0, c0 = time.perf_counter(), cpu_seconds()
            result = case.run()
            t1, c1 = time.perf_counter(), cpu_seconds()
            del result
            if n:
                case.wall.append(t1 - t0)
                case.cpu.append(c1 - c0)


def same(a: History, b: History) -> bool:
    return a.commits == b.commits and a.changes == b.changes and a.files == b.files and a._current == b._current


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tree", type=Path, help="a tree generated with --commits (reused; otherwise one is generated)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="city", help="size of the generated tree")
    parser.add_argument("--commits", type=int, default=5000)
    parser.add_argument("--new", type=int, default=20, help="commits added on top of the warm cache")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})

    with tempfile.TemporaryDirectory(prefix="govreg-bench-history-cache-") as tmp:
        scratch = Path(tmp)
        if args.tree is not None:
            root = args.tree.resolve()
        else:
            root = scratch / "tree"
            start = time.perf_counter()
            generate(root, commits=args.commits, **SCALES[args.scale])
            print(f"generated the {args.scale} tree with {args.commits} commits in {time.perf_counter() - start:.1f} s")
        old = git(root, "rev-parse", "HEAD^{commit}")
        new = add_commits(root, old, args.new)
        try:
            warm, cold = scratch / "warm", scratch / "cold"

            def full() -> History:
                return read_history(root, PATHS, with_front_matter="lazy", rev=old)

            def cached(folder: Path, rev: str = old, front_matter: bool | str = "lazy") -> Callable[[], History]:
                return lambda: read_history(root, PATHS, with_front_matter=front_matter, rev=rev, cache_dir=folder)  # type: ignore[arg-type]

            def empty(folder: Path) -> Callable[[], None]:
                return lambda: shutil.rmtree(folder, ignore_errors=True)

            def copy_of_warm(folder: Path) -> Callable[[], None]:
                def copy() -> None:
                    shutil.rmtree(folder, ignore_errors=True)
                    shutil.copytree(warm, folder)

                return copy

            # correctness first: every cached path gives the full read's result
            reference = full()
            cached(warm)()
            assert same(cached(warm)(), reference), "warm read differs from the full read"
            copy_of_warm(scratch / "check")()
            newer = cached(scratch / "check", new)()
            assert same(newer, read_history(root, PATHS, rev=new)), "incremental read differs from the full read"
            added = len(newer.commits) - len(reference.commits)
            del newer

            cases = [
                Case("full read (no cache): baseline", full),
                Case("cold cache: full read + writing the cache", cached(cold), empty(cold)),
                Case("warm cache, tip unchanged (no git log)", cached(warm)),
                Case(f"{args.new} new commits on a warm cache", cached(scratch / "inc", new), copy_of_warm(scratch / "inc")),
            ]
            measure(cases, args.repeat)
            cached(warm, front_matter=True)()  # fill the front-matter cache
            fm_cases = [
                Case("with_front_matter=True, no cache: baseline", lambda: read_history(root, PATHS, with_front_matter=True, rev=old)),
                Case("with_front_matter=True, warm cache", cached(warm, front_matter=True)),
            ]
            measure(fm_cases, args.repeat)
            sizes = {p.name: p.stat().st_size for p in warm.iterdir()}
        finally:
            git(root, "update-ref", "-d", SCRATCH_REF)

    print(
        f"history of content/: {len(reference.commits)} commits, {len(reference.changes)} file changes, "
        f"{len(reference.files)} logical files; +{args.new} commits ({added} touching content/) on top"
    )
    print("cache files: " + ", ".join(f"{name.split('-')[0]}…{name[-10:]} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items())))
    print(f"median of {args.repeat} runs each (round-robin, after one warm-up round); ratio against the full read of the same run:")
    print(f"  {'':<48} {'wall':>9} {'ratio':>6} {'CPU':>9} {'ratio':>6}")
    for group in (cases, fm_cases):
        wall0, cpu0 = statistics.median(group[0].wall), statistics.median(group[0].cpu)
        for case in group:
            wall, cpu = statistics.median(case.wall), statistics.median(case.cpu)
            print(f"  {case.label:<48} {wall * 1000:7.1f}ms {wall / wall0:5.2f}x {cpu * 1000:7.1f}ms {cpu / cpu0:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
