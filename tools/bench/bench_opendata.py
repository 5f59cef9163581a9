"""What validating the open data against its schema at build time costs (jsonschema, govreg.site.opendata).

Generates a tree with :mod:`generate` (``--accounts`` accounts, a tenth as many units, twice as many content
items), then times :func:`govreg.site.render_pages` (best of ``--repeat``) with the validation and, as the
baseline in the same run, with it switched off.  Reported as the ratio with/without.

Usage: ``python tools/bench/bench_opendata.py [--accounts 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from govreg.repository import load_repository  # noqa: E402
from govreg.site import opendata, render_pages  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = dt.date(2026, 11, 26)
    with tempfile.TemporaryDirectory(prefix="govreg-bench-opendata-") as tmp:
        root = Path(tmp) / "tree"
        generate(root, units=max(args.accounts // 10, 1), accounts=args.accounts, sites=5, content=args.accounts * 2)
        repo = load_repository(root)
        render_pages(repo, today)  # warm-up: imports, caches

        def best() -> float:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                render_pages(repo, today)
                times.append(time.perf_counter() - start)
            return min(times)

        checked = best()
        original = opendata.check_against_schema
        opendata.check_against_schema = lambda document, schema: None
        try:
            baseline = best()
        finally:
            opendata.check_against_schema = original
    print(f"{args.accounts} accounts: render_pages {checked:.2f}s with the schema validation, {baseline:.2f}s without; ratio {checked / baseline:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
