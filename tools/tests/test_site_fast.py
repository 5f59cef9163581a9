"""Issue 19: the site build without re-parsing its own pages, and one check per run.

- :func:`govreg.site.dialect.convert` makes python-markdown's HTML, page for page, of every
  generated page (the hostile test tree and a generated registry), and declines anything else;
- a build with the shortcut and one without write byte-identical HTML and the same search index;
- the jieba cache is used, persisted, and never trusted across a jieba/dictionary change or when corrupt;
- ``govreg site --check`` loads and checks the repository once and builds from it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest
import sitedata
from markdown.extensions.toc import slugify
from mkdocs.utils.meta import get_data

from govreg.repository import load_repository
from govreg.site import render_pages
from govreg.site.dialect import convert
from govreg.site.segment import CACHE_FILE, Segmenter

from conftest import run_cli

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402

TODAY = "2026-11-26"
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]  # mkdocs.yml's, as MkDocs loads them
# the pages whose number grows with the registry: these must take the shortcut
SCALED = ("account/", "accounts/", "content/", "site/", "sites/", "announcements/")


@pytest.fixture(scope="module")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sitedata.write_site_tree(tmp_path_factory.mktemp("fast-tree") / "repo")


@pytest.fixture(scope="module")
def generated_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fast-generated") / "repo"
    generate(root, seed=5, units=8, accounts=40, sites=2, content=120)
    return root


def _pages(root: Path) -> dict[str, str]:
    import datetime as dt

    return render_pages(load_repository(root), dt.date.fromisoformat(TODAY))


def _toc(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str, str]]:
    out: list[tuple[int, str, str, str]] = []
    for token in tokens:
        out.append((token["level"], token["id"], token["name"], token["html"]))
        out += _toc(token["children"])
    return out


@pytest.mark.parametrize("which", ["hostile_tree", "generated_tree"])
def test_convert_is_python_markdown_on_every_generated_page(which: str, request: pytest.FixtureRequest) -> None:
    pages = _pages(request.getfixturevalue(which))
    converted = 0
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        body, _ = get_data(text)
        got = convert(body, lambda p, a: p + ("#" + a if a else ""), slugify)
        if got is None:
            assert not path.startswith(SCALED), f"{path} fell back to python-markdown"
            continue
        md = markdown.Markdown(extensions=EXTENSIONS)
        assert got.html == md.convert(body), path
        assert [(h.level, h.id, h.name, h.html) for h in got.headings] == _toc(md.toc_tokens), path
        converted += 1
    assert converted > len([p for p in pages if p.startswith("account/")])


@pytest.mark.parametrize(
    "text",
    [
        "# 标题\n\n- 一项\n- 两项",  # a list
        "# 标题\n\n    缩进的代码",
        "# 标题\n\n_强调_ 的文字",
        "# 标题\n\n`代码`",
        "# 标题\n\n<script>alert(1)</script>",
        "# 标题\n\n| 一 | 二 |\n|---|---|\n| 只有一格 |",
        "# 标题\n\n第一行  \n第二行",  # a hard line break
        "# 标题\n\n[坏链接](missing.md)",
        "# 标题\n\n> 引用",
        "# 标题\n\n![图](x.png)",
    ],
)
def test_convert_declines_what_is_not_the_dialect(text: str) -> None:
    assert convert(text, lambda p, a: None if p == "missing.md" else p, slugify) is None


def _config_without_shortcut(tmp_path: Path) -> Path:
    text = (sitedata.REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - govreg\n" in text
    text = text.replace("docs_dir: docs", f"docs_dir: {sitedata.REPO / 'docs'}")
    text = text.replace("  - govreg\n", "  - govreg:\n      fast_pages: false\n")
    path = tmp_path / "mkdocs-slow.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["hostile_tree", "generated_tree"])
def test_shortcut_builds_the_same_site(which: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = request.getfixturevalue(which)
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "cache"))
    built = {}
    for name, config in (("fast", sitedata.REPO / "mkdocs.yml"), ("slow", _config_without_shortcut(tmp_path))):
        code, _, stderr = run_cli("site", str(root), "--site-dir", str(tmp_path / name), "--config", str(config))
        assert code == 0, stderr
        built[name] = tmp_path / name
    fast, slow = built["fast"], built["slow"]
    files = sorted(p.relative_to(slow) for p in slow.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fast) for p in fast.rglob("*") if p.is_file())
    index = Path("search/search_index.json")
    for rel in files:
        if rel != index:
            assert (fast / rel).read_bytes() == (slow / rel).read_bytes(), rel
    assert json.loads((fast / index).read_text("utf-8")) == json.loads((slow / index).read_text("utf-8"))
    assert (tmp_path / "cache" / CACHE_FILE).is_file()  # the cuts are kept for the next build


def test_segmenter_cuts_as_material_does_and_caches(tmp_path: Path) -> None:
    from material.plugins.search.plugin import SearchIndex

    text = "吴忠市农业农村局 发布黄河湿地候鸟观测信息 wznync,吴忠市农业农村局"
    cache = tmp_path / CACHE_FILE
    first = Segmenter(cache)
    assert first.segment(text) == SearchIndex()._segment_chinese(text)
    assert first.cut == 2  # the repeated name is cut once
    first.save()
    second = Segmenter(cache)
    assert second.loaded == 2
    assert second.segment(text) == first.segment(text) and second.cut == 0


def test_segmenter_ignores_a_corrupt_cache_or_another_dictionary(tmp_path: Path) -> None:
    cache = tmp_path / CACHE_FILE
    cache.write_text("{not json", encoding="utf-8")
    broken = Segmenter(cache)
    assert broken.loaded == 0
    assert broken.segment("候鸟观测") == "候鸟\u200b观测"
    broken.save()
    assert Segmenter(cache).loaded == 1  # rewritten
    data = json.loads(cache.read_text("utf-8"))
    data["entries"] = {key: "伪造" for key in data["entries"]}
    data["stamp"]["jieba"] = "0.0"
    cache.write_text(json.dumps(data), encoding="utf-8")
    other = Segmenter(cache)
    assert other.loaded == 0 and other.segment("候鸟观测") == "候鸟\u200b观测"
    data["stamp"] = other.cache.stamp  # right stamp, planted words: the cut must still be the run's own text
    data["entries"] = {key: "<img src=x onerror=alert(1)>" for key in data["entries"]}
    cache.write_text(json.dumps(data), encoding="utf-8")
    planted = Segmenter(cache)
    assert planted.loaded == 1 and planted.segment("候鸟观测") == "候鸟\u200b观测"
    assert Segmenter(cache, dictionary="user.dict").loaded == 0


def test_site_check_loads_and_checks_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated_tree: Path) -> None:
    import govreg.engine
    import govreg.repository

    loads: list[Path] = []
    checks: list[Path] = []
    real_load = govreg.repository._load_repository
    real_check = govreg.engine._run_check

    def counting_load(root: Path, *args: Any, **kwargs: Any) -> Any:
        loads.append(root)
        return real_load(root, *args, **kwargs)

    def counting_check(root: Path, **kwargs: Any) -> Any:
        checks.append(root)
        return real_check(root, **kwargs)

    monkeypatch.setattr(govreg.repository, "_load_repository", counting_load)
    monkeypatch.setattr(govreg.engine, "_run_check", counting_check)
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "cache"))
    code, stdout, stderr = run_cli("site", str(generated_tree), "--check", "--site-dir", str(tmp_path / "site"), "--config", str(sitedata.REPO / "mkdocs.yml"))
    assert code == 0, stderr
    assert "已生成网站" in stdout
    assert len(loads) == 1 and len(checks) == 1


def test_site_check_refuses_to_build_a_failing_registry(tmp_path: Path, hostile_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    code, stdout, stderr = run_cli("site", str(hostile_tree), "--check", "--site-dir", str(tmp_path / "site"), "-f", "json")
    assert code == 1
    assert json.loads(stdout)["valid"] is False
    assert "检查未通过" in stderr
    assert not (tmp_path / "site").exists()


def test_qr_codes_come_from_the_build_cache_and_a_stale_one_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import segno

    from govreg.site import accounts
    from govreg.site.segment import QR_CACHE_FILE, TextCache

    url = "https://www.wuzhong.gov.cn/qr-cache-test"
    stamp = {"segno": segno.__version__, "settings": accounts.QR_SETTINGS}
    accounts._qr_svg.cache_clear()
    first = TextCache(tmp_path / QR_CACHE_FILE, stamp)
    with accounts.qr_store(first):
        made = accounts.qr_svg(url)
    first.save()
    accounts._qr_svg.cache_clear()
    made_again: list[str] = []
    monkeypatch.setattr(segno, "make", lambda *a, **k: made_again.append(a[0]))  # would break the SVG if called
    with accounts.qr_store(TextCache(tmp_path / QR_CACHE_FILE, stamp)):
        assert accounts.qr_svg(url) == made
    assert made_again == []
    planted = TextCache(tmp_path / QR_CACHE_FILE, stamp)
    planted.put(url, '<svg><script>alert(1)</script></svg>')  # someone wrote into the cache directory
    monkeypatch.undo()
    with accounts.qr_store(planted):
        assert accounts.qr_svg(url) == made  # not the planted HTML: made again
    stale = TextCache(tmp_path / QR_CACHE_FILE, {**stamp, "settings": "mask=3"})
    assert stale.loaded == 0 and stale.get(url) is None  # another mask or segno: the codes are made again


def test_blocks_outside_the_page_are_rendered_once_per_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated_tree: Path) -> None:
    """The header (around the title), footer, styles, scripts and ``__config`` of record pages come from the per-folder cache."""
    from govreg.site.mkdocs_hook import NavCache

    served: list[str] = []
    monkeypatch.setattr(NavCache, "get", lambda self, key: served.append(key) or self.html[key])
    titled = NavCache.titled
    monkeypatch.setattr(NavCache, "titled", lambda self, key, page: served.append(key) or titled(self, key, page))
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "cache"))
    code, _, stderr = run_cli("site", str(generated_tree), "--site-dir", str(tmp_path / "out"), "--config", str(sitedata.REPO / "mkdocs.yml"))
    assert code == 0, stderr
    accounts = len(list((generated_tree / "accounts").rglob("*.yaml")))
    for block in ("header", "footer", "styles", "config", "scripts"):
        assert served.count(f"account/|{block}") == accounts - 1, block  # the first account page fills the cache
    page = (tmp_path / "out" / "account").glob("*/index.html")
    for path in page:
        html = path.read_text("utf-8")
        title = html.split("<title>", 1)[1].split(" - ", 1)[0]
        assert re.search(rf'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*{re.escape(title)}\s*</span>', html)  # its own title


def test_a_custom_dir_with_its_own_partials_turns_the_block_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated_tree: Path) -> None:
    """A registry's own partial may read the page where Material's does not: then every page renders its blocks itself."""
    import material

    custom = tmp_path / "custom"
    (custom / "partials").mkdir(parents=True)
    footer = (Path(material.__file__).parent / "templates" / "partials" / "footer.html").read_text("utf-8")
    (custom / "partials" / "footer.html").write_text(footer.replace("</footer>", "<!-- page {{ page.url }} --></footer>"), "utf-8")
    text = (sitedata.REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {sitedata.REPO / 'docs'}")
    assert "theme:\n" in text and "custom_dir" not in text
    config = tmp_path / "mkdocs-custom.yml"
    config.write_text(text.replace("theme:\n", f"theme:\n  custom_dir: {custom}\n", 1), "utf-8")
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "cache"))
    code, _, stderr = run_cli("site", str(generated_tree), "--site-dir", str(tmp_path / "out"), "--config", str(config))
    assert code == 0, stderr
    pages = sorted((tmp_path / "out" / "account").glob("*/index.html"))
    assert len(pages) > 2
    for path in pages:
        assert f"<!-- page account/{path.parent.name}/ -->" in path.read_text("utf-8")


def test_the_header_is_cached_only_where_its_title_is_found() -> None:
    from types import SimpleNamespace

    from govreg.site.mkdocs_hook import NavCache

    nav = SimpleNamespace(pages=[SimpleNamespace(url="")])
    cache = NavCache(nav, [])
    page = SimpleNamespace(url="account/a/", meta={}, title="甲", parent=None, previous_page=None, next_page=None)
    other = SimpleNamespace(url="account/b/", meta={"title": "乙"}, title="丙", parent=None, previous_page=None, next_page=None)
    key = cache.key(page) + "|header"
    assert key == "account/|header" and cache.key(other) + "|header" == key
    good = '<header><div class="md-header__topic" data-md-component="header-topic">\n  <span class="md-ellipsis">\n    甲\n  </span></div></header>'
    assert cache.put_titled(key, page, good.replace("甲", "别的")) == good.replace("甲", "别的")
    assert not cache.has(key)  # the title is not where it should be: nothing kept
    assert cache.put_titled(key, page, good) == good and cache.has(key)
    assert cache.titled(key, other) == good.replace("甲", "乙")  # page.meta.title first, as Material's header
    escaped = NavCache(nav, [], autoescape=True)
    escaped.put_titled(key, page, good)
    assert not escaped.has(key)


def test_qr_svg_path_is_segnos_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """The account page's QR code: the path written from segno's matrix is the SVG segno writes, byte for byte, at every size."""
    import random
    import string

    import segno

    from govreg.site import accounts

    rng = random.Random(19)
    alphabet = string.ascii_letters + string.digits + "/-._~?=&%"
    urls = [f"https://mp.weixin.qq.com/s/acct-{i}" for i in range(40)]
    urls += ["https://" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 1200))) for _ in range(120)]
    versions = set()
    for url in urls:
        code = segno.make(url, error="m", mask=accounts.QR_MASK)
        versions.add(code.version)
        expected = code.svg_inline(scale=4, border=2, omitsize=True, svgclass="govreg-qr", lineclass=None).replace("\n", "")
        assert accounts._svg(code.matrix) == expected, url
    assert len(versions) > 15  # small and large codes alike
    light = (bytearray(b"\x00\x01"), bytearray(b"\x01\x01"))
    assert accounts._svg(light) is None  # segno starts such a path with an empty run: left to segno
    assert accounts._svg((bytearray(b"\x01\x02"), bytearray(b"\x01\x01"))) is None

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("segno's SVG writer was used")

    accounts._qr_svg.cache_clear()
    monkeypatch.setattr(segno.QRCode, "svg_inline", refuse)
    try:
        assert accounts.qr_svg(urls[0]) == accounts._svg(segno.make(urls[0], error="m", mask=accounts.QR_MASK).matrix)
    finally:
        accounts._qr_svg.cache_clear()


@pytest.mark.parametrize("which", ["hostile_tree", "generated_tree"])
def test_front_matter_is_what_mkdocs_reads(which: str, request: pytest.FixtureRequest) -> None:
    """The generator's front matter read without YAML gives MkDocs' ``get_data`` result, and every data-scaled page takes it."""
    from govreg.site.dialect import front_matter

    for path, text in _pages(request.getfixturevalue(which)).items():
        if not path.endswith(".md"):
            continue
        read = front_matter(text)
        if read is not None:
            assert read == get_data(text), path
        elif path.startswith(SCALED):
            pytest.fail(f"{path} missed the front matter shortcut: {text[:120]!r}")


def test_front_matter_leaves_what_yaml_reads_differently_to_yaml() -> None:
    import random

    from govreg.site.dialect import front_matter
    from govreg.site.markup import head

    specials = ["\x85", "\u2028", "\u2029", "\ufeff", "\x7f", "\x00", "\t", "\\", '"', "'", "#", ": ", " - ", "\ud7ff", "\U0001f600", "&", "<", "{"]
    rng = random.Random(19)
    taken = 0
    for _i in range(400):
        title = "".join(rng.choice([*specials, "账号", "a", " ", "ü"]) for _ in range(rng.randint(0, 8)))
        source = head(title, boost=rng.choice([None, 0, 3])) + "\n\n正文\n"
        read = front_matter(source)
        if read is not None:
            taken += 1
            assert read == get_data(source), repr(title)
    assert taken > 50
    assert front_matter('---\ntitle: "a\\u2028b"\n---\n\n# x\n') is None  # an escape: YAML's to read
    assert front_matter('---\ntitle: "a"\nsearch:\n  boost: -1\n---\n') is None
    assert front_matter('---\ntitle: "a"\nhide: [toc]\n---\n') is None


@pytest.fixture(scope="module")
def committed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated registry as CI checks it out: a git work tree (the check's cache is keyed by blob id)."""
    root = tmp_path_factory.mktemp("fast-committed") / "repo"
    generate(root, seed=7, units=6, accounts=30, sites=2, content=90, commits=3)
    return root


