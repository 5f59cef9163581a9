"""The repository as data: every record loaded, validated and indexed.

Loading never raises on bad input: each file that cannot be read or does not
match its model becomes findings, and the rest of the repository still loads.
Referential integrity (ids unique, references resolve, paths agree with ids)
is judged here too, since every later rule relies on it.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import filepolicy
from .cache import CheckCache, WorkTree
from .config import Config, load_config
from .findings import Finding, Rule, Severity
from .loader import SPECIAL, Document, load_markdown_record, load_yaml_record, locate
from .models import MODELS, Account, ContentItem, Message, Person, Record, Site, Unit
from .models_supervision import REPORT_SUFFIXES, SUPERVISION_FOLDERS, ArchivedReport, Handover, Incident, OpinionEvent, Rectification
from .validation import validate

FOLDERS = {"unit": "units", "site": "sites", "account": "accounts", "content": "content", "message": "messages", **SUPERVISION_FOLDERS}

DUPLICATE_ID = Rule(
    "duplicate-id",
    "id 重复",
    "{kind} id「{id}」与 {other} 重复",
    hint="每条记录的 id 必须唯一；请改用一个新的 id（文件名也要随之修改）。",
)
PATH_MISMATCH = Rule(
    "path-mismatch",
    "文件位置与 id 不符",
    "{detail}",
    hint="文件应放在 {expected}；请移动或重命名文件，或改正 id。",
)
UNKNOWN_REFERENCE = Rule(
    "unknown-reference",
    "引用的记录不存在",
    "「{field}」引用的{kind}「{ref}」不存在",
    hint="请检查拼写；可用的{kind} id 见 {folder}/ 目录。",
)
UNKNOWN_PLATFORM = Rule(
    "account-unknown-platform",
    "平台不在清单中",
    "平台「{platform}」不在 config/platforms.yaml 的平台清单中",
    hint="请从清单中选择平台 id（如 wechat、weibo、douyin）；新平台请先由政务公开办加入清单。",
)
STRAY_FILE = Rule(
    "stray-file",
    "无法识别的文件",
    "{detail}",
    severity=Severity.warning,
    hint="记录文件应为 .yaml(units/、sites/、accounts/)或 .md(content/)；其他文件请移出这些目录。",
)
DUPLICATE_PERSON = Rule(
    "person-duplicate",
    "人员重复",
    "人员 id「{id}」重复（另见 {other}）",
    article="第五条",
    hint="同一人只登记一次；如一人多职，请在 roles 中列出多个角色。",
)
MISSING_COLUMN = Rule(
    "content-missing-column",
    "缺少栏目",
    "发布渠道是网站，但没有填写栏目 column",
    hint="请在 column 中填写网站栏目的 id（见 sites/ 下该网站文件的 columns）。",
)
CATALOGUE = (DUPLICATE_ID, PATH_MISMATCH, UNKNOWN_REFERENCE, UNKNOWN_PLATFORM, STRAY_FILE, DUPLICATE_PERSON, MISSING_COLUMN)

ATTACHMENT_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ofd",
    ".zip",
    ".wps",
    ".et",
    ".txt",
    ".csv",
    ".mp4",
}


@dataclass(slots=True)
class Entry:
    """A record file: its document as read and, when valid, its model."""

    kind: str
    doc: Document
    record: Any = None
    blob: str = ""  # git's blob id of the file when it is tracked and unmodified (see govreg.cache), else ""
    scan: Any = None  # a content item's text as the rules scan it (rules._content.content_texts), shared by every view

    @property
    def path(self) -> str:
        return self.doc.path

    def thin(self) -> None:
        """Let go of the file's text, data and scan (:meth:`Document.thin`): read again from disk if asked for."""
        self.doc, self.scan = self.doc.thin(), None


