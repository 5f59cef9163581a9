"""Strict loading: bytes on disk → data, or findings.  Never a traceback.

- UTF-8 only (a BOM is accepted and reported); GBK/GB18030 and UTF-16 files
  are recognised and the user is told how to re-save them.
- Duplicate keys are errors (PyYAML silently keeps the last one).
- YAML 1.1 traps (``no``/``on``/``yes``, ``0123``, ``1e3``, ``12:30``) are
  errors with the hint to quote the value; dates and times stay text, so
  nothing is silently converted.  Only ``true``/``false``, decimal integers
  and decimal floats are typed, as in YAML 1.2's core schema.
- Anchors and aliases are refused (no billion laughs); files over a size
  limit are refused; malformed front matter is reported with its line.

The C parser (libyaml) composes the nodes; our constructor only adds the
checks, so loading costs about what ``yaml.CSafeLoader`` costs.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from .filepolicy import KIND_NAMES, NotRegular, TooLarge, read_capped
from .findings import Finding, Rule, Severity

ARTICLE = ""
MAX_BYTES = 1024 * 1024

ENCODING = Rule(
    "file-encoding",
    "文件编码不是 UTF-8",
    "文件不是 UTF-8 编码：{detail}",
    hint="请用编辑器把文件“另存为”UTF-8 编码（记事本：另存为 → 编码选 UTF-8；VS Code：右下角编码 → 通过编码保存 → UTF-8）。",
)
BOM = Rule(
    "file-bom",
    "文件带有 BOM",
    "文件以 UTF-8 BOM(EF BB BF)开头，已按 UTF-8 读取",
    severity=Severity.warning,
    hint="建议另存为不带 BOM 的 UTF-8（VS Code：通过编码保存 → UTF-8）。",
)
TOO_LARGE = Rule(
    "file-too-large",
    "文件过大",
    "文件大小 {size} 字节，超过上限 {limit} 字节，未读取",
    hint="记录文件应当很小；请拆分文件，或把附件放到 content/ 的附件目录中引用。",
)
SYNTAX = Rule(
    "yaml-syntax",
    "YAML 语法错误",
    "YAML 语法错误：{problem}",
    hint="请检查该行及上一行的缩进（只能用空格）、冒号和引号是否成对。",
)
DUPLICATE_KEY = Rule(
    "yaml-duplicate-key",
    "重复的键",
    "键「{key}」重复出现（第一次在第 {first_line} 行）；YAML 解析器会悄悄丢掉其中一个值",
    hint="请删除或合并重复的「{key}」。",
)
AMBIGUOUS = Rule(
    "yaml-unquoted-ambiguous",
    "未加引号的歧义值",
    "值 {value} 未加引号，{reason}",
    hint='请给它加上引号，写成 "{value}"；若要表示是/否，请用 true 或 false。',
)
ALIAS = Rule(
    "yaml-alias",
    "不允许使用锚点和别名",
    "记录文件中不允许使用 YAML 锚点（&）和别名（*）",
    hint="请把被引用的内容直接写出来；锚点和别名会让文件难以审阅，也可能被用来制造超大数据。",
)
BAD_KEY = Rule(
    "yaml-bad-key",
    "键不是文本",
    "键 {key} 不是普通文本",
    hint="键应当是字段名，例如 name、platform；请参照 schemas/ 中的说明。",
)
TOO_DEEP = Rule(
    "yaml-too-deep",
    "嵌套层级过深",
    "嵌套层级过深，无法读取",
    hint="记录文件不需要这么多层嵌套，请检查缩进。",
)
NOT_MAPPING = Rule(
    "record-not-mapping",
    "记录不是映射",
    "文件内容应当是“字段: 值”的映射，实际是{actual}",  # typography: verbatim (YAML syntax: an ASCII colon and a space)
    hint="请参照同一目录下的其他文件，用“字段: 值”的形式书写。",  # typography: verbatim (YAML syntax: an ASCII colon and a space)
)
EMPTY = Rule(
    "record-empty",
    "文件为空",
    "文件为空，没有任何字段",
    hint="请填写记录内容，或删除这个文件。",
)
FRONT_MATTER = Rule(
    "content-front-matter",
    "前置元数据格式错误",
    "{detail}",
    hint="信息文件应以一行 --- 开始，写元数据（字段: 值），再以一行 --- 结束，之后是正文。",  # typography: verbatim (YAML syntax: an ASCII colon and a space)
)

SPECIAL = Rule(
    "file-special",
    "不允许的文件类型",
    "这是{what}，未读取：登记库中只允许普通文件和目录",
    hint="请删除它，改为普通文件（把需要的内容复制进来）。符号链接会把库外或不公开的文件带到公开网站，设备文件和命名管道会让检查卡住。",
)

CATALOGUE = (SPECIAL, ENCODING, BOM, TOO_LARGE, SYNTAX, DUPLICATE_KEY, AMBIGUOUS, ALIAS, BAD_KEY, TOO_DEEP, NOT_MAPPING, EMPTY, FRONT_MATTER)

# ---------------------------------------------------------------- the YAML loader

_TRAP_TAG = "tag:govreg,2026:yaml11-trap"
_TRAPS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$"), "YAML 1.1 会把它读成布尔值（是/否），而不是文字"),
    (re.compile(r"^[-+]?0[0-9_]+$"), "YAML 1.1 会把以 0 开头的数字读成八进制数，丢掉前导零（如 0123 变成 83）"),
    (re.compile(r"^[-+]?0[xXoObB][0-9a-fA-F_]+$"), "YAML 会把它读成十六进制/八进制/二进制数"),
    (re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"), "YAML 1.1 会把 12:30 这样的值读成六十进制数（750）"),
    (re.compile(r"^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"), "YAML 会把它读成科学计数法的数字（如 1e3 变成 1000.0）"),
    (re.compile(r"^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$"), "YAML 会把它读成特殊的浮点数"),
    (re.compile(r"^(?:\+[0-9][0-9_]*|[0-9][0-9_]*_[0-9_]*)$"), "YAML 1.1 会把它读成数字"),
    (re.compile(r"^[-+]?[0-9][0-9_]*\.[0-9_]*$|^[-+]?\.[0-9_]+$"), "YAML 会把它读成小数，丢掉末尾的 0 或写法"),
]


class StrictLoader(yaml.CSafeLoader):
    """``CSafeLoader`` with YAML 1.2-like typing and the checks above."""

    findings: list[Finding]
    path: str
    line_offset: int

    yaml_implicit_resolvers = {}  # type: ignore[var-annotated]  # noqa: RUF012  (only our resolvers, added below)

    def __init__(self, stream: str, path: str = "", line_offset: int = 0) -> None:
        super().__init__(stream)
        self.findings = []
        self.path = path
        self.line_offset = line_offset

    def _where(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + 1 + self.line_offset, mark.column + 1

    # The generic machinery of yaml's BaseConstructor/BaseResolver (state generators,
    # recursion bookkeeping, path resolvers, list concatenation per scalar) costs more than
    # parsing; our constructors are plain functions and we have no path resolvers, so
    # these fast paths give the same results.

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # the same node twice: an alias
            line, col = self._where(node)
            raise _Refused(ALIAS(self.path, line=line, column=col))
        self.constructed_objects[node] = None
        constructor = self.yaml_constructors.get(node.tag) or self.yaml_constructors[None]
        return constructor(self, node)

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class _Refused(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode) -> dict[str, Any]:
    data: dict[str, Any] = {}
    first: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key.__class__ is not str:
            if isinstance(key, bool) or key is None or isinstance(key, (int, float)):
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key)
            if not isinstance(key, str):
                line, col = loader._where(key_node)
                loader.findings.append(BAD_KEY(loader.path, line=line, column=col, key=type(key).__name__))
                continue
        if key in data:
            line, col = loader._where(key_node)
            first_line = loader._where(first[key])[0]
            loader.findings.append(DUPLICATE_KEY(loader.path, line=line, column=col, key=key, first_line=first_line))
            continue
        first[key] = key_node
        data[key] = loader.construct_object(value_node, deep=True)
    return data


def _construct_sequence(loader: StrictLoader, node: yaml.SequenceNode) -> list[Any]:
    return [loader.construct_object(child, deep=True) for child in node.value]


def _construct_str(loader: StrictLoader, node: yaml.ScalarNode) -> str:
    value = str(node.value)
    # ids, names and dates recur in thousands of files: one copy each (a province's check holds every record)
    return sys.intern(value) if len(value) <= _INTERNED else value


_INTERNED = 48


def _construct_trap(loader: StrictLoader, node: yaml.ScalarNode) -> str:
    value = str(node.value)
    reason = next((why for pattern, why in _TRAPS if pattern.match(value)), "YAML 可能把它读成非文字的值")
    line, col = loader._where(node)
    loader.findings.append(AMBIGUOUS(loader.path, line=line, column=col, value=value, reason=reason))
    return value


def _construct_bool(loader: StrictLoader, node: yaml.ScalarNode) -> bool:
    return str(node.value).lower() == "true"


def _construct_null(loader: StrictLoader, node: yaml.ScalarNode) -> None:
    return None


def _construct_int(loader: StrictLoader, node: yaml.ScalarNode) -> int:
    return int(node.value)


def _construct_float(loader: StrictLoader, node: yaml.ScalarNode) -> float:
    return float(node.value)


def _construct_unknown(loader: StrictLoader, node: yaml.Node) -> Any:
    line, col = loader._where(node)
    raise _Refused(SYNTAX(loader.path, line=line, column=col, problem=f"不支持的标签 {node.tag}"))


for _first, _tag, _regex in [
    ([*"~nN", ""], "tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$"),
    (list("tTfF"), "tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    (list("-0123456789"), "tag:yaml.org,2002:int", r"^(?:0|-?[1-9][0-9]*)$"),
    (list("-0123456789"), "tag:yaml.org,2002:float", r"^-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$"),
    (list("yYnNoO-+0123456789."), _TRAP_TAG, "|".join(p.pattern for p, _ in _TRAPS)),
]:
    StrictLoader.add_implicit_resolver(_tag, re.compile(_regex), _first)

# first character → implicit resolvers, for StrictLoader.resolve (no per-scalar list building)
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(StrictLoader.yaml_implicit_resolvers.get(None, ()))
_RESOLVERS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*resolvers, *_WILDCARD) for first, resolvers in StrictLoader.yaml_implicit_resolvers.items() if first is not None
}

StrictLoader.yaml_constructors = {}
StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
StrictLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
StrictLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
StrictLoader.add_constructor("tag:yaml.org,2002:null", _construct_null)
StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
StrictLoader.add_constructor(_TRAP_TAG, _construct_trap)
StrictLoader.add_constructor(None, _construct_unknown)  # type: ignore[arg-type]

_LIBYAML_ZH = [
    ("mapping values are not allowed", "此处不能出现“键: 值”（多半是缩进不对，或值里有未加引号的冒号）"),  # typography: verbatim (YAML syntax: an ASCII colon and a space)
    ("found character '\\t'", "不能用 Tab 缩进，请改用空格"),
    ("cannot start any token", "出现了不能作为开头的字符（常见原因：用了 Tab 缩进，或值以 @、` 开头而没有加引号）"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("did not find expected key", "缺少字段名，或缩进不一致"),
    ("did not find expected '-'", "列表项缩进不一致"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("found undefined alias", "使用了未定义的别名（*）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found unexpected ':'", "出现了多余的冒号"),
    ("expected <document start>", "一个文件只能有一个文档，或缩进不对"),
    ("but found another document", "一个文件只能写一条记录（出现了第二个 ---）"),
    ("control characters are not allowed", "文件里有不可见的控制字符"),
    ("found unknown escape character", "双引号中的反斜杠转义无效（路径请用单引号）"),
    ("while parsing a block collection", "列表或映射的缩进不一致"),
    ("while parsing a flow", "方括号或花括号没有闭合"),
]


def _syntax_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    for needle, zh in _LIBYAML_ZH:
        if needle in problem or needle in context:
            return f"{zh}（{problem}）"
    return str(problem)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, list[Finding]]:
    """Parse one YAML document strictly. Returns (data or None, findings)."""
    loader = StrictLoader(text, path, line_offset)
    try:
        data = loader.get_single_data()
    except _Refused as refused:
        return None, [*loader.findings, refused.finding]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        return None, [*loader.findings, SYNTAX(path, line=line, column=col, problem=_syntax_problem(exc))]
    except yaml.YAMLError as exc:
        return None, [*loader.findings, SYNTAX(path, line=line_offset + 1, column=1, problem=_syntax_problem(exc))]
    except RecursionError:
        return None, [*loader.findings, TOO_DEEP(path, line=line_offset + 1, column=1)]
    finally:
        loader.dispose()
    return data, loader.findings


# ---------------------------------------------------------------- files


class Document:
    """One record file as read: its text, its data, and (for Markdown) its body.

    The body is the tail of the text and is not stored twice: ``body`` slices it on access.
    :meth:`thin` gives a copy that keeps only what locates and names the file; its text and
    data are read again from disk when asked for (the check drops them after the per-file
    rules, so a province-sized repository need not hold every file's text at once).
    """

    __slots__ = ("_body", "_data", "_source", "_tail", "_text", "body_line", "data_line_offset", "findings", "path")

    def __init__(
        self,
        path: str,
        text: str,
        data: dict[str, Any] | None,
        data_line_offset: int = 0,
        body: str = "",
        body_line: int = 0,
        findings: list[Finding] | None = None,
    ) -> None:
        self.path = path
        self._text: str | None = text
        self._data = data
        self.data_line_offset = data_line_offset  # YAML line 1 is file line 1 + offset
        self.body_line = body_line  # file line where the Markdown body starts
        self.findings: list[Finding] = findings if findings is not None else []
        self._source: tuple[Path, int, bool] | None = None  # (root, size cap, Markdown?) to read the file again
        self._set_body(body)

    def _set_body(self, body: str) -> None:
        text = self._text or ""
        if not body:
            self._tail, self._body = 0, None
        elif text.endswith(body):
            self._tail, self._body = len(body), None
        else:
            self._tail, self._body = -1, body

    @property
    def text(self) -> str:
        if self._text is None:
            self._reload()
        return self._text or ""

    @property
    def data(self) -> dict[str, Any] | None:
        if self._text is None:
            self._reload()
        return self._data

    @property
    def body(self) -> str:
        if self._text is None:
            self._reload()
        if self._body is not None:
            return self._body
        text = self._text or ""
        return text[len(text) - self._tail :] if self._tail else ""

    @property
    def body_start(self) -> int:
        """Offset of the body in the text (its length when there is no body)."""
        text = self.text
        if self._body is not None:
            return len(text) - len(self._body)
        return len(text) - self._tail

    def thin(self) -> Document:
        """This document without its text, data and body, which are read again from disk when asked for.

        Only a document loaded from disk (:func:`load_yaml_record`, :func:`load_markdown_record`) can be
        thinned; any other is returned as it is.
        """
        if self._source is None or self._text is None:
            return self
        return Document.from_thin_parts(self.path, self.data_line_offset, self.body_line, self.findings, self._source)

    def thin_parts(self) -> tuple[str, int, int, list[Finding], tuple[Path, int, bool]] | None:
        """What a thin document holds (:meth:`thin`), ``None`` unless it is thin: to hand it to another process
        as it is (pickling a document reads its text, which the cache wants; the two-process check does not)."""
        if self._text is not None or self._source is None:
            return None
        return (self.path, self.data_line_offset, self.body_line, self.findings, self._source)

    @classmethod
    def from_thin_parts(cls, path: str, data_line_offset: int, body_line: int, findings: list[Finding], source: tuple[Path, int, bool]) -> Document:
        """The thin document whose :meth:`thin_parts` these are."""
        made = cls.__new__(cls)
        made.path, made.data_line_offset, made.body_line, made.findings = path, data_line_offset, body_line, findings
        made._text, made._data, made._tail, made._body, made._source = None, None, 0, None, source
        return made

    def _reload(self) -> None:
        source = self._source
        self._text, self._data, self._tail, self._body = "", None, 0, None
        if source is None:
            return
        root, max_bytes, markdown = source
        again = load_markdown_record(root, self.path, max_bytes) if markdown else load_yaml_record(root, self.path, max_bytes)
        self._text, self._data, self._tail, self._body = again._text, again._data, again._tail, again._body

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return self.__getstate__() == other.__getstate__()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Document(path={self.path!r}, data_line_offset={self.data_line_offset}, body_line={self.body_line}, findings={len(self.findings)})"

    def __getstate__(self) -> tuple[Any, ...]:
        # the body is the tail of the text: stored once (govreg.cache), not twice
        text = self.text
        return (self.path, text, self._data, self.data_line_offset, self._tail, self._body, self.body_line, self.findings)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.path, self._text, self._data, self.data_line_offset, self._tail, self._body, self.body_line, self.findings = state
        self._source = None


def decode(raw: bytes, path: str) -> tuple[str | None, list[Finding]]:
    findings: list[Finding] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) >= 2 and b"\x00" in raw[:200]):
        return None, [ENCODING(path, line=1, column=1, detail="看起来是 UTF-16(Unicode)编码")]
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(BOM(path, line=1, column=1))
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), findings
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        try:
            raw.decode("gb18030")
            detail = f"看起来是 GBK/GB18030 编码（第 {line} 行第 {col} 列起不是 UTF-8）"
        except UnicodeDecodeError:
            detail = f"第 {line} 行第 {col} 列的字节不是有效的 UTF-8"
        return None, [*findings, ENCODING(path, line=line, column=col, detail=detail)]


def read_text(root: Path, rel: str, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Finding]]:
    """Read ``root/rel`` under the file policy (:mod:`govreg.filepolicy`): regular files only, capped read."""
    try:
        raw = read_capped(root / rel, max_bytes)
    except NotRegular as exc:
        return None, [SPECIAL(rel, line=None, column=None, what=KIND_NAMES.get(exc.kind, KIND_NAMES["other"]))]
    except TooLarge as exc:
        return None, [TOO_LARGE(rel, line=None, column=None, size=exc.size, limit=max_bytes)]
    except OSError as exc:
        return None, [ENCODING(rel, detail=f"无法读取文件：{exc.strerror}")]
    return decode(raw, rel)


def _mapping(data: Any, path: str, line: int) -> tuple[dict[str, Any] | None, list[Finding]]:
    if data is None:
        return None, [EMPTY(path, line=line, column=1)]
    if not isinstance(data, dict):
        actual = "列表" if isinstance(data, list) else f"单个值 {data!r}"
        return None, [NOT_MAPPING(path, line=line, column=1, actual=actual)]
    return data, []


def _from_disk(doc: Document, root: Path, max_bytes: int, *, markdown: bool) -> Document:
    doc._source = (root, max_bytes, markdown)
    return doc


def load_yaml_record(root: Path, rel: str, max_bytes: int = MAX_BYTES) -> Document:
    text, findings = read_text(root, rel, max_bytes)
    if text is None:
        return Document(rel, "", None, findings=findings)
    data, more = parse_yaml(text, rel)
    findings += more
    mapping = None
    if not any(f.severity is Severity.error for f in more):
        mapping, more = _mapping(data, rel, 1)
        findings += more
    return _from_disk(Document(rel, text, mapping, findings=findings), root, max_bytes, markdown=False)


_FENCE = re.compile(r"^---[ \t]*\r?$", re.M)


def split_front_matter(text: str, path: str) -> tuple[str | None, int, str, int, list[Finding]]:
    """Returns (front matter text, its line offset, body, body start line, findings)."""
    if not text.startswith("---"):
        return None, 0, text, 1, [FRONT_MATTER(path, line=1, column=1, detail="文件没有以 --- 开头的元数据块")]
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].strip() != "---":
        return None, 0, text, 1, [FRONT_MATTER(path, line=1, column=1, detail="第一行应当只有 ---")]
    end = _FENCE.search(text, first_nl + 1)
    if end is None:
        return None, 0, text, 1, [FRONT_MATTER(path, line=1, column=1, detail="元数据块没有结束的 --- 行")]
    fm = text[first_nl + 1 : end.start()]
    body_start = text.find("\n", end.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    body_line = text.count("\n", 0, end.end()) + 2
    return fm, 1, body, body_line, []


def load_markdown_record(root: Path, rel: str, max_bytes: int = MAX_BYTES) -> Document:
    text, findings = read_text(root, rel, max_bytes)
    if text is None:
        return Document(rel, "", None, findings=findings)
    fm, offset, body, body_line, more = split_front_matter(text, rel)
    findings += more
    if fm is None:
        return _from_disk(Document(rel, text, None, body=body, body_line=body_line, findings=findings), root, max_bytes, markdown=True)
    data, more = parse_yaml(fm, rel, line_offset=offset)
    findings += more
    mapping = None
    if not any(f.severity is Severity.error for f in more):
        mapping, more = _mapping(data, rel, 1)
        findings += more
    return _from_disk(
        Document(rel, text, mapping, data_line_offset=offset, body=body, body_line=body_line, findings=findings),
        root,
        max_bytes,
        markdown=True,
    )


# ---------------------------------------------------------------- locating a path in a file


@functools.lru_cache(maxsize=32)
def _compose(text: str) -> tuple[bool, yaml.Node | None]:
    """(parsed?, node tree) of ``text``; cached, since a file often has several findings."""
    try:
        return True, yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return False, None


def locate(text: str, loc: tuple[str | int, ...], line_offset: int = 0, *, value: bool = False) -> tuple[int, int] | None:
    """Line and column (1-based) of ``loc`` (keys and indexes) in YAML ``text``.

    Called only when a finding needs a position, so it may compose the file again.
    Returns the deepest node reached when ``loc`` goes further than the file.
    A mapping entry is located at its key, or at its value with ``value=True``.
    """
    parsed, node = _compose(text)
    if not parsed:
        return None
    if node is None:
        return (1 + line_offset, 1)
    where = node.start_mark
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    where = value_node.start_mark if value else key_node.start_mark
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            where = node.start_mark
        else:
            break
    return where.line + 1 + line_offset, where.column + 1
