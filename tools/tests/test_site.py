"""The public site: pure rendering, escaping, privacy, retention, Chinese search, a real MkDocs build."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import types
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import sitedata

from govreg.findings import Rule, Severity
from govreg.models import MODELS, Account, EventType, LifecycleEvent
from govreg.repository import load_repository
from govreg.site import accounts as accounts_pages
from govreg.site import render_pages
from govreg.site import rules as rules_pages
from govreg.site.data import public_data
from govreg.site.escape import csv_value, link, md, safe_url
from govreg.site.opendata import OpenDataError

from conftest import copy_sample, run_cli

TODAY = dt.date(2026, 11, 26)


# ---------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("<script>alert(1)</script>", ["<", ">"]),
        ("**粗体** _斜体_ `代码`", ["*", "_", "`"]),
        ("[链接](javascript:alert(1))", ["[", "]", "(", ")", ":"]),
        ("a | b", ["|"]),
        ("# 标题 {#id}", ["#", "{", "}"]),
        ("\"引号\" '单引号' & 与", ['"', "'", "& "]),
        ("![图](x.png)", ["!", "["]),
    ],
)
def test_md_escapes_every_syntax_character(raw: str, forbidden: list[str]) -> None:
    out = re.sub(r"&#[0-9]+;", "", md(raw))  # what remains outside character references
    for char in forbidden:
        assert char not in out, (raw, md(raw))


def test_md_neutralises_list_markers_and_newlines() -> None:
    assert md("- 一项").startswith("&#45;")
    assert md("1. 一项").startswith("&#49;")
    assert md("第一行\n第二行") == "第一行 第二行"
    assert md("2026-11-26") == "2026-11-26"  # plain values stay readable
    assert md(None) == ""


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil.example/x",
        "ftp://example.com/",
        'https://x.example/"onmouseover=1',
        "https://",
    ],
)
def test_safe_url_refuses_anything_but_http(url: str) -> None:
    assert safe_url(url) is None
    assert "href" not in link("标签", url)


def test_safe_url_keeps_http_and_https() -> None:
    assert safe_url("https://www.wuzhong.gov.cn/a?b=1&c=2") == "https://www.wuzhong.gov.cn/a?b=1&c=2"
    assert 'href="http' in link("标签", "http://example.com/")


@pytest.mark.parametrize("value", ["=1+1", "+86", "-1", "@SUM(A1)"])
def test_csv_values_cannot_be_formulas(value: str) -> None:
    assert csv_value(value) == "'" + value
    assert csv_value("吴忠") == "吴忠"


# ---------------------------------------------------------------- the pure renderer


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sitedata.write_site_tree(tmp_path_factory.mktemp("site-tree") / "repo")


@pytest.fixture(scope="module")
def pages(tree: Path) -> dict[str, str]:
    return render_pages(load_repository(tree), TODAY)


def test_render_is_pure_and_complete(tree: Path, pages: dict[str, str]) -> None:
    before = sorted(p.as_posix() for p in tree.rglob("*"))
    again = render_pages(load_repository(tree), TODAY)
    assert again == pages
    assert sorted(p.as_posix() for p in tree.rglob("*")) == before
    for path in (
        "index.md",
        "accounts/index.md",
        "accounts/platform/wechat.md",
        "sites/index.md",
        "site/test-portal.md",
        "announcements/index.md",
        "announcements/feed.xml",
        "content/index.md",
        "content/test-portal/news.md",
        "rules/index.md",
        "data/index.md",
        "data/registry.json",
        "data/accounts.csv",
        "data/sites.csv",
        "schemas/registry.schema.json",
        "schemas/account.schema.json",
    ):
        assert path in pages, path
    repo = load_repository(tree)
    assert {p for p in pages if p.startswith("account/")} == {f"account/{a}.md" for a in repo.accounts}


def test_schema_refused_account_is_not_published(pages: dict[str, str]) -> None:
    assert "account/test-culture-bureau-xiaohongshu.md" not in pages
    assert not any("伪链接账号" in text for text in pages.values())


def test_closed_and_cancelled_accounts_stay_listed_with_dates(pages: dict[str, str]) -> None:
    listing = pages["accounts/index.md"]
    assert sitedata.CLOSED_NAME in listing and "已关停（2026-11-16 起）" in listing
    assert "已注销（2025-06-02 起）" in listing
    closed = pages["account/test-culture-bureau-weibo.md"]
    assert "此账号已关停" in closed and "2026-11-16" in closed
    assert "此账号已注销" in pages["account/test-culture-bureau-douyin.md"]
    assert "这是登记在册的政务新媒体账号" in pages["account/test-culture-bureau-wechat.md"]


def test_platform_filter_pages_hold_only_that_platform(pages: dict[str, str]) -> None:
    weibo = pages["accounts/platform/weibo.md"]
    assert sitedata.CLOSED_NAME in weibo and sitedata.SEARCH_NAME not in weibo
    assert "accounts/platform/weibo.md" in pages["accounts/index.md"].replace("(platform/weibo.md)", "(accounts/platform/weibo.md)")


def test_qr_code_only_for_accounts_with_a_link(pages: dict[str, str]) -> None:
    assert "<svg" in pages["account/test-culture-bureau-wechat.md"]
    assert "<svg" not in pages["account/test-culture-bureau-douyin.md"]


def test_content_shows_source_and_release_time_and_nothing_past_retention(pages: dict[str, str]) -> None:
    news = pages["content/test-portal/news.md"]
    assert "2026-11-20 09:30" in news and "原创:吴忠市测试政府办公室" in news
    assert "转载:" in news and 'href="https&#58;//www.example.com/news/1.html"' in news
    everything = "\n".join(pages.values())
    for hidden in (sitedata.EXPIRED_TITLE, sitedata.DRAFT_TITLE, sitedata.FUTURE_TITLE):
        assert hidden not in everything
    assert "早茶文化周活动预告" in pages["account/test-culture-bureau-wechat.md"]


def test_announcements_current_first_and_feed(pages: dict[str, str]) -> None:
    text = pages["announcements/index.md"]
    current, ended = text.split("## 公告期已结束", 1)
    assert "关于“吴忠文旅微博”关停的公告" in current
    assert "吴忠文旅旧抖音" in ended and "吴忠文旅旧抖音" not in current
    feed = ET.fromstring(pages["announcements/feed.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles[0] == "关于“吴忠文旅微博”关停的公告" and len(titles) == 2
    assert all(link.get("href", "").startswith("https://") for link in feed.iter("{http://www.w3.org/2005/Atom}link"))


def test_open_data_validates_and_holds_no_private_field(pages: dict[str, str]) -> None:
    registry = json.loads(pages["data/registry.json"])
    schema = json.loads(pages["schemas/registry.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(registry)
    assert registry["sample_data"] is True
    assert {a["id"] for a in registry["accounts"]} >= {"test-culture-bureau-wechat", "test-culture-bureau-weibo"}
    assert all("people" not in u for u in registry["units"])
    leaked = dict(registry, units=[{**registry["units"][0], "people": []}])
    with pytest.raises(jsonschema.ValidationError):  # the public schema itself refuses private fields
        jsonschema.Draft202012Validator(schema).validate(leaked)
    rows = list(csv.DictReader(io.StringIO(pages["data/accounts.csv"].lstrip("\ufeff"))))
    weibo = next(r for r in rows if r["id"] == "test-culture-bureau-weibo")
    assert weibo["status"] == "closed" and weibo["ended"] == "2026-11-16" and weibo["platform_name"] == "新浪微博"


def test_renderer_refuses_non_http_urls_even_without_validation(tree: Path) -> None:
    repo = load_repository(tree)
    bad = Account.model_construct(
        **{
            **repo.accounts["test-culture-bureau-wechat"].__dict__,
            "id": "bad-url",
            "url": "javascript:alert(9)",
            "lifecycle": [
                LifecycleEvent.model_construct(type=EventType.open, date=dt.date(2026, 1, 1), filed=None, announcement=None, note=None)
            ],
        }
    )
    repo.accounts["bad-url"] = bad
    with pytest.raises(OpenDataError, match=r"accounts/\d+/url"):
        render_pages(repo, TODAY)  # the open data is validated against its own schema at build time: nothing is published
    page = dict(accounts_pages.render(public_data(repo, TODAY)))["account/bad-url.md"]
    assert "href" not in page.split("## 开设")[0]
    assert "<svg" not in page
    assert "javascript:" not in page


def test_rule_pages_come_from_docstrings_and_catalogue() -> None:
    rule = Rule("demo-rule", "示例规则", "模板", severity=Severity.warning, article="第八条", hint="请这样改。")
    module = types.SimpleNamespace(
        __name__="govreg.rules.demo",
        __doc__="# 示例规则——公告期\n\n检查公告期。\n\n# 失败的例子\n\n```yaml\n# 注释不是标题\n```\n",
        RULES=(rule,),
        check=lambda ctx: [],
    )
    core = Rule("core-rule", "核心", "x")
    pages = dict(
        rules_pages.render(
            [module], {"demo-rule": (rule, "govreg.rules.demo"), "core-rule": (core, "govreg.loader")}, {"demo-rule": "error"}
        )
    )
    page = pages["rules/demo.md"]
    assert "\n# 示例规则——公告期\n" in page
    assert "## 失败的例子" in page and "\n# 注释不是标题" in page  # headings demoted, code untouched
    index = pages["rules/index.md"]
    assert "[`demo-rule`](demo.md)" in index and "错误" in index  # the repository's severity override
    assert "`core-rule`" in index


def test_every_catalogue_code_is_on_the_rules_page(pages: dict[str, str]) -> None:
    from govreg.gate.codes import catalogue  # the check's codes and the gate's
    from govreg.monitor.checks import CATALOGUE as MONITOR  # and the monitor's

    for code in [*catalogue(), *(rule.code for rule in MONITOR)]:
        assert f"`{code}`" in pages["rules/index.md"], code
    monitor_section = pages["rules/index.md"].split("网站和账号的实测", 1)[1]
    assert all(f"`{rule.code}`" in monitor_section for rule in MONITOR)


# ---------------------------------------------------------------- a real MkDocs build


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.elements.append((tag, dict(attrs)))
        for name, value in attrs:
            if name in ("href", "src", "action", "srcset", "formaction") and value is not None:
                self.urls.append((tag, name, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> _Html:
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def build(root: Path, out: Path) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVREG_TODAY", "2026-11-26")
        # this repository's mkdocs.yml (its hand-written pages) over the test tree's records
        code, stdout, stderr = run_cli("site", str(root), "--site-dir", str(out), "--config", str(sitedata.REPO / "mkdocs.yml"))
    assert code == 0, stderr
    assert "已生成网站" in stdout
    return out


@pytest.fixture(scope="module")
def site(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tree, tmp_path_factory.mktemp("site") / "site")


def html_files(site: Path) -> Iterator[Path]:
    return site.rglob("*.html")


def test_build_has_every_page_and_banner(site: Path, pages: dict[str, str]) -> None:
    for path in pages:
        if path.endswith(".md"):
            url = path[: -len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
            assert (site / url / "index.html").is_file(), path
        else:
            assert (site / path).is_file(), path
    for page in html_files(site):
        assert "本站目前展示的是示例数据" in page.read_text(encoding="utf-8"), page
    assert not (site / "dev").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "查验它是否登记在册" in home and "查验账号" in home and "各平台账号数" in home  # hand-written intro + generated part


def test_xss_values_render_as_text(site: Path) -> None:
    page = site / "account" / "test-culture-bureau-kuaishou" / "index.html"
    parsed = parse(page)
    text = "".join(parsed.text)
    assert sitedata.XSS_NAME in text  # shown, as text
    assert "**加粗** [链接](javascript:alert(2)) <img src=x onerror=alert(3)>" in text
    assert "[运维](http://evil.example) 公司" in text
    column = parse(site / "content" / "test-portal" / "news" / "index.html")
    assert sitedata.MARKDOWN_COLUMN in "".join(column.text)
    for path in html_files(site):
        raw = path.read_text(encoding="utf-8")
        assert "<script>alert(" not in raw and "onerror=alert" not in raw.replace("onerror=alert(3)&gt;", ""), path
        parsed = parse(path)
        assert "img" not in parsed.tags or all(not v.startswith("x") for t, _, v in parsed.urls if t == "img"), path
        for _tag, _attr, url in parsed.urls:
            scheme = urlsplit(url.strip()).scheme.lower()
            assert scheme in ("", "http", "https"), (path, url)
    assert not (site / "account" / "test-culture-bureau-xiaohongshu").exists()


def test_page_assets_come_from_the_site_itself(site: Path) -> None:
    fetched_links = {"stylesheet", "preload", "preconnect", "dns-prefetch", "modulepreload", "icon", "prefetch", "manifest"}
    for path in html_files(site):
        for tag, attrs in parse(path).elements:
            if tag == "link" and not fetched_links & set((attrs.get("rel") or "").split()):
                continue  # canonical, alternate: not fetched by the browser
            for attr in ("src", "href", "data"):
                url = attrs.get(attr)
                if url and tag in ("script", "link", "img", "source", "iframe", "object", "embed", "video", "audio"):
                    assert not urlsplit(url).netloc, (path, tag, url)  # no CDN, no web fonts, no outside host


def test_search_index_segments_chinese_with_jieba(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"].replace("\\u", "\\u"))
    assert separator.search("\u200b"), "the separator must split at U+200B, which jieba's output uses"
    entry = next(d for d in index["docs"] if d["location"] == "account/test-culture-bureau-wechat/")
    assert sitedata.SEARCH_SENTENCE[:4] in entry["text"].replace("\u200b", "")
    tokens = [t for t in separator.split(re.sub(r"<[^>]+>", " ", entry["text"])) if t]
    assert sitedata.SEARCH_WORD in tokens
    assert sitedata.SEARCH_HANDLE in tokens


def test_nothing_past_retention_anywhere_in_the_site(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv"):
            text = path.read_text(encoding="utf-8")
            for hidden in (sitedata.EXPIRED_TITLE, sitedata.DRAFT_TITLE, sitedata.FUTURE_TITLE):
                assert hidden not in text, (path, hidden)


# ---------------------------------------------------------------- privacy, over the real sample data


def site_bytes(site: Path) -> Iterator[tuple[Path, bytes]]:
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if path.suffix == ".gz" else data


@pytest.mark.slow
def test_no_private_field_reaches_the_site(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "repo")
    sitedata.write_site_tree(root)  # adds records beside the sample ones (closed accounts, content …)
    markers = sitedata.mark_tree(root)
    expected = set().union(*(sitedata.reachable_private_fields(model) for model in MODELS.values()))
    assert expected and markers.covered == expected, "every private field of every model got a marker"
    repo = load_repository(root)
    full = repr([entry.record.model_dump() for entry in repo.entries.values() if entry.record is not None])
    missing = [m for m in markers.written if f"'{m}'" not in full]
    assert not missing, f"records with markers did not load, so the test would prove nothing: {missing[:5]}"
    assert len(repo.units) >= 2 and len(repo.accounts) >= 4
    site = build(root, tmp_path / "site")
    assert (site / "data" / "registry.json").is_file()
    leaks = [str(path.relative_to(site)) for path, data in site_bytes(site) if sitedata.MARKER.encode() in data]
    assert not leaks, f"private values reached: {leaks}"


@pytest.mark.slow
def test_repository_sample_builds_strictly(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "repo")
    site = build(root, tmp_path / "site")
    repo = load_repository(root)
    assert len(list((site / "account").glob("*/index.html"))) == len(repo.accounts)


def test_qr_code_is_skipped_when_the_link_is_too_long() -> None:
    from govreg.site.accounts import qr_svg

    assert qr_svg("https://www.wuzhong.gov.cn/") is not None
    assert qr_svg("https://www.wuzhong.gov.cn/" + "长" * 1900) is None


def test_qr_code_uses_one_fixed_mask_and_is_made_once_per_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """segno scores all eight masks unless told one; that was a third of a large site build (issue 19)."""
    import segno

    from govreg.site import accounts

    calls: list[dict[str, object]] = []
    real_make = segno.make

    def counting_make(content: str, **kwargs: object) -> segno.QRCode:
        calls.append(kwargs)
        return real_make(content, **kwargs)  # type: ignore[arg-type]

    from govreg.site import qrfast

    monkeypatch.setattr(segno, "make", counting_make)
    monkeypatch.setattr(qrfast, "_LAYOUTS", {})  # no table yet (another test may have made it): its first code is checked
    monkeypatch.setattr(qrfast, "_CHECKED", set())  # against segno.make, with the fixed mask, once
    accounts._qr_svg.cache_clear()
    url = "https://www.wuzhong.gov.cn/qr-test-once"
    first = accounts.qr_svg(url)
    assert accounts.qr_svg(url) == first
    assert [c.get("mask") for c in calls] == [accounts.QR_MASK]
    # the fixed mask still makes a code of the usual size and error level that segno can re-create
    code = real_make(url, error="m", mask=accounts.QR_MASK)
    assert code.mask == accounts.QR_MASK and code.error == "M"
    assert first == code.svg_inline(scale=4, border=2, omitsize=True, svgclass="govreg-qr", lineclass=None).replace("\n", "")


def test_mkdocs_config_is_offline_chinese_and_has_a_short_nav() -> None:
    import yaml

    config = yaml.safe_load((sitedata.REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "zh" and config["theme"]["font"] is False
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert re.compile(search["separator"]).search("\u200b")
    assert "/dev/" in config["exclude_docs"]
    assert len(config["nav"]) <= 10  # record pages never enter the nav: the build stays linear
    assert "hooks" not in config and "govreg" in config["plugins"]  # the installed plugin, not a path into tools/
    assert "custom_dir" not in config["theme"]  # the theme overrides travel with the package


def test_bad_site_settings_fail_the_build_with_a_chinese_message(tree: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    import shutil

    shutil.copytree(tree, root)
    (root / "config" / "govreg.yaml").write_text("site:\n  sample_data: 是的\n  colour: red\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVREG_TODAY", "2026-11-26")
        code, _, stderr = run_cli("site", str(root), "--site-dir", str(tmp_path / "site"))
    assert code == 1
    assert "网站生成失败" in stderr and "site.sample_data" in stderr and "Traceback" not in stderr


def test_rules_are_listed_in_the_order_of_the_measures() -> None:
    from govreg.engine import catalogue, rule_modules
    from govreg.site.rules import article_number, render

    assert [article_number(a) for a in ("第三条", "第十条", "第十二条", "第二十一条", "其他")] == [3, 10, 12, 21, 999]
    index = dict(render(rule_modules(), catalogue(), {}))["rules/index.md"]
    overview = index.split("规则一览", 1)[1].split("全部检查项", 1)[0]
    firsts = [article_number(line.split("|")[2].strip().split("、")[0]) for line in overview.splitlines() if line.startswith("| [")]
    assert firsts and firsts == sorted(firsts)
