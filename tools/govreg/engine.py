"""The check engine: load the repository, run every rule, return a report.

Rules are discovered, one module per rule, in :mod:`govreg.rules`.  A rule
module has a docstring (its user documentation, rendered on the public rules
page), a ``RULES`` tuple of the :class:`~govreg.findings.Rule` entries it may
emit, and ``check(ctx) -> Iterable[Finding]``.  The engine, not the rule,
applies the repository's severity overrides and fills in line and column.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import pkgutil
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, ConfigDict, create_model

from . import loader as loader_module
from . import repository as repository_module
from . import validation as validation_module
from .cache import Changes, CheckCache, ids_at
from .clock import CHINA, now_default, today_default
from .config import CONFIG_INVALID, EXTRA_SECTIONS, Config, extra_section_findings, unknown_sections
from .context import Context, HistoryProcess, Prefetch, RuleModule, prefetch_history
from .findings import Finding, Rule, Severity, sort_key
from .repository import Repository, gc_paused, load_repository
from .rules._shared import LISTED, history_bound, repository_bound
from .split import Split, workers

if TYPE_CHECKING:
    from .history import History

__all__ = ["CHINA", "RULE_CRASHED", "Context", "Report", "RuleModule", "catalogue", "now_default", "rule_modules", "run_check", "today_default"]

def rule_modules() -> list[RuleModule]:
    from . import rules

    modules: list[RuleModule] = []
    for info in sorted(pkgutil.iter_modules(rules.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module: ModuleType = importlib.import_module(f"{rules.__name__}.{info.name}")
        if hasattr(module, "RULES") and hasattr(module, "check"):
            modules.append(cast(RuleModule, module))
    return modules


def catalogue() -> dict[str, tuple[Rule, str]]:
    """Every finding code of ``govreg check`` → (rule, where it is documented: a module name).

    The pull-request gate, a layer above, adds its own codes: :func:`govreg.gate.codes.catalogue`.
    """
    out: dict[str, tuple[Rule, str]] = {}
    for module in (loader_module, validation_module, repository_module):
        for rule in getattr(module, "CATALOGUE", (getattr(module, "SCHEMA", None),)):
            if rule is not None:
                out[rule.code] = (rule, module.__name__)
    out[CONFIG_INVALID.code] = (CONFIG_INVALID, "govreg.config")
    for rule_module in rule_modules():
        for rule in rule_module.RULES:
            out[rule.code] = (rule, rule_module.__name__)
    return out


def config_sections() -> dict[str, type[BaseModel]]:
    """Every section of config/govreg.yaml beyond the core's: the site's and each rule module's ``SETTINGS``."""
    sections: dict[str, type[BaseModel]] = dict(EXTRA_SECTIONS)
    for module in rule_modules():
        sections.update(getattr(module, "SETTINGS", {}))
    return sections


class _StrictConfig(Config):
    model_config = ConfigDict(extra="forbid", title="govreg 配置（config/govreg.yaml）")


def config_model() -> type[BaseModel]:
    """The one model of config/govreg.yaml: the core settings (:class:`Config`) and every section, unknown keys forbidden."""
    fields: dict[str, Any] = {name: (model | None, None) for name, model in sorted(config_sections().items())}
    return create_model("GovregConfig", __base__=_StrictConfig, **fields)


def config_schema() -> dict[str, Any]:
    """JSON Schema of config/govreg.yaml (``schemas/govreg-config.schema.json``), for editors and reviewers."""
    schema = config_model().model_json_schema(by_alias=True, mode="validation")
    schema["properties"].pop("platforms", None)  # read from config/platforms.yaml, not from govreg.yaml
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


RULE_CRASHED = Rule(
    "internal-rule-error",
    "规则运行出错",
    "规则 {module} 运行出错：{error}",
    hint="这是 govreg 的缺陷，不是您的数据问题；请把这条信息报告给维护者。其他规则的结果仍然有效。",
)


@dataclass
class Report:
    root: Path
    findings: list[Finding]
    stats: dict[str, Any]

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "stats": self.stats,
            "findings": [f.to_json() for f in self.findings],
        }