@dataclass
class Repository:
    root: Path
    config: Config
    entries: dict[str, Entry] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)
    sites: dict[str, Site] = field(default_factory=dict)
    content: dict[str, ContentItem] = field(default_factory=dict)  # by path
    messages: dict[str, Message] = field(default_factory=dict)  # by id (messages/<assigned_unit>/<id>.yaml)
    # the supervision cycle, by id (<folder>/<unit>/<id>.yaml): see models_supervision
    rectifications: dict[str, Rectification] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    opinions: dict[str, OpinionEvent] = field(default_factory=dict)
    handovers: dict[str, Handover] = field(default_factory=dict)
    reports: dict[str, ArchivedReport] = field(default_factory=dict)  # reports/<kind>/<id>.yaml
    paths: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) -> path
    people: dict[str, tuple[Unit, Person]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)  # regular non-Markdown files under content/, by path
    files: dict[str, str] = field(default_factory=dict)  # every regular file in the record folders → git blob id, or "" (edited, untracked)
    listing: str = ""  # a digest of what exists under the root (govreg.cache.WorkTree), "" when unknown (no cache, no git)
    skipped: frozenset[str] = frozenset()  # content files listed but not loaded (load_repository's ``content_filter``)

    # ------------------------------------------------------------ lookups
    def path_of(self, kind: str, record_id: str) -> str:
        return self.paths.get((kind, record_id), "")

    def person(self, person_id: str) -> Person | None:
        hit = self.people.get(person_id)
        return hit[1] if hit else None

    def unit_of_person(self, person_id: str) -> Unit | None:
        hit = self.people.get(person_id)
        return hit[0] if hit else None

    def channel(self, channel_id: str) -> Site | Account | None:
        return self.sites.get(channel_id) or self.accounts.get(channel_id)

    def content_items(self) -> Iterator[tuple[str, ContentItem]]:
        return iter(self.content.items())

    def view(self, paths: Collection[str], kinds: Collection[str] = (), *, base: Repository | None = None) -> Repository:
        """The same repository seen through ``paths`` only (and every record of ``kinds``, e.g. ``("unit",)``).

        What a per-file rule (``SCOPE = "file"``) is given: the files it judges, plus the kinds it declares
        it reads (``DEPENDS``).  Records, entries and indexes of other files are absent, so a rule that
        reads another file than it declares finds nothing there (and the differential test of
        ``check --base`` catches it); the configuration, root and attachment list are shared.
        ``base``: a view of ``kinds`` alone (``view((), kinds)``) made earlier, to extend with ``paths``
        rather than look through every file again (the check makes one per batch of content).
        """
        if base is not None:
            view = base.copy()
            for path in paths:
                self._show(view, path)
            return view
        keep = set(paths)
        if kinds:
            wanted = {FOLDERS[k] for k in kinds if k in FOLDERS}
            keep.update(p for p in self.entries if p.split("/", 1)[0] in wanted)
        view = Repository(root=self.root, config=self.config, attachments=self.attachments, files=self.files, listing=self.listing)
        for path in self.entries:  # the whole repository's order: rules see files as a full check does
            if path in keep:
                self._show(view, path)
        return view

    def copy(self) -> Repository:
        """A copy whose tables can be added to without changing this one's (the records are shared)."""
        made = Repository(root=self.root, config=self.config, attachments=self.attachments, files=self.files, listing=self.listing)
        for name in _VIEW_TABLES:
            setattr(made, name, dict(getattr(self, name)))
        return made

    def _show(self, view: Repository, path: str) -> None:
        entry = self.entries[path]
        view.entries[path] = entry
        model = entry.record
        if entry.kind == "content":
            if isinstance(model, ContentItem) and path in self.content:
                view.content[path] = model
            return
        record_id = getattr(model, "id", None)
        if record_id is None or self.paths.get((entry.kind, record_id)) != path:
            return  # invalid, or a duplicate id: not indexed in the whole repository either
        view.paths[(entry.kind, record_id)] = path
        if isinstance(model, Unit):
            view.units[record_id] = model
            for person in model.people:
                hit = self.people.get(person.id)
                if hit is not None and hit[0] is model:
                    view.people[person.id] = hit
        else:
            table = _table(view, model)
            if table is not None:
                table[record_id] = model

    def locate(self, finding: Finding) -> Finding:
        """Fill in line and column from ``finding.loc`` when the rule did not know them."""
        if finding.line is not None or not finding.loc:
            return finding
        entry = self.entries.get(finding.path)
        if entry is None or not entry.doc.text:
            return finding
        doc = entry.doc
        text = doc.text
        if doc.data_line_offset:  # Markdown: only the front matter is YAML
            end = doc.body_line - 2
            text = "\n".join(text.split("\n")[1 : max(end, 1)])
        where = locate(text, finding.loc, doc.data_line_offset)
        return finding.at(*where) if where else finding


