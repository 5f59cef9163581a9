"""The project's own typography rule, run over every user-facing string of the tool (issue 18).

The tool that checks departments' writing must pass its own check.  User-facing
text is: the string literals of ``tools/govreg`` that contain Chinese (CLI
messages, rule titles, templates and hints, report and site text; docstrings are
developer documentation, except the rule modules' docstrings, which are the
public rules page), the templates in ``tools/govreg/templates`` and
``tools/govreg/site/overrides``, and the public site pages in ``docs/`` (not
``docs/dev``).  Each literal is split at f-string fields and escape sequences,
each piece is one "line".

Checks: :func:`govreg.typography.lint_lines` with the project's settings (the
``content-typography`` rule), plus what AutoCorrect leaves alone but the
measures' own text never does: a half-width ``,:;!?`` right after a Chinese
character, and half-width brackets around Chinese words (GB/T 15834).

``python tools/tests/typography_sweep.py --update`` rewrites the Python string
literals (review the diff); Markdown pages and templates are fixed by hand.
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

from govreg.textscan import CJK  # noqa: E402
from govreg.typography import TypographySettings, lint_lines  # noqa: E402

PACKAGE = REPO / "tools" / "govreg"
#: modules whose Chinese strings are data or patterns about departments' text, not messages
#: (PII and marking patterns, the proofreading dictionary, typography examples such as ``县 (区)``)
NOT_MESSAGES = {"pii.py", "markings.py", "proofreading.py", "typography.py"}
#: every module of the package: CLI messages, prompts and help, rule titles, templates, hints and the rules page
#: (rule module docstrings), the site's pages, the reports, the supervision renderers, configuration descriptions
SCOPE = ("**/*.py",)
#: the public site's hand-written pages (``docs/dev`` is developer documentation), and the pages ``govreg init``
#: writes for another city
PAGES = ("README.md", "docs/*.md", "docs/guide/*.md", "tools/govreg/templates/registry/docs/*.md")
#: report and form templates, the site's theme overrides (Jinja/HTML), and the Chinese strings of its scripts
TEMPLATES = ("tools/govreg/templates/*.j2", "tools/govreg/site/overrides/**/*.html")
SCRIPTS = ("tools/govreg/site/overrides/**/*.js", "tools/govreg/site/overrides/**/*.css")

_CJK = f"[{CJK}]"
#: a Chinese character, or full-width punctuation that closes (before) or opens (after) Chinese words: ``”:`` and ``）;``
#: are as wrong as ``字:``
_CJK_BEFORE = f"[{CJK}）”’」』》〉】〕]"
_CJK_AFTER = f"[{CJK}（“‘「『《〈【〔]"
_AFTER_CJK = re.compile(f"(?<={_CJK_BEFORE})[,:;!?](?![/_\\\\])|(?<![\\s\\d])[,;:](?={_CJK_AFTER})")
_BRACKETS = re.compile(rf"\(([^()\n]*{_CJK}[^()\n]*)\)|(?<={_CJK_BEFORE})\(([^()\n]*)\)")
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_KEY_VALUE = re.compile(r"\w=[^,\s]*,[\w-]+=")  # "name=王晓东,roles=handler": input syntax, not a sentence
_PIECE = re.compile(r"\\.|\{\{|\}\}|\{[^{}]*\}")  # split at escapes and f-string fields


@dataclass(frozen=True)
class Piece:
    where: str  # file:line
    text: str
    extra_only: bool = False  # a sentence with fields as Chinese words: only the extra checks (AutoCorrect would space them)


def _rel(file: Path) -> str:
    return file.relative_to(REPO).as_posix() if file.is_relative_to(REPO) else file.as_posix()


def _cjk(text: str) -> bool:
    return re.search(_CJK, text) is not None


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(first.value.lineno)
    return found


def _verbatim(source: str) -> set[int]:
    """Lines marked ``# typography: verbatim``: text that is data in another language (YAML keys, file text), not prose."""
    return {n for n, line in enumerate(source.splitlines(), 1) if "# typography: verbatim" in line}


