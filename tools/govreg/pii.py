"""Personal information in text: find it, and mask it one way everywhere (第十一条、第十二条).

Pure functions shared by the ``content_pii`` rule and ``govreg mask``.  What is
detected, and why (no false alarms on ordinary government text):

- **身份证号** (``id_number``): 18 characters, 17 digits and a check character
  (``0-9`` or ``X``), a plausible region digit and birth date, and a valid
  ISO 7064 MOD 11-2 check digit.  15-digit first-generation numbers are not
  detected (no check digit: too many false alarms on other numbers).
- **手机号** (``mobile``): 11 digits starting ``1[3-9]``, written whole or as
  ``138 0000 8000`` / ``138-0000-8000``, optionally after ``+86``.
- **银行卡号** (``bank_card``): 16–19 digits starting 3–6 (UnionPay, Visa,
  Mastercard, JCB, Amex), whole or in groups of four, that pass the Luhn check;
  an 18-digit number that looks like an ID number with a wrong check digit is
  not reported as a bank card.

Numbers inside a URL or a Markdown link target are ignored (article and file
numbers often look like phone numbers).  Landline numbers are not detected:
in government notices they are almost always office numbers, published on
purpose.  Digits glued to ASCII letters or other digits are not a match.

Masking keeps a configurable number of leading and trailing characters
(separators are kept and not counted), the rest becomes the mask character:
``640302199001010016`` → ``640302********0016``, ``13800008000`` →
``138****8000``, ``6222021234567890123`` → ``***************0123``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["id_number", "mobile", "bank_card"]
# what a match is: the kinds above, or an ID number whose check character is wrong (a likely typo of a real one)
MatchKind = Literal["id_number", "mobile", "bank_card", "id_number_typo"]

KINDS: tuple[Kind, ...] = ("id_number", "mobile", "bank_card")
KIND_NAMES: dict[str, str] = {"id_number": "身份证号", "mobile": "手机号", "bank_card": "银行卡号", "id_number_typo": "疑似身份证号(校验码不符)"}


class MaskFormat(BaseModel):
    """How many characters of one kind stay visible."""

    model_config = ConfigDict(extra="forbid")
    keep_head: int = Field(ge=0, le=19)
    keep_tail: int = Field(ge=0, le=19)


class PiiSettings(BaseModel):
    """``pii:`` in config/govreg.yaml."""

    model_config = ConfigDict(extra="forbid")
    mask_char: str = Field(default="*", min_length=1, max_length=1, description="遮掩字符")
    id_number: MaskFormat = MaskFormat(keep_head=6, keep_tail=4)
    mobile: MaskFormat = MaskFormat(keep_head=3, keep_tail=4)
    bank_card: MaskFormat = MaskFormat(keep_head=0, keep_tail=4)
    detect: list[Kind] = Field(default_factory=lambda: list(KINDS), description="要检测的类别")

    def format_of(self, kind: str) -> MaskFormat:
        fmt: MaskFormat = getattr(self, "id_number" if kind == "id_number_typo" else kind)
        return fmt


class AllowedNumber(BaseModel):
    """An official contact number that may be published (a unit's hotline, a notice's contact mobile)."""

    model_config = ConfigDict(extra="forbid")
    number: str = Field(min_length=5, max_length=40, description="号码(可带空格或短横线)")
    holder: str = Field(min_length=1, max_length=200, description="谁的号码、为什么公开(如“吴忠市 12345 政务服务便民热线”)")
    unit: str | None = Field(default=None, description="公布该号码的单位 id")


class PiiAllowList(BaseModel):
    """``config/pii-allowlist.yaml``: numbers published on purpose, never reported or masked."""

    model_config = ConfigDict(extra="forbid")
    numbers: list[AllowedNumber] = Field(default_factory=list, description="允许公开的官方联系号码")

    def digits(self) -> frozenset[str]:
        return frozenset(digits_of(n.number) for n in self.numbers)


def digits_of(value: str) -> str:
    """The digits (and a final X) of a number as written, without a +86 country prefix."""
    out = "".join(ch for ch in value if ch.isdigit() or ch in "Xx").upper()
    return out[2:] if value.lstrip().startswith("+86") and len(out) > 11 else out


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: MatchKind
    start: int
    end: int
    value: str
    masked: str

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]


# ---------------------------------------------------------------- checks

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _plausible_id(value: str) -> bool:
    """Region digit and birth date look like an ID number (whatever the check digit)."""
    if len(value) != 18 or not value[:17].isdigit() or value[0] == "0":
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


# provinces (the first two digits of the region code, GB/T 2260)
_PROVINCES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"]
)


def is_id_typo(value: str) -> bool:
    """A well-formed ID number (province, birth date) whose check character is wrong: a mistyped real number."""
    return _plausible_id(value) and value[:2] in _PROVINCES and value[17].upper() != id_check_character(value[:17])


def is_id_number(value: str) -> bool:
    """An 18-character mainland ID number with a valid check character."""
    return _plausible_id(value) and value[17].upper() == id_check_character(value[:17])


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_value(value: str, fmt: MaskFormat, mask_char: str = "*") -> str:
    """Keep ``fmt.keep_head`` leading and ``fmt.keep_tail`` trailing characters; separators stay."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    n = len(positions)
    head = min(fmt.keep_head, n)
    tail = min(fmt.keep_tail, max(n - head, 0))
    hidden = set(positions[head : n - tail])
    return "".join(mask_char if i in hidden else ch for i, ch in enumerate(value))