def _suffix(rel: str) -> str:
    """``os.path.splitext(rel)[1].lower()`` for a path with ``/`` separators, without its generality (once per file listed)."""
    name = rel[rel.rfind("/") + 1 :]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 and name[:dot].strip(".") else ""


def _walk(root: Path, folder: str, findings: list[Finding]) -> Iterator[str]:
    """Regular files under ``folder``; links, devices and FIFOs become ``file-special`` findings, unread."""
    for rel, kind in filepolicy.walk(root, folder):
        if kind is None:
            yield rel
        else:
            findings.append(SPECIAL(rel, what=filepolicy.KIND_NAMES.get(kind, filepolicy.KIND_NAMES["other"])))


def _policy_elsewhere(root: Path) -> list[Finding]:
    """The file policy outside the record folders: docs/, config/, tools/ … (the site build reads them)."""
    out: list[Finding] = []
    try:
        with os.scandir(root) as it:
            tops = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError:
        return out
    for name in tops:
        if name in FOLDERS.values() or name in filepolicy.SKIP_DIRS:
            continue
        for special in filepolicy.specials(root, [name]):
            out.append(SPECIAL(special.path, what=special.name))
    return out


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (nesting is fine).

    Loading keeps about a million small objects alive and makes no reference cycles;
    the collector's repeated full passes over them cost more than the parsing itself
    (1.5 s of 4.3 s at city scale, tools/bench/bench_check.py).  Reference counting
    still frees everything that is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: the tables a view holds (see Repository.view and Repository.copy)
_VIEW_TABLES = ("entries", "units", "accounts", "sites", "content", "messages", "rectifications", "incidents", "opinions", "handovers", "reports", "paths", "people")

#: content files loaded between two calls of ``load_repository``'s ``on_loaded``
CONTENT_BATCH = 2000
#: the kinds ``on_loaded`` is called for: the accounts once all are loaded, the content batch by batch
BATCHED = ("account", "content")

LoadedHook = Callable[["Repository", list[str]], None]


ContentFilter = Callable[["Repository", list[str]], list[str]]
#: a check that loads at most this many content files parses them rather than read the cache's content records
#: (about 0.15 ms a file against 0.3 s for a city's 20,000 records)
PARSE_RATHER_THAN_READ = 1000


def load_repository(
    root: Path,
    kinds: Collection[str] | None = None,
    *,
    cache: CheckCache | None = None,
    on_loaded: LoadedHook | None = None,
    content_filter: ContentFilter | None = None,
    offload: Offload | None = None,
) -> Repository:
    """Load every record (or only the record ``kinds`` given, e.g. ``("unit", "account")`` for an export).

    With ``cache`` (a whole-repository load only), unchanged tracked files come from it by blob id
    and newly parsed ones are added to it; the caller saves it.

    ``on_loaded(repo, paths)`` is called once all accounts are loaded, with their paths, then after
    each batch of content files, with the repository as loaded so far: every file listed (``files``,
    ``attachments``), every other record loaded before the content, and the content up to this
    batch (the check runs its per-file rules there, then lets go of the batch's text:
    :meth:`govreg.loader.Document.thin`).

    ``content_filter(repo, paths)``, called once every other record is loaded, chooses which content
    files to load (a pull request's check: its items and those its change reaches).  The others are
    listed (``files``) but not loaded (``skipped``), and must not be needed: no global rule reads content
    (the items an opinion names are loaded whatever it chooses).

    ``offload`` (:class:`Offload`) may hand a share of the content to another process; the files come
    back into the repository in their place, before anything else is judged (:mod:`govreg.split`).
    """
    with gc_paused():
        return _load_repository(root, kinds, cache if kinds is None else None, on_loaded, offload, content_filter)