def _raw_strings(source: str) -> set[tuple[int, int]]:
    """Where raw and bytes literals start (line, character): regular expressions and bytes are not sentences."""
    found = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING or tok.type == getattr(tokenize, "FSTRING_START", -1):
            prefix = re.match(r"[A-Za-z]*", tok.string)
            if prefix is not None and re.search("[rRbB]", prefix.group(0)):
                found.add(tok.start)
    return found


def _start(node: ast.expr, lines: list[str]) -> tuple[int, int]:
    """A node's start as tokenize counts it (ast counts the column in UTF-8 bytes)."""
    line = lines[node.lineno - 1].encode("utf-8")
    return node.lineno, len(line[: node.col_offset].decode("utf-8", errors="replace"))


#: a field of an f-string or a ``str.format`` template stands for a word of the sentence around it: a Chinese one
FIELD = "某"
_TEMPLATE_FIELD = re.compile(r"\{\{|\}\}|\{[A-Za-z_][\w.]*(?:\[[^\]{}]*\])?(?:![rsa])?(?::[^{}]*)?\}|%\(\w+\)[sdr]|%[sdr]")


def template_text(value: str) -> str | None:
    """A ``str.format`` or ``%`` template (``"{unit}:缺少…"``, ``"参数 %(argument_name)s:…"``) with each field as :data:`FIELD`; None when it has no field."""
    if not any(m.group(0) not in ("{{", "}}") for m in _TEMPLATE_FIELD.finditer(value)):
        return None
    return _TEMPLATE_FIELD.sub(lambda m: m.group(0)[0] if m.group(0) in ("{{", "}}") else FIELD, value)


def _source_fields(body: str, fstring: bool) -> tuple[str, list[int]]:
    """The source text of a literal with escapes decoded to one character and fields as :data:`FIELD`, and where each
    character of that text is in ``body`` (-1 for a field or an escape, which is never rewritten)."""
    text: list[str] = []
    where: list[int] = []
    i = 0
    template = not fstring and template_text(body) is not None
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            text.append("\n" if body[i + 1] == "n" else "\x00")
            where.append(-1)
            i += 2
        elif (fstring or template) and body.startswith(("{{", "}}"), i):
            text.append(body[i])
            where.append(-1)
            i += 2
        elif fstring and body[i] == "{":
            depth, j = 0, i
            while j < len(body):
                depth += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
                if depth == 0:
                    break
            text.append(FIELD)
            where.append(-1)
            i = j
        elif template and (m := _TEMPLATE_FIELD.match(body, i)) is not None:
            text.append(FIELD)
            where.append(-1)
            i = m.end()
        else:
            text.append(body[i])
            where.append(i)
            i += 1
    return "".join(text), where


def _fix_fields(body: str, fstring: bool) -> str:
    """:func:`extra_fixes` over a literal read as its sentence (fields as Chinese words), written back into ``body``."""
    text, where = _source_fields(body, fstring)
    if FIELD not in text:
        return body
    fixed = "\n".join(extra_fixes(line) for line in text.split("\n"))
    out = list(body)
    for k, (old, new) in enumerate(zip(text, fixed, strict=True)):
        if old != new and where[k] >= 0:
            out[where[k]] = new
    return "".join(out)


def _public_docstring(file: Path, tree: ast.Module) -> bool:
    return file.parent.name == "rules" and not file.name.startswith("_")


def _outside_fences(text: str) -> list[tuple[int, str]]:
    out, fenced = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced and _cjk(line):
            out.append((number, re.sub(r"`[^`]*`", "x", line)))  # inline code is code (a neutral word)
    return out