# ---------------------------------------------------------------- finding

_NB = r"(?<![0-9A-Za-z])"  # not glued to a preceding ASCII letter or digit
_NA = r"(?![0-9A-Za-z])"
_ID = re.compile(_NB + r"[1-9][0-9]{16}[0-9Xx]" + _NA)
_MOBILE = re.compile(_NB + r"1[3-9][0-9](?P<s>[ -]?)[0-9]{4}(?P=s)[0-9]{4}" + _NA)
_CARD = re.compile(_NB + r"(?:[3-6][0-9]{15,18}|[3-6][0-9]{3}(?P<s>[ -])[0-9]{4}(?P=s)[0-9]{4}(?P=s)[0-9]{4}(?:(?P=s)[0-9]{1,3})?)" + _NA)
_HAS_RUN = re.compile(r"[0-9]{3}[ -]?[0-9]{4}[ -]?[0-9]{4}")  # cheap pre-check: some 11-digit run, maybe grouped
# URLs (scheme://…, ASCII only so a following Chinese sentence is not swallowed) and Markdown link targets.
# The search is anchored on "://" and the scheme found by walking back: a pattern
# starting with the scheme would retry at every letter of a long run of letters (quadratic).
_URL = re.compile(
    r"://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+|\]\([^)\s]*|(?:href|src)\s*=\s*[\"'][^\"']*"
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*\S+",  # a reference definition's target: [1]: files/13812345678.pdf
    re.M,
)
_SCHEME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-")


def _scheme_start(text: str, colon: int, floor: int) -> int | None:
    """Leftmost start (not before ``floor``) of a scheme ending at ``colon``: a letter, then letters, digits, ``+.-``."""
    start = colon
    while start > floor and text[start - 1] in _SCHEME_CHARS:
        start -= 1
    while start < colon and not ("A" <= text[start] <= "Z" or "a" <= text[start] <= "z"):
        start += 1
    return start if start < colon else None


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, Markdown link targets and HTML ``href``/``src`` values in ``text``, in order.

    Walking back for the scheme stops at the end of the previous span, so each character is
    read a bounded number of times (linear), with the same spans as a scheme-first pattern.
    """
    out: list[tuple[int, int]] = []
    floor = pos = 0
    while (m := _URL.search(text, pos)) is not None:
        start = m.start()
        if text.startswith("://", start):
            scheme = _scheme_start(text, start, floor)
            if scheme is None:  # no scheme: not a URL here; look again just after the colon
                pos = start + 1
                continue
            start = scheme
        out.append((start, m.end()))
        floor = pos = max(m.end(), pos + 1)
    return out


class _Taken:
    """Non-overlapping spans kept sorted: an overlap test is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and start < self.ends[i]:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _merged(spans: list[tuple[int, int]]) -> _Taken:
    merged = _Taken()
    for start, end in sorted(spans):
        if merged.starts and start <= merged.ends[-1]:
            merged.ends[-1] = max(merged.ends[-1], end)
        else:
            merged.starts.append(start)
            merged.ends.append(end)
    return merged


