"""Scanners rewritten for speed (issue 19, the cold check) give what the original did, on random input.

Each original is kept here as the reference: the pattern or function as it was before the rewrite.
Speed itself is measured by tools/bench/ scripts (ratios in one run), never here.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from govreg.canonical import Shape, first_misordered, shape_of_kind
from govreg.rules import formatting, record_credentials
from govreg.topics import TopicList, TopicMatcher
from govreg.typography import TypographySettings, candidate_pattern, next_candidate, prefilter_pattern
from govreg.wording import Category, Leader, LeaderList, Term, WordingList, WordingMatcher


def _pieces(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts glued from ``pieces`` (characters and the tokens the scanners look for)."""
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


# ---------------------------------------------------------------- record_credentials

OLD_CREDENTIAL = re.compile(r"(密码|口令|(?i:password|passwd|pwd))\s*[:：=]\s*[\"'“]?([^\s\"'”,，。;；、)）]{4,})")

CREDENTIALISH = _pieces(
    ["password", "PassWd", "PWD", "pWd", "paſſword", "passw", "pa", "密码", "口令", "密", "口", "p", "P", " ", "\n", ":", "：", "=", "\"", "“", "abcd", "1", "，"], 16
)


@settings(max_examples=500, deadline=None)
@given(CREDENTIALISH)
def test_credential_pattern_finds_what_the_original_found(text: str) -> None:
    def spans(rx: re.Pattern[str]) -> list[tuple[Any, ...]]:
        return [(m.span(), m.span(1), m.groups()) for m in rx.finditer(text)]

    assert spans(record_credentials._PATTERN) == spans(OLD_CREDENTIAL)


# ---------------------------------------------------------------- formatting

_OLD_KEY = r"[A-Za-z_][\w-]*:"
OLD_LAYOUT = re.compile(
    "|".join(
        (
            rf"\n(?P<odd>(?:  )* (?:- |{_OLD_KEY}))",
            rf"\n(?P<ind>[ ]*)(?P<dash>- )?{_OLD_KEY}[ ]*(?:[|>][-+0-9]*[ ]*)?(?:#[^\n]*)?\n(?:[ ]*(?:#[^\n]*)?\n)*"
            r"(?P=ind)(?(dash)  )(?:(?P<deep>  [ ]+)\S|(?P<flat>- ))",
            r"\n[ ]*-(?P<dashsp>  +)\S",
        )
    )
)
OLD_COLON = re.compile(rf"\n[ ]*(?:- )?{_OLD_KEY}(?P<colon>  +)[^ #\n]")

YAMLISH = _pieces([" ", "  ", "- ", "-", "\n", "key:", "a_b-c:", "x", "#", "# c", "|", ">-", "|+2", ":", "\t", "é:", "1"], 40)


@settings(max_examples=800, deadline=None)
@given(YAMLISH)
def test_layout_patterns_match_what_the_originals_matched(text: str) -> None:
    padded = "\n" + text

    def found(rx: re.Pattern[str]) -> tuple[Any, ...] | None:
        m = rx.search(padded)
        return None if m is None else (m.span(), m.groupdict())

    assert found(formatting._LAYOUT) == found(OLD_LAYOUT)
    assert found(formatting._COLON) == found(OLD_COLON)


def old_first_misordered(data: Any, sh: Shape, loc: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    if isinstance(data, list):
        for i, item in enumerate(data):
            found = old_first_misordered(item, sh, (*loc, i))
            if found is not None:
                return found
        return None
    if not isinstance(data, dict):
        return None
    keys = tuple(data)
    unknown, last, bad = len(sh.rank), -1, -1
    for i, key in enumerate(keys):
        r = sh.rank.get(key, unknown) if isinstance(key, str) else unknown
        if r < last:
            bad = i
            break
        last = r
    if bad >= 0:
        return (*loc, keys[bad])
    for key, child in sh.children.items():
        value = data.get(key)
        if isinstance(value, (dict, list)):
            found = old_first_misordered(value, child, (*loc, key))
            if found is not None:
                return found
    return None


_ACCOUNT_KEYS = ["id", "name", "platform", "handle", "owner", "lifecycle", "operation", "type", "date", "filed", "announcement", "note", "from", "zzz", "title", "source", "kind", "review", "columns", "people"]
_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.sampled_from(["x", 1, None]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_ACCOUNT_KEYS), inner, max_size=5),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.sampled_from(_ACCOUNT_KEYS), _VALUES, max_size=7), st.sampled_from(["account", "content", "unit", "site"]))
def test_first_misordered_agrees_with_the_original(data: dict[str, Any], kind: str) -> None:
    sh = shape_of_kind(kind)
    assert first_misordered(data, sh) == old_first_misordered(data, sh)
    assert first_misordered([data, data], sh, ("x",)) == old_first_misordered([data, data], sh, ("x",))


# ---------------------------------------------------------------- typography

TYPOISH = _pieces([*"中文a1Ｚ２,.:;!?， 。：\t\n、（）“”", "Python", "2025年"], 30)


@settings(max_examples=600, deadline=None)
@given(TYPOISH, st.integers(min_value=0, max_value=40), st.booleans(), st.booleans(), st.booleans())
def test_candidate_skip_finds_what_the_plain_search_found(text: str, pos: int, latin: bool, digits: bool, punct: bool) -> None:
    conf = TypographySettings(space_between_cjk_and_latin=latin, space_between_cjk_and_digits=digits, fullwidth_punctuation=punct)
    pattern, quick = candidate_pattern(conf), prefilter_pattern(conf)
    pos = min(pos, len(text))
    plain = pattern.search(text, pos)
    skipped = next_candidate(pattern, quick, text, pos)
    assert (skipped.span() if skipped else None) == (plain.span() if plain else None)


# ---------------------------------------------------------------- word lists: the first hit, then from there

def test_wording_gate_and_topic_shortcut_change_nothing() -> None:
    leaders = LeaderList(titles=["市长", "副市长"], leaders=[Leader(name="马国强", titles=["市长"])])
    wording = WordingList(categories=[Category(id="x", name="规范表述", action="error", words=[Term(term="筑牢", right="铸牢")])])
    matcher = WordingMatcher(wording, leaders)
    text = "开头没有。副市长马国强说要筑牢意识。"
    first = matcher.first(text)
    assert first == text.index("马国强")
    assert list(matcher.find(text, first)) == list(matcher.find(text))
    assert list(matcher.wrong_titles(text, first)) == list(matcher.wrong_titles(text))
    assert matcher.first("全是别的字") is None
    topics = TopicMatcher(TopicList(terms=["\0"], ignore=["伟大复兴"]))
    assert topics.first("实现伟大复兴") == (2, "\0")  # a term that is a NUL: the blanked text is searched
    plain = TopicMatcher(TopicList(terms=["民族"], ignore=["中华民族伟大复兴"]))
    assert plain.first("实现中华民族伟大复兴") is None
    assert plain.first("民族团结，中华民族伟大复兴") == (0, "民族")
    assert plain.first("没有") is None