def python_pieces(file: Path) -> list[Piece]:
    source = file.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    verbatim = _verbatim(source)
    raw = _raw_strings(source)
    lines = source.splitlines()
    rel = _rel(file)
    out: list[Piece] = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and (_start(node, lines) in raw or node.lineno in verbatim):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _cjk(node.value):
            if node.lineno in verbatim:
                continue
            if node.lineno in skip:
                if isinstance(tree.body[0], ast.Expr) and tree.body[0].value is node and _public_docstring(file, tree):
                    out += [Piece(f"{rel}:{node.lineno + n - 1}", line) for n, line in _outside_fences(node.value)]
                continue
            texts = [node.value]
        elif isinstance(node, ast.JoinedStr):
            texts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
        else:
            continue
        # the sentence with its fields as Chinese words: "{unit}:缺少" and "期限({due})" are half-width in Chinese text
        whole = "".join(v.value if isinstance(v, ast.Constant) else FIELD for v in node.values) if isinstance(node, ast.JoinedStr) else template_text(texts[0])
        if whole is not None and any(_cjk(t) for t in texts):
            out += [Piece(f"{rel}:{node.lineno}", line, extra_only=True) for line in whole.splitlines() if not _KEY_VALUE.search(line)]
        for text in texts:
            out += [Piece(f"{rel}:{node.lineno}", line) for line in text.splitlines() if _cjk(line) and not _KEY_VALUE.search(line)]
    return out


def python_files() -> list[Path]:
    return sorted({file for pattern in SCOPE for file in PACKAGE.glob(pattern) if file.name not in NOT_MESSAGES})


