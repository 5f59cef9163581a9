"""``models.public_dump`` (the only way records reach the public site) against the plain recursive dump it replaced.

The dump lists each model class's public fields once and passes plain values through; the open data must
stay byte-identical.  Compared here with the reference below (the dump as it was, field by field through
``private_paths``), over random instances of every model (every field, optional or not, at any depth) and
over every record of generated registries.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from govreg import models
from govreg.models import MODELS, PRIVATE_KEY, private_paths, public_dump
from govreg.repository import load_repository

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from generate import generate


def reference_private(model: type[BaseModel]) -> set[str]:
    out = set()
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and extra.get(PRIVATE_KEY):
            out.add(info.alias or name)
    return out


def reference_dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        hidden = reference_private(type(value))
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            if key in hidden:
                continue
            out[key] = reference_dump(getattr(value, name))
        return out
    if isinstance(value, list):
        return [reference_dump(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _exact(value: Any) -> Any:
    """``value`` with every type and key order spelled out: a str Enum equals its value, a dump of it must not hold it."""
    if isinstance(value, dict):
        return ("dict", [(type(k).__name__, k, _exact(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_exact(v) for v in value])
    return (type(value).__qualname__, repr(value))


def _same(record: BaseModel) -> None:
    dumped, reference = public_dump(record), reference_dump(record)
    assert _exact(dumped) == _exact(reference)
    assert json.dumps(dumped, ensure_ascii=False) == json.dumps(reference, ensure_ascii=False)


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    todo: list[Any] = list(MODELS.values())
    while todo:
        ann = todo.pop()
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            if ann in seen:
                continue
            seen.append(ann)
            todo.extend(info.annotation for info in ann.model_fields.values())
        else:
            todo.extend(typing.get_args(ann))
    return seen


TEXTS = ["", "吴忠市", "a\u00a0b", "<script>", "13912345678", " x ", "\u2028", "1", "true"]


def _value(ann: Any, rng: random.Random, depth: int) -> Any:
    """A random value of annotation ``ann`` (not validated: the dump must agree on any instance)."""
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _value(typing.get_args(ann)[0], rng, depth)
    if origin in (typing.Union, types.UnionType):
        return _value(rng.choice(typing.get_args(ann)), rng, depth)
    if origin is list:
        return [_value(typing.get_args(ann)[0], rng, depth + 1) for _ in range(rng.randrange(4 if depth < 3 else 1))]
    if origin is dict:
        item = typing.get_args(ann)[1]
        return {str(i): _value(item, rng, depth + 1) for i in range(rng.randrange(3))}
    if origin is typing.Literal:
        return rng.choice(typing.get_args(ann))
    if ann is type(None):
        return None
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return _instance(ann, rng, depth + 1)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return rng.choice(list(ann))
    if ann is bool:
        return rng.random() < 0.5
    if ann is int:
        return rng.randrange(-5, 4000)
    if ann is float:
        return rng.random() * 100
    if ann is str:
        return rng.choice(TEXTS)
    if ann is dt.datetime or getattr(ann, "__name__", "") == "AwareDatetime" or "datetime" in repr(ann).lower():
        zone = dt.timezone(dt.timedelta(hours=rng.choice([0, 8, -5])))
        return dt.datetime(2020, 1, 1, tzinfo=zone) + dt.timedelta(seconds=rng.randrange(10**8))
    if ann is dt.date:
        return dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    raise AssertionError(f"no random value for {ann!r}")


def _instance(model: type[BaseModel], rng: random.Random, depth: int = 0) -> BaseModel:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required() or rng.random() < 0.7:  # the others take their defaults
            values[info.alias or name] = _value(info.annotation, rng, depth)
    return model.model_construct(**values)


class _Aliased(models.Record):
    """Private and public fields under an alias (no registry model hides one yet): the dump keys by alias."""

    from_: str | None = models.private(default=None, alias="from")
    till: str = Field(default="", alias="to")
    kind: models.UnitKind | None = None
    people: list[models.Person] = Field(default_factory=list)


@pytest.mark.parametrize("model", [*_models(), _Aliased], ids=lambda m: m.__name__)
def test_the_dump_is_the_reference_on_random_instances(model: type[BaseModel]) -> None:
    rng = random.Random(model.__name__)
    for _ in range(150):
        _same(_instance(model, rng))
    assert private_paths(model) == reference_private(model)


def test_the_models_have_private_fields_and_nested_models_to_compare() -> None:
    hidden = {model.__name__ for model in _models() if private_paths(model)}
    assert {"Unit", "Person", "LifecycleEvent", "Operation", "Sender"} <= hidden
    assert len(_models()) > len(MODELS)  # nested models are reached too


def test_private_paths_is_a_fresh_set_each_time() -> None:
    first = private_paths(models.Unit)
    first.add("name")  # a caller's change must not reach the dump
    assert "name" in public_dump(models.Unit.model_construct(id="u", name="单位", kind=models.UnitKind.agency, region="640300"))
    assert private_paths(models.Unit) == {"people"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_dump_is_the_reference_on_generated_registries(seed: int, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate(root, seed=seed, units=6, accounts=40, sites=3, content=150)
    repo = load_repository(root)
    records = [entry.record for entry in repo.entries.values() if isinstance(entry.record, BaseModel)]
    assert len(records) > 150
    for record in records:
        _same(record)
