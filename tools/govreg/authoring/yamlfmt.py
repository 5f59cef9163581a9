"""Round-trip formatting of records: canonical key order, 2-space indentation, every comment kept.

``ruamel.yaml`` reads and writes the YAML (it keeps comments, blank lines,
quoting and flow style; it normalises indentation to 2 spaces with list dashes
indented under their key, spacing after ``:``, trailing blanks and the final
newline).  Keys are put in canonical order (see :mod:`.canonical`) by moving
*lines*, not data: each key takes its value and the comment lines written
above it, so a comment stays next to the key it describes.  The result is
verified — same data, canonical order, formatting it again changes nothing —
and a file whose lines cannot be moved safely is reordered through the data
instead (comments then stay attached to the key before them, never lost).

Markdown records: only the front matter between the ``---`` lines is
formatted; the body is kept byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..canonical import Shape, canonical_keys, shape_of_kind
from ..loader import split_front_matter

if TYPE_CHECKING:  # ruamel.yaml is imported where it is used: `govreg --help` and `check` need none of it
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

MAX_PASSES = 1000


class FormatError(Exception):
    """The file cannot be formatted (it does not parse). Chinese ``message``, 1-based ``line``."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def yaml_engine() -> YAML:
    """The round-trip reader/writer with the repository's layout."""
    from ruamel.yaml import YAML

    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap long Chinese lines
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _load(y: YAML, text: str, line_offset: int) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return y.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "无法解析"
        raise FormatError(f"YAML 无法解析：{problem}", line, column) from None
    except YAMLError as exc:
        raise FormatError(f"YAML 无法解析：{exc}") from None


def _dump(y: YAML, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """ruamel's data as plain Python values, for comparing before and after."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if isinstance(value, (bool, type(None))) else str(value)


def _maps(node: Any, sh: Shape | None) -> Iterator[tuple[CommentedMap, Shape]]:
    """Every mapping with a known shape, in document order (a mapping before its contents)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if sh is None:
        return
    if isinstance(node, CommentedSeq):
        for item in node:
            yield from _maps(item, sh)
        return
    if not isinstance(node, CommentedMap):
        return
    yield node, sh
    for key, value in node.items():
        yield from _maps(value, sh.children.get(key) if isinstance(key, str) else None)


def _misordered(node: CommentedMap, sh: Shape) -> list[str] | None:
    keys = [str(k) for k in node]
    wanted = canonical_keys(keys, sh)
    return wanted if wanted != keys else None


def _is_content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _reorder_lines(text: str, node: CommentedMap, wanted: list[str]) -> str:
    """Move each key's lines (with the comment lines above it) into the order ``wanted``."""
    lines = text.splitlines(keepends=True)
    keys = [str(k) for k in node]
    starts = [node.lc.key(k)[0] for k in node]
    col = node.lc.key(next(iter(node)))[1]
    ends: list[int] = []
    for i, start in enumerate(starts):
        if i + 1 < len(starts):
            end = starts[i + 1] - 1
            while end > start and not _is_content(lines[end]):
                end -= 1
        else:
            end = j = start
            for j in range(start + 1, len(lines)):
                if _is_content(lines[j]):
                    if _indent(lines[j]) < col:
                        break
                    end = j
        ends.append(end)
    blocks: dict[str, list[str]] = {}
    for i, key in enumerate(keys):
        first = starts[0] if i == 0 else ends[i - 1] + 1
        blocks[key] = lines[first : ends[i] + 1]
    dashed = col >= 2 and lines[starts[0]][col - 2 : col] == "- "
    if dashed:
        first_line = blocks[keys[0]][0]
        blocks[keys[0]][0] = first_line[: col - 2] + "  " + first_line[col:]
    region = [line for key in wanted for line in blocks[key]]
    if dashed:
        k = next(i for i, line in enumerate(region) if _is_content(line))
        region[k] = region[k][: col - 2] + "- " + region[k][col:]
    return "".join(lines[: starts[0]] + region + lines[ends[-1] + 1 :])


# A line whose end-of-line comment follows its value after a single space (ruamel keeps a comment's
# column, so re-indenting a line to the right can leave just one): the value is a quoted string or a
# plain value (which cannot contain " #"), or nothing after "key:".
_VALUE = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^'"\#\s](?:[^\#\n]*[^\s\#])?)"""
_ONE_SPACE_COMMENT = re.compile(rf"^(?P<head>[ ]*(?:- )*(?:[A-Za-z_][\w-]*:(?: {_VALUE})?|{_VALUE}))[ ]\#", re.M)


_BLOCK_SCALAR = re.compile(r"""(?:^|:|- )[ ]*[|>][-+0-9]*[ ]*(?:\#.*)?$""")


def _two_spaces_before_comments(text: str) -> str:
    """Two spaces before every end-of-line comment, outside block scalars (whose lines are data)."""
    if " #" not in text:
        return text
    out: list[str] = []
    block_indent: int | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not stripped or indent > block_indent):
            out.append(line)
            continue
        block_indent = None
        if _BLOCK_SCALAR.search(line.rstrip("\n")) and not stripped.startswith("#"):
            block_indent = indent
        out.append(_ONE_SPACE_COMMENT.sub(lambda m: m.group("head") + "  #", line) if " #" in line else line)
    return "".join(out)


