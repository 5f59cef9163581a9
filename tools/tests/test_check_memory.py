"""A check holds a province in little memory (issue 19, target 3): what makes that so, tested.

- The per-file rules run on the accounts once loaded and on each batch of content as it loads;
  then the batch's text, data and body are let go (:meth:`Document.thin`), and every other file's
  once its per-file rules ran, before the global rules.  A file is read again from disk only if
  asked for (a global rule's finding to locate).  The report is the same as a check that keeps everything.
- A Markdown body is the tail of its text, not a second copy.
- Records that set the same fields share one set of their names; short strings are interned.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from govreg import engine
from govreg import repository as repository_module
from govreg.cache import CheckCache
from govreg.loader import Document, load_markdown_record, load_yaml_record
from govreg.models import ContentItem
from govreg.repository import Repository, load_repository

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("memory") / "repo"
    generate(root, seed=5, units=4, accounts=12, sites=2, content=30)
    items = sorted((root / "content").rglob("*.md"))
    rng = random.Random(5)
    # a per-file finding late in the content (a later batch) and a loading finding a global pass locates
    with items[-3].open("a", encoding="utf-8") as out:
        out.write("\n联系人身份证号 110101199003074514，电话 13912345678。\n")
    victim = rng.choice(items[:10])
    victim.write_text(re.sub(r"(?m)^channel: .*$", "channel: no-such-channel", victim.read_text("utf-8"), count=1), "utf-8")
    return root


def committed(tree: Path, tmp_path: Path) -> Path:
    """A copy of ``tree`` as a git repository with one commit."""
    root = tmp_path / "repo"
    shutil.copytree(tree, root)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def keys(findings: list[Any]) -> list[tuple[object, ...]]:
    return [(f.code, f.path, f.line, f.column, f.severity.value, f.message) for f in findings]


def check(root: Path, cache: CheckCache | None = None) -> tuple[list[tuple[object, ...]], Repository]:
    seen: list[Repository] = []
    finish = engine._finish

    def spy(repo: Repository, ctx: engine.Context, findings: list[Any]) -> engine.Report:
        seen.append(repo)
        return finish(repo, ctx, findings)

    engine._finish = spy  # type: ignore[assignment]
    try:
        report = engine.run_check(root, today=TODAY, cache=cache or CheckCache(None))
    finally:
        engine._finish = finish  # type: ignore[assignment]
    return keys(report.findings), seen[0]


def test_the_check_lets_go_of_the_content_batch_by_batch_and_reports_the_same(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = keys(engine.run_check(tree, today=TODAY, repo=load_repository(tree)).findings)  # a repository given: nothing let go
    codes = {k[0] for k in kept}
    assert "unknown-reference" in codes and any(code.startswith("pii-") for code in codes)
    calls: list[int] = []
    load = repository_module.load_repository

    def counting(*args: Any, **kwargs: Any) -> Repository:
        hook = kwargs["on_loaded"]
        kwargs["on_loaded"] = lambda repo, paths: (calls.append(len(paths)), hook(repo, paths))
        return load(*args, **kwargs)

    monkeypatch.setattr(repository_module, "CONTENT_BATCH", 7)
    monkeypatch.setattr(engine, "load_repository", counting)
    found, repo = check(tree)
    assert found == kept
    assert calls == [12, 7, 7, 7, 7, 2]  # the accounts, then the content
    held = {e.path for e in repo.entries.values() if e.doc._text is not None}
    located = {k[1] for k in found if k[0] == "unknown-reference" and not k[1].startswith("content/")}
    assert held == located  # read again only to locate a global finding; every other text let go
    assert any(k[0] == "unknown-reference" and k[1].startswith("content/") for k in found)  # an item's references: judged with its batch


def test_a_warm_cache_streams_to_the_same_report(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = committed(tree, tmp_path)
    monkeypatch.setattr(repository_module, "CONTENT_BATCH", 4)
    cold, _ = check(root)
    first = CheckCache.open(root, directory=tmp_path / "cache")
    assert check(root, first)[0] == cold
    first.save()
    warm = CheckCache.open(root, directory=tmp_path / "cache")
    assert check(root, warm)[0] == cold
    assert warm.hits > 0


def test_a_body_is_the_tail_of_the_text_not_a_copy(tree: Path) -> None:
    item = sorted((tree / "content").rglob("*.md"))[1]
    doc = load_markdown_record(tree, item.relative_to(tree).as_posix())
    text = item.read_text("utf-8")
    assert doc.body == text[text.index("\n---\n", 3) + 5 :]
    assert doc._body is None and doc._tail == len(doc.body)  # stored once, as the text
    assert doc.body_start == len(text) - len(doc.body)
    again = pickle.loads(pickle.dumps(doc))
    assert again == doc and again.body == doc.body
    odd = Document("content/x.md", "---\na: 1\n---\nbody", {"a": 1}, data_line_offset=1, body="another", body_line=4)
    assert odd.body == "another" and odd.body_start == len(odd.text) - len("another")


def test_a_thin_document_reads_its_file_again_when_asked(tree: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(tree, root)
    item = sorted((root / "content").rglob("*.md"))[2]
    rel = item.relative_to(root).as_posix()
    doc = load_markdown_record(root, rel)
    thin = doc.thin()
    assert thin._text is None and thin._data is None
    assert (thin.path, thin.body_line, thin.data_line_offset, thin.findings) == (doc.path, doc.body_line, doc.data_line_offset, doc.findings)
    assert (thin.data, thin.body, thin.text) == (doc.data, doc.body, doc.text)
    unit = sorted((root / "units").glob("*.yaml"))[0]
    yaml_doc = load_yaml_record(root, unit.relative_to(root).as_posix())
    assert yaml_doc.thin().data == yaml_doc.data
    gone = doc.thin()
    item.unlink()
    assert (gone.text, gone.data, gone.body) == ("", None, "")  # removed meanwhile: nothing, not a traceback
    made = Document("content/x.md", "---\na: b\n---\n", {"a": "b"})
    assert made.thin() is made  # not read from disk: nothing to read again


def test_records_that_set_the_same_fields_share_one_set_of_names(tree: Path) -> None:
    items = sorted((tree / "content").rglob("*.md"))[:2]
    models = [ContentItem.model_validate(load_markdown_record(tree, p.relative_to(tree).as_posix()).data) for p in items]
    first, second = models
    assert first.model_fields_set == second.model_fields_set
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    assert first.review is not None and second.review is not None
    assert first.review.__pydantic_fields_set__ is second.review.__pydantic_fields_set__
    assert first.model_dump(exclude_unset=True).keys() == first.model_fields_set
    assert pickle.loads(pickle.dumps(first)) == first


def test_short_strings_are_one_object_across_files(tree: Path) -> None:
    docs = [load_markdown_record(tree, p.relative_to(tree).as_posix()) for p in sorted((tree / "content").rglob("*.md"))[:12]]
    by_unit: dict[str, Any] = {}
    for doc in docs:
        assert doc.data is not None
        unit = doc.data["unit"]
        assert by_unit.setdefault(unit, unit) is unit
    assert len(by_unit) < len(docs)


def test_git_log_runs_beside_the_loading_and_is_over_when_the_check_ends(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from govreg import context as context_module

    root = committed(tree, tmp_path)
    expected = keys(engine.run_check(root, today=TODAY, repo=load_repository(root)).findings)  # history read in the rule, as before
    threads: list[threading.Thread] = []
    read = context_module.read_content_history

    def spy(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return read(*args)

    monkeypatch.setattr(context_module, "read_content_history", spy)
    found, _ = check(root)
    assert found == expected
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert not threads[0].is_alive()

    def broken(*args: Any) -> Any:
        raise RuntimeError("git 不可用")

    monkeypatch.setattr(context_module, "read_content_history", broken)
    crashed, _ = check(root)
    assert any(k[0] == "internal-rule-error" and "git 不可用" in str(k[5]) for k in crashed)  # a rule's error, as a finding


def test_the_content_loads_while_git_log_runs(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule that reads the history (``CACHEABLE = False``) runs on the accounts once the history is in, not
    before the content: so the loading goes on while ``git log`` runs, instead of waiting for it."""
    import threading

    from govreg import context as context_module

    root = committed(tree, tmp_path)
    expected = keys(engine.run_check(root, today=TODAY, repo=load_repository(root)).findings)
    loading = threading.Event()
    read = context_module.read_content_history
    judge = engine._Stream.judge

    def slow(*args: Any) -> Any:  # git log, still running when the content starts loading
        loading.wait(timeout=10)
        return read(*args)

    def spy(self: engine._Stream, repo: Repository, paths: list[str]) -> Any:
        if repo.entries[paths[0]].kind == "content":
            loading.set()
        return judge(self, repo, paths)

    monkeypatch.setattr(context_module, "read_content_history", slow)
    monkeypatch.setattr(engine._Stream, "judge", spy)
    monkeypatch.setattr(repository_module, "CONTENT_BATCH", 7)
    started = time.monotonic()
    found, _ = check(root)
    assert time.monotonic() - started < 9  # the content loaded while the history was read: nothing waited for it
    assert found == expected