def _site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_after_the_check_takes_its_records_from_the_checks_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, committed_tree: Path) -> None:
    import govreg.cache

    opened: list[govreg.cache.CheckCache] = []
    real_open = govreg.cache.CheckCache.open.__func__  # type: ignore[attr-defined]

    def counting_open(cls: type[govreg.cache.CheckCache], root: Path, **kwargs: Any) -> govreg.cache.CheckCache:
        opened.append(real_open(cls, root, **kwargs))
        return opened[-1]

    monkeypatch.setattr(govreg.cache.CheckCache, "open", classmethod(counting_open))
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    config = str(sitedata.REPO / "mkdocs.yml")
    records = sum(1 for folder in ("units", "sites", "accounts", "content") for _ in (committed_tree / folder).rglob("*.*"))

    def build(cache: Path, name: str) -> tuple[dict[str, bytes], govreg.cache.CheckCache]:
        monkeypatch.setenv("GOVREG_CACHE_DIR", str(cache))
        opened.clear()
        code, _, stderr = run_cli("site", str(committed_tree), "--site-dir", str(tmp_path / name), "--config", config)
        assert code == 0, stderr
        assert len(opened) == 1  # the build looked for the check's cache once
        return _site_files(tmp_path / name), opened[0]

    plain, none = build(tmp_path / "empty", "plain")  # no check before it: nothing to reuse
    assert none.hits == 0 and not none.found

    checked = tmp_path / "checked"
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(checked))
    code, _, stderr = run_cli("check", str(committed_tree))
    assert code == 0, stderr
    pickles = {p.name: p.read_bytes() for p in checked.glob("check-*.pickle")}
    assert pickles
    reused, cache = build(checked, "reused")
    assert cache.found and cache.hits >= records and cache.misses == 0  # every record from the check's cache
    assert reused == plain  # byte-identical site
    assert {p.name: p.read_bytes() for p in checked.glob("check-*.pickle")} == pickles  # read only: the check is its writer

    for name in pickles:
        (checked / name).write_bytes(b"\x80\x05garbage")  # corrupt: not used, nothing else changes
    corrupt, broken = build(checked, "corrupt")
    assert broken.hits == 0
    assert corrupt == plain