def _reorder_data(data: Any, sh: Shape) -> None:
    """Reorder every mapping in place through the data (used for flow mappings and as the fallback)."""
    for node, node_shape in list(_maps(data, sh)):
        wanted = _misordered(node, node_shape)
        if wanted is None:
            continue
        by_name = {str(k): k for k in node}
        for key in wanted:
            node.move_to_end(by_name[key])


def _in_order(data: Any, sh: Shape) -> bool:
    return all(_misordered(node, node_shape) is None for node, node_shape in _maps(data, sh))


def format_yaml(text: str, sh: Shape | None, *, line_offset: int = 0) -> str:
    """``text`` formatted: canonical key order for ``sh`` (``None``: keep the order), comments kept.

    Raises :class:`FormatError` when the text does not parse or is not a mapping.
    """
    from ruamel.yaml.comments import CommentedMap

    y = yaml_engine()
    data = _load(y, text, line_offset)
    if data is None:
        raise FormatError("文件为空，没有任何字段", 1 + line_offset, 1)
    if not isinstance(data, CommentedMap):
        raise FormatError("文件内容应当是“字段: 值”的映射", 1 + line_offset, 1)  # typography: verbatim (YAML syntax: an ASCII colon and a space)
    out = _two_spaces_before_comments(_dump(y, data))
    if sh is None or _in_order(data, sh):
        return out  # the common case: one load, one dump
    before = _plain(data)
    moved = out
    for _ in range(MAX_PASSES):
        current = _load(y, moved, line_offset)
        target = next(((node, wanted) for node, node_shape in _maps(current, sh) if not node.fa.flow_style() for wanted in [_misordered(node, node_shape)] if wanted), None)
        if target is None:
            break
        moved = _reorder_lines(moved, *target)
    candidate = _load(y, moved, line_offset)
    _reorder_data(candidate, sh)  # flow mappings (and anything the line moves left)
    result = _two_spaces_before_comments(_dump(y, candidate))
    check = _load(y, result, line_offset)
    if _plain(check) != before or not _in_order(check, sh) or _two_spaces_before_comments(_dump(y, check)) != result:
        # lines could not be moved safely (e.g. a block scalar whose last line looks like a comment)
        fallback = _load(y, out, line_offset)
        _reorder_data(fallback, sh)
        result = _two_spaces_before_comments(_dump(y, fallback))
    return result


def format_markdown(text: str, sh: Shape | None, path: str = "") -> str:
    """A Markdown record with its front matter formatted and its body untouched."""
    fm, offset, body, _, findings = split_front_matter(text, path)
    if fm is None:
        finding = findings[0] if findings else None
        raise FormatError(finding.message if finding else "没有元数据块", 1, 1)
    return "---\n" + format_yaml(fm, sh, line_offset=offset) + "---\n" + body


def kind_of_path(rel: str) -> str | None:
    """The record kind of a repository-relative path, or ``None`` for files ``fmt`` leaves alone."""
    parts = rel.split("/")
    name = parts[-1]
    if name.startswith("."):
        return None
    yaml_file = name.endswith((".yaml", ".yml"))
    if parts[0] == "units" and len(parts) == 2 and yaml_file:
        return "unit"
    if parts[0] == "sites" and len(parts) == 2 and yaml_file:
        return "site"
    if parts[0] == "accounts" and len(parts) == 3 and yaml_file:
        return "account"
    if parts[0] == "messages" and len(parts) == 3 and yaml_file:
        return "message"
    cycle = {"rectifications": "rectification", "incidents": "incident", "opinions": "opinion", "handovers": "handover", "reports": "report"}
    if parts[0] in cycle and len(parts) == 3 and yaml_file:
        return cycle[parts[0]]
    if parts[0] == "content" and len(parts) >= 2 and name.endswith(".md"):
        return "content"
    return None


def format_record(text: str, kind: str, path: str = "") -> str:
    """A record file's text formatted for its kind (YAML, or Markdown with front matter)."""
    sh = shape_of_kind(kind)
    if text.startswith("\ufeff"):
        text = text[1:]
    if kind == "content":
        return format_markdown(text, sh, path)
    return format_yaml(text, sh)
