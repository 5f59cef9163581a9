"""``govreg check``: validate the repository and run every rule."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..cache import Changes, CheckCache, GitQuery, changed_since
from ..context import HistoryProcess
from ..engine import RULE_CRASHED, Report, catalogue, narrowable, rule_modules, run_check
from ..report import FORMATS, render
from ._output import date_arg, write_output

NAME = "check"
HELP = "检查整个仓库：格式、引用、各项规则；给出文件或目录时先列出它们的问题"
DESCRIPTION = (
    "检查整个仓库的记录文件是否符合管理办法（config/govreg.yaml 的 city.measures）的要求。"
    "给出文件或目录（如 accounts/education-bureau/x.yaml）时仍检查整个仓库（重复的账号等只有对照全库才能发现），"
    "但先列出这些路径的问题；加 --only-paths 只列出它们。退出码：0 通过，1 有错误，2 用法错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="路径", help="仓库根目录，或仓库中的文件、目录（默认当前目录下的整个仓库）")
    parser.add_argument("--root", help="仓库根目录（默认从给出的路径或当前目录向上查找）")
    parser.add_argument("--only-paths", action="store_true", help="只列出给出的文件和目录的问题；退出码也只看它们")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="输出格式；在 GitHub/Gitea Actions 中默认 github")
    parser.add_argument("--output", "-o", help="把结果写入文件（默认输出到屏幕）")
    parser.add_argument("--today", type=date_arg, help="按指定日期检查（YYYY-MM-DD），用于复查")
    parser.add_argument(
        "--rules", help="只运行这些检查（逗号分隔）：检查代码（如 account-duplicate-handle，见公开网站的“规则”页）或规则模块名（如 site_icp）"
    )
    add_scope_options(parser)
    parser.add_argument("--no-color", action="store_true", help="不使用颜色")


def add_scope_options(parser: argparse.ArgumentParser) -> None:
    """``--base`` and ``--no-cache``: shared by ``govreg check`` and ``govreg site --check``."""
    parser.add_argument(
        "--base",
        metavar="基准",
        help="只对与基准（如 origin/main）相比改动过的文件运行逐个文件的检查，全库性的检查照常；用于拉取请求，结果与完整检查中这些文件的问题相同",
    )
    parser.add_argument("--no-cache", action="store_true", help="不使用也不写入检查缓存（.govreg-cache/，见 GOVREG_CACHE_DIR）")


@dataclass
class Prepared:
    """What a check asks for before it loads anything (:func:`prepare`); :meth:`close` when it is done."""

    cache: CheckCache
    changed: Changes | None
    git: GitQuery
    history: HistoryProcess | None = None  # a pull request's check on two cores: the history, being read already

    def close(self) -> None:
        self.git.close()
        if self.history is not None:
            self.history.close()


def prepare(root: Path, base: str | None, *, use_cache: bool = True, directory: Path | None = None) -> Prepared:
    """The check's cache (in ``directory``, default :func:`govreg.cache.cache_dir`) and the files a pull request changed
    (:func:`scope`), git asked for both at once and read while the cache files are.  A pull request's check on two
    cores (:func:`govreg.split.workers`) also starts the process that reads the history (:class:`HistoryProcess`)
    first, and tells it where the history cache is once the folder is trusted; ``run_check(history=…)`` takes it."""
    from ..repository import FOLDERS
    from ..split import workers

    history = HistoryProcess(root) if base and use_cache and workers() > 1 else None
    git = GitQuery(root)
    cache = CheckCache.open(
        root, directory=directory, git=git, base=base, walked=tuple(FOLDERS.values()), trusted=history.read if history is not None else None
    ) if use_cache else CheckCache(None)
    if cache.file is None and history is not None:
        history.close()  # no cache: every file is read, and so is the whole history, here
        history = None
    if base and cache.file is None:
        git.start_changes(base)  # no cache, so no blob ids: git lists every untracked file
    return Prepared(cache, scope(root, base, git), git, history)


def scope(root: Path, base: str | None, git: GitQuery | None = None) -> Changes | None:
    """The files a pull request changed against ``base`` (``check --base``), or ``None``: check every file."""
    if not base:
        return None
    changed = changed_since(root, base, git)
    if changed is None:
        sys.stderr.write(f"govreg：找不到基准 {base} 与当前提交的共同祖先，改为完整检查。\n")
    elif not narrowable(changed):
        changed = None  # config/, tools/ … changed: every file's findings may differ
        sys.stderr.write("govreg：本次改动涉及配置或工具，逐个文件的检查改为对全部文件进行。\n")
    return changed


def _is_root(folder: Path) -> bool:
    return (folder / "config" / "govreg.yaml").is_file() or (folder / "units").is_dir()


def _find_root(start: Path) -> Path | None:
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        if _is_root(candidate):
            return candidate
    return None


def _locate(args: argparse.Namespace) -> tuple[Path, list[str]] | None:
    """The repository root and the given paths relative to it (empty: the whole repository)."""
    given = [Path(p) for p in args.paths]
    for path in given:
        if not path.exists():
            sys.stderr.write(
                f"govreg：找不到文件或目录 {path}。\n  → 请检查路径的拼写；路径可以是仓库根目录，也可以是仓库中的文件或目录。\n"
            )
            return None
    if args.root:
        root = Path(args.root).resolve()
        if not root.is_dir():
            sys.stderr.write(f"govreg：找不到目录 {args.root}；请在仓库根目录运行，或用 --root 给出仓库路径。\n")
            return None
    elif len(given) == 1 and given[0].is_dir() and _is_root(given[0]):
        return given[0], []  # govreg check /path/to/repository
    else:
        found = _find_root(given[0] if given else Path.cwd())
        if found is None:
            where = given[0] if given else Path.cwd()
            sys.stderr.write(
                f"govreg：{where} 不在登记库中（向上找不到含 units/ 或 config/govreg.yaml 的目录）。\n  → 请在仓库中运行，或用 --root 给出仓库路径。\n"
            )
            return None
        root = found
    rels: list[str] = []
    for path in given:
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            sys.stderr.write(f"govreg：{path} 不在仓库 {root} 之内。\n  → 请给出仓库中的文件或目录。\n")
            return None
        rels.append("" if rel == "." else rel)
    return root, [] if "" in rels else rels


def _mine(path: str, wanted: list[str]) -> bool:
    return any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)


def focus(report: Report, wanted: list[str], only: bool) -> tuple[Report, int | None]:
    """The findings about ``wanted`` first (or alone); how many of them there are."""
    if not wanted:
        return report, None
    mine = [f for f in report.findings if _mine(f.path, wanted)]
    rest = [] if only else [f for f in report.findings if not _mine(f.path, wanted)]
    stats = dict(report.stats)
    if only:
        counts = Counter(f.severity.value for f in mine)
        stats.update(errors=counts.get("error", 0), warnings=counts.get("warning", 0), infos=counts.get("info", 0))
    return replace(report, findings=mine + rest, stats=stats), len(mine)


def run(args: argparse.Namespace) -> int:
    located = _locate(args)
    if located is None:
        return 2
    root, wanted = located
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    selection = _selection(args.rules) if args.rules else None
    if isinstance(selection, str):
        sys.stderr.write(selection)
        return 2
    ready = prepare(root, args.base, use_cache=not args.no_cache)
    cache, changed = ready.cache, ready.changed
    try:
        if selection is None:
            report = run_check(root, today=args.today, cache=cache, focus=changed, history=ready.history)
        else:
            modules, codes, core_codes = selection
            report = _only(run_check(root, today=args.today, select=lambda name: name in modules, cache=cache, focus=changed), codes, core_codes)
    finally:
        ready.close()
    cache.save()
    report, mine = focus(report, wanted, args.only_paths)
    colour = fmt == "text" and not args.no_color and not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out = render(report, fmt, colour=colour, focus=mine)
    if args.output:
        write_output(out, args.output)
    else:
        sys.stdout.write(out)  # render() already escapes the data; the colour codes are ours
    if fmt == "github" and not args.output:
        sys.stdout.write(render(report, "text", focus=mine))
    if any(f.code == RULE_CRASHED.code for f in report.findings):
        return 3  # a rule itself failed: the other findings are printed, but the run is not a verdict
    return 0 if report.valid else 1


def _selection(text: str) -> tuple[set[str], set[str], set[str]] | str:
    """``--rules``: finding codes or rule module names → (modules to run, codes to keep, core codes asked for); or an error."""
    modules = {m.__name__.rsplit(".", 1)[-1]: m for m in rule_modules()}
    codes = catalogue()
    run: set[str] = set()
    keep: set[str] = set()
    core: set[str] = set()
    unknown = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if item in modules:
            run.add(item)
            keep.update(rule.code for rule in modules[item].RULES)
        elif item in codes:
            where = codes[item][1].rsplit(".", 1)[-1]
            keep.add(item)
            if where in modules:
                run.add(where)
            else:
                core.add(item)
        else:
            unknown.append(item)
    if unknown or not keep:
        return (
            f"govreg check：没有这些检查代码或规则模块：{'、'.join(unknown) or text}。"
            "检查代码见公开网站的“规则”页（如 account-duplicate-handle），规则模块名如 site_icp。\n"
        )
    keep.add(RULE_CRASHED.code)
    return run, keep, core


def _only(report: Report, keep: set[str], core: set[str]) -> Report:
    """The selected codes; the core's findings (files that cannot be read …) unless core codes were selected."""
    module_codes = {rule.code for module in rule_modules() for rule in module.RULES}
    findings = [f for f in report.findings if f.code in keep or (not core and f.code not in module_codes and f.code != RULE_CRASHED.code)]
    stats = dict(report.stats)
    for level, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        stats[key] = sum(1 for f in findings if f.severity.value == level)
    return replace(report, findings=findings, stats=stats)
