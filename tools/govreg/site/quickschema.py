"""A JSON Schema compiled once into Python checks, for the open data's own schema (issue 19).

The site checks registry.json against registry.schema.json on every build, so a download
never contradicts its schema.  ``jsonschema`` walks the schema for every value (about a
second and a half for 4,000 accounts); :func:`compile_schema` turns the schema into nested
closures once, and the check is then a plain walk over the document.

It is a *one-sided* test, used only to say "valid" quickly:

- it knows exactly the keywords the generated schemas use (``type``, ``properties``,
  ``required``, ``additionalProperties``, ``items``, ``anyOf``, ``enum``, ``pattern``,
  ``minLength``/``maxLength``, ``minimum``/``maximum``, ``minItems``, local ``$ref``) and
  the annotations (``title``, ``format`` …, which Draft 2020-12 does not assert);
  :func:`compile_schema` returns ``None`` for a schema with any other keyword;
- whenever it is unsure (an ``enum`` value that is not a string, a number where the
  schema wants an integer …) it answers "not valid".

A "not valid" answer is never reported by itself: the caller then runs ``jsonschema``,
which finds the errors and words the message.  So a document this module accepts is one
``jsonschema`` accepts too, and every error message still comes from ``jsonschema``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["Check", "compile_schema"]

Check = Callable[[Any], bool]

# Keywords that only annotate under Draft 2020-12 (``format`` asserts nothing without a format checker).
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "format",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
    }
)
_HANDLED = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "anyOf",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "minItems",
        "$ref",
    }
)


class _Unsupported(Exception):
    """The schema uses something this module does not check exactly: use jsonschema alone."""


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """A check that is true only for documents valid against ``schema``; ``None`` when the schema is beyond this module."""
    try:
        return _Compiler(schema).compile(schema)
    except _Unsupported:
        return None


def _is_integer(value: Any) -> bool:
    return type(value) is int


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


# A value of one of these exact types has that JSON type, for jsonschema's default type checker too.
# Anything else (a float for "integer", a subclass of dict …) makes the check answer "not valid": jsonschema decides.
_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
    "integer": _is_integer,
    "number": _is_number,
}


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if not isinstance(schema, dict) or schema is False:
            raise _Unsupported
        if "$id" in schema and schema is not self.root:
            raise _Unsupported  # a new base URI: references inside it would resolve against it
        checks: list[Check] = []
        for key in schema:
            if key in _ANNOTATIONS or key.startswith("x-"):
                continue
            if key not in _HANDLED:
                raise _Unsupported
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            checks.append(_type(schema["type"]))
        if "enum" in schema:
            checks.append(_enum(schema["enum"]))
        string_checks = _strings(schema)
        if string_checks:
            checks.append(string_checks)
        if "minimum" in schema or "maximum" in schema:
            checks.append(_bounds(schema.get("minimum"), schema.get("maximum")))
        if "items" in schema or "minItems" in schema:
            checks.append(self.array(schema.get("items", True), schema.get("minItems", 0)))
        if {"properties", "required", "additionalProperties"} & schema.keys():
            checks.append(self.object(schema))
        if "anyOf" in schema:
            options = schema["anyOf"]
            if not isinstance(options, list) or not options:
                raise _Unsupported
            compiled = [self.compile(o) for o in options]
            checks.append(lambda v: any(c(v) for c in compiled))
        return _all(checks)

    def ref(self, pointer: Any) -> Check:
        """A local reference (``#/$defs/…``), compiled once; a cycle goes through the memo."""
        if not isinstance(pointer, str) or not pointer.startswith("#/"):
            raise _Unsupported
        if pointer in self.refs:
            return self.refs[pointer]
        target: Any = self.root
        for part in pointer[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                raise _Unsupported
            target = target[part]
        slot: list[Check] = []
        self.refs[pointer] = lambda v: slot[0](v)
        slot.append(self.compile(target))
        self.refs[pointer] = slot[0]
        return slot[0]

    def array(self, items: Any, min_items: Any) -> Check:
        if type(min_items) is not int:
            raise _Unsupported
        each = self.compile(items)

        def check(value: Any) -> bool:
            if type(value) is not list:
                return not isinstance(value, list)  # only lists are arrays; a list subclass: let jsonschema decide
            return len(value) >= min_items and all(each(v) for v in value)

        return check

    def object(self, schema: dict[str, Any]) -> Check:
        properties = schema.get("properties", {})
        required = schema.get("required", [])
        extra = schema.get("additionalProperties", True)
        if not isinstance(properties, dict) or not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise _Unsupported
        compiled = {name: self.compile(sub) for name, sub in properties.items()}
        other = None if extra is False else self.compile(extra)
        needed = tuple(required)

        def check(value: Any) -> bool:
            if type(value) is not dict:
                return not isinstance(value, dict)
            for name in needed:
                if name not in value:
                    return False
            for name, item in value.items():
                sub = compiled.get(name)
                if sub is None:
                    if other is None or not other(item):
                        return False
                elif not sub(item):
                    return False
            return True

        return check


def _always(value: Any) -> bool:
    return True


def _all(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(c(v) for c in checks)


def _type(spec: Any) -> Check:
    names = [spec] if isinstance(spec, str) else spec
    if not isinstance(names, list) or not names or any(n not in _TYPES for n in names):
        raise _Unsupported
    tests = [_TYPES[n] for n in names]
    if len(tests) == 1:
        return tests[0]
    return lambda v: any(t(v) for t in tests)


def _enum(values: Any) -> Check:
    if not isinstance(values, list):
        raise _Unsupported
    strings = frozenset(v for v in values if type(v) is str)
    has_null = any(v is None for v in values)
    # strings and null compare exactly; anything else (numbers, booleans, containers) is left to jsonschema
    return lambda v: (type(v) is str and v in strings) or (v is None and has_null)


def _strings(schema: dict[str, Any]) -> Check | None:
    pattern = schema.get("pattern")
    low = schema.get("minLength", 0)
    high = schema.get("maxLength")
    if pattern is None and "minLength" not in schema and high is None:
        return None
    if type(low) is not int or (high is not None and type(high) is not int) or (pattern is not None and not isinstance(pattern, str)):
        raise _Unsupported
    try:
        search = re.compile(pattern).search if pattern is not None else None
    except re.error as exc:
        raise _Unsupported from exc

    def check(value: Any) -> bool:
        if type(value) is not str:
            return not isinstance(value, str)
        n = len(value)
        if n < low or (high is not None and n > high):
            return False
        return search is None or search(value) is not None

    return check


def _bounds(low: Any, high: Any) -> Check:
    if (low is not None and not _is_number(low)) or (high is not None and not _is_number(high)):
        raise _Unsupported

    def check(value: Any) -> bool:
        if type(value) in (int, float):
            return (low is None or value >= low) and (high is None or value <= high)
        return not isinstance(value, (int, float))  # not a number: nothing to check; a bool or a subclass: jsonschema decides

    return check
