"""Issue 19: the open data's schema check compiled once (:mod:`govreg.site.quickschema`).

It may only ever say "valid" for a document jsonschema finds valid: a differential test over
many random mutations of a real registry.json proves that, and that it still says "valid"
for the documents jsonschema accepts (or the build would gain nothing).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import jsonschema
import pytest

from govreg import schemas
from govreg.repository import load_repository
from govreg.site import opendata
from govreg.site.data import public_data
from govreg.site.opendata import OpenDataError, check_against_schema
from govreg.site.quickschema import compile_schema

from conftest import copy_sample

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    """The sample registry's registry.json and registry.schema.json, as the build makes them."""
    root = copy_sample(tmp_path_factory.mktemp("quickschema") / "repo")
    data = public_data(load_repository(root), TODAY)
    base = data.settings.base_url + "schemas/"
    schema = opendata.registry_schema(schemas.build(base=base), base, data.settings.title)
    return opendata.registry(data), schema


def _errors(schema: dict[str, Any], document: Any) -> list[jsonschema.ValidationError]:
    return list(jsonschema.Draft202012Validator(schema).iter_errors(document))


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every value in ``node`` (containers included)."""
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _leaves(value, (*path, i))
    return out


REPLACEMENTS: list[Any] = [
    None,
    "",
    "x",
    "x" * 600,
    "Bad ID!",
    "2026-13-45",
    "javascript:alert(1)",
    "wechat",
    "active",
    "government",
    0,
    1,
    -5,
    1.0,
    2.5,
    10**20,
    True,
    False,
    [],
    ["x"],
    [None],
    {},
    {"id": "x"},
]


def _mutate(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(document)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_leaves(doc)[1:])
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = rng.random()
        if action < 0.7:
            parent[key] = copy.deepcopy(rng.choice(REPLACEMENTS))
        elif action < 0.85:
            del parent[key]
        elif isinstance(parent, dict):
            parent[f"extra_{rng.randint(0, 9)}"] = rng.choice(REPLACEMENTS)
        else:
            parent.append(copy.deepcopy(rng.choice(REPLACEMENTS)))
    return doc


def test_quick_check_accepts_the_real_document(registry: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, schema = registry
    quick = compile_schema(schema)
    assert quick is not None
    assert _errors(schema, document) == []
    assert quick(document)


def test_quick_check_never_accepts_what_jsonschema_rejects(registry: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, schema = registry
    quick = compile_schema(schema)
    assert quick is not None
    assert document["accounts"] and document["units"] and document["sites"]  # a non-trivial document to mutate
    rng = random.Random(19)
    invalid = valid = agreed = 0
    for _ in range(300):
        doc = _mutate(document, rng)
        errors = _errors(schema, doc)
        if errors:
            invalid += 1
            assert not quick(doc), (errors[0].message, list(errors[0].absolute_path))
        else:
            valid += 1
            agreed += quick(doc)
    assert invalid > 100 and valid > 15  # both kinds were really tried
    assert agreed >= valid * 0.8  # and it is not a check that says "not valid" to everything


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "patternProperties": {"^x": {"type": "string"}}},
        {"oneOf": [{"type": "string"}, {"type": "null"}]},
        {"const": "x"},
        {"$ref": "https://example.com/other.json"},
        {"$defs": {"a": {"$id": "https://example.com/a.json", "type": "string"}}, "$ref": "#/$defs/a"},
        {"properties": {"a": {"$id": "https://example.com/a.json", "$ref": "#/x"}}},
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"type": "array", "items": [{"type": "string"}]},
        {"type": "string", "pattern": "("},
        {"type": "thing"},
        {"$ref": "#/$defs/missing"},
        {"if": {"type": "string"}, "then": {"minLength": 2}},
    ],
)
def test_a_schema_beyond_the_quick_check_is_left_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_schema(schema) is None


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        ({"type": "integer"}, 3, True),
        ({"type": "integer"}, True, False),
        ({"type": "integer"}, 3.0, False),  # jsonschema says valid: unsure, so "not valid" (jsonschema decides)
        ({"type": "number", "minimum": 0}, -1, False),
        ({"type": "number", "maximum": 10}, 10.0, True),
        ({"minimum": 0}, "text", True),
        ({"type": "string", "minLength": 2, "maxLength": 3}, "汉字", True),
        ({"type": "string", "maxLength": 3}, "汉字汉字", False),
        ({"pattern": "^[a-z]+$"}, "abc", True),
        ({"pattern": "b"}, "abc", True),  # search, not match, as jsonschema does
        ({"pattern": "^[a-z]+$"}, 5, True),
        ({"enum": ["a", None]}, None, True),
        ({"enum": ["a"]}, "b", False),
        ({"enum": [1]}, 1, False),  # not a string: jsonschema decides
        ({"type": "array", "minItems": 1, "items": {"type": "string"}}, [], False),
        ({"type": "array", "items": {"type": "string"}}, ["a", 1], False),
        ({"type": ["string", "null"]}, None, True),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, 1, False),
        ({"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}, {"a": "x"}, True),
        ({"type": "object", "required": ["a"]}, {}, False),
        ({"type": "object", "additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}, False),
        ({"type": "object", "additionalProperties": {"type": "string"}}, {"b": "x"}, True),
        (
            {"$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"},
            {"next": {"next": {}}},
            True,
        ),
        (
            {"$defs": {"n": {"type": "object", "properties": {"next": {"$ref": "#/$defs/n"}}}}, "$ref": "#/$defs/n"},
            {"next": {"next": 1}},
            False,
        ),
        ({"x-private": True, "title": "T", "format": "date", "type": "string"}, "not a date", True),  # annotations only
    ],
)
def test_quick_check_keywords(schema: dict[str, Any], value: Any, expected: bool) -> None:
    quick = compile_schema(schema)
    assert quick is not None
    assert quick(value) is expected
    if expected:
        assert _errors(schema, value) == []


def test_a_valid_document_is_not_walked_by_jsonschema(
    registry: tuple[dict[str, Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    document, schema = registry

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("jsonschema was used for a valid document")

    monkeypatch.setattr(jsonschema, "Draft202012Validator", refuse)
    check_against_schema(document, schema)


def test_an_invalid_document_still_gets_jsonschemas_message(registry: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, schema = registry
    bad = copy.deepcopy(document)
    bad["accounts"][0]["url"] = "javascript:alert(9)"
    with pytest.raises(OpenDataError, match=r"accounts/0/url"):
        check_against_schema(bad, schema)
