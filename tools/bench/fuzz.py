"""A bounded fuzzing run (hypothesis, outside the test suite) over the loader, the text scanners and the gate's payload reader.

For each target, hypothesis generates inputs in batches until the time budget
(``--seconds`` per target) is spent; every input must be handled without an
exception other than the documented refusal.  Targets:

- ``loader``: :func:`govreg.loader.parse_yaml` and :func:`split_front_matter` on
  YAML-like text (keys, anchors, tags, quotes, flow collections, tabs, control
  characters, deep nesting), and :func:`decode` on random bytes;
- ``scanners``: ``find_links``, ``find_pii``, the marking matcher, ``url_spans``,
  ``ContentText`` lookups, ``unsafe_chars`` on text built from the characters
  they react to;
- ``payload``: :func:`govreg.gate.reviews.load_reviews_file` and
  :func:`govreg.jsonio.loads` on JSON-like text and on random JSON documents in
  the GitHub and Gitea review shapes.

Growth: for every 50th scanner input ``s``, the scanners are timed on ``s``
repeated to about 32 KB and to about 256 KB (8× the bytes); a ratio above
``--max-growth`` (default 16, linear is 8) is reported as super-linear.

Prints the number of inputs tried per target and any failure; exit status 1 on a failure.
Usage: ``python tools/bench/fuzz.py [--seconds 60] [--seed 12]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[0]))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from govreg import jsonio  # noqa: E402
from govreg.datalists import load_default  # noqa: E402
from govreg.gate.reviews import load_reviews_file  # noqa: E402
from govreg.loader import Document, decode, parse_yaml, split_front_matter  # noqa: E402
from govreg.markings import MarkingMatcher, MarkingsList  # noqa: E402
from govreg.pii import find_pii, url_spans  # noqa: E402
from govreg.textsafety import unsafe_chars  # noqa: E402
from govreg.textscan import ContentText, find_links  # noqa: E402

MATCHER = MarkingMatcher(load_default("forbidden-markings", MarkingsList))


def pieces(items: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(items), max_size=max_size).map("".join)


YAML_PIECES = [
    *"abc:-?[]{},&*!|>'\"#%@`\t\n \\",
    "key: ", "- ", "  ", "\n  ", "&a ", "*a", "!!str ", "!!python/object ", "<<: ", "---\n", "...\n",
    "no", "on", "0123", "1e3", "12:30", "0x1F", ".inf", "~", "null", "true", '"\\u202e"', '"\\e"', "\x00", "\x85", "\u2028",
    "[" * 50, "{" * 50, "名称: 吴忠", "title: 通知",
]
TEXT_PIECES = [
    *"![]()<>`:/ \n\t.-=\"'#&;*_~|", "a", "x", "1", "0",
    "http", "https://", "href=", "src=", "](", "![", "```", "~~~", "[1]: ", "<a href=\"", "javascript:",
    "13800008000", "138 0000 8000", "640302199001010016", "110105194912310021", "6222021234567890128",
    "秘密", "机密", "内部资料", "注意保存", "★", "1年", "【", "】", "(", ")", "\u3000", "\u202e", "\u200b", "\x1b",
    "吴忠市", "通知", "。",
]
JSON_PIECES = [*'[]{}",:\\ 0-.eE', "true", "false", "null", '"a"', '"\\u0041"', '"\\ud800"', "1e999", "-0", '"reviews"', '"state"', "[" * 80, "{\"a\":" * 40]

review = st.fixed_dictionaries(
    {
        "user": st.one_of(st.none(), st.fixed_dictionaries({"login": st.text(max_size=10)})),
        "state": st.sampled_from(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "LGTM", "", 1]),
        "submitted_at": st.one_of(st.none(), st.text(max_size=25), st.just("2026-11-20T02:00:00Z")),
        "commit_id": st.one_of(st.none(), st.text(alphabet="0123456789abcdef", max_size=40)),
    },
    optional={"stale": st.booleans(), "dismissed": st.booleans(), "id": st.integers(), "body": st.text(max_size=20)},
)
def _nested(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=6), children, max_size=4))


json_doc = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)), _nested, max_leaves=30)
payload = st.one_of(st.lists(review, max_size=5), st.fixed_dictionaries({"pull_request": json_doc, "reviews": st.lists(review, max_size=5)}), json_doc)


def scan(text: str) -> None:
    find_links(text)
    find_pii(text)
    url_spans(text)
    list(MATCHER.find(text))
    list(unsafe_chars(text))
    doc = Document("content/x.md", "---\ntitle: t\n---\n" + text, {"title": "t"}, data_line_offset=1, body=text, body_line=4)
    content = ContentText(doc, "t", None)
    for link in content.body_links():
        content.region(content.body_start + link.offset)
        content.position(content.body_start + link.offset)


class Budget:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.tried = 0
        self.failures: list[str] = []
        self.slow: list[str] = []


def run(name: str, budget: Budget, strategy: st.SearchStrategy, check: Callable[[object], None], rng_seed: int) -> None:
    deadline = time.monotonic() + budget.seconds

    @settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=False)
    @given(strategy)
    def target(value: object) -> None:
        budget.tried += 1
        try:
            check(value)
        except Exception:
            budget.failures.append(f"{name}: {value!r:.200}\n{traceback.format_exc(limit=4)}")

    batch = 0
    while time.monotonic() < deadline and len(budget.failures) < 5:
        seed(rng_seed + batch)(target)()
        batch += 1


def loader_check(value: object) -> None:
    if isinstance(value, bytes):
        decode(value, "x.yaml")
        return
    assert isinstance(value, str)
    parse_yaml(value, "x.yaml")
    split_front_matter("---\n" + value + "\n---\nbody", "x.md")


def scanner_check(budget: Budget, max_growth: float) -> Callable[[object], None]:
    count = [0]

    def check(value: object) -> None:
        assert isinstance(value, str)
        scan(value)
        count[0] += 1
        if count[0] % 50 or not value:
            return
        small = value * max(1, 32_000 // len(value.encode()))
        large = small * 8
        times = []
        for text in (small, large):
            best = float("inf")
            for _ in range(2):  # the better of two: a shared machine adds noise, never removes cost
                start = time.process_time()
                scan(text)
                best = min(best, time.process_time() - start)
            times.append(max(best, 1e-3))
        if times[1] / times[0] > max_growth and times[1] > 0.1:
            budget.slow.append(f"{value!r:.80}: ×8 bytes cost ×{times[1] / times[0]:.1f} ({times[0]:.3f}s → {times[1]:.3f}s)")

    return check


def payload_check(value: object) -> None:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    assert isinstance(text, str)
    load_reviews_file(text, "reviews.json")
    with contextlib.suppress(jsonio.JsonRefused):  # a refusal is the documented outcome
        jsonio.loads(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget per target")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--max-growth", type=float, default=16.0)
    args = parser.parse_args()
    random.seed(args.seed)
    results: dict[str, Budget] = {}
    targets: list[tuple[str, st.SearchStrategy, Callable[[Budget], Callable[[object], None]]]] = [
        ("loader", st.one_of(pieces(YAML_PIECES, 80), st.binary(max_size=200)), lambda b: loader_check),
        ("scanners", pieces(TEXT_PIECES, 120), lambda b: scanner_check(b, args.max_growth)),
        ("payload", st.one_of(pieces(JSON_PIECES, 60), payload), lambda b: payload_check),
    ]
    for name, strategy, make in targets:
        budget = Budget(args.seconds)
        started = time.monotonic()
        run(name, budget, strategy, make(budget), args.seed)
        results[name] = budget
        print(f"{name:9} {budget.tried:>8,} inputs in {time.monotonic() - started:5.1f} s: {len(budget.failures)} failures, {len(budget.slow)} super-linear")
        for failure in budget.failures[:3]:
            print("  FAIL", failure)
        for slow in budget.slow[:5]:
            print("  SLOW", slow)
    total = sum(b.tried for b in results.values())
    bad = sum(len(b.failures) + len(b.slow) for b in results.values())
    print(f"total: {total:,} inputs; {'no traceback, no super-linear input' if not bad else f'{bad} problems'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
