"""The canonical key order of a record: the field order of its pydantic model, at every depth.

``shape(Account)`` describes where each key belongs and which nested keys hold
sub-records (``operation``, ``lifecycle[*]``, ``lifecycle[*].announcement`` …).
:func:`first_misordered` walks already-loaded data and is cheap enough to run on
every file in ``govreg check``; ``govreg fmt`` uses :func:`canonical_keys` to
rewrite a mapping in order.  Keys the model does not know keep their relative
order after the known ones (the schema check reports them).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from .models import MODELS

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """Key ranks of one model, and the shapes of the keys that hold sub-records."""

    name: str
    rank: Mapping[str, int]
    children: Mapping[str, Shape] = field(default_factory=dict)
    #: key tuples already judged: tuple of keys -> (index of the first misplaced key or -1, the sub-record keys present
    #: with their shapes, in the model's order)
    seen: dict[tuple[Any, ...], tuple[int, tuple[tuple[str, Shape], ...]]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def keys(self) -> list[str]:
        return sorted(self.rank, key=self.rank.__getitem__)


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The record type inside ``X``, ``X | None``, ``list[X]``, ``Annotated[X, …]`` (else ``None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _submodel(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _submodel(arg)
            if found is not None:
                return found
    return None


@cache
def shape(model: type[BaseModel]) -> Shape:
    rank: dict[str, int] = {}
    children: dict[str, Shape] = {}
    for i, (name, info) in enumerate(model.model_fields.items()):
        key = info.alias or name
        rank[key] = i
        sub = _submodel(info.annotation)
        if sub is not None:
            children[key] = shape(sub)
    return Shape(model.__name__, rank, children)


def shape_of_kind(kind: str) -> Shape:
    """The shape of a record kind (``unit``, ``site``, ``account``, ``content``, ``message``)."""
    return shape(MODELS[kind])


def canonical_keys(keys: Iterable[str], sh: Shape) -> list[str]:
    """``keys`` in canonical order: the model's order first, unknown keys after, in their given order."""
    listed = list(keys)
    unknown = len(sh.rank)
    return [k for _, _, k in sorted((sh.rank.get(k, unknown), i, k) for i, k in enumerate(listed))]


def first_misordered(data: Any, sh: Shape, loc: Loc = ()) -> Loc | None:
    """Where the first key out of canonical order is (keys/indexes into ``data``), or ``None``."""
    found = _misordered(data, sh)
    if found is None:
        return None
    found.reverse()
    return (*loc, *found)


def _misordered(data: Any, sh: Shape) -> list[str | int] | None:
    """:func:`first_misordered`'s steps, innermost first (built only on the way out of a find)."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, (dict, list)):
                found = _misordered(item, sh)
                if found is not None:
                    found.append(i)
                    return found
        return None
    if not isinstance(data, dict):
        return None
    keys = tuple(data)
    judged = sh.seen.get(keys)
    if judged is None:
        judged = sh.seen[keys] = (_first_bad(keys, sh.rank), tuple((k, c) for k, c in sh.children.items() if k in data))
    bad, nested = judged
    if bad >= 0:
        return [keys[bad]]
    for key, child in nested:
        value = data[key]
        if isinstance(value, (dict, list)):
            found = _misordered(value, child)
            if found is not None:
                found.append(key)
                return found
    return None


def _first_bad(keys: tuple[Any, ...], rank: Mapping[str, int]) -> int:
    unknown = len(rank)
    last = -1
    for i, key in enumerate(keys):
        r = rank.get(key, unknown) if isinstance(key, str) else unknown
        if r < last:
            return i
        last = r
    return -1