def run_check(
    root: Path,
    *,
    today: dt.date | None = None,
    select: Callable[[str], bool] | None = None,
    repo: Repository | None = None,
    ctx: Context | None = None,
    cache: CheckCache | None = None,
    focus: Collection[str] | None = None,
    history: HistoryProcess | None = None,
) -> Report:
    """Load ``root`` and run every rule. ``select`` filters rule modules by name.

    Pass ``ctx`` to share its lazy history and calendar with the caller (``govreg inspect``).
    ``cache`` (:class:`govreg.cache.CheckCache`) reuses the records and per-file findings of unchanged
    files; the caller saves it.  ``focus`` (repository-relative paths, e.g. the files a pull request
    changed) limits the per-file rules and the per-file loading findings to those files: the
    report is then the full check's, less the per-file findings of files outside ``focus``
    (unchanged since the base, so already judged there).  Global rules always see everything.
    ``history``: the content's history, being read by another process (:func:`govreg.commands.check.prepare`);
    a pull request's check with the base's cache asks it for its items' part, any other check ends it.
    """
    with gc_paused():  # see gc_paused: the collector would rescan the loaded repository again and again
        return _run_check(root, today=today, select=select, repo=repo, ctx=ctx, cache=cache, focus=focus, history=history)


def scope_of(module: RuleModule) -> str:
    """``"file"`` when the module's findings on a file depend only on that file (and the configuration
    and date), so they can be cached by blob id and skipped for unchanged files; else ``"global"``.

    ``DATED = True``: cached per day.  ``CACHEABLE = False``: findings also depend on the file's own
    git history (``content_release_history``), so ``check --base`` may skip unchanged files, but the
    cache never serves them.
    """
    return "file" if getattr(module, "SCOPE", "global") == "file" else "global"


def per_file_parts(modules: list[RuleModule]) -> list[RuleModule]:
    """The per-file parts of checks that are otherwise not per-file, run and cached like per-file modules.

    The loader's references of content items (:data:`govreg.repository.CONTENT_REFERENCES`: an item's
    unit, read with every unit; its channel and column, with every site and account), and each rule module's
    ``PER_FILE_PART = (check, DEPENDS)``: a global rule's judgement of single items (``vendor_reviewer``:
    the items a vendor's staff signed, with every roster).  So no global rule reads content, and a pull
    request's check judges only its items and those its change reaches.
    """
    parts = [_part(f"govreg.repository:{name}", _on_repo(check), depends, dict(refers)) for name, check, depends, refers in repository_module.CONTENT_REFERENCES]
    for module in modules:
        declared = getattr(module, "PER_FILE_PART", None)
        if declared is not None:
            check, reads = declared
            parts.append(_part(f"{module.__name__}:items", check, reads, getattr(module, "PART_REFERS", {})))
    return parts