def _blank(match: re.Match[str]) -> str:
    """A removed span keeps its line breaks, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


def markdown_lines(text: str) -> list[tuple[int, str]]:
    """The prose lines of a Markdown page: not code blocks, code spans, HTML comments (the guide's session
    directives hold file text) or tags."""
    text = re.sub(r"<!--.*?-->", _blank, text, flags=re.S)
    text = re.sub(r"<[^>\n]+>", "", text)
    return _outside_fences(text)


def template_lines(text: str) -> list[tuple[int, str]]:
    """The text of a Jinja/HTML template: not statements, HTML tags, comments, ``<style>`` or ``<script>``; an output
    field ``{{ … }}`` reads as a Chinese word."""
    text = re.sub(r"<(style|script)\b.*?</\1>", _blank, text, flags=re.S | re.I)
    text = re.sub(r"\{#.*?#\}|<!--.*?-->", _blank, text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "\x01", text)  # an output field: see file_pieces
    text = re.sub(r"\{%.*?%\}", _blank, text, flags=re.S)
    text = re.sub(r"<[^>]+>", _blank, text)
    return _outside_fences(text)


_SCRIPT_TOKEN = re.compile(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)


def script_strings(text: str) -> list[tuple[int, str]]:
    """The string literals of a script or style sheet (what a user sees); comments are for developers."""
    out = []
    for m in _SCRIPT_TOKEN.finditer(text):
        if m.group(0)[0] in "\"'" and _cjk(m.group(0)):
            out.append((text.count("\n", 0, m.start()) + 1, m.group(0)[1:-1]))
    return out


def file_pieces(file: Path) -> list[Piece]:
    """The user-facing lines of one file, by its kind."""
    rel = _rel(file)
    if file.suffix == ".py":
        return python_pieces(file)
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".md":
        lines = markdown_lines(text)
    elif file.suffix in (".js", ".css"):
        lines = script_strings(text)
    else:  # the text without its fields, and (extra checks only) the sentence with fields as Chinese words
        out = []
        for n, line in template_lines(text):
            out.append(Piece(f"{rel}:{n}", re.sub(" ?\x01 ?", "", line)))  # with the spaces that set a field apart
            if "\x01" in line:
                out.append(Piece(f"{rel}:{n}", line.replace("\x01", FIELD), extra_only=True))
        return out
    return [Piece(f"{rel}:{n}", line) for n, line in lines if not _KEY_VALUE.search(line)]


def text_files() -> list[Path]:
    return sorted({file for pattern in (*PAGES, *TEMPLATES, *SCRIPTS) for file in REPO.glob(pattern)})


def pieces() -> list[Piece]:
    out: list[Piece] = []
    for file in (*python_files(), *text_files()):
        out += file_pieces(file)
    return out


def extra_fixes(text: str) -> str:
    text = _BRACKETS.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", text)
    return _AFTER_CJK.sub(lambda m: _FULL[m.group(0)], text)


def check(found: list[Piece]) -> list[tuple[str, str, str]]:
    """(where, as written, as the rule suggests) for every piece the typography rule or the extra checks flag."""
    settings = TypographySettings()
    linted = [p for p in found if not p.extra_only]
    out = [(linted[f.index].where, f.old, f.new) for f in lint_lines([p.text for p in linted], settings)]
    seen = {w for w, _, _ in out}
    for piece in found:
        fixed = extra_fixes(piece.text)
        if fixed != piece.text and piece.where not in seen:
            out.append((piece.where, piece.text, fixed))
    return out


def problems() -> list[tuple[str, str, str]]:
    """What :func:`check` finds over every user-facing string of the tool."""
    return check(pieces())


# ---------------------------------------------------------------- --update


def _fix_piece(piece: str, settings: TypographySettings) -> str:
    if not _cjk(piece) or _KEY_VALUE.search(piece):
        return piece
    core = piece.strip(" ")
    if core != piece:  # keep the spaces at the edges (next to a field or a code span)
        lead = piece[: len(piece) - len(piece.lstrip(" "))]
        trail = piece[len(piece.rstrip(" ")) :]
        return lead + _fix_piece(core, settings) + trail
    fixed = extra_fixes(piece)
    fixes = lint_lines([fixed], settings)
    if fixes and "\n" not in fixes[0].line_new and len(fixes[0].line_new) >= len(fixed) - 2:
        fixed = fixes[0].line_new
    return fixed


def _fix_markdown_line(line: str, settings: TypographySettings) -> str:
    """Code spans stand in as neutral words (QQa, QQb …) while the line is fixed."""
    spans = re.findall(r"`[^`]*`", line)
    counter = iter(range(len(spans)))
    masked = re.sub(r"`[^`]*`", lambda _m: f"QQ{chr(97 + next(counter))}", line)
    fixed = _fix_piece(masked, settings)
    return re.sub(r"QQ([a-z])", lambda m: spans[ord(m.group(1)) - 97], fixed)


def _fix_body(body: str, fstring: bool, settings: TypographySettings) -> str:
    if _cjk(body):
        body = _fix_fields(body, fstring)
    parts, pos = [], 0
    splitter = _PIECE if fstring else re.compile(r"\\.")
    for match in splitter.finditer(body):
        parts.append(_fix_piece(body[pos : match.start()], settings))
        parts.append(match.group(0))
        pos = match.end()
    parts.append(_fix_piece(body[pos:], settings))
    return "".join(parts)


def update_file(file: Path, settings: TypographySettings) -> bool:
    source = file.read_text(encoding="utf-8")
    tree = ast.parse(source)
    skip = _docstrings(tree)
    module_doc = tree.body[0].value.lineno if tree.body and isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant) else None
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits: list[tuple[int, int, str]] = []
    verbatim = _verbatim(source)
    for tok in tokens:
        if tok.type != tokenize.STRING or not _cjk(tok.string) or tok.start[0] in verbatim:
            continue
        m = re.match(r"(?i)([rbuf]*)('''|\"\"\"|'|\")", tok.string)
        if m is None:
            continue
        prefix, quote = m.group(1).lower(), m.group(2)
        if "r" in prefix or "b" in prefix:
            continue
        is_doc = tok.start[0] in skip
        if is_doc and not (tok.start[0] == module_doc and _public_docstring(file, tree)):
            continue
        body = tok.string[len(prefix) + len(quote) : -len(quote)]
        if is_doc:  # Markdown: fix the lines outside code fences
            out, fenced = [], False
            for line in body.split("\n"):
                if line.lstrip().startswith("```"):
                    fenced = not fenced
                elif not fenced and "\\" not in line:
                    line = _fix_markdown_line(line, settings)
                out.append(line)
            new_body = "\n".join(out)
        else:
            new_body = _fix_body(body, "f" in prefix, settings)
        if new_body != body:
            start = offsets[tok.start[0] - 1] + tok.start[1]
            end = offsets[tok.end[0] - 1] + tok.end[1]
            edits.append((start, end, tok.string[: len(prefix) + len(quote)] + new_body + quote))
    if not edits:
        return False
    for start, end, text in reversed(edits):
        source = source[:start] + text + source[end:]
    try:
        ast.parse(source)  # never write a file that no longer parses (brackets inside an f-string field)
    except SyntaxError:
        print(f"未改写 {file.relative_to(REPO)}:改写后无法解析,请手工修改")
        return False
    file.write_text(source, encoding="utf-8")
    return True


#: what a Markdown line holds that is not prose: code spans, link targets, template fields, HTML tags
_MD_CODE = re.compile(r"`[^`]*`|\]\([^()\s]*\)|\{\{.*?\}\}|<[^>\n]+>")


def _fix_markdown_prose(line: str) -> str:
    spans = _MD_CODE.findall(line)
    if len(spans) >= 0x400:
        return line
    parts = _MD_CODE.split(line)  # prose, code, prose, … with each code as one character of CJK Extension A
    masked = "".join(part if i % 2 == 0 else chr(0x3400 + i // 2) for i, part in enumerate(_interleave(parts, spans)))
    fixed = extra_fixes(masked)
    return re.sub("[\u3400-\u37ff]", lambda m: spans[ord(m.group(0)) - 0x3400], fixed)


def _interleave(prose: list[str], code: list[str]) -> list[str]:
    out: list[str] = []
    for i, part in enumerate(prose):
        out.append(part)
        if i < len(code):
            out.append(code[i])
    return out


def fix_markdown_text(text: str) -> str:
    """:func:`extra_fixes` over the prose lines of a page (see :func:`markdown_lines`); code stands in as a Chinese
    character while a line is fixed.  AutoCorrect's other suggestions are left to the reader of the diff."""
    out, fenced, comment = [], False, False
    for line in text.split("\n"):
        if line.lstrip().startswith("```") and not comment:
            fenced = not fenced
        elif not fenced and not comment and "<!--" not in line and _cjk(line):
            line = _fix_markdown_prose(line)
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            comment = True
        elif comment and "-->" in line:
            comment = False
        out.append(line)
    return "\n".join(out)


