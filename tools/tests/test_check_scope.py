"""``check --base`` and the check cache (issue 19): the same findings as a full check, faster.

The differential test mutates a generated repository as random pull requests would
(records broken, references cut, handles duplicated, files renamed, deleted or added,
configuration changed) and compares, on real git repositories:

- ``check --base`` (per-file rules on the changed files only) with the full check's
  findings less the per-file findings on files the PR did not touch;
- every finding the PR introduced (full check of the head, less the full check of the
  base) with what ``check --base`` reports: a rule wrongly declared per-file, which
  reads another file than the one it judges, fails here;
- the full check with a warm cache with the full check without one.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govreg import cache as cache_module
from govreg import engine, split
from govreg import repository as repository_module
from govreg.cache import CheckCache, changed_since
from govreg.commands.check import prepare
from govreg.engine import in_record_folder, load_codes, narrowable, rule_modules, run_check, scope_of
from govreg.findings import Finding

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate, git_env  # noqa: E402

TODAY = dt.date(2026, 11, 26)
SIZE = {"units": 5, "accounts": 20, "sites": 2, "content": 40}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=git_env(), capture_output=True, text=True, check=True)
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Content loads in batches of 7 (of 40 items): the per-file rules run batch by batch, as at scale.

    And a cold full check splits across two processes as at scale (:mod:`govreg.split`; once the history is
    in), while a check with a cache or a focus runs in one: each comparison of a cold full check with a warm
    one (or with ``check --base`` checking everything) is also one of two processes with one.
    """
    monkeypatch.setattr(repository_module, "CONTENT_BATCH", 7)
    monkeypatch.setattr(split, "MIN_FILES", 1)
    monkeypatch.setattr(repository_module, "OFFLOAD_STEP", 1)  # the two race for the files: they meet anywhere
    monkeypatch.setattr(engine._Stream, "ready", lambda self: self.history is None or (self.history.wait(), True)[1])
    monkeypatch.setenv("GOVREG_WORKERS", "2")


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scope") / "repo"
    generate(root, seed=11, **SIZE)
    content_pii(root, random.Random(99))  # the base already has a per-file finding, on a file most PRs leave alone
    _picture(root)  # and an item showing a picture, which a PR may remove or turn into a link
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def clone(base: Path, dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(base), str(dest)], env=git_env(), check=True)
    git(dest, "branch", "-q", "base", "origin/main")
    return dest


def key(f: Finding) -> tuple[object, ...]:
    return (f.code, f.path, f.line, f.column, f.severity.value, f.message)


def file_codes() -> dict[str, tuple[str, ...]]:
    """Per-file finding code → what its module reads besides the file (loading's codes: nothing)."""
    codes: dict[str, tuple[str, ...]] = dict.fromkeys(load_codes(), ())
    for module in rule_modules():
        if scope_of(module) == "file":
            codes.update((rule.code, tuple(getattr(module, "DEPENDS", ()))) for rule in module.RULES)
    return codes


def full(root: Path, cache: CheckCache | None = None) -> list[tuple[object, ...]]:
    return [key(f) for f in run_check(root, today=TODAY, cache=cache or CheckCache(None)).findings]


def scoped(
    root: Path, base: str = "base", cache: CheckCache | None = None, directory: Path | None = None, opened: list[CheckCache] | None = None
) -> tuple[list[tuple[object, ...]], set[str] | None]:
    """``check --base``'s findings, and the files the change counts (every untracked one, as git lists them).

    ``directory``: with the cache there, as the command runs it (:func:`govreg.commands.check.prepare`: git asked
    early, the record folders' untracked files found by the load's walk, the history read by another process);
    the cache opened goes into ``opened``.
    """
    changed = changed_since(root, base)  # the oracle: git lists every untracked file
    focus = changed if changed is not None and narrowable(changed) else None
    if directory is not None:
        ready = prepare(root, base, directory=directory)
        cache, given = ready.cache, ready.changed
        assert (given is None) == (focus is None) and (given is None or set(given) <= set(focus or ()))
        try:
            found = run_check(root, today=TODAY, cache=cache, focus=given, history=ready.history).findings
        finally:
            ready.close()
        if opened is not None:
            opened.append(cache)
    else:
        found = run_check(root, today=TODAY, cache=cache or CheckCache(None), focus=focus).findings
    if cache is not None:
        cache.save()
    return [key(f) for f in found], focus


# ---------------------------------------------------------------- mutations, as a pull request would make them


def _files(root: Path, folder: str, suffix: str) -> list[Path]:
    return sorted(p for p in (root / folder).rglob(f"*{suffix}") if p.is_file())


def _sub(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.M), encoding="utf-8")


def content_pii(root: Path, rng: random.Random) -> None:
    path = rng.choice(_files(root, "content", ".md"))
    with path.open("a", encoding="utf-8") as out:
        out.write("\n联系人身份证号 110101199003074514,电话 13912345678。\n")


def content_control(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "content", ".md")), r"^title: (.*)$", "title: \\1\u200b通知")


def content_channel(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "content", ".md")), r"^channel: .*$", "channel: no-such-channel")


def content_unit(root: Path, rng: random.Random) -> None:
    units = [p.stem for p in _files(root, "units", ".yaml")]
    _sub(rng.choice(_files(root, "content", ".md")), r"^unit: .*$", f"unit: {rng.choice(units)}")


def content_release(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "content", ".md")), r"^published_at: (\d{4})", "published_at: 2019")


def content_review(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "content", ".md")), r"^  final: .*\n", "")


def content_syntax(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "content", ".md")), r"^title: ", "title: [")


