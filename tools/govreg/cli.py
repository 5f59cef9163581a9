"""The command line: ``govreg <command>``.  The only place that prints or exits.

Each subcommand is one module in :mod:`govreg.commands` with ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``; they are discovered automatically.

Exit status: 0 clean, 1 findings (errors) or a failed gate, 2 usage error, 3 internal error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from . import __version__, commands

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# argparse builds its messages with gettext; department staff read Chinese, so the ones
# a user can meet are translated here (the rest fall through unchanged).
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "expected one argument": "后面需要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "invalid %(type)s value: %(value)r": "值 %(value)r 无效",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r 不是可选值（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, message)


argparse._ = _zh  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def format_help(self) -> str:
        # argparse ends each section heading with a half-width colon ("选项:"); Chinese headings take "："
        return re.sub(r"(?m)^(\S[^\n]*[\u4e00-\u9fff]):$", r"\1：", super().format_help())

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        command = " ".join(["govreg", *self.prog.split()[1:], "--help"])  # e.g. "govreg new account --help"
        sys.stderr.write(f"govreg：用法错误：{message}\n运行 `{command}` 查看用法。\n")
        raise SystemExit(EXIT_USAGE)


def command_names() -> list[str]:
    """Every subcommand: the module's file name is the command's name."""
    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_"))


def command_modules(only: str | None = None) -> list[ModuleType]:
    """Import the command modules (just ``only`` when given, so a run loads only what it uses)."""
    found = []
    for name in command_names():
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"{commands.__name__}.{name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found.append(module)
    return found


def _description() -> str:
    """The registry's title from ./config/govreg.yaml (``site.title``, else ``city.name``), so the help names this
    city's registry.  Read with the strict loader alone, not the configuration models, so ``--help`` stays light;
    a broken configuration is reported by ``govreg check``, not here."""
    from .loader import load_yaml_record

    title = "政府网站和政务新媒体登记库"
    if Path("config/govreg.yaml").is_file():
        data = load_yaml_record(Path("."), "config/govreg.yaml").data or {}
        city, site = data.get("city"), data.get("site")
        name = city.get("name") if isinstance(city, dict) else None
        given = site.get("title") if isinstance(site, dict) else None
        if isinstance(given, str) and given:
            title = given
        elif isinstance(name, str) and name:
            title = f"{name}{title}"
    return f"{title}工具"


def command_summaries() -> list[tuple[str, str]]:
    """Each subcommand's ``NAME`` and ``HELP``, read from its source without importing it.

    ``govreg --help`` (and a mistyped command) needs no more than these, so it does not pay
    for every subcommand's imports; a module whose ``NAME``/``HELP`` are not plain string
    literals is imported instead.
    """
    import ast

    found = []
    for name in command_names():
        values: dict[str, object] = {}
        try:
            tree = ast.parse(Path(commands.__path__[0], f"{name}.py").read_text("utf-8"))
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    if node.targets[0].id in ("NAME", "HELP", "run"):
                        values[node.targets[0].id] = ast.literal_eval(node.value)
                elif isinstance(node, ast.FunctionDef) and node.name == "run":
                    values["run"] = True
        except (OSError, SyntaxError, ValueError):
            values = {}
        if isinstance(values.get("NAME"), str) and isinstance(values.get("HELP"), str) and values.get("run"):
            found.append((str(values["NAME"]), str(values["HELP"])))
        else:
            found.extend((module.NAME, module.HELP) for module in command_modules(name))
    return found


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="govreg", description=_description())
    parser.add_argument("--version", action="version", version=f"govreg {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    if only is None:  # no command chosen: list them all, importing none (see command_summaries)
        for name, help_text in command_summaries():
            sub.add_parser(name, help=help_text)
        return parser
    for module in command_modules(only):
        p = sub.add_parser(module.NAME, help=module.HELP, description=getattr(module, "DESCRIPTION", module.HELP))
        module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(first if first in command_names() else None)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    if not getattr(args, "_run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        sys.stderr.write("已取消。\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("GOVREG_DEBUG"):
            traceback.print_exc()
        else:
            error = f"{type(exc).__name__}: {exc}"
            sys.stderr.write(
                f"govreg 内部错误：{error}\n"
                "这是工具本身的缺陷，不是您的数据问题。请设置环境变量 GOVREG_DEBUG=1 重新运行，"
                "并把完整输出报告给登记库的维护者。\n"
            )
        return EXIT_INTERNAL
