"""Issue 19's targets, each a ratio against a baseline measured in the same run.

Measured here (quick, about a minute):

- **start-up** (target 6): the seconds of imports of ``govreg --help`` and of ``govreg check``
  on the sample (sum of the top-level entries of ``python -X importtime``, median of
  ``--repeat``), next to ``python -c pass`` in the same run; target <= 0.3 s of imports
  beyond the bare interpreter.  Also the wall time of each as a ratio to ``python -c pass``.
  Measured twice: with compiled modules kept (``PYTHONPYCACHEPREFIX``, one untimed run first: what
  a user who ran govreg before waits for), and with none kept, every module compiled (the first
  run after installing, as in a fresh CI checkout, and every run where ``PYTHONDONTWRITEBYTECODE``
  is set, as on the machine these figures were first taken on, so the earlier figures are of this kind).
- **QR codes** (part of target 4): making one QR code per account URL as the site build does
  (fixed mask) against segno's default (all eight masks scored), same URLs, same run.
- **site build** (target 4): the MkDocs build (as ``tools/bench/bench_site.py`` runs it, in a
  child process, imports not timed) at 1,000 accounts + 5,000 items (1x) and 4,000 + 20,000 (4x),
  each against the Jinja write floor: writing the same number of pages with one Jinja template,
  same run; target <= 10x at 4x.  Compared in CPU seconds (user + system of the build, of the
  floor loop), which a machine shared with other work disturbs far less than wall time (shown too).  The trees are
  git work trees (one commit), as CI checks them out.  Each scale is built **cold** (empty cache directory, no check
  before it) and **warm**, as CI builds after its check: ``govreg check`` (same ``GOVREG_CACHE_DIR`` and
  ``GOVREG_TODAY``, not timed) runs first, then the build reads the records the check cached, with the jieba cuts
  and QR codes the cold build left.  Both ratios are printed, and the target line says which met; linearity is
  4x time / 1x time, target <= 4.2x.
  ``--quick`` stays at 1x.  ``--site-src DIR`` builds with another checkout's ``tools/`` (e.g.
  main before a change) in the same run, for a before/after.

- **PR feedback, full check cold and warm** (targets 1-2), and with ``--province`` the 1x/5x/10x
  scale (3): ``bench_scope.py`` in a child process, each against the bare parse of the same tree.

CI doing each thing once (5) is a property of the workflows, tested in ``tools/tests/test_workflows.py``
and ``test_site_fast.py`` (one load, one check per ``govreg site --check``; a build after ``govreg check``
takes every record from the check's cache, and the warm build above is measured that way); target 7 (generator clean
at every scale) is tested in ``tools/tests/test_generate.py``.

Usage: ``python tools/bench/targets.py [--repeat 3] [--no-site | --quick] [--site-src ../other-checkout/tools]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

TODAY = "2026-11-26"
IMPORT_TARGET = 0.3  # seconds of imports beyond `python -c pass`
SITE_TARGET = 10.0  # site build / Jinja write floor
LINEAR_TARGET = 4.2  # 4x the records: at most 4.2x the time
SMALL = {"units": 100, "accounts": 1000, "sites": 5, "content": 5000}
LARGE = {"units": 400, "accounts": 4000, "sites": 20, "content": 20000}


def import_seconds(argv: list[str], cwd: Path, bytecode: Path | None = None) -> tuple[float, float]:
    """(seconds of imports, wall seconds) of ``python -X importtime <argv>`` in a fresh interpreter.

    ``bytecode``: the folder Python keeps compiled modules in (``PYTHONPYCACHEPREFIX``), written and read as Python
    does by default.  Without it, govreg's own modules are imported from a copy of the package without any
    compiled file, and none is written: each is compiled, as on the first run after an editable install (a fresh
    CI checkout) or on every run where ``PYTHONDONTWRITEBYTECODE`` is set; Python's and the libraries' compiled
    files are read as installed."""
    env = dict(os.environ, GOVREG_TODAY=TODAY, PYTHONHASHSEED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if bytecode is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        fresh = cwd / "fresh-source"
        if not fresh.exists():
            shutil.copytree(HERE.parent / "govreg", fresh / "govreg", ignore=shutil.ignore_patterns("__pycache__"))
        env["PYTHONPATH"] = str(fresh) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    else:
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-X", "importtime", *argv], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        if name.startswith(" ") and not name.startswith("  "):  # a top-level import: its cumulative time counts once
            total += int(cumulative)
    return total / 1e6, wall


def startup(repeat: int, bytecode: bool) -> list[tuple[str, float, float, float, float]]:
    """(label, import s, import s beyond baseline, wall s, wall ratio) per command, medians of ``repeat``;
    with ``bytecode``, compiled modules kept as Python keeps them (one untimed run of each command first)."""
    cases = {
        "python -c pass": ["-c", "pass"],
        "govreg --help": ["-m", "govreg", "--help"],
        "govreg check (sample)": ["-m", "govreg", "check", str(REPO), "-f", "json"],
    }
    measured: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory() as tmp:
        kept = Path(tmp) / "bytecode" if bytecode else None
        if kept is not None:
            for argv in cases.values():
                import_seconds(argv, Path(tmp), kept)
        for _ in range(max(repeat, 1)):
            for name, argv in cases.items():  # interleaved, so a busy moment hits every case alike
                measured[name].append(import_seconds(argv, Path(tmp), kept))
    medians = {name: (statistics.median(i for i, _ in runs), statistics.median(w for _, w in runs)) for name, runs in measured.items()}
    base_imports, base_wall = medians["python -c pass"]
    return [(name, imp, imp - base_imports, wall, wall / base_wall) for name, (imp, wall) in medians.items()]


def qr_ratio(urls: list[str]) -> tuple[float, float, float]:
    """Seconds to make the QR codes of ``urls``: segno's default mask choice, the fixed mask, and the site's way
    (fixed mask, modules placed through a table per version, SVG written from the matrix: ``accounts._qr_svg``)."""
    import segno

    from govreg.site import accounts, qrfast
    from govreg.site.accounts import QR_MASK

    def run(**kwargs: object) -> float:
        start = time.perf_counter()
        for url in urls:
            segno.make(url, error="m", **kwargs).svg_inline(scale=4, border=2, omitsize=True, svgclass="govreg-qr", lineclass=None)  # type: ignore[arg-type]
        return time.perf_counter() - start

    auto, fixed = run(), run(mask=QR_MASK)
    qrfast._LAYOUTS.clear()
    qrfast._CHECKED.clear()  # the tables are made (and checked against segno) inside the timing, as a cold build does
    accounts._qr_svg.cache_clear()
    start = time.perf_counter()
    for url in urls:
        accounts._qr_svg(url)
    return auto, fixed, time.perf_counter() - start


def jinja_floor(root: Path, pages: int, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to write ``pages`` HTML pages with one Jinja template, fed the tree's record texts."""
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(
        "<!doctype html><html lang=zh><head><meta charset=utf-8><title>{{ title }}</title></head>"
        "<body><h1>{{ title }}</h1><pre>{{ body }}</pre></body></html>"
    )
    records = [p for part in ("units", "sites", "accounts", "content") for p in sorted((root / part).rglob("*")) if p.is_file()]
    start = time.perf_counter()
    cpu = time.process_time()
    for i in range(pages):
        source = records[i % len(records)]
        folder = out / str(i)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(template.render(title=source.stem, body=source.read_text("utf-8")), "utf-8")
    return time.perf_counter() - start, time.process_time() - cpu


