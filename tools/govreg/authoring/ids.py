"""Deriving ids: account ``<unit>-<platform>``, person ``<unit>-<surname><initials>``, slugs from Chinese titles.

Chinese is turned into pinyin with ``pypinyin`` (the maintained converter, with
its phrase dictionary for polyphonic characters).  Derived ids are suggestions:
the prompts show them as defaults and a flag can always override them.
"""

from __future__ import annotations

import re
from collections.abc import Collection

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id (Chinese), or ``None``."""
    if not value:
        return "不能为空"
    if SLUG.match(value):
        return None
    if value.lower() != value:
        return "只能用小写字母"
    if len(value) > 63:
        return "不能超过 63 个字符"
    return "只能由小写英文字母、数字和连字符（-）组成，并以字母或数字开头，如 education-bureau"


def _ascii(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        cleaned = _NOT_SLUG.sub("-", word.lower()).strip("-")
        if cleaned:
            out.extend(part for part in cleaned.split("-") if part)
    return out


def pinyin_words(text: str) -> list[str]:
    """Pinyin syllables of the Chinese in ``text``; Latin letters and digits are kept as words."""
    from pypinyin import Style, lazy_pinyin  # imported here: its phrase dictionary takes ~0.3 s to load

    return _ascii(lazy_pinyin(text, style=Style.NORMAL, errors="default", v_to_u=False))


#: Surnames read differently from the character's most common reading, and two-character surnames.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha", "盖": "ge",
    "缪": "miao", "覃": "qin", "翟": "zhai", "乐": "yue", "尉": "yu", "种": "chong", "秘": "bi", "任": "ren",
    "华": "hua", "纪": "ji", "召": "shao", "员": "yun", "长": "chang", "宿": "su", "折": "she", "燕": "yan",
}
COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "西门", "南宫", "独孤", "呼延", "完颜"]
)


def person_id(unit_id: str, name: str) -> str:
    """``<unit>-<surname in pinyin><initials of the given name>``: 王晓东 of education-bureau → ``education-bureau-wangxd``."""
    name = name.strip()
    size = 2 if name[:2] in COMPOUND_SURNAMES else 1
    surname, given = name[:size], name[size:]
    if size == 1 and surname in SURNAME_READINGS:
        head = SURNAME_READINGS[surname]
    else:
        head = "".join(pinyin_words(surname))
    initials = "".join(w[0] for w in pinyin_words(given))
    tail = head + initials
    if not tail:
        return f"{unit_id}-person"
    return f"{unit_id}-{tail}"[:63].rstrip("-")


def slug_from_title(title: str, max_words: int = 6) -> str:
    """A file name from a title: the first pinyin words joined by hyphens (冬季校园安全提示 → ``dong-ji-xiao-yuan-an-quan``)."""
    words = pinyin_words(title)[:max_words]
    slug = "-".join(words)[:60].strip("-")
    return slug or "item"


def account_id(unit_id: str, platform: str) -> str:
    return f"{unit_id}-{platform}"


def unique(candidate: str, taken: Collection[str]) -> str:
    """``candidate``, or ``candidate-2``, ``candidate-3`` … when it is taken."""
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"