def update() -> None:
    settings = TypographySettings()
    for file in python_files():
        if update_file(file, settings):
            print(f"已更新 {file.relative_to(REPO)}")
    for file in sorted({file for pattern in PAGES for file in REPO.glob(pattern)}):
        text = file.read_text(encoding="utf-8")
        fixed = fix_markdown_text(text)
        if fixed != text:
            file.write_text(fixed, encoding="utf-8")
            print(f"已更新 {_rel(file)}")
    # what is left: replace the excerpt the rule shows on its line, when it is there exactly once
    for where, old, new in problems():
        rel, _, number = where.rpartition(":")
        if not rel.endswith(".py"):
            continue
        file = REPO / rel
        lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
        index = int(number) - 1
        for i in range(index, min(index + 40, len(lines))):  # a literal may span lines
            if lines[i].count(old) == 1:
                lines[i] = lines[i].replace(old, new)
                text = "".join(lines)
                try:
                    ast.parse(text)
                except SyntaxError:
                    break
                file.write_text(text, encoding="utf-8")
                break


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="用项目自己的排版规则检查(--update 改写)工具中面向用户的文字")
    parser.add_argument("--update", action="store_true", help="改写 tools/govreg 中的字符串")
    args = parser.parse_args()
    if args.update:
        update()
    for where, old, new in problems():
        print(f"{where}: {old!r} → {new!r}")