def _load_repository(
    root: Path,
    kinds: Collection[str] | None,
    cache: CheckCache | None = None,
    on_loaded: LoadedHook | None = None,
    offload: Offload | None = None,
    content_filter: ContentFilter | None = None,
) -> Repository:
    root = root.resolve()
    config, findings = load_config(root)
    repo = Repository(root=root, config=config, findings=findings)
    listed: list[tuple[str, str, list[str]]] = []  # (kind, folder, record files): every file is listed before any is loaded
    for kind, folder in FOLDERS.items():
        if kinds is not None and kind not in kinds:
            continue
        records: list[str] = []
        for rel in _walk(root, folder, repo.findings):
            repo.files[rel] = ""
            suffix = _suffix(rel)
            if kind == "content":
                if suffix != ".md":
                    if suffix not in ATTACHMENT_SUFFIXES:
                        repo.findings.append(STRAY_FILE(rel, detail="content/ 中只应有 .md 信息文件及其图片、附件"))
                    else:
                        repo.attachments.append(rel)
                    continue
            elif kind == "report" and suffix in REPORT_SUFFIXES:
                continue  # the report's own files, listed in its record
            elif suffix not in (".yaml", ".yml"):
                repo.findings.append(STRAY_FILE(rel, detail=f"{folder}/ 中只应有 .yaml 记录文件"))
                continue
            records.append(rel)
        listed.append((kind, folder, records))
        repo.stats[folder] = len(records)
    # the blob ids, which git was asked for when the cache opened: read once the folders are walked, the two side by side
    blobs = cache.work_tree(root) if cache is not None and cache.file is not None else WorkTree()  # only a cache uses them (70 MiB at 10x the city)
    repo.listing = blobs.listing
    if blobs:
        repo.files = {rel: blobs.get(rel, "") for rel in repo.files}
    # units, sites and accounts before the content, so that a batch of content sees them whole
    listed.sort(key=lambda item: item[0] == "content")
    for kind, _folder, records in listed:
        source = cache
        if kind == "content" and content_filter is not None:
            named = content_named(repo)
            chosen = set(content_filter(repo, records)) | named
            repo.skipped = frozenset(p for p in records if p not in chosen)
            records = [p for p in records if p in chosen]
            if len(records) <= PARSE_RATHER_THAN_READ and cache is not None and not cache.content_read:
                source = None  # a few items: parsed, rather than read with all the others from the cache
        load_records(repo, kind, records, cache=source, blobs=blobs, on_loaded=on_loaded if kind in BATCHED else None,
                     offload=offload if kind == "content" else None)
    if kinds is None:
        seen = {f.path for f in repo.findings if f.code == SPECIAL.code}
        repo.findings.extend(f for f in _policy_elsewhere(root) if f.path not in seen)
    repo.findings.extend(_integrity(repo))
    return repo


class Offload(Protocol):
    """Another process loads and judges part of the content meanwhile (:class:`govreg.split.Split`)."""

    def take(self, repo: Repository, kind: str, records: list[str], loaded: int, pending: int) -> int | None:
        """Asked before each ``OFFLOAD_STEP`` files, ``records[:loaded]`` being loaded (the last ``pending`` of them
        not yet handed to ``on_loaded``): how many of ``records`` this process loads (the rest are left to the
        other), or ``None`` to go on and be asked again."""

    def collect(self, repo: Repository, kind: str, records: list[str], stop: int, on_loaded: LoadedHook | None) -> None:
        """This process loaded ``records[:stop]``: the rest, added to ``repo`` in order (:func:`add_record`) as if
        loaded here, ``on_loaded``'s work on them done (loaded here after all what the other process did not send)."""


