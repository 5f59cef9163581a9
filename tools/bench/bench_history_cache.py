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

Each figure is the median of ``--repeat`` runs (after one warm-up), garbage collected
between runs; ratios are against the full read measured in the same run.  The incremental
result is compared with a full read at the new tip (commits, changes, files) before timing.

Usage: ``python tools/bench/bench_history_cache.py [--tree DIR | --scale city] [--commits 5000] [--new 20] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def median_time(fn: Callable[[], object], repeat: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for n in range(repeat + 1):
        if before is not None:
            before()
        gc.collect()
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        del result
        if n:  # the first run warms the page cache and imports
            times.append(elapsed)
    return statistics.median(times)


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

            baseline = median_time(full, args.repeat)
            rows = [
                ("full read (no cache): baseline", baseline),
                ("cold cache: full read + writing the cache", median_time(cached(cold), args.repeat, empty(cold))),
                ("warm cache, tip unchanged (no git log)", median_time(cached(warm), args.repeat)),
                (f"{args.new} new commits on a warm cache", median_time(cached(scratch / "inc", new), args.repeat, copy_of_warm(scratch / "inc"))),
            ]
            fm_full = median_time(lambda: read_history(root, PATHS, with_front_matter=True, rev=old), args.repeat)
            cached(warm, front_matter=True)()  # fill the front-matter cache
            fm_rows = [
                ("with_front_matter=True, no cache: baseline", fm_full),
                ("with_front_matter=True, warm cache", median_time(cached(warm, front_matter=True), args.repeat)),
            ]
            sizes = {p.name: p.stat().st_size for p in warm.iterdir()}
        finally:
            git(root, "update-ref", "-d", SCRATCH_REF)

    print(
        f"history of content/: {len(reference.commits)} commits, {len(reference.changes)} file changes, "
        f"{len(reference.files)} logical files; +{args.new} commits ({added} touching content/) on top"
    )
    print("cache files: " + ", ".join(f"{name.split('-')[0]}…{name[-10:]} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items())))
    print(f"median of {args.repeat} runs (after one warm-up), ratio against the full read of the same run:")
    for label, seconds in rows:
        print(f"  {label:<48} {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}x")
    for label, seconds in fm_rows:
        print(f"  {label:<48} {seconds * 1000:8.1f} ms  {seconds / fm_full:5.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
