"""The GitPython decision: read the gate's blobs with ``gate/gitio.py`` or with GitPython's object database.

``govreg gate`` reads every needed file at the base and head commits with one
``git cat-file --batch`` (``govreg.gate.gitio.read_blobs``).  GitPython offers
the same through a persistent ``cat-file`` process (``Repo.odb``), but reaches
a path through the commit's trees object by object.  This builds a repository
of ``--files`` record files in a temporary folder and times, ``--repeat``
times each (median):

* baseline: ``git cat-file --batch`` fed the same ``rev:path`` list (output discarded);
* ``gitio.read_blobs`` (what the gate does);
* GitPython: ``Repo(root).commit(rev).tree / path`` then ``data_stream.read()`` per file
  (its persistent ``cat-file --batch`` object database), when GitPython is installed.

Usage: ``python tools/bench/bench_gitio.py [--files N] [--repeat R]``.  Reported as ratios to the baseline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govreg.gate.gitio import read_blobs

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.gov.cn",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.gov.cn",
    "GIT_AUTHOR_DATE": "2026-11-26T09:00:00+08:00",
    "GIT_COMMITTER_DATE": "2026-11-26T09:00:00+08:00",
}


def make_repo(root: Path, files: int) -> list[str]:
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=ENV)
    paths = []
    for i in range(files):
        rel = f"accounts/unit-{i % 300:03d}/account-{i:05d}.yaml"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"id: account-{i:05d}\nname: 账号{i}\nplatform: wechat\nowner: unit-{i % 300:03d}\n" + "note: 说明\n" * 20, encoding="utf-8")
        paths.append(rel)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True, env=ENV)
    subprocess.run(["git", "commit", "-qm", "records"], cwd=root, check=True, env=ENV)
    return paths


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreg-bench-gitio-") as tmp:
        root = Path(tmp)
        paths = make_repo(root, args.files)
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        stdin = "".join(f"{head}:{p}\n" for p in paths).encode()

        def baseline() -> None:
            subprocess.run(["git", "cat-file", "--batch"], cwd=root, input=stdin, capture_output=True, check=True)

        def gitio() -> None:
            found = read_blobs(root, [(head, p) for p in paths])
            assert len(found) == len(paths)

        results = {"baseline (git cat-file --batch)": median_time(baseline, args.repeat), "gitio.read_blobs": median_time(gitio, args.repeat)}
        try:
            import git
        except ImportError:
            git = None
        if git is not None:

            def gitpython() -> None:
                repo = git.Repo(root)
                tree = repo.commit(head).tree
                found = {p: (tree / p).data_stream.read() for p in paths}
                assert len(found) == len(paths)
                repo.close()

            results["GitPython (Repo.odb, tree / path)"] = median_time(gitpython, args.repeat)
        base = results["baseline (git cat-file --batch)"]
        print(f"{args.files} files, median of {args.repeat}")
        for name, seconds in results.items():
            print(f"  {name:<36} {seconds * 1000:8.1f} ms  {seconds / base:6.2f}× baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