#: how often (in files) ``load_records`` asks its ``offload`` whether to hand off the rest
OFFLOAD_STEP = 64


def load_records(
    repo: Repository,
    kind: str,
    records: list[str],
    *,
    cache: CheckCache | None = None,
    blobs: dict[str, str] | None = None,
    on_loaded: LoadedHook | None = None,
    offload: Offload | None = None,
) -> None:
    """Load ``records`` (files of ``kind``) into ``repo`` in order; ``on_loaded`` after each batch (see
    :func:`load_repository`), and ``offload`` asked every ``OFFLOAD_STEP`` files whether to hand off the rest."""
    blobs = blobs or {}
    batch: list[str] = []
    end = len(records)
    asking = offload is not None
    i = 0
    while i < end:
        if asking and offload is not None and i % OFFLOAD_STEP == 0:
            kept = offload.take(repo, kind, records, i, len(batch))
            if kept is not None:
                asking, end = False, max(i, min(kept, end))
                if end == i:
                    break
        rel = records[i]
        i += 1
        blob = blobs.get(rel, "")
        entry, more = load_record(repo, kind, rel, cache=cache, blob=blob)
        add_record(repo, rel, entry, more)
        if on_loaded is not None:
            batch.append(rel)
            if kind == "content" and len(batch) >= CONTENT_BATCH:
                on_loaded(repo, batch)
                batch = []
    if batch and on_loaded is not None:
        on_loaded(repo, batch)
    if offload is not None:
        offload.collect(repo, kind, records, end, on_loaded)


def load_record(repo: Repository, kind: str, rel: str, *, cache: CheckCache | None = None, blob: str = "") -> tuple[Entry, list[Finding]]:
    """One record file read and validated (or, by its ``blob`` id, taken from ``cache``): its entry and its validation's findings."""
    cached = cache.record(rel, blob) if cache is not None and blob else None
    if cached is not None:
        doc, model, more = cached
    else:
        max_bytes = repo.config.max_file_bytes
        doc = load_markdown_record(repo.root, rel, max_bytes) if kind == "content" else load_yaml_record(repo.root, rel, max_bytes)
        model, more = validate(MODELS[kind], doc.data, rel) if doc.data is not None else (None, [])
        if cache is not None and blob:
            cache.put_record(rel, blob, (doc, model, more))
    return Entry(kind, doc, model, blob), more


def add_record(repo: Repository, rel: str, entry: Entry, more: list[Finding]) -> None:
    """Add a loaded record file to ``repo``: its entry, its loading findings (the document's, then ``more``), its indexes."""
    repo.entries[rel] = entry
    repo.findings.extend(entry.doc.findings)
    repo.findings.extend(more)
    if isinstance(entry.record, Record):
        _index(repo, entry.kind, rel, entry.record)


def _index(repo: Repository, kind: str, rel: str, model: Record) -> None:
    if kind == "content":
        assert isinstance(model, ContentItem)
        repo.content[rel] = model
        return
    if not isinstance(model, (Unit, Account, Site, Message, *_CYCLE)):
        return
    record_id: str = getattr(model, "id")  # noqa: B009  (every indexed kind has an id)
    key = (kind, record_id)
    if key in repo.paths:
        repo.findings.append(DUPLICATE_ID(rel, loc=("id",), kind=kind, id=record_id, other=repo.paths[key]))
        return
    repo.paths[key] = rel
    if isinstance(model, Unit):
        repo.units[record_id] = model
        for i, person in enumerate(model.people):
            if person.id in repo.people:
                other_unit = repo.people[person.id][0].id
                repo.findings.append(DUPLICATE_PERSON(rel, loc=("people", i, "id"), id=person.id, other=repo.path_of("unit", other_unit)))
                continue
            repo.people[person.id] = (model, person)
    else:
        table = _table(repo, model)
        if table is not None:
            table[record_id] = model