def _on_repo(check: Callable[[Repository], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
    def run(ctx: Context) -> Iterable[Finding]:
        return check(ctx.repo)

    return run


def _part(name: str, check: Callable[[Context], Iterable[Finding]], depends: tuple[str, ...], refers: dict[tuple[str, str], Any]) -> RuleModule:
    part = SimpleNamespace(__name__=name, __doc__=None, RULES=(), SCOPE="file", DEPENDS=depends, REFERS=refers, check=check)
    return cast(RuleModule, part)


def load_codes() -> frozenset[str]:
    """Codes of the findings loading gives a single record file (syntax, encoding, schema, stray or special file)."""
    codes = {repository_module.STRAY_FILE.code, loader_module.SPECIAL.code}
    for module in (loader_module, validation_module):
        for rule in getattr(module, "CATALOGUE", (getattr(module, "SCHEMA", None),)):
            if rule is not None:
                codes.add(rule.code)
    return frozenset(codes)


def in_record_folder(path: str) -> bool:
    return path.split("/", 1)[0] in repository_module.FOLDERS.values()


#: top-level folders whose changes cannot alter a per-file rule's findings on another file
#: (the site's pages, the monitor's data): besides the record folders; not the ledger, whose merge times date every item
_INERT = ("docs", "monitor-data", ".github")


def narrowable(changed: Collection[str]) -> bool:
    """Can a check be limited to ``changed`` (``check --base``)?  Not when the configuration, the code,
    the schemas or anything else that every file's findings depend on changed: then check everything."""
    return all(in_record_folder(p) or p.split("/", 1)[0] in _INERT for p in changed)


#: what a per-file group may depend on and still run while the content loads (all loaded before it)
_STREAMABLE = frozenset({"unit", "site", "account", "listing"})

Group = tuple[bool, bool, tuple[str, ...]]  # (dated, cacheable, depends)


def _run_check(
    root: Path,
    *,
    today: dt.date | None,
    select: Callable[[str], bool] | None,
    repo: Repository | None,
    ctx: Context | None,
    cache: CheckCache | None = None,
    focus: Collection[str] | None = None,
    history: HistoryProcess | None = None,
) -> Report:
    if ctx is not None:
        repo = ctx.repo
    day = today or today_default()
    cache_dir = cache.file.parent if cache is not None and cache.file is not None else None
    focused = (focus if isinstance(focus, Changes) else Changes(focus)) if focus is not None else None
    if repo is not None:  # loaded by the caller: every file is listed
        focused = completed(focused, repo)
    if focused is not None and cache is not None and cache.found:
        cache.scoped = True  # read, not written: its few new entries would cost a rewrite of the whole cache (an empty one is filled)
    usable = cache if select is None else None
    global_modules: list[RuleModule] = []
    groups: dict[Group, list[RuleModule]] = {}
    chosen = [m for m in rule_modules() if select is None or select(m.__name__.rsplit(".", 1)[-1])]
    for module in chosen + per_file_parts(chosen):
        if scope_of(module) != "file":
            global_modules.append(module)
            continue
        group = (bool(getattr(module, "DATED", False)), bool(getattr(module, "CACHEABLE", True)), depends_of(module))
        groups.setdefault(group, []).append(module)
    ordered = sorted(groups.items())
    stream = _Stream(day, cache_dir, [(g, m) for g, m in ordered if set(g[2]) <= _STREAMABLE], usable, focused)
    stream.all_groups = ordered
    lazy = repo is None and focused is not None and usable is not None and usable.file is not None  # a PR's check with the base's cache
    if history is not None and (not lazy or select is not None):
        history.close()  # not a pull request's check that loads the repository with the base's cache: the history is read whole, here
        history = None
    if repo is None:  # loaded here: the per-file rules run on each batch of content as it loads, then its text goes
        if history is not None:
            history.paths, stream.history = stream.content_loaded, history  # the other process sends the loaded items' part
            stream.patient = True  # a few items: what reads the history may wait for it, after the global rules
        elif select is None:
            stream.history = prefetch_history(root.resolve(), cache_dir)
        # cold (nothing cached: every file read): a second process may take a share of the content (govreg.split)
        offload = Split(stream.judge, stream.adopt, stream.ready) if (cache is None or cache.file is None) and workers() > 1 else None
        try:
            repo = load_repository(root, cache=cache, on_loaded=stream.batch, offload=offload, content_filter=stream.wanted if lazy else None)
        finally:
            if offload is not None:
                offload.close()
    if ctx is None:
        ctx = stream.ctx or Context(repo, day, cache_dir=cache_dir)
        if stream.history is not None:
            ctx.expect_history(stream.history)
    focused = stream.focus = completed(stream.focus, repo)
    findings = list(repo.findings)
    if focused is not None:
        per_file = load_codes()
        findings = [f for f in findings if f.path in focused or f.code not in per_file or not in_record_folder(f.path)]
    findings += unknown_sections(repo.root, repo.config, set(config_sections()))
    findings += extra_section_findings(repo.root, repo.config)
    late = stream.patient and stream.history is not None and not stream.history.done()  # still being read: judged last
    if not late:
        stream.flush()
    rest = [p for p in repo.entries if p not in stream.done] if stream.done else None
    streamed_groups = {group for group, _ in stream.groups}
    for group, modules in ordered:
        dated, cacheable, depends = group
        streamed = rest is not None and group in streamed_groups
        found = _per_file(ctx, modules, usable if cacheable else None, focused, ctx.today.isoformat() if dated else "", depends, within=rest if streamed else None)
        findings += stream.once(found, set(rest or ())) if streamed else found
    if stream.ctx is not None:  # the per-file rules are done: global rules read records, and a file's text only to locate a finding
        for entry in repo.entries.values():
            entry.thin()
        if not late:
            _forget_history(ctx, stream)
    for module in global_modules:
        findings.extend(_run_module(module, ctx))
    if late:  # the groups that read the history, on the few items of a pull request's check (their text is read again)
        stream.flush()
        _forget_history(ctx, stream)
    findings += stream.findings
    return _finish(repo, ctx, findings)


def _forget_history(ctx: Context, stream: _Stream) -> None:
    """Let go of the content's history once the per-file rules ran: only they read it (``content_release_history``).

    A global rule that asked for it would read it again.  The prefetch is waited for first, so no ``git``
    is left running behind the report, even when no rule asked for the history.
    """
    if stream.history is not None:
        stream.history.wait()
        stream.history = None
    for name in list(ctx.__dict__):
        if name in ("history", "_pending_history") or history_bound(name):
            del ctx.__dict__[name]


class _Stream:
    """The per-file rules of the groups that depend only on records loaded before them, run as the accounts
    and each batch of content load (:func:`govreg.repository.load_repository`); then the batch's text goes."""

    def __init__(
        self,
        day: dt.date,
        cache_dir: Path | None,
        groups: list[tuple[Group, list[RuleModule]]],
        cache: CheckCache | None,
        focus: Changes | None,
    ) -> None:
        self.day, self.cache_dir, self.groups, self.cache, self.focus = day, cache_dir, groups, cache, focus
        self.ctx: Context | None = None
        self.history: Prefetch[History] | HistoryProcess | None = None  # being read meanwhile
        self.bases: dict[tuple[str, ...], Repository] = {}  # per group's kinds: a view of them, once the content loads
        self.done: set[str] = set()
        self.deferred: list[tuple[Group, list[RuleModule], list[str]]] = []  # groups that read the history, on files loaded before it came
        self.findings: list[Finding] = []
        self.all_groups: list[tuple[Group, list[RuleModule]]] = []  # every per-file group, streamed or not
        self._finders: dict[str, list[Callable[[Any], Iterable[str]]]] | None = None  # every REFERS on content, by kind read
        self._seen: set[Finding] = set()  # findings not about a batch's files, reported once
        self.patient = False  # may the groups that read the history wait for it past the global rules (a PR's check)?

    def batch(self, repo: Repository, paths: list[str]) -> None:
        self.findings += self.judge(repo, paths)

    def judge(self, repo: Repository, paths: list[str]) -> list[Finding]:
        """The streamed groups' findings on ``paths``, just loaded (less those reported before); then their text goes."""
        found: list[Finding] = []
        self.context(repo)
        assert self.ctx is not None
        content = repo.entries[paths[0]].kind == "content"  # then everything else is loaded: one view of a group's kinds serves every batch
        if content:
            self.note_refers(repo, paths)
        if self.deferred and self.history is not None and self.history.done():
            self.flush()
        for group, modules in self.groups:
            dated, cacheable, depends = group
            if not cacheable and (not content or self.patient) and self.history is not None and not self.history.done():
                # it reads the history, which git is still reading: later, so that the content loads meanwhile (these
                # records stay loaded; only a content batch's text must be judged before it goes, unless the batch is
                # a pull request's few items, read again if need be)
                self.deferred.append((group, modules, list(paths)))
                continue
            base = None
            if content:
                base = self.bases.get(depends) or self.bases.setdefault(depends, repo.view((), _kinds(depends)))
            got = _per_file(
                self.ctx, modules, self.cache if cacheable else None, self.focus, self.day.isoformat() if dated else "", depends, within=paths, base=base
            )
            found += self.once(got, set(paths))
        for path in paths:
            repo.entries[path].thin()
        self.done.update(paths)
        return found

    def flush(self) -> None:
        """The deferred groups (see :meth:`judge`) run now, waiting for the history if need be."""
        deferred, self.deferred = self.deferred, []
        for (dated, _cacheable, depends), modules, paths in deferred:
            assert self.ctx is not None
            repo = self.ctx.repo
            got = _per_file(self.ctx, modules, None, self.focus, self.day.isoformat() if dated else "", depends, within=paths)
            self.findings += self.once(got, set(paths))
            for path in paths:
                repo.entries[path].thin()  # again, if a rule read a text

    def adopt(self, paths: list[str], found: list[Finding]) -> None:
        """``paths`` were judged by another process (:mod:`govreg.split`), with ``found``: as if judged here."""
        self.findings += self.once(found, set(paths))
        self.done.update(paths)

    def ready(self) -> bool:
        """May another process take a share of the content now?  Once the history is read (it inherits it: ``git log`` runs once)."""
        if self.history is None:
            return True
        if not self.history.done():
            return False
        self.history.wait()
        self.flush()  # here, not in both processes
        return True

    def wanted(self, repo: Repository, paths: list[str]) -> list[str]:
        """The content files a pull request's check loads (``load_repository``'s ``content_filter``): the changed
        ones and those its change reaches (:func:`also_judged`, from what the cache noted of the others)."""
        ctx = self.context(repo)
        assert self.focus is not None
        chosen = {p for p in paths if p in self.focus}
        for (_dated, _cacheable, depends), modules in self.all_groups:
            also = also_judged(ctx, modules, depends, self.focus, paths, self.cache)
            if also is None:
                return paths
            chosen |= also
        return [p for p in paths if p in chosen]

    def context(self, repo: Repository) -> Context:
        if self.ctx is None:
            self.focus = completed(self.focus, repo)  # every file is listed by now: the untracked ones join the change
            self.ctx = Context(repo, self.day, cache_dir=self.cache_dir)
            if self.history is not None:
                self.ctx.expect_history(self.history)
        return self.ctx

    def content_loaded(self) -> list[str]:
        """The content files this check loads (a pull request's: those it judges); every one before the filter."""
        if self.ctx is None:
            return []
        repo = self.ctx.repo
        return [path for path in repo.files if path.startswith("content/") and path not in repo.skipped]

    def note_refers(self, repo: Repository, paths: list[str]) -> None:
        """Note in the cache, per item, the ids it refers to by kind (every ``REFERS`` of every per-file module), so
        a pull request's check can tell which items a change reaches without loading them."""
        if self.cache is None or self.cache.file is None:
            return
        if self._finders is None:
            self._finders = {}
            for _group, modules in self.all_groups:
                for module in modules:
                    for (judged, read), find in getattr(module, "REFERS", {}).items():
                        if judged == "content":
                            self._finders.setdefault(read, []).append(find)
        finders = self._finders
        for path in paths:
            entry = repo.entries[path]
            if entry.record is None or not entry.blob or self.cache.note(REFERS_NOTE, path, entry.blob) is not None:
                continue
            noted = {read: {i for find in finds for i in find(entry.record)} for read, finds in finders.items()}
            self.cache.put_note(REFERS_NOTE, path, entry.blob, _note_text(noted))

    def once(self, found: list[Finding], judged: set[str]) -> list[Finding]:
        """``found`` less the findings not about the ``judged`` files (a rule's settings …) already reported."""
        out = []
        for finding in found:
            if finding.path in judged or finding not in self._seen:
                self._seen.add(finding)
                out.append(finding)
        return out


def depends_of(module: RuleModule) -> tuple[str, ...]:
    """What else than the file it judges a per-file module reads (``DEPENDS``): record kinds (``"unit"``, …)
    read whole, and ``"listing"``: which files exist under the root, and where its links lead (links and attachments)."""
    return tuple(sorted(getattr(module, "DEPENDS", ())))


def completed(focus: Changes | None, repo: Repository) -> Changes | None:
    """``focus`` with the untracked files of the folders git was not asked about (:meth:`Changes.completed`), from
    ``repo``'s listing: the load's walk found them."""
    if focus is None or not focus.unlisted:
        return focus
    return focus.completed(repo.files, [f.path for f in repo.findings if f.code == loader_module.SPECIAL.code])


def touched(focus: Collection[str], depends: Collection[str]) -> bool:
    """Does a change of the files ``focus`` reach what ``depends`` names?  A listing is reached when files were
    added, removed or linked (:class:`govreg.cache.Changes`; any change, for a plain set of paths); a kind,
    by a change in its folder."""
    if "listing" in depends and getattr(focus, "listing", True):
        return True
    folders = {repository_module.FOLDERS[k] for k in depends if k in repository_module.FOLDERS}
    return any(p.split("/", 1)[0] in folders for p in focus)


def also_judged(
    ctx: Context, modules: list[RuleModule], depends: tuple[str, ...], focus: Changes, candidates: Collection[str], cache: CheckCache | None = None
) -> set[str] | None:
    """The files of ``candidates`` outside ``focus`` whose findings of ``modules`` a change of ``focus`` may alter;
    ``None``: every one (:func:`touched`).

    A kind the modules read is reached by a change in its folder.  Then every file is judged again, unless
    each module declares in ``REFERS`` which records of that kind a file it judges reads:
    ``{(judged kind, read kind): function of the judged record → the ids it refers to}``.  Then only the
    valid records of the judged kind that refer to a changed id (as the changed files say now, as they said
    at the base, or as their names say) are judged again, and every file of another kind or not valid.

    A listing is reached when files were added or removed (:class:`govreg.cache.Changes`).  Then only the
    files that link to one of them, or into a folder that appeared or went, are judged again: what each
    file links to is noted by the rule (:func:`govreg.rules._shared.listed_paths`) and kept in ``cache``
    by blob id; a file without a note is judged again.  A changed link or type judges every file again.
    """
    if not touched(focus, depends):
        return set()
    entries = ctx.repo.entries
    out: set[str] = set()
    if "listing" in depends and focus.listing:
        reached = _listing_reached(ctx, focus, cache)
        if reached is None:
            return None
        notes = cache.noted(LISTED_NOTE) if cache is not None else {}
        files = ctx.repo.files
        for path in candidates:
            if path in focus:
                continue
            entry = entries.get(path)
            blob = entry.blob if entry is not None else files.get(path, "")
            hit = notes.get(path)
            if hit is None or not blob or hit[0] != blob or (hit[1] and any(reached(target) for target in json.loads(hit[1]))):
                out.add(path)  # no note for this content, or it links to what was added or removed
    for kind in _kinds(depends):
        folder = repository_module.FOLDERS[kind]
        changed = sorted(p for p in focus if p.split("/", 1)[0] == folder)
        if not changed:
            continue
        declared = [getattr(module, "REFERS", {}) for module in modules]
        ids = _changed_ids(ctx, focus, kind, changed)
        if ids is None or not all(any(read == kind for _, read in refers) for refers in declared):
            return None
        noted_only = all(("content", kind) in refers for refers in declared)  # what the cache noted of an item tells
        loaded = [path for path in candidates if path in entries]
        if len(loaded) < len(candidates):  # some not loaded (a pull request's check): what they refer to, as the cache noted it
            if noted_only:
                out |= _referring(ctx, cache, kind, ids, candidates)
            else:
                out.update(path for path in candidates if path not in entries)
        for path in loaded:
            entry = entries[path]
            finders = [refers.get((entry.kind, kind)) for refers in declared]
            if entry.record is None or None in finders or any(ids.intersection(find(entry.record)) for find in finders if find is not None):
                out.add(path)
    return out - focus


LISTED_NOTE = "listed"  # the cache's note of what a file links to (rules._shared.listed_paths), by its blob id alone
REFERS_NOTE = "refers"  # the cache's note of the ids an item refers to, by kind (every REFERS), by its blob id alone


def _listing_reached(ctx: Context, focus: Changes, cache: CheckCache | None) -> Callable[[str], bool] | None:
    """Does a change of what exists reach a path (lower case, from the root)?  ``None``: it may reach anything."""
    if focus.linked or cache is None or cache.file is None:
        return None
    memo: dict[str, Callable[[str], bool]] = ctx.__dict__.setdefault("_listing_reached", {})
    if "" not in memo:
        moved = {path.lower() for path in focus.moved}
        kept: set[str] = set()  # folders that still hold a file the change left alone
        for folder in {path.rpartition("/")[0].lower() for path in ctx.repo.files if path.lower() not in moved}:
            while folder and folder not in kept:
                kept.add(folder)
                folder = folder.rpartition("/")[0]
        gone_or_new = {parent for path in moved for parent in _parents(path) if parent not in kept}

        def reached(target: str) -> bool:
            return target in moved or any(parent in gone_or_new for parent in _parents(target))

        memo[""] = reached
    return memo[""]


def _parents(path: str) -> Iterator[str]:
    folder = path.rpartition("/")[0]
    while folder:
        yield folder
        folder = folder.rpartition("/")[0]


def _referring(ctx: Context, cache: CheckCache | None, kind: str, ids: set[str], candidates: Collection[str]) -> set[str]:
    """The items not loaded that refer to one of ``ids`` of ``kind`` or whose references the cache did not note
    (worked out once per check and kind: every group that reads the kind asks)."""
    memo: dict[str, set[str]] = ctx.__dict__.setdefault("_referring", {})
    if kind not in memo:
        entries, out = ctx.repo.entries, set()
        note, blob_of = (cache.noted(REFERS_NOTE) if cache is not None else {}).get, ctx.repo.files.get
        # a changed id as the notes write it (_note_text), looked for in one pass over each note
        written = re.compile("|".join(re.escape(json.dumps(i, ensure_ascii=False)) for i in sorted(ids))).search
        for path in candidates:
            hit = note(path)
            if hit is None or not hit[0] or hit[0] != blob_of(path):
                out.add(path)  # no note for this content
            elif hit[1] and written(hit[1]) and not ids.isdisjoint(json.loads(hit[1]).get(kind, ())):
                out.add(path)  # it refers to a changed id (a changed id written elsewhere in the note: read to be sure)
        memo[kind] = out.difference(entries)
    return memo[kind]


def _changed_ids(ctx: Context, focus: Changes, kind: str, changed: list[str]) -> set[str] | None:
    """Every id the changed files of ``kind`` have or had: their names, their records now, their ``id`` at the base."""
    if not focus.base or any("\n" in path for path in changed):
        return None  # a plain set of paths, or a name git cannot be asked for: what they said before is unknown
    memo: dict[tuple[str, ...], set[str]] = ctx.__dict__.setdefault("_changed_ids", {})
    key = (focus.base, *changed)
    if key not in memo:
        ids = {posixpath.splitext(posixpath.basename(path))[0] for path in changed}
        for path in changed:
            entry = ctx.repo.entries.get(path)
            now = getattr(entry.record, "id", None) if entry is not None else None
            if isinstance(now, str):
                ids.add(now)
        ids.update(was for was in ids_at(ctx.repo.root, focus.base, changed).values() if was is not None)
        memo[key] = ids
    return memo[key]


def _kinds(depends: tuple[str, ...]) -> list[str]:
    return [k for k in depends if k != "listing"]


def _in_order(todo: set[str], within: Collection[str] | None) -> Collection[str]:
    """``todo`` in the order of ``within`` (the repository's), when known: a view keeps the whole repository's order."""
    return todo if within is None else [p for p in within if p in todo]


def _depends_digest(ctx: Context, depends: tuple[str, ...]) -> str | None:
    """A digest of what ``depends`` names: the files of its kinds by blob id (``None`` when some file has none:
    edited, untracked), and the listing (:class:`govreg.cache.WorkTree`; ``None`` when unknown).

    Every file is listed before any is loaded (:func:`govreg.repository.load_repository`), so the digest
    is the same for each batch of content: it is worked out once per check.
    """
    if not depends:
        return ""
    memo: dict[tuple[str, ...], str | None] = ctx.__dict__.setdefault("_depends_digests", {})
    if depends not in memo:
        memo[depends] = _digest_of(ctx.repo, depends)
    return memo[depends]


def _digest_of(repo: Repository, depends: tuple[str, ...]) -> str | None:
    digest = hashlib.sha256()
    if "listing" in depends:  # what exists anywhere under the root, not what the files say
        if not repo.listing:
            return None
        digest.update(f"listing\0{repo.listing}\0".encode())
    folders = {repository_module.FOLDERS[k] for k in depends if k in repository_module.FOLDERS}
    if folders:
        for path, blob in repo.files.items():
            if path.split("/", 1)[0] in folders:
                if not blob:
                    return None
                digest.update(f"{path}\0{blob}\0".encode())
    return digest.hexdigest()


def _view_context(ctx: Context, view: Repository) -> Context:
    """A context on ``view`` sharing the check's lazy helpers (history, calendar, time) and configuration memo."""
    made = Context(view, ctx.today, cache_dir=ctx.cache_dir)
    made.__dict__.update(_shared_state(ctx))
    return made


def _shared_state(ctx: Context) -> dict[str, Any]:
    return {k: v for k, v in ctx.__dict__.items() if k not in ("repo", "today", "cache_dir") and not repository_bound(k)}


def _run_module(module: RuleModule, ctx: Context) -> list[Finding]:
    try:
        return list(module.check(ctx))
    except Exception as exc:  # a bug in one rule must not hide the others' findings
        short = module.__name__.rsplit(".", 1)[-1]
        return [RULE_CRASHED("", module=short, error=f"{type(exc).__name__}: {exc}")]


def _per_file(
    ctx: Context,
    modules: list[RuleModule],
    cache: CheckCache | None,
    focus: Changes | None,
    day: str,
    depends: tuple[str, ...] = (),
    *,
    within: Collection[str] | None = None,
    base: Repository | None = None,
) -> list[Finding]:
    """Run per-file rule modules on the files that need it; reuse the cached findings of the others.

    A file needs it when it is in ``focus`` (with ``focus``; every file when the change reaches what the
    modules ``depends`` on), or else when the cache has nothing for its blob id, the ``day`` (dated rules)
    and the digest of what they depend on.  Findings on a file are stored located (line and column
    filled), before severity overrides, which the configuration's fingerprint already covers.
    ``within``: only these files are judged (default: every record file); ``base``: the view of what the
    modules depend on, to extend with the files judged (see :meth:`Repository.view`).
    """
    if not modules:
        return []
    repo = ctx.repo
    out: list[Finding] = []
    namespace = f"\0{'dated' if day else ''}|{','.join(depends)}"
    digest = _depends_digest(ctx, depends) if cache is not None and focus is None else None
    key = f"{day}|{digest}"
    candidates: Collection[str] = repo.entries if within is None else within
    todo: set[str] | None
    if focus is not None:
        also = also_judged(ctx, modules, depends, focus, candidates, cache)
        if also is None:
            todo = None if within is None else set(within)
        else:
            judged = repo.entries if within is None else set(within)
            todo = {p for p in focus if p in judged} | also
    elif cache is not None and cache.file is not None and digest is not None:
        todo = set()
        listing = "listing" in depends
        for path in candidates:
            entry = repo.entries[path]
            got = cache.file_findings(path + namespace, entry.blob, key) if entry.blob else None
            if got is None:
                todo.add(path)
            else:
                out.extend(got)
                if listing:
                    cache.keep_note(LISTED_NOTE, path)  # what it links to, noted when it was judged: kept for a PR's check
    else:
        todo = None if within is None else set(within)
    ran: set[tuple[str, ...]] = ctx.__dict__.setdefault("_groups_ran", set())
    names = tuple(module.__name__ for module in modules)
    if todo is not None and not todo and names in ran:
        return out  # nothing to judge here, and what the modules say of their settings was said when they first ran
    ran.add(names)
    view_ctx = ctx if todo is None else _view_context(ctx, repo.view(_in_order(todo, within), _kinds(depends), base=base))
    made: dict[str, list[Finding]] = {p: [] for p in (todo if todo is not None else repo.entries)}
    for module in modules:
        for finding in _run_module(module, view_ctx):
            bucket = made.get(finding.path)
            if bucket is None:
                out.append(finding)  # not about one record file (e.g. the rule's settings): never cached
            else:
                bucket.append(repo.locate(finding))
    if view_ctx is not ctx:
        ctx.__dict__.update(_shared_state(view_ctx))  # a history or calendar read in the view serves the rest
    noted: dict[str, frozenset[str]] = ctx.__dict__.get(LISTED, {})
    for path, found in made.items():
        out.extend(found)
        entry = repo.entries[path]
        if cache is not None and focus is None and digest is not None and entry.blob:
            cache.put_file_findings(path + namespace, entry.blob, key, found)
        links = noted.pop(path, None)
        if links is not None and cache is not None and entry.blob:
            cache.put_note(LISTED_NOTE, path, entry.blob, _note_text(links))
    return out


def _note_text(values: Collection[str] | dict[str, set[str]]) -> str:
    """A note kept in the cache for every item (what it links to; the ids it refers to, by kind) as one JSON
    string, "" when empty: read back for a city's 20,000 items at each pull request's check, a string is a
    few times cheaper to unpickle than sets and mappings, and a changed id is looked for in it as written."""
    if isinstance(values, dict):
        kept = {kind: sorted(ids) for kind, ids in sorted(values.items()) if ids}
        return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) if kept else ""
    return json.dumps(sorted(values), ensure_ascii=False, separators=(",", ":")) if values else ""


def _finish(repo: Repository, ctx: Context, findings: list[Finding]) -> Report:
    overrides = repo.config.severity
    articles = repo.config.city.articles  # another city's measures number their articles differently
    final: list[Finding] = []
    for finding in findings:
        level = overrides.get(finding.code)
        if level == "off":
            continue
        if level is not None:
            finding = replace(finding, severity=Severity(level))
        if finding.code in articles:
            finding = replace(finding, article=articles[finding.code])
        final.append(repo.locate(finding))
    final.sort(key=sort_key)
    counts = Counter(f.severity.value for f in final)
    stats: dict[str, Any] = {
        "files": len(repo.entries) + len(repo.skipped),  # a pull request's check: the items it did not load count as they were
        "units": len(repo.units),
        "accounts": len(repo.accounts),
        "sites": len(repo.sites),
        "content": len(repo.content) + len(repo.skipped),
        "messages": len(repo.messages),
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "infos": counts.get("info", 0),
        "today": ctx.today.isoformat(),
    }
    return Report(repo.root, final, stats)