def test_the_history_is_let_go_before_the_global_rules(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govreg.rules import _shared

    root = committed(tree, tmp_path)
    held: list[list[str]] = []
    run_module = engine._run_module

    def spy(module: Any, ctx: engine.Context) -> Any:
        if engine.scope_of(module) == "global":
            held.append([k for k in ctx.__dict__ if k in ("history", "_pending_history") or _shared.history_bound(k)])
        return run_module(module, ctx)

    monkeypatch.setattr(engine, "_run_module", spy)
    found, _ = check(root)
    assert held and all(keys == [] for keys in held)  # every global rule ran without the history held
    monkeypatch.setattr(engine, "_run_module", run_module)
    assert found == keys(engine.run_check(root, today=TODAY, repo=load_repository(root)).findings)


def test_each_items_text_is_scanned_once_per_check_not_once_per_group(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from govreg.rules import _content

    made: list[str] = []

    class Counted(_content.ContentText):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            made.append(self.doc.path)

    monkeypatch.setattr(_content, "ContentText", Counted)
    monkeypatch.setattr(repository_module, "CONTENT_BATCH", 7)
    engine.run_check(tree, today=TODAY, cache=CheckCache(None))
    items = len(list((tree / "content").rglob("*.md")))
    assert made and len(made) == len(set(made)) <= items  # the rules of every group share one scan of each item (links, lines, fences)


def test_the_listing_suffix_is_splitext_s() -> None:
    """The loader's suffix test (once per file listed) answers as ``os.path.splitext`` does, dots and all."""
    import os
    import random

    from govreg.repository import _suffix

    rng = random.Random(23)
    for _ in range(20000):
        rel = "content/" + "".join(rng.choice("ab./.MDmdYAML") for _ in range(rng.randint(0, 10)))
        assert _suffix(rel) == os.path.splitext(rel)[1].lower(), rel