def test_the_build_keeps_its_heap_out_of_the_collector_and_gives_it_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, generated_tree: Path) -> None:
    import gc

    from govreg.site import mkdocs_hook
    from govreg.site.opendata import OpenDataError

    frozen_at_end: list[int] = []
    real_thaw = mkdocs_hook.thaw_heap

    def spying_thaw() -> None:
        frozen_at_end.append(gc.get_freeze_count())
        real_thaw()

    monkeypatch.setattr(mkdocs_hook, "thaw_heap", spying_thaw)
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "cache"))
    config = str(sitedata.REPO / "mkdocs.yml")
    assert gc.get_freeze_count() == 0
    code, _, stderr = run_cli("site", str(generated_tree), "--site-dir", str(tmp_path / "site"), "--config", config)
    assert code == 0, stderr
    assert frozen_at_end and frozen_at_end[0] > 10_000  # the records and pages were out of the collector's passes
    assert gc.get_freeze_count() == 0  # and given back

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OpenDataError("开放数据与其模式不符")

    monkeypatch.setattr(mkdocs_hook, "render_pages", broken)  # a build that fails after the records were frozen
    code, _, stderr = run_cli("site", str(generated_tree), "--site-dir", str(tmp_path / "failed"), "--config", config)
    assert code == 1 and "开放数据与其模式不符" in stderr
    assert gc.get_freeze_count() == 0

    monkeypatch.undo()
    monkeypatch.setenv("GOVREG_TODAY", TODAY)
    monkeypatch.setenv("GOVREG_CACHE_DIR", str(tmp_path / "cache"))
    gc.freeze()  # the embedding process froze its own heap: the build leaves that alone
    try:
        theirs = gc.get_freeze_count()
        code, _, stderr = run_cli("site", str(generated_tree), "--site-dir", str(tmp_path / "again"), "--config", config)
        assert code == 0, stderr
        assert 0 < gc.get_freeze_count() <= theirs  # not thawed, nothing of the build's added (freed objects leave it)
    finally:
        gc.unfreeze()


