"""The text scanners are linear (issue 12): they agree with simple reference implementations on random
inputs (hypothesis), and the adversarial inputs that used to take minutes finish under a CPU limit.

Speed itself is measured by tools/bench/bench_scan.py (ratios to ordinary Chinese text).
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreg import textscan
from govreg.datalists import load_default
from govreg.markings import _DECOR, _MARKUP, _PERIOD, _SEPARATORS, CLOSE, OPEN, MarkingMatcher, MarkingsList, _alternation
from govreg.pii import PiiMatch, PiiSettings, _plausible_id, find_pii, is_id_number, luhn_valid, mask_value, url_spans
from govreg.textscan import Link, find_links

from conftest import REPO, check_json, run_cli

# ---------------------------------------------------------------- references: the obvious, slow algorithms

_IMAGE_OPEN = re.compile(r"!\[[^\]\n]*$")


def ref_find_links(text: str) -> list[Link]:
    """Image test by a regex from the start of the line; bare URLs tested against every earlier span."""
    if not textscan.may_have_links(text):
        return []
    text = textscan._blank_code(text)
    out: list[Link] = []
    taken: list[tuple[int, int]] = []
    for m in textscan._INLINE.finditer(text):
        raw = m.group(2)
        if raw:
            line_start = text.rfind("\n", 0, m.start()) + 1
            image = bool(m.group(1)) or bool(_IMAGE_OPEN.search(text, line_start, m.start()))
            out.append(Link("inline", raw, textscan._clean(raw), m.start(2), image=image))
            taken.append(m.span(2))
    for rx, kind in ((textscan._DEFINITION, "definition"), (textscan._AUTOLINK, "autolink")):
        for m in rx.finditer(text):
            out.append(Link(kind, m.group(1), textscan._clean(m.group(1)), m.start(1)))  # type: ignore[arg-type]
            taken.append(m.span(1))
    for m in textscan._HTML_ATTR.finditer(text):
        group = 2 if m.group(2) is not None else 3 if m.group(3) is not None else 4
        out.append(Link("html", m.group(group), textscan._clean(m.group(group)), m.start(group), image=m.group(1).lower() == "src"))
        taken.append(m.span(group))
    for m in textscan._BARE.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            out.append(Link("bare", m.group(), m.group(), m.start()))
    out.sort(key=lambda link: link.offset)
    return out


_REF_URL = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]*://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|\]\([^)\s]*|(?:href|src)\s*=\s*[\"'][^\"']*|^ {0,3}\[[^\]\n]+\]:[ \t]*\S+",
    re.M,
)


def ref_url_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _REF_URL.finditer(text)]


def ref_find_pii(text: str, conf: PiiSettings) -> list[PiiMatch]:
    """Every candidate checked against every URL span and every earlier hit (pairwise)."""
    from govreg.pii import _CARD, _ID, _MOBILE, is_id_typo

    skip = ref_url_spans(text)
    taken: list[tuple[int, int]] = []
    out: list[PiiMatch] = []

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in skip + taken)

    def add(kind: str, a: int, b: int) -> None:
        out.append(PiiMatch(kind, a, b, text[a:b], mask_value(text[a:b], conf.format_of(kind), conf.mask_char)))  # type: ignore[arg-type]
        taken.append((a, b))

    for m in _ID.finditer(text):
        if free(*m.span()) and is_id_number(m.group()):
            add("id_number", *m.span())
        elif _plausible_id(m.group()) and free(*m.span()):
            if is_id_typo(m.group()):
                add("id_number_typo", *m.span())
            else:
                taken.append(m.span())
    for m in _MOBILE.finditer(text):
        if free(*m.span()):
            add("mobile", *m.span())
    for m in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if 16 <= len(digits) <= 19 and free(*m.span()) and luhn_valid(digits):
            add("bank_card", *m.span())
    return sorted(out, key=lambda p: p.start)


MARKS = load_default("forbidden-markings", MarkingsList)


def ref_markings(text: str) -> list[tuple[int, str]]:
    """Each marking word judged on its own: the whole line matched by the original (backtracking) pattern."""
    marks = _alternation(MARKS.markings)
    every = _alternation(MARKS.markings + MARKS.companions)
    unit = rf"[{OPEN}]?\s*(?:{every})(?:\s*{_PERIOD})?\s*[{CLOSE}]?"
    line_rx = re.compile(rf"(?:{unit})(?:[{_SEPARATORS}]*(?:{unit}))*[{_SEPARATORS}]*")
    hits = []
    for m in re.finditer(marks, text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.start())
        line = text[start : len(text) if end < 0 else end]
        stripped = _DECOR.sub("", _MARKUP.sub("", line.rstrip("\r"))).strip().strip("\u3000")
        if stripped and line_rx.fullmatch(stripped):
            hits.append((m.start(), "单独成行"))
    return hits


# ---------------------------------------------------------------- properties

def _pieces(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts glued from ``pieces`` (characters and the tokens the scanners look for)."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


LINKY = _pieces([*"![]()<>`:/ \n\tah.s=\"'x1#&;", "http", "https://", "href=", "src=", "](", "![", "```"], 60)
PIIISH = _pieces([*"0123456789 -aX:/()[]\n", "[1]: ", "138", "0000", "8000", "https://", "](", "href='", "640302199001010016", "6222021234567890128", "110105194912310021"], 40)
MARKY = _pieces(["秘密", "机密", "内部资料", "注意保存", " ", "\u3000", "【", "】", "(", ")", "★", "1年", "#", "**", "\n", "x", "、", ">"], 14)


@settings(max_examples=400, deadline=None)
@given(LINKY)
def test_find_links_agrees_with_reference(text: str) -> None:
    assert find_links(text) == ref_find_links(text)


@settings(max_examples=400, deadline=None)
@given(PIIISH)
def test_url_spans_and_find_pii_agree_with_reference(text: str) -> None:
    assert url_spans(text) == ref_url_spans(text)
    conf = PiiSettings()
    assert find_pii(text, conf) == ref_find_pii(text, conf)


@settings(max_examples=300, deadline=None)
@given(MARKY)
def test_marking_lines_agree_with_reference(text: str) -> None:
    matcher = MarkingMatcher(MARKS)
    hits = list(matcher.find(text))
    other = {h.start for h in hits if h.how != "单独成行"}  # starred, bracketed, phrases: plain finditer passes
    assert {h.start for h in hits} == other | {start for start, _ in ref_markings(text)}


def test_unterminated_attribute_is_still_a_link() -> None:
    links = find_links('<a href="javascript:alert(1)\nx')
    assert [(link.kind, link.target) for link in links] == [("html", "javascript:alert(1)")]


# ---------------------------------------------------------------- the adversarial bodies, end to end

CASES = {
    "nested-images": "![a" * 2000 + "".join(f"](a{i}.png)" for i in range(2000)),
    "many-links": "[a](https://a.cn)" * 50_000,
    "letters-and-mobile": "a" * 200_000 + " 13800008000",
    "secret-words": "秘密" * 40_000,
    "secret-words-spaced": "秘密 " * 40 + "x",
    "bracket-paren": "](" * 100_000,
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_adversarial_body_checks_within_a_cpu_limit(case: str, sample_tree: Path) -> None:
    """Each took 28 s to over 300 s (or, for the spaced words, exponential time) before: now a second or two.

    Not a timing test: the child gets 60 CPU seconds (RLIMIT_CPU) and is killed if the scanner is
    super-linear again; what is asserted is that the check finishes and reports the file.
    """
    target = sample_tree / "content/wuzhong-portal/2026/air-quality-2026-10.md"
    text = target.read_text(encoding="utf-8")
    end = text.index("\n---", 3)
    target.write_text(text[: end + 5] + "\n" + CASES[case] + "\n", encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))

    proc = subprocess.run(
        [sys.executable, "-m", "govreg", "check", str(sample_tree), "-f", "json"],
        capture_output=True, text=True, preexec_fn=limit, cwd=REPO, timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert '"findings"' in proc.stdout


def test_findings_per_file_are_capped_with_a_summary(sample_tree: Path) -> None:
    """Bounded output: 150 numbers or markings give the first 100 findings and one that says there are more."""
    target = sample_tree / "content/wuzhong-portal/2026/air-quality-2026-10.md"
    text = target.read_text(encoding="utf-8")
    numbers = "".join(f"联系人{i}:138{i:08d}。\n" for i in range(150))
    target.write_text(text + "\n" + numbers + "\n" + "【内部资料】\n" * 150, encoding="utf-8")
    _, report = check_json(sample_tree)
    mine = [f["code"] for f in report["findings"] if f["path"].endswith("air-quality-2026-10.md")]
    assert mine.count("pii-mobile") == 100 and mine.count("pii-many") == 1
    assert mine.count("forbidden-marking") == 100 and mine.count("forbidden-marking-many") == 1
    # govreg mask is not capped: every number is masked
    code, out, _ = run_cli("mask", str(target), "--write")
    assert code == 0 and "已遮掩 150 处" in out


def test_attachment_findings_per_file_are_capped(sample_tree: Path) -> None:
    target = sample_tree / "content/wuzhong-portal/2026/air-quality-2026-10.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + "".join(f"![图{i}](images/missing-{i}.png)\n" for i in range(150)), encoding="utf-8")
    _, report = check_json(sample_tree)
    mine = [f["code"] for f in report["findings"] if f["path"].endswith("air-quality-2026-10.md")]
    assert mine.count("attachment-missing") == 100 and mine.count("attachment-many") == 1