def _with_tools(site_src: Path | None, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``build`` with ``site_src`` (another checkout's tools/) first on the child's PYTHONPATH, when given."""
    if site_src is None:
        return build()
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(site_src) + (os.pathsep + old if old else "")
    try:
        return build()
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old


def site(site_src: Path | None, quick: bool) -> list[str]:
    """Target 4: the site build against the Jinja write floor at each scale, and its linearity (large / small)."""
    from bench_site import child_build, child_check
    from generate import generate

    lines = []
    scales = {"1x": SMALL} if quick else {"1x": SMALL, "4x": LARGE}
    with tempfile.TemporaryDirectory(prefix="govreg-targets-") as tmp:
        work = Path(tmp)
        for name, sizes in scales.items():
            generate(work / f"repo-{name}", seed=0, commits=1, **sizes)  # a git work tree: the check's cache is keyed by blob id
        root = work / "repo-1x"
        urls = sorted({line.split(":", 1)[1].strip().strip('"') for p in (root / "accounts").rglob("*.yaml")
                       for line in p.read_text("utf-8").splitlines() if line.startswith("url:")})  # fmt: skip
        auto, fixed, site_way = qr_ratio(urls)
        lines.append(
            f"  QR codes for {len(urls):,} account URLs: segno default {auto:.2f} s, fixed mask {fixed:.2f} s = {fixed / auto:.2f}x,"
            f" the site's (fixed mask, placement table, own SVG writer) {site_way:.2f} s = {site_way / auto:.2f}x"
        )
        results: dict[str, dict[str, float]] = {}
        for name, sizes in scales.items():
            root = work / f"repo-{name}"
            cache = work / f"cache-{name}"
            cache.mkdir()
            # interleaved, so a busy moment of a shared machine hits every variant alike
            cold, _ = child_build(root, work / f"site-{name}", cache=cache)  # empty cache directory: cold
            child_check(root, cache)  # CI's order: the check (untimed) fills the record cache the build then reads
            warm, _ = child_build(root, work / f"site-{name}-warm", cache=cache)  # + the jieba cuts and QR codes the cold build left
            row = {"pages": cold["pages"], "cold": cold["cpu_seconds"], "warm": warm["cpu_seconds"], "cold_wall": cold["seconds"]}
            if site_src is not None:
                before = _with_tools(site_src, lambda root=root, name=name: child_build(root, work / f"site-{name}-before")[0])  # type: ignore[misc]
                row["before"] = before.get("cpu_seconds", before["seconds"])
            # the floor is short (about a second): the median of three, so one busy moment does not set it
            floors = sorted((jinja_floor(root, int(cold["pages"]), work / f"floor-{name}-{i}") for i in range(3)), key=lambda f: f[1])
            row["floor_wall"], row["floor"] = floors[1]
            results[name] = row
            label = f"{sizes['accounts']:,} accounts + {sizes['content']:,} items"
            lines.append(
                f"  site build {name}, {label}: {row['pages']:,.0f} pages; CPU seconds: Jinja write floor {row['floor']:.2f};"
                f" cold (empty cache, no check) {row['cold']:.1f} = {row['cold'] / row['floor']:.1f}x,"
                f" warm (after govreg check, untimed, on the same cache) {row['warm']:.1f} = {row['warm'] / row['floor']:.1f}x"
                + (f"; {site_src}: {row['before']:.1f} = {row['before'] / row['floor']:.1f}x" if "before" in row else "")
                + f"  (wall: floor {row['floor_wall']:.2f} s, cold build {row['cold_wall']:.1f} s)"
            )
        top = results["4x" if "4x" in results else "1x"]
        where = "at 4k accounts" if "4x" in results else "at the small scale only (--quick)"
        verdicts = []
        for key in ("cold", "warm"):
            ratio = top[key] / top["floor"]
            verdicts.append(f"{key} {ratio:.1f}x {'met' if ratio <= SITE_TARGET else 'MISSED'}")
        lines.append(f"  target <= {SITE_TARGET:.0f}x the floor {where}: " + ", ".join(verdicts) + " (CPU time; warm = CI's build after its check)")
        if "4x" in results:
            for key, label in (("cold", "this checkout, cold"), ("warm", "this checkout, warm"), ("before", str(site_src))):
                if key in results["1x"]:
                    linear = results["4x"][key] / results["1x"][key]
                    verdict = "met" if linear <= LINEAR_TARGET else "MISSED"
                    lines.append(f"  linearity ({label}): 4x data / 1x = {linear:.2f}x CPU time (target <= {LINEAR_TARGET}x: {verdict})")
            if "before" in top:
                lines.append(f"  4x build, this checkout / {site_src} = {top['cold'] / top['before']:.2f}x (cold, CPU time)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="start-up runs per command; the median is reported")
    parser.add_argument("--no-site", action="store_true", help="skip the site builds (a few minutes)")
    parser.add_argument("--quick", action="store_true", help="site build at the small scale only (no 4k-account build, no linearity)")
    parser.add_argument("--no-check", action="store_true", help="skip targets 1-3 (bench_scope.py: a few minutes)")
    parser.add_argument("--commits", type=int, default=5000, help="history length for targets 1-3")
    parser.add_argument("--province", action="store_true", help="also target 3 at 1x/5x/10x the city (tens of minutes)")
    parser.add_argument("--site-src", type=Path, help="also build with this tools/ directory (PYTHONPATH), e.g. main's, for a before/after")
    args = parser.parse_args(argv)

    print("issue 19 targets (ratios against baselines measured in this run)")
    print()
    print(f"6. start-up: seconds of imports (python -X importtime, top-level cumulative), median of {args.repeat}")
    verdicts = []
    for bytecode, label in ((True, "compiled modules kept, as Python keeps them"), (False, "nothing compiled kept: a first run, or PYTHONDONTWRITEBYTECODE")):
        print(f"  {label}:")
        print(f"    {'command':<24} {'imports':>8} {'beyond pass':>12} {'wall':>7} {'wall / pass':>12}")
        met = True
        for name, imp, extra, wall, ratio in startup(args.repeat, bytecode):
            print(f"    {name:<24} {imp:8.3f} {extra:12.3f} {wall:7.3f} {ratio:11.1f}x")
            if name != "python -c pass":
                met = met and extra <= IMPORT_TARGET
        verdicts.append(f"{'met' if met else 'MISSED'} {'with' if bytecode else 'without'} kept bytecode")
    print(f"  target: <= {IMPORT_TARGET} s of imports beyond python -c pass: {', '.join(verdicts)}")
    if not args.no_site:
        print()
        print("4. site build vs the Jinja write floor (same run): cold, and warm after govreg check as CI runs it; linearity 1x -> 4x")
        for line in site(args.site_src, args.quick):
            print(line)
    if not args.no_check:
        print()
        print("1-3. PR feedback, full check cold and warm (city, 5,000 commits; province with --province): tools/bench/bench_scope.py", flush=True)
        argv = [sys.executable, str(HERE / "bench_scope.py"), "--commits", str(args.commits)]
        if args.province:
            argv.append("--province")
        done = subprocess.run(argv, check=False, capture_output=True, text=True)
        print("\n".join(done.stdout.splitlines()[1:]) or done.stderr[-2000:])
    print()
    print("5 (CI does each thing once) is held by tools/tests/test_workflows.py; 7 (generator clean at every scale) by tools/tests/test_generate.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