def test_heading_ids_go_in_one_pass_as_one_pass_per_heading_would() -> None:
    """``dialect._with_ids``: the same text as replacing each heading's placeholder in turn, forged placeholders included."""
    import random

    from govreg.site.dialect import Heading, _with_ids

    def per_heading(text: str, headings: list[Heading]) -> str:
        for i, heading in enumerate(headings):
            text = text.replace(f"<h{heading.level}\x00{i}\x00>", f'<h{heading.level} id="{heading.id}">', 1)
        return text

    rng = random.Random(19)
    forged_seen = 0
    for _ in range(400):
        headings = [Heading(rng.randint(1, 6), f"h-{i}", "x", "x") for i in range(rng.randint(0, 6))]
        pieces = [rng.choice(["", "<p>正文</p>\n", "a\x00b", "<h2>"]) for _ in range(len(headings) + 1)]
        text = pieces[0] + "".join(f"<h{h.level}\x00{i}\x00>{pieces[i + 1]}" for i, h in enumerate(headings))
        if headings and rng.random() < 0.3:  # a placeholder in the text itself (cannot happen: the text is escaped)
            i = rng.randrange(len(headings))
            at = rng.randrange(len(text) + 1)
            text = text[:at] + f"<h{headings[i].level}\x00{i}\x00>" + text[at:]
            forged_seen += 1
        assert _with_ids(text, headings) == per_heading(text, headings)
    assert forged_seen > 50