def content_rename(root: Path, rng: random.Random) -> None:
    path = rng.choice(_files(root, "content", ".md"))
    path.rename(path.with_name("renamed-" + path.name))


def content_move(root: Path, rng: random.Random) -> None:
    path = rng.choice(_files(root, "content", ".md"))
    target = root / "content" / "elsewhere" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)


def delete_any(root: Path, rng: random.Random) -> None:
    rng.choice(_files(root, "content", ".md") + _files(root, "accounts", ".yaml")).unlink()


def delete_unit(root: Path, rng: random.Random) -> None:
    rng.choice(_files(root, "units", ".yaml")).unlink()


def account_duplicate(root: Path, rng: random.Random) -> None:
    accounts = _files(root, "accounts", ".yaml")
    a, b = rng.sample(accounts, 2)
    handle = re.search(r"^handle: (.*)$", a.read_text(encoding="utf-8"), re.M)
    platform = re.search(r"^platform: (.*)$", a.read_text(encoding="utf-8"), re.M)
    assert handle and platform
    _sub(b, r"^platform: .*$", f"platform: {platform.group(1)}")
    _sub(b, r"^handle: .*$", f"handle: {handle.group(1)}")


def account_url(root: Path, rng: random.Random) -> None:
    path = rng.choice(_files(root, "accounts", ".yaml"))
    text = path.read_text(encoding="utf-8")
    if re.search(r"^url: ", text, re.M):
        _sub(path, r"^url: .*$", "url: https://weibo-gov.example.com/u/1")
    else:
        _sub(path, r"^status: .*$", "status: maybe")


def account_owner(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "accounts", ".yaml")), r"^owner: .*$", "owner: ghost-bureau")


def unit_rename_person(root: Path, rng: random.Random) -> None:
    _sub(rng.choice(_files(root, "units", ".yaml")), r"^(\s*-?\s*id: )([a-z0-9-]+-[a-z]+)$", "\\1\\2x")


def stray_file(root: Path, rng: random.Random) -> None:
    folder = rng.choice(["accounts", "units", "sites"])
    (root / folder / f"note-{rng.randint(0, 99)}.txt").write_text("备注\n", encoding="utf-8")


PICTURE = "images/chart.png"


def _picture(root: Path) -> None:
    """A picture beside the last item, shown by it and (percent-encoded, from the next folder up) by another item."""
    item = _files(root, "content", ".md")[-1]
    (item.parent / "images").mkdir(exist_ok=True)
    (item.parent / PICTURE).write_bytes(b"\x89PNG\r\n\x1a\n")
    with item.open("a", encoding="utf-8") as out:
        out.write(f"\n![统计图]({PICTURE})\n")
    other = next(p for p in _files(root, "content", ".md") if p.parent != item.parent)
    relative = os.path.relpath(item.parent / PICTURE, other.parent).replace("chart.png", "%63hart.png")
    with other.open("a", encoding="utf-8") as out:
        out.write(f"\n![统计图]({relative})\n")


def picture_removed(root: Path, rng: random.Random) -> None:
    for picture in (root / "content").rglob("chart.png"):
        picture.unlink()


def picture_linked_out(root: Path, rng: random.Random) -> None:
    for picture in (root / "content").rglob("chart.png"):
        picture.unlink()
        picture.symlink_to("/etc/hostname")


def account_renamed(root: Path, rng: random.Random) -> None:
    """An account's id changes inside its file: the items on its old id lose their channel."""
    _sub(rng.choice(_files(root, "accounts", ".yaml")), r"^id: (.*)$", "id: \\1-new")


def account_takes_over(root: Path, rng: random.Random) -> None:
    """An account file takes another account's id (and so, for its items, maybe its owner)."""
    a, b = rng.sample(_files(root, "accounts", ".yaml"), 2)
    _sub(a, r"^id: .*$", f"id: {b.stem}")
    b.unlink()


def config_change(root: Path, rng: random.Random) -> None:
    path = root / "config" / "pii-allowlist.yaml"
    extra = "\n# 改动配置\n"
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + extra, encoding="utf-8")


def docs_change(root: Path, rng: random.Random) -> None:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "extra.md").write_text("# 说明\n", encoding="utf-8")


MUTATIONS: list[Callable[[Path, random.Random], None]] = [
    content_pii, content_control, content_channel, content_unit, content_release, content_review, content_syntax,
    content_rename, content_move, delete_any, delete_unit, account_duplicate, account_url, account_owner,
    unit_rename_person, stray_file, config_change, docs_change, picture_removed, picture_linked_out, account_renamed,
    account_takes_over,
]


def _required(full_head: list[tuple[object, ...]], full_base: list[tuple[object, ...]], focus: set[str] | None) -> set[tuple[object, ...]]:
    """What ``check --base`` must report: the full check's findings on the changed files, every global finding,
    and every finding the change introduced (on any file: a per-file rule that reads other records)."""
    if focus is None:
        return set(full_head)
    per_file = file_codes()
    kept = {f for f in full_head if not (_per_file(f, per_file) and f[1] not in focus)}
    return kept | (set(full_head) - set(full_base))


#: codes the per-file parts give an item (engine.per_file_parts): its references, a vendor's sign-off
PART_CODES = {"unknown-reference", "content-missing-column", "vendor-reviewer"}


def _per_file(f: tuple[object, ...], per_file: dict[str, tuple[str, ...]]) -> bool:
    code, path = str(f[0]), str(f[1])
    return in_record_folder(path) and (code in per_file or (code in PART_CODES and path.startswith("content/")))