def find_pii(text: str, settings: PiiSettings | None = None, allowed: Collection[str] = (), limit: int | None = None) -> list[PiiMatch]:
    """Every unmasked ID number, mobile number and bank card number in ``text``, in order.

    ``allowed`` holds the digits (:func:`digits_of`) of official numbers published on purpose
    (``config/pii-allowlist.yaml``): they are neither reported nor masked.  An ID number with a
    valid province and birth date but a wrong check character is reported as ``id_number_typo``.
    With ``limit``, the search stops once that many matches are found (a check reports the first
    ones and says there are more; ``govreg mask`` passes no limit and masks them all).
    """
    settings = settings or PiiSettings()
    if not _HAS_RUN.search(text):
        return []
    wanted = set(settings.detect)
    skip = _merged(url_spans(text))
    taken = _Taken()
    out: list[PiiMatch] = []

    def free(start: int, end: int) -> bool:
        return not skip.overlaps(start, end) and not taken.overlaps(start, end)

    def add(kind: MatchKind, start: int, end: int) -> None:
        value = text[start:end]
        if allowed and digits_of(value) in allowed:
            taken.add(start, end)
            return
        out.append(PiiMatch(kind, start, end, value, mask_value(value, settings.format_of(kind), settings.mask_char)))
        taken.add(start, end)

    cap = limit if limit is not None else len(text) + 1

    for m in _ID.finditer(text):
        if len(out) >= cap:
            return out
        value = m.group()
        if free(*m.span()) and is_id_number(value):
            if "id_number" in wanted:
                add("id_number", *m.span())
            else:
                taken.add(*m.span())
        elif _plausible_id(value) and not taken.overlaps(*m.span()):
            if "id_number" in wanted and is_id_typo(value) and not skip.overlaps(*m.span()):
                add("id_number_typo", *m.span())
            else:
                taken.add(*m.span())  # a mistyped ID number is not a bank card
    if "mobile" in wanted:
        for m in _MOBILE.finditer(text):
            if len(out) >= cap:
                break
            if free(*m.span()):
                add("mobile", *m.span())
    if "bank_card" in wanted:
        for m in _CARD.finditer(text):
            if len(out) >= cap:
                break
            digits = re.sub(r"[ -]", "", m.group())
            if 16 <= len(digits) <= 19 and free(*m.span()) and luhn_valid(digits):
                add("bank_card", *m.span())
    out.sort(key=lambda p: p.start)
    return out


def mask_text(text: str, matches: list[PiiMatch]) -> str:
    """``text`` with each match replaced by its masked form; nothing else changes."""
    parts: list[str] = []
    pos = 0
    for match in sorted(matches, key=lambda p: p.start):
        parts.append(text[pos : match.start])
        parts.append(match.masked)
        pos = match.end
    parts.append(text[pos:])
    return "".join(parts)


class LineIndex:
    """Offsets → 1-based (line, column) in a text, columns counted in characters."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_span(self, line: int, text: str) -> tuple[int, int]:
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(text)
        return start, end


def iter_positions(text: str, matches: list[PiiMatch]) -> Iterator[tuple[PiiMatch, int, int]]:
    index = LineIndex(text)
    for match in matches:
        line, column = index.position(match.start)
        yield match, line, column