def _table(repo: Repository, model: Record) -> dict[str, Any] | None:
    """The index of ``repo`` that holds records like ``model`` (units aside: they also index people)."""
    if isinstance(model, Account):
        return repo.accounts
    if isinstance(model, Site):
        return repo.sites
    if isinstance(model, Message):
        return repo.messages
    name = _CYCLE.get(type(model))
    return getattr(repo, name) if name is not None else None


#: supervision-cycle model → its index on Repository
_CYCLE: dict[type[Record], str] = {
    Rectification: "rectifications", Incident: "incidents", OpinionEvent: "opinions", Handover: "handovers", ArchivedReport: "reports",
}


def _ref(repo: Repository, path: str, loc: tuple[str | int, ...], kind: str, ref: str | None) -> Iterable[Finding]:
    if ref is None:
        return
    tables: dict[str, dict[str, Any]] = {"unit": repo.units, "site": repo.sites, "account": repo.accounts}
    table = tables[kind]
    if ref not in table:
        names = {"unit": "单位", "site": "网站", "account": "账号"}
        yield UNKNOWN_REFERENCE(path, loc=loc, field=".".join(map(str, loc)), kind=names[kind], ref=ref, folder=FOLDERS[kind])


def _expected_path(kind: str, record_id: str, record: object) -> str:
    """Where the record ``record_id`` of ``kind`` belongs (only the fields its kind's layout names are read:
    asking a pydantic model for a field it lacks is slow, and this runs for every record of every check)."""
    if kind == "unit":
        return f"units/{record_id}.yaml"
    if kind == "site":
        return f"sites/{record_id}.yaml"
    if kind == "account":
        return f"accounts/{getattr(record, 'owner', '')}/{record_id}.yaml"
    if kind == "message":
        return f"messages/{getattr(record, 'assigned_unit', '')}/{record_id}.yaml"
    if kind == "report":
        return f"reports/{getattr(getattr(record, 'kind', ''), 'value', '')}/{record_id}.yaml"
    return f"{SUPERVISION_FOLDERS[kind]}/{getattr(record, 'unit', '')}/{record_id}.yaml"


def _integrity(repo: Repository) -> Iterator[Finding]:
    for (kind, record_id), path in repo.paths.items():
        record = repo.entries[path].record
        stem = os.path.splitext(path)[0]
        expected = _expected_path(kind, record_id, record)
        if stem != os.path.splitext(expected)[0]:
            yield PATH_MISMATCH(path, loc=("id",), detail=f"文件位置 {path} 与记录的 id「{record_id}」不符", expected=expected)
    for unit in repo.units.values():
        path = repo.path_of("unit", unit.id)
        if unit.parent:
            yield from _ref(repo, path, ("parent",), "unit", unit.parent)

    for account in repo.accounts.values():
        path = repo.path_of("account", account.id)
        yield from _ref(repo, path, ("owner",), "unit", account.owner)
        platform = repo.config.platform(account.platform)
        if repo.config.platforms and platform is None:
            yield UNKNOWN_PLATFORM(path, loc=("platform",), platform=account.platform)
    for site in repo.sites.values():
        path = repo.path_of("site", site.id)
        yield from _ref(repo, path, ("owner",), "unit", site.owner)
        for i, column in enumerate(site.columns):
            yield from _ref(repo, path, ("columns", i, "responsible_unit"), "unit", column.responsible_unit)
    for message in repo.messages.values():
        path = repo.path_of("message", message.id)
        yield from _ref(repo, path, ("assigned_unit",), "unit", message.assigned_unit)
        if message.channel not in repo.sites and message.channel not in repo.accounts:
            yield UNKNOWN_REFERENCE(path, loc=("channel",), field="channel", kind="网站或账号", ref=message.channel, folder="sites/ 或 accounts/")
    yield from _cycle_integrity(repo)


def content_named(repo: Repository) -> set[str]:
    """The content files other records name (the items of an opinion event): the global checks read them."""
    return {item for opinion in repo.opinions.values() for item in opinion.items}