@pytest.mark.parametrize("seed", range(12))
def test_base_scope_equals_full_check(base_repo: Path, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = clone(base_repo, tmp_path / "pr")
    before = full(root)
    warm = CheckCache.open(root, directory=tmp_path / "cache")
    assert full(root, warm) == before  # cold cache: filled
    warm.save()
    for _ in range(rng.randint(1, 4)):
        rng.choice(MUTATIONS)(root, rng)
    if rng.random() < 0.7:
        commit(root, "pr")  # committed, or left in the work tree: both are the PR
    after = full(root)
    got, focus = scoped(root)
    assert got == sorted(got, key=lambda f: after.index(f) if f in after else -1)  # in the full check's order
    assert set(got) <= set(after)  # nothing a full check would not report
    missed = _required(after, before, focus) - set(got)
    assert not missed, f"findings that check --base missed: {sorted(missed, key=str)[:3]}"
    cached, _ = scoped(root, directory=tmp_path / "cache")  # with the base's cache, as CI runs it
    assert set(cached) <= set(after) and not _required(after, before, focus) - set(cached)
    again = CheckCache.open(root, directory=tmp_path / "cache")
    assert full(root, again) == after  # warm cache, some files changed: the same findings
    assert again.hits > 0 or focus is None  # (a configuration change starts a new cache)


@pytest.mark.parametrize("warm", [False, True])
@pytest.mark.parametrize("mutation", [picture_removed, picture_linked_out, account_renamed, account_takes_over, account_owner])
def test_each_cross_file_change_is_reported(base_repo: Path, tmp_path: Path, mutation: Callable[[Path, random.Random], None], warm: bool) -> None:
    """Each change that alters findings on files it leaves alone, alone in a PR: those findings are reported,
    with no cache and with the cache of the base's check."""
    root = clone(base_repo, tmp_path / "pr")
    cache = CheckCache.open(root, directory=tmp_path / "cache")
    before = full(root, cache)
    cache.save()
    mutation(root, random.Random(5))
    commit(root, "pr")
    after = full(root)
    got, focus = scoped(root, directory=tmp_path / "cache" if warm else None)
    assert focus is not None and set(got) <= set(after)
    outside = {f for f in set(after) - set(before) if f[1] not in focus}
    if mutation is not account_renamed:  # its items lose their channel: a global finding (unknown-reference), no per-file one
        assert outside, "the mutation changes nothing on other files: the test would prove nothing"
    assert _required(after, before, focus) <= set(got)


def _judged(monkeypatch: pytest.MonkeyPatch, module_name: str) -> set[str]:
    """The content files a rule module is run on from now on (in one process: a worker's would not show here)."""
    import importlib

    monkeypatch.setenv("GOVREG_WORKERS", "1")

    module = importlib.import_module(f"govreg.rules.{module_name}")
    seen: set[str] = set()
    real = module.check

    def spy(ctx: object) -> object:
        seen.update(ctx.repo.content)  # type: ignore[attr-defined]
        return real(ctx)

    monkeypatch.setattr(module, "check", spy)
    return seen


def test_an_account_change_judges_only_its_items(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An account edited: its items are judged again for their channel's owner, the others are not (REFERS)."""
    root = clone(base_repo, tmp_path / "pr")
    account = _files(root, "accounts", ".yaml")[0]
    _sub(account, r"^name: (.*)$", "name: \\1（新）")
    commit(root, "pr")
    seen = _judged(monkeypatch, "content_channel_owner")
    _, focus = scoped(root)
    assert focus == {account.relative_to(root).as_posix()}
    on_it = {p.relative_to(root).as_posix() for p in _files(root, "content", ".md") if re.search(rf"^channel: {account.stem}$", p.read_text("utf-8"), re.M)}
    assert on_it and seen == on_it


def test_edits_leave_the_listing_alone(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edited files change no attachment's existence: only they are judged for attachments; an added file reaches every item."""
    root = clone(base_repo, tmp_path / "pr")
    item = _files(root, "content", ".md")[0]
    with item.open("a", encoding="utf-8") as out:
        out.write("\n补充说明。\n")
    commit(root, "pr")
    seen = _judged(monkeypatch, "content_attachments")
    _, focus = scoped(root)
    assert focus is not None and not focus.listing  # type: ignore[attr-defined]
    assert seen == {item.relative_to(root).as_posix()}
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "guide.pdf").write_bytes(b"%PDF-1.4\n")
    seen.clear()
    _, focus = scoped(root)
    assert focus is not None and focus.listing  # type: ignore[attr-defined]
    assert len(seen) == len(_files(root, "content", ".md"))  # no cache: what each item links to is unknown


def test_an_added_or_removed_file_judges_only_the_items_linking_to_it(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the base's cache, a new item judges no other item for attachments; a removed picture, the two that show it."""
    root = clone(base_repo, tmp_path / "pr")
    folder = tmp_path / "cache"
    for _ in range(2):  # the check that fills the cache, then a warm one (which must keep what each item links to)
        cache = CheckCache.open(root, directory=folder)
        full(root, cache)
        cache.save()
    source = next(p for p in _files(root, "content", ".md") if "hart.png" not in p.read_text("utf-8"))
    added = source.with_name("0000-new.md")
    added.write_text(source.read_text("utf-8"), encoding="utf-8")
    commit(root, "new item")
    seen = _judged(monkeypatch, "content_attachments")
    _, focus = scoped(root, directory=folder)
    assert focus == {added.relative_to(root).as_posix()}
    assert seen == set(focus)
    picture_removed(root, random.Random(0))
    seen.clear()
    got, focus = scoped(root, directory=folder)
    showing = {p.relative_to(root).as_posix() for p in _files(root, "content", ".md") if "hart.png" in p.read_text("utf-8")}
    assert len(showing) == 2 and seen == set(focus or ()) - {p for p in focus or () if not p.endswith(".md")} | showing
    assert {f[1] for f in got if f[0] == "attachment-missing"} == showing


def test_the_mutations_reach_both_kinds_of_rule(base_repo: Path, tmp_path: Path) -> None:
    """The differential test is not vacuous: a PR's check drops per-file findings outside it, keeps global ones."""
    root = clone(base_repo, tmp_path / "pr")
    before = full(root)
    rng = random.Random(0)
    delete_unit(root, rng)
    content_channel(root, rng)
    commit(root, "pr")
    after = full(root)
    got, focus = scoped(root)
    assert focus is not None
    per_file = file_codes()
    assert any(str(f[0]) in per_file and f[1] in focus for f in got)  # per-file findings of the changed files
    assert any(str(f[0]) not in per_file and f[1] not in focus for f in got)  # global findings on untouched files
    # a roster changed: the rules that read rosters judge every item again, and their findings are shown
    assert any(per_file.get(str(f[0])) == ("unit",) and f[1] not in focus for f in got) or not any(per_file.get(str(f[0])) == ("unit",) for f in after)
    dropped = [f for f in after if f not in got]
    assert dropped and all(str(f[0]) in per_file and f[1] not in focus for f in dropped)
    assert set(dropped) <= set(before)  # the base's own per-file findings (the PII left in the base), judged there


def test_wrongly_declared_rule_is_caught(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule that reads another file than the one it judges, declared per-file, fails the differential test."""
    import govreg.rules.account_duplicate_handle as rule

    root = clone(base_repo, tmp_path / "pr")
    before = full(root)
    account_duplicate(root, random.Random(3))
    commit(root, "pr")
    after = full(root)
    introduced = set(after) - set(before)
    assert introduced
    got, _ = scoped(root)
    assert introduced <= set(got)  # declared global, as it is: found
    monkeypatch.setattr(rule, "SCOPE", "file", raising=False)
    got, _ = scoped(root)
    assert not introduced <= set(got)  # declared per-file: the pair across two files is missed, and the test says so


def test_config_or_code_change_checks_everything(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "pr")
    config_change(root, random.Random(0))
    changed = changed_since(root, "base")
    assert changed == {"config/pii-allowlist.yaml"}
    assert not narrowable(changed)
    assert narrowable({"content/a/b.md", "docs/x.md", "units/u.yaml"})
    assert not narrowable({"content/a/b.md", "tools/govreg/rules/x.py"})


def test_force_pushed_base(base_repo: Path, tmp_path: Path) -> None:
    """A base rewritten under the PR: unrelated history checks everything; shared history widens the set."""
    root = clone(base_repo, tmp_path / "pr")
    content_pii(root, random.Random(1))
    commit(root, "pr")
    tree = git(root, "rev-parse", "base^{tree}").strip()
    orphan = git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit-tree", tree, "-m", "rewritten history").strip()
    git(root, "branch", "-q", "rewritten", orphan)  # the same files, no shared history
    assert changed_since(root, "rewritten") is None  # no common ancestor: the caller checks everything
    assert changed_since(root, "no-such-ref") is None
    assert changed_since(root, f"--output={tmp_path / 'x'}") is None
    assert not (tmp_path / "x").exists()
    # base moved back by one commit (an amend pushed with force): the merge base is older, the set wider
    git(root, "branch", "-q", "-f", "older", "base")
    assert changed_since(root, "older") == changed_since(root, "base")


def test_several_merge_bases(base_repo: Path, tmp_path: Path) -> None:
    """A criss-cross history has two merge bases, which ``git diff --merge-base`` refuses: the change is then the
    diff from the one ``git merge-base`` chose, worked out after it (the set is never lost)."""
    root = clone(base_repo, tmp_path / "pr")
    ident = ("-c", "user.name=t", "-c", "user.email=t@example.org")
    git(root, "checkout", "-q", "-b", "x", "base")
    content_pii(root, random.Random(1))
    commit(root, "x")
    git(root, "checkout", "-q", "-b", "y", "base")
    content_control(root, random.Random(2))
    commit(root, "y")
    git(root, *ident, "merge", "-q", "--no-edit", "x")
    git(root, "checkout", "-q", "x")
    git(root, *ident, "merge", "-q", "--no-edit", "y~1")
    content_release(root, random.Random(3))
    commit(root, "x2")
    assert len(git(root, "merge-base", "--all", "y", "HEAD").split()) == 2
    chosen = git(root, "merge-base", "y", "HEAD").strip()
    expected = set(git(root, "diff", "--name-only", "-z", chosen).split("\0")) - {""}
    changed = changed_since(root, "y")
    assert changed is not None and changed.base == chosen and set(changed) == expected


def test_cli_base(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "pr")
    delete_unit(root, random.Random(5))
    content_pii(root, random.Random(5))
    commit(root, "pr")
    env = {**git_env(), "GOVREG_TODAY": TODAY.isoformat(), "GOVREG_CACHE_DIR": str(tmp_path / "c")}
    done = subprocess.run([sys.executable, "-m", "govreg", "check", str(root), "--base", "base", "-f", "json"], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    out = subprocess.run([sys.executable, "-m", "govreg", "check", str(root), "--base", "nope", "-f", "json"], env=env, capture_output=True, text=True, check=False)
    assert "改为完整检查" in out.stderr
    assert out.stdout == subprocess.run(
        [sys.executable, "-m", "govreg", "check", str(root), "-f", "json", "--no-cache"], env=env, capture_output=True, text=True, check=False
    ).stdout


# ---------------------------------------------------------------- the cache is never trusted across what decides a result


def _warm(root: Path, folder: Path) -> CheckCache:
    first = CheckCache.open(root, directory=folder)
    run_check(root, today=TODAY, cache=first)
    first.save()
    second = CheckCache.open(root, directory=folder)
    return second


def test_warm_cache_serves_unchanged_files(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    cache = _warm(root, tmp_path / "c")
    run_check(root, today=TODAY, cache=cache)
    assert cache.misses == 0 and cache.hits > 50


def test_uncommitted_edit_is_not_served_from_cache(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    cache = _warm(root, tmp_path / "c")
    content_pii(root, random.Random(2))  # edited, not committed: its index blob id is stale
    found = [key(f) for f in run_check(root, today=TODAY, cache=cache).findings]
    assert found == full(root)
    assert any(f[0] == "content-pii-id-number" or "pii" in str(f[0]) for f in found)


def test_config_change_starts_a_new_cache(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    _warm(root, tmp_path / "c")
    path = root / "config" / "govreg.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nseverity:\n  content-pii-phone: off\n", encoding="utf-8")
    after = CheckCache.open(root, directory=tmp_path / "c")
    assert after.records == {}  # another key: the old file is not read
    assert [key(f) for f in run_check(root, today=TODAY, cache=after).findings] == full(root)


def test_upgrade_starts_a_new_cache(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = clone(base_repo, tmp_path / "r")
    _warm(root, tmp_path / "c")
    assert CheckCache.open(root, directory=tmp_path / "c").records
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "govreg 0.2.0, another code")
    assert CheckCache.open(root, directory=tmp_path / "c").records == {}


def test_line_ending_settings_start_a_new_cache(base_repo: Path, tmp_path: Path) -> None:
    """A blob id names the same file bytes only under the same checkout settings (autocrlf, .gitattributes)."""
    root = clone(base_repo, tmp_path / "r")
    _warm(root, tmp_path / "c")
    assert CheckCache.open(root, directory=tmp_path / "c").records
    git(root, "config", "core.autocrlf", "true")
    assert CheckCache.open(root, directory=tmp_path / "c").records == {}
    git(root, "config", "--unset", "core.autocrlf")
    (root / ".gitattributes").write_text("*.md text eol=crlf\n", encoding="utf-8")
    assert CheckCache.open(root, directory=tmp_path / "c").records == {}


def test_code_fingerprint_covers_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any edit to any file of the package (a local patch, an upgrade) gives another fingerprint, hence another cache."""
    import shutil

    package = tmp_path / "govreg"
    shutil.copytree(Path(cache_module.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_PACKAGE", package)
    cache_module.code_fingerprint.cache_clear()
    try:
        before = cache_module.code_fingerprint()
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() == before  # stable
        rule = package / "rules" / "content_pii.py"
        rule.write_text(rule.read_text(encoding="utf-8") + "\n# a local patch\n", encoding="utf-8")
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() != before
    finally:
        cache_module.code_fingerprint.cache_clear()


@pytest.mark.parametrize("part", ["main", "content", "findings"])
@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-type", "wrong-key", "empty"])
def test_corrupt_cache_is_ignored_and_rewritten(base_repo: Path, tmp_path: Path, damage: str, part: str) -> None:
    root = clone(base_repo, tmp_path / "r")
    folder = tmp_path / "c"
    cache = _warm(root, folder)
    assert cache.file is not None and cache.content_file is not None
    if part == "content":  # the content's records: ignored when first asked for, the rest of the cache still serves
        cache.content_file.write_bytes(b"\x00\xffnot a pickle" if damage != "empty" else b"")
        again = CheckCache.open(root, directory=folder)
        assert again.records and not any(p.startswith("content/") for p in again.records)
        assert [key(f) for f in run_check(root, today=TODAY, cache=again).findings] == full(root)
        assert again.hits > 0
        again.save()
        reread = CheckCache.open(root, directory=folder)
        reread.read_content()
        assert any(p.startswith("content/") for p in reread.records)  # rewritten, readable again
        return
    if part == "findings":  # the per-file rules' findings: ignored when first asked for, judged again, rewritten
        assert cache.findings_file is not None and cache.findings_file.exists()
        cache.findings_file.write_bytes(b"\x00\xffnot a pickle" if damage != "empty" else b"")
        again = CheckCache.open(root, directory=folder)
        assert [key(f) for f in run_check(root, today=TODAY, cache=again).findings] == full(root)
        assert again.findings_read and again.hits > 0  # the records still served
        again.save()
        reread = CheckCache.open(root, directory=folder)
        reread.read_findings()
        assert reread.findings and not reread.findings_dirty  # rewritten, readable again
        return
    data = cache.file.read_bytes()
    broken = {
        "garbage": b"\x00\xffnot a pickle" * 10,
        "truncated": data[: len(data) // 2],
        "wrong-type": pickle.dumps(["a", "list"]),
        "wrong-key": pickle.dumps({"format": cache_module.FORMAT, "key": "other", "records": {"x": 1}, "findings": {}}),
        "empty": b"",
    }[damage]
    cache.file.write_bytes(broken)
    again = CheckCache.open(root, directory=folder)
    assert again.records == {}
    assert [key(f) for f in run_check(root, today=TODAY, cache=again).findings] == full(root)
    again.save()
    assert CheckCache.open(root, directory=folder).records  # rewritten, readable again


def test_planted_cache_file_cannot_run_code(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    cache = _warm(root, tmp_path / "c")
    assert cache.file is not None
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            import os

            return (os.system, (f"touch {marker}",))

    cache.file.write_bytes(pickle.dumps({"format": cache_module.FORMAT, "key": cache.file.stem[6:], "records": Planted(), "findings": {}}))
    again = CheckCache.open(root, directory=tmp_path / "c")
    assert again.records == {} and not marker.exists()
    assert [key(f) for f in run_check(root, today=TODAY, cache=again).findings] == full(root)


def test_unwritable_cache_folder_is_skipped(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    cache = CheckCache.open(root, directory=blocker / "cache")
    run_check(root, today=TODAY, cache=cache)
    cache.save()  # no exception: only the next run is slower
    assert not (blocker / "cache").exists()


def test_dated_rules_are_not_cached_across_days(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    folder = tmp_path / "c"
    first = CheckCache.open(root, directory=folder)
    run_check(root, today=dt.date(2016, 1, 2), cache=first)  # an early day: events "in the future"
    first.save()
    later = CheckCache.open(root, directory=folder)
    assert [key(f) for f in run_check(root, today=TODAY, cache=later).findings] == full(root)


def test_cache_env_switch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_CACHE_DIR", "off")
    assert cache_module.cache_dir(tmp_path) is None
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "x"))
    assert cache_module.cache_dir(tmp_path) == tmp_path / "x"
    monkeypatch.delenv("GOVREG_CACHE_DIR")
    assert cache_module.cache_dir(tmp_path) == tmp_path / ".govreg-cache"


def test_site_check_uses_the_scope_and_the_cache(base_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``govreg site --check --base`` (what CI runs) checks like ``check --base`` and leaves the cache for the next run."""
    from govreg.commands.site import _check

    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("GOVREG_TODAY", TODAY.isoformat())
    root = clone(base_repo, tmp_path / "pr")
    content_pii(root, random.Random(4))
    commit(root, "pr")
    assert _check(root, "json", base="base") == 1  # the PR's own PII finding fails it
    out = capsys.readouterr().out
    assert '"content-pii' in out or "pii" in out
    assert list((tmp_path / "c").glob("check-*.pickle"))  # the records are cached for the next run
    assert _check(root, "json", base="no-such-ref") == 1
    assert "改为完整检查" in capsys.readouterr().err


def test_committed_cache_is_never_used(base_repo: Path, tmp_path: Path) -> None:
    """A pull request that commits a .govreg-cache/ (git add -f) cannot choose the records and findings of its files."""
    root = clone(base_repo, tmp_path / "r")
    folder = root / ".govreg-cache"
    _warm(root, folder)  # a cache made for the clean tree: the PR's files would be served from it
    content_pii(root, random.Random(7))
    path = next(p for p in (root / "content").rglob("*.md") if "110101199003074514" in p.read_text(encoding="utf-8"))
    rel = path.relative_to(root).as_posix()
    cache = CheckCache.open(root, directory=folder)
    blob = git(root, "hash-object", rel).strip()
    cache.read_content()
    assert cache.records
    cache.records[rel] = (blob, cache.records[rel][1])  # the planted entry: the PII file's new blob → the clean record
    cache.content_dirty = True
    cache.findings = {k: (blob if k.split("\0")[0] == rel else v[0], *v[1:]) for k, v in cache.findings.items()}
    cache.dirty = True
    cache.save()
    git(root, "add", "-f", ".govreg-cache")
    commit(root, "pr with a planted cache")
    assert not cache_module.trusted_folder(root, folder)
    assert CheckCache.open(root, directory=folder).file is None
    found = [key(f) for f in run_check(root, today=TODAY, cache=CheckCache.open(root, directory=folder)).findings]
    assert found == full(root) and any(f[1] == rel for f in found)


def test_linked_cache_folder_is_never_used(base_repo: Path, tmp_path: Path) -> None:
    root = clone(base_repo, tmp_path / "r")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".govreg-cache").symlink_to(elsewhere)
    assert not cache_module.trusted_folder(root, root / ".govreg-cache")
    assert CheckCache.open(root, directory=root / ".govreg-cache").file is None
    assert cache_module.trusted_folder(root, tmp_path / "outside")  # the user's own folder (GOVREG_CACHE_DIR)


@pytest.mark.parametrize("committed", [True, False])
def test_cached_attachment_verdict_follows_files_outside_the_record_folders(base_repo: Path, tmp_path: Path, committed: bool) -> None:
    """An item links to a file under docs/: adding that file clears the finding, though no record file changed."""
    root = clone(base_repo, tmp_path / "pr")
    item = _files(root, "content", ".md")[1]
    with item.open("a", encoding="utf-8") as out:
        out.write("\n[办事指南](/docs/files/guide.pdf)\n")
    commit(root, "link")
    folder = tmp_path / "cache"
    cache = CheckCache.open(root, directory=folder)
    assert any(f[0] == "attachment-missing" for f in full(root, cache))
    cache.save()
    (root / "docs" / "files").mkdir(parents=True)
    (root / "docs" / "files" / "guide.pdf").write_bytes(b"%PDF-1.4\n")
    if committed:
        commit(root, "guide")
    assert not any(f[0] == "attachment-missing" for f in full(root))
    assert full(root, CheckCache.open(root, directory=folder)) == full(root)


def test_a_repeated_pr_check_leaves_the_cache_file_alone(base_repo: Path, tmp_path: Path) -> None:
    """A PR's check with the base's cache writes nothing (its few new entries would cost a rewrite of a city's
    cache, more than the check), and so keeps every entry of the files it did not judge for the next full check."""
    root = clone(base_repo, tmp_path / "pr")
    folder = tmp_path / "cache"
    cache = CheckCache.open(root, directory=folder)
    full(root, cache)
    cache.save()
    stored = len(cache.findings)
    written = sorted(folder.glob("check-*.pickle"))
    assert sorted(p.name.split(".")[1] if p.name.count(".") == 2 else "main" for p in written) == ["content", "findings", "main"]  # the content's records, the findings, the rest
    stamps = [p.stat().st_mtime_ns for p in written]
    content_pii(root, random.Random(4))
    _sub(_files(root, "accounts", ".yaml")[0], r"^name: (.*)$", "name: \\1（新）")
    commit(root, "pr")
    for _ in range(2):
        again = CheckCache.open(root, directory=folder)
        scoped(root, cache=again)
        assert again.scoped and not again.findings_read and not again.content_read  # only what tells which items the change reaches is read
        again.read_findings()
        assert len(again.findings) >= stored
        assert [p.stat().st_mtime_ns for p in written] == stamps


def test_no_global_rule_reads_content(base_repo: Path, tmp_path: Path) -> None:
    """The global rules give the same findings without the content loaded: an item is judged only by per-file
    rules and parts, so a pull request's check need not load the items it did not change.  An item signed by
    a vendor's staff and an item citing a missing channel make sure the parts have something to find."""
    from govreg.context import Context
    from govreg.engine import _run_module
    from govreg.repository import load_repository

    root = clone(base_repo, tmp_path / "pr")
    item = _files(root, "content", ".md")[0]
    signed = re.search(r"^  initial: \{by: ([^,]+),", item.read_text("utf-8"), re.M)
    assert signed
    unit = next(p for p in _files(root, "units", ".yaml") if f"  - id: {signed.group(1)}\n" in p.read_text("utf-8"))
    _sub(unit, rf"^  - id: {signed.group(1)}$", f"  - id: {signed.group(1)}\n    vendor: true")  # the item's first reviewer works for a vendor
    content_channel(root, random.Random(2))
    repo = load_repository(root)
    bare = load_repository(root)
    bare.content.clear()
    for path in [p for p, e in bare.entries.items() if e.kind == "content"]:
        del bare.entries[path]
    found = [key(f) for f in run_check(root, today=TODAY, cache=CheckCache(None)).findings]
    assert any(f[0] == "vendor-reviewer" and f[1] == item.relative_to(root).as_posix() for f in found)
    assert any(f[0] == "unknown-reference" and str(f[1]).startswith("content/") for f in found)
    for module in rule_modules():
        if scope_of(module) == "global":
            whole = [key(f) for f in _run_module(module, Context(repo, TODAY))]
            without = [key(f) for f in _run_module(module, Context(bare, TODAY))]
            assert whole == without, module.__name__


def test_a_pr_check_loads_only_the_items_it_judges(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the base's cache, a PR that edits an item and an account loads that item and the account's items only,
    never reads the cache's file of content records, and reports what the full check reports on them."""
    from govreg import engine

    root = clone(base_repo, tmp_path / "pr")
    folder = tmp_path / "cache"
    cache = CheckCache.open(root, directory=folder)
    full(root, cache)
    cache.save()
    item = _files(root, "content", ".md")[3]
    content_pii_in(item)
    account = _files(root, "accounts", ".yaml")[0]
    _sub(account, r"^owner: .*$", "owner: ghost-bureau")  # its items' channel now belongs to no unit of theirs
    commit(root, "pr")
    loaded: list[list[str]] = []
    real = repository_module.load_repository

    def spy(*args: object, **kwargs: object) -> object:
        repo = real(*args, **kwargs)  # type: ignore[arg-type]
        loaded.append(sorted(repo.content))
        return repo

    monkeypatch.setattr(engine, "load_repository", spy)
    opened: list[CheckCache] = []
    got, focus = scoped(root, directory=folder, opened=opened)
    warm = opened[0]
    on_account = {p.relative_to(root).as_posix() for p in _files(root, "content", ".md") if re.search(rf"^channel: {account.stem}$", p.read_text("utf-8"), re.M)}
    assert on_account and loaded == [sorted({item.relative_to(root).as_posix()} | on_account)]
    assert not warm.content_read  # the content's records file was never opened
    after = full(root)
    assert set(got) <= set(after) and _required(after, [], focus) <= set(got) | {f for f in after if f[1] not in focus and f[1] not in on_account}
    assert {f for f in after if f[1] in on_account and f[0] == "content-channel-owner"} <= set(got)


def content_pii_in(item: Path) -> None:
    with item.open("a", encoding="utf-8") as out:
        out.write("\n联系人电话 13912345678。\n")


def test_a_warm_check_still_reports_a_rule_settings_problem(base_repo: Path, tmp_path: Path) -> None:
    """Every file served from the cache, so no per-file rule has a file to judge: what a rule says of its own
    settings (config/govreg.yaml) is still said, once, as in a cold check."""
    root = clone(base_repo, tmp_path / "r")
    conf = root / "config" / "govreg.yaml"
    conf.write_text(conf.read_text(encoding="utf-8") + "\npii:\n  allow: 3\n", encoding="utf-8")
    commit(root, "a bad pii section")
    cold = full(root)
    assert [f for f in cold if f[1] == "config/govreg.yaml"], "the setting is reported"
    _warm(root, tmp_path / "c")
    again = CheckCache.open(root, directory=tmp_path / "c")
    assert full(root, again) == cold
    assert again.hits == len(again.records) > 0  # every record from the cache: no per-file rule had a file to judge


@pytest.mark.parametrize("what", ["item", "link", "account"])
def test_untracked_files_in_record_folders_join_the_change(base_repo: Path, tmp_path: Path, what: str) -> None:
    """A PR's check with the cache asks git for the untracked files outside the record folders only: the load's walk
    finds those inside (a second walk of the tree, in git, would cost as much as the check).  A new item never added
    to git is still judged; a new link is still reported and still counts as a changed link; a new account still
    reaches the items that name it."""
    root = clone(base_repo, tmp_path / "pr")
    cache = CheckCache.open(root, directory=tmp_path / "c")
    before = full(root, cache)
    cache.save()
    source = _files(root, "content", ".md")[2]
    if what == "item":
        new = source.with_name("0999-untracked.md")
        new.write_text(source.read_text("utf-8") + "\n联系人身份证号 110101199003074514。\n", encoding="utf-8")
    elif what == "link":
        new = root / "content" / "linked.md"
        new.symlink_to(source)
    else:
        account = _files(root, "accounts", ".yaml")[0]
        new = account.with_name("copy-" + account.name)
        new.write_text(account.read_text("utf-8"), encoding="utf-8")  # the same handle twice
    rel = new.relative_to(root).as_posix()
    got, focus = scoped(root, directory=tmp_path / "c")
    after = full(root)
    assert focus is not None and rel in focus and set(got) <= set(after)
    on_new = {f for f in after if f[1] == rel}
    assert on_new and on_new <= set(got)
    assert _required(after, before, focus) <= set(got)
    if what == "link":
        ready = prepare(root, "base", directory=tmp_path / "c")
        ready.close()
        assert ready.changed is not None and rel not in ready.changed and ready.changed.unlisted  # left to the walk …
        repo = repository_module.load_repository(root, cache=ready.cache)
        completed = engine.completed(ready.changed, repo)
        assert completed is not None and rel in completed and completed.linked  # … which finds it


def test_a_pr_check_reads_its_history_in_another_process(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On two cores a PR's check has the content's history read by another process, which sends back the part the
    loaded items need: a release time moved back is reported as by the full check, and if that process fails the
    history is read here, with the same findings."""
    from govreg import context

    monkeypatch.setenv("GOVREG_WORKERS", "2")
    root = clone(base_repo, tmp_path / "pr")
    cache = CheckCache.open(root, directory=tmp_path / "c")
    full(root, cache)
    cache.save()
    content_release(root, random.Random(3))
    commit(root, "pr")
    after = full(root)
    made: list[context.HistoryProcess] = []
    real = context.HistoryProcess.__init__

    def spy(self: context.HistoryProcess, *args: Any, **kwargs: Any) -> None:
        real(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(context.HistoryProcess, "__init__", spy)
    got, focus = scoped(root, directory=tmp_path / "c")
    moved = {f for f in after if f[0] == "release-time-changed"}
    assert moved and moved <= set(got) and set(got) <= set(after) and _required(after, [], focus) <= set(got) | {f for f in after if f[1] not in (focus or ())}
    assert len(made) == 1 and made[0]._value is not None and len(made[0]._value.files) < 10  # the few items loaded, not the whole history
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the other process cannot even start
    made.clear()
    again, _ = scoped(root, directory=tmp_path / "c")
    assert again == got and len(made) == 1 and made[0]._value is not None and len(made[0]._value.files) > 10  # read here


@settings(max_examples=300, deadline=None)
@given(
    noted=st.dictionaries(st.sampled_from(["account", "site", "unit"]), st.sets(st.text(max_size=6), max_size=3), max_size=3),
    ids=st.sets(st.text(max_size=6), min_size=1, max_size=3),
    kind=st.sampled_from(["account", "site", "unit"]),
)
def test_a_note_names_a_changed_id_exactly_when_its_references_do(noted: dict[str, set[str]], ids: set[str], kind: str) -> None:
    """The notes are kept as JSON text, and a changed id is first looked for as JSON writes it: any id, quotes,
    backslashes, control characters or not, is found exactly when the item refers to it."""
    from types import SimpleNamespace

    text = engine._note_text(noted)
    cache = SimpleNamespace(noted=lambda name: {"content/a.md": ("b1", text)})
    ctx = SimpleNamespace(repo=SimpleNamespace(files={"content/a.md": "b1"}, entries={}))
    reached = engine._referring(ctx, cache, kind, ids, ["content/a.md"])  # type: ignore[arg-type]
    assert (reached == {"content/a.md"}) == bool(ids & noted.get(kind, set()))


def test_the_history_process_is_started_only_for_a_pr_check_with_a_trusted_cache(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``prepare`` starts the history process before the cache is read, and ends it when the cache folder turns
    out not to be used (turned off, or committed by the pull request): the history is then read whole, here."""
    monkeypatch.setenv("GOVREG_WORKERS", "2")
    root = clone(base_repo, tmp_path / "pr")
    ready = prepare(root, "base", directory=tmp_path / "c")
    assert ready.history is not None and ready.history._cache_dir == tmp_path / "c"
    ready.close()
    assert ready.history._proc is None  # ended
    assert prepare(root, None, directory=tmp_path / "c").history is None  # a full check: the thread reads it
    assert prepare(root, "base", use_cache=False).history is None
    folder = root / ".govreg-cache"
    full(root, CheckCache.open(root, directory=folder))
    folder.mkdir(exist_ok=True)
    (folder / "planted").write_text("x", encoding="utf-8")
    git(root, "add", "-f", ".govreg-cache")
    commit(root, "a planted cache folder")
    ready = prepare(root, "base", directory=folder)
    assert ready.cache.file is None and ready.history is None  # never told to read a planted history cache
    ready.close()
