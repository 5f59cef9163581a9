"""Adversarial inputs for the text scanners (issue 12): every case must cost about what ordinary text costs.

Each case is a content body built to hit a scanner's worst case (the inputs that
took 28–300 s before the scanners were made linear: nested image brackets,
50,000 links, a long run of ASCII letters before a mobile number, "秘密" repeated,
``](`` repeated, plus unterminated attributes, back-tick runs, ``://`` runs …).
The baseline is ordinary Chinese prose (with some numbers, links and punctuation)
of the **same number of bytes**, measured in the same run.

Two figures per case, each the median of ``--repeat`` runs:

- **scanners**: the content scanners called directly on the file (``find_links``,
  ``find_pii``, the marking matcher, the region lookups the rules make);
- **check**: ``run_check`` end to end on the sample tree with that one content
  file replaced (every rule, including typography and proofreading).

Printed as ratios to the baseline; the target is at most 3× (``--max-ratio``) for the
check, at the largest size (default 1,000,000 bytes, under the 1 MiB file limit).  The
scanner ratios are per-hit costs: prose has almost no links or numbers, an adversarial
body has one every few bytes (each a Python object), so they are shown, not judged;
the check caps findings per file (first 100 and a summary), which bounds what each hit costs.  A second,
smaller size shows that the cost grows linearly (the ratio does not grow with size).
With ``--strict`` the exit status is 1 if any ratio at the largest size is above the target.

Usage: ``python tools/bench/bench_scan.py [--sizes 250000,1000000] [--repeat 2] [--max-ratio 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tools"))

from govreg.datalists import load_default  # noqa: E402
from govreg.engine import run_check  # noqa: E402
from govreg.loader import Document  # noqa: E402
from govreg.markings import MarkingMatcher, MarkingsList  # noqa: E402
from govreg.pii import find_pii  # noqa: E402
from govreg.textscan import ContentText, find_links  # noqa: E402

TARGET = "content/wuzhong-portal/2026/air-quality-2026-10.md"

PROSE = (
    "吴忠市生态环境局发布十月空气质量状况:全市优良天数比例为百分之九十二,同比上升三个百分点。"
    "详情见[通报](https://www.wuzhong.gov.cn/zwgk/2026/1023.html),咨询电话 0953-2012345。\n\n"
    "各县(市、区)要加强扬尘管控,落实“六个百分之百”要求,确保空气质量持续改善。\n"
)


def _repeat(unit: str, size: int) -> str:
    n = max(1, size // len(unit.encode("utf-8")))
    return unit * n


def _nested_images(size: int) -> str:
    k = size // 16
    return "![a" * k + "".join(f"](a{i % 10}.png)" for i in range(k))


CASES: dict[str, Callable[[int], str]] = {
    "chinese prose (baseline)": lambda size: _repeat(PROSE, size),
    "nested image brackets ![a…](a0.png)…": _nested_images,
    "[a](https://a.cn) repeated": lambda size: _repeat("[a](https://a.cn)", size),
    "ASCII letters + one mobile": lambda size: "a" * (size - 12) + " 13800008000",
    "秘密 repeated": lambda size: _repeat("秘密", size),
    "秘密 + space repeated, one line": lambda size: _repeat("秘密 ", size - 1) + "x",
    "](  repeated": lambda size: _repeat("](", size),
    "](< repeated": lambda size: _repeat("](<", size),
    'href=" repeated': lambda size: _repeat('href="', size),
    ":// repeated": lambda size: _repeat("a://", size),
    "back-tick runs": lambda size: _repeat("`a``b```c", size),
    "fences ``` per line": lambda size: _repeat("```\n", size),
    "digits run": lambda size: "1" * size,
    "11-digit numbers": lambda size: _repeat("13800008000,", size),
    "ID-like numbers": lambda size: _repeat("110105194912310021 ", size),
    "< repeated": lambda size: _repeat("<", size),
    "![ repeated": lambda size: _repeat("![", size),
    "[x]: definitions": lambda size: _repeat("[x]: a\n", size),
}


def _document(body: str) -> tuple[Document, str]:
    head = "---\ntitle: 测试\nsummary: 摘要\n---\n"
    text = head + body
    return Document("content/x.md", text, {"title": "测试"}, data_line_offset=1, body=body, body_line=5), text


def scan(matcher: MarkingMatcher, body: str) -> None:
    doc, text = _document(body)
    content = ContentText(doc, "测试", "摘要")
    for link in content.body_links():
        content.region(content.body_start + link.offset)
        content.position(content.body_start + link.offset)
    find_links(text)
    for hit in find_pii(text):
        content.position(hit.start)
    for mark in matcher.find(text, content.body_start):
        content.region(mark.start)


def _time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _tree(base: Path, body: str) -> Path:
    target = base / TARGET
    text = target.read_text(encoding="utf-8")
    end = text.index("\n---", 3)
    target.write_text(text[: end + 5] + "\n" + body, encoding="utf-8")
    return base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="250000,1000000", help="body sizes in bytes, comma separated")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--max-ratio", type=float, default=3.0)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a ratio is above --max-ratio")
    parser.add_argument("--no-check", action="store_true", help="time only the scanners, not run_check")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    matcher = MarkingMatcher(load_default("forbidden-markings", MarkingsList))
    os.environ.setdefault("GOVREG_TODAY", "2026-11-26")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        for part in ("units", "sites", "accounts", "content", "messages", "config"):
            if (REPO / part).is_dir():
                shutil.copytree(REPO / part, sample / part)
        run_check(sample)  # warm up: imports, data lists, segmentation dictionaries are not part of any case
        scan(matcher, CASES["chinese prose (baseline)"](1000))
        for size in sizes:
            print(f"\n== body of {size:,} bytes (CPU seconds, median of {args.repeat}; ratio to Chinese prose of the same size)")
            print(f"{'case':40} {'bytes':>9} {'scan s':>8} {'ratio':>6} {'check s':>8} {'ratio':>6}")
            base_scan = base_check = 0.0
            for name, make in CASES.items():
                body = make(size)
                nbytes = len(body.encode("utf-8"))
                t_scan = _time(lambda body=body: scan(matcher, body), args.repeat)
                t_check = 0.0
                if not args.no_check:
                    _tree(sample, body)
                    t_check = _time(lambda: run_check(sample), args.repeat)
                if name.endswith("(baseline)"):
                    base_scan, base_check = max(t_scan, 1e-6), max(t_check, 1e-6)
                r_scan = t_scan / base_scan
                r_check = t_check / base_check if not args.no_check else 0.0
                if size == max(sizes) and not name.endswith("(baseline)"):
                    worst = max(worst, r_check if not args.no_check else r_scan)
                print(f"{name:40} {nbytes:>9,} {t_scan:>8.3f} {r_scan:>5.2f}× {t_check:>8.3f} {r_check:>5.2f}×")
    verdict = "OK" if worst <= args.max_ratio else "above target"
    print(f"\nworst check ratio at {max(sizes):,} bytes: {worst:.2f}× (target ≤ {args.max_ratio}×): {verdict}")
    print("(cases dense in hits pay per link or finding found; compare the two sizes: a ratio that stays put is linear)")
    return 0 if worst <= args.max_ratio or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