def content_unit_references(repo: Repository) -> Iterator[Finding]:
    """Each content item's unit exists.  Judged item by item with every unit (see :data:`CONTENT_REFERENCES`)."""
    for path, item in repo.content.items():
        yield from _ref(repo, path, ("unit",), "unit", item.unit)


def content_channel_references(repo: Repository) -> Iterator[Finding]:
    """Each content item's channel (a site or an account) exists, and so does the site's column.

    Judged item by item, with every site and account (see :data:`CONTENT_REFERENCES`).
    """
    for path, item in repo.content.items():
        if item.channel not in repo.sites and item.channel not in repo.accounts:
            yield UNKNOWN_REFERENCE(
                path, loc=("channel",), field="channel", kind="网站或账号", ref=item.channel, folder="sites/ 或 accounts/"
            )
        channel_site = repo.sites.get(item.channel)
        if channel_site is not None:
            if item.column is None:
                yield MISSING_COLUMN(path, loc=("channel",))
            elif item.column not in {c.id for c in channel_site.columns}:
                yield UNKNOWN_REFERENCE(
                    path,
                    loc=("column",),
                    field="column",
                    kind=f"「{channel_site.name}」栏目",
                    ref=item.column,
                    folder=repo.path_of("site", channel_site.id) + " 的 columns",
                )


def _unit_of(item: ContentItem) -> tuple[str]:
    return (item.unit,)


def _channel_of(item: ContentItem) -> tuple[str]:
    return (item.channel,)


#: The references of each content item, judged item by item: the check runs them as per-file parts
#: (:func:`govreg.engine.per_file_parts`), so a pull request's check judges only its items and the items
#: that refer to what it changed.  Each: (name, check, what it reads besides the item, which records of it).
CONTENT_REFERENCES: tuple[tuple[str, Callable[[Repository], Iterator[Finding]], tuple[str, ...], dict[tuple[str, str], Callable[[ContentItem], tuple[str]]]], ...] = (
    ("content_unit_references", content_unit_references, ("unit",), {("content", "unit"): _unit_of}),
    ("content_channel_references", content_channel_references, ("account", "site"), {("content", "site"): _channel_of, ("content", "account"): _channel_of}),
)


def _cycle_integrity(repo: Repository) -> Iterator[Finding]:
    """References of the supervision-cycle records: units, sites and accounts, people, content items."""
    for kind, table in (("rectification", repo.rectifications), ("incident", repo.incidents), ("opinion", repo.opinions), ("handover", repo.handovers)):
        for record in table.values():
            path = repo.path_of(kind, record.id)
            yield from _ref(repo, path, ("unit",), "unit", record.unit)
            channels: list[str] = list(getattr(record, "affects", None) or getattr(record, "channels", None) or [])
            field_name = "affects" if isinstance(record, Incident) else "channels"
            for i, ref in enumerate(channels):
                if ref not in repo.sites and ref not in repo.accounts:
                    yield UNKNOWN_REFERENCE(path, loc=(field_name, i), field=f"{field_name}.{i}", kind="网站或账号", ref=ref, folder="sites/ 或 accounts/")
            if isinstance(record, OpinionEvent):
                for i, item in enumerate(record.items):
                    if item not in repo.content:
                        yield UNKNOWN_REFERENCE(path, loc=("items", i), field=f"items.{i}", kind="信息", ref=item, folder="content/")
            if isinstance(record, Handover):
                for i, account in enumerate(record.accounts):
                    yield from _ref(repo, path, ("accounts", i), "account", account)
    for report in repo.reports.values():
        path = repo.path_of("report", report.id)
        folder = path.rsplit("/", 1)[0]
        for i, name in enumerate(report.files):
            if not (repo.root / folder / name).is_file():
                yield UNKNOWN_REFERENCE(path, loc=("files", i), field=f"files.{i}", kind="报告文件", ref=name, folder=folder + "/")
