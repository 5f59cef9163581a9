"""Which fields reach the public site, derived from the models (never listed by hand).

A field is public unless it is declared with :func:`govreg.models.private`;
:func:`govreg.models.public_dump` is the only way records leave for the site,
the search index, the CSV files and ``registry.json``.  So the scan for
personal information walks ``public_dump`` (:func:`public_strings`), and the
developer documentation lists the fields with :func:`public_text_fields` —
a new public field is scanned and listed without anyone remembering to.

``python -m govreg.publicfields`` prints the list (docs/dev/public-fields.md).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .models import MODELS, private_paths, public_dump

Loc = tuple[str | int, ...]


def public_strings(record: BaseModel) -> Iterator[tuple[Loc, str]]:
    """Every text value of ``record`` that reaches the public site, with its location (YAML keys)."""
    yield from _strings(public_dump(record), ())


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (``Optional``, unions and ``Annotated`` removed)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _is_text(kind: Any) -> bool:
    if kind is str:
        return True
    if get_origin(kind) is Literal:
        return False  # a fixed choice, not free text
    return isinstance(kind, type) and issubclass(kind, str) and not issubclass(kind, Enum)


def public_text_fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, description) of every free-text field of ``model`` that is public, at any depth."""
    hidden = private_paths(model)
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in hidden:
            continue
        path = f"{prefix}{key}"
        for kind in _unwrap(info.annotation):
            if get_origin(kind) is list:
                (inner,) = get_args(kind) or (Any,)
                for item in _unwrap(inner):
                    if isinstance(item, type) and issubclass(item, BaseModel):
                        yield from public_text_fields(item, f"{path}[].")
                    elif _is_text(item):
                        yield f"{path}[]", info.description or ""
            elif isinstance(kind, type) and issubclass(kind, BaseModel):
                yield from public_text_fields(kind, f"{path}.")
            elif _is_text(kind):
                yield path, info.description or ""
                break


def markdown() -> str:
    """docs/dev/public-fields.md: the public free-text fields of every record kind."""
    lines = [
        "# Fields that reach the public site (generated)",
        "",
        "Generated from `tools/govreg/models.py` by `python -m govreg.publicfields > docs/dev/public-fields.md`;",
        "a test fails when this file is out of date. Every field below is published (pages, search index, CSV,",
        "`registry.json`) and is therefore scanned for personal information by the `public-field-pii` rule",
        "(which walks `public_dump()`, so a new public field is scanned even before this list is regenerated).",
        "Content items are scanned whole (front matter and body) by `content_pii`. Fields declared with",
        "`private(...)` never leave the repository and are not listed.",
        "",
    ]
    for kind, model in MODELS.items():
        lines.append(f"## {kind} (`{model.__name__}`)")
        lines.append("")
        lines.append("| field | description |")
        lines.append("|---|---|")
        for path, description in public_text_fields(model):
            lines.append(f"| `{path}` | {description.replace('|', '｜')} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover - a generator script
    print(markdown(), end="")
