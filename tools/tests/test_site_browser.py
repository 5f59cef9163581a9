"""The public site as a citizen uses it: headless Debian chromium, served from 127.0.0.1.

Every request to another host is blocked and recorded; a test fails if the site tried
one (no CDN, no web fonts).  Screenshots of the home page and an account page are kept
in ``tools/tests/artifacts/`` for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jsonschema
import pytest
import sitedata
from test_site import build

from conftest import local_only

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tree = sitedata.write_site_tree(tmp_path_factory.mktemp("browser-tree") / "repo")
    site = build(tree, tmp_path_factory.mktemp("browser-site") / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file() or shutil.which("fc-list") is None:
        pytest.fail("缺少 Debian 的 chromium 或字体工具:请运行 make browser-deps(或 make test,会自动安装)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    outside = local_only(context)
    dialogs: list[str] = []
    tab = context.new_page()

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not outside, f"the site tried to reach other hosts: {outside}"
    assert not dialogs, f"a script ran: {dialogs}"


def search(page: Any, base_url: str, query: str) -> Any:
    """Type into Material's search box as a person would; returns the result list."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    page.keyboard.press("End")  # typing Chinese fires no key events; one real key starts the search
    results = page.locator(".md-search-result__list")
    results.locator("li").first.wait_for()
    return results


def test_search_by_chinese_name_reaches_the_account(page: Any, base_url: str) -> None:
    results = search(page, base_url, sitedata.SEARCH_NAME)
    results.locator('a[href*="account/test-culture-bureau-wechat/"]').first.click()
    page.wait_for_url("**/account/test-culture-bureau-wechat/**")
    assert page.locator("h1").inner_text() == f"{sitedata.SEARCH_NAME} · 微信公众号"  # the platform in the heading
    assert "这是登记在册的政务新媒体账号" in page.locator("article").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "account.png"), full_page=True)


def test_search_by_handle_reaches_the_account(page: Any, base_url: str) -> None:
    results = search(page, base_url, sitedata.SEARCH_HANDLE)
    results.locator('a[href*="account/test-culture-bureau-wechat/"]').first.click()
    page.wait_for_url("**/account/test-culture-bureau-wechat/**")
    assert sitedata.SEARCH_HANDLE in page.locator("article table").first.inner_text()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A registry made by tools/bench/generate.py (the benchmark's kind of data), built and served; one of its accounts.

    Its pages go through the build's shortcuts (one-pass HTML, search entries from the same pass, cached jieba cuts).
    """
    import sys

    import yaml

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    tree = tmp_path_factory.mktemp("browser-generated") / "repo"
    generate(tree, seed=11, units=6, accounts=30, sites=2, content=60)
    accounts = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((tree / "accounts").rglob("*.yaml"))]
    handles = [a["handle"] for a in accounts]
    chosen = next(a for a in accounts if a["status"] == "active" and handles.count(a["handle"]) == 1)
    # a unit's accounts share its name (one per platform): searching the name may land on any of them
    same_name = " ".join(a["id"] for a in accounts if a["name"] == chosen["name"])
    site = build(tree, tmp_path_factory.mktemp("browser-generated-site") / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", {"id": chosen["id"], "name": chosen["name"], "handle": chosen["handle"], "same_name": same_name}
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("field", ["name", "handle"])
def test_search_finds_a_generated_account_by_name_and_by_handle(browser: Any, generated: tuple[str, dict[str, str]], field: str) -> None:
    url, account = generated
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    outside = local_only(context)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    try:
        results = search(tab, url, account[field])
        ids = [account["id"]] if field == "handle" else account["same_name"].split()
        results.locator(", ".join(f'a[href*="account/{i}/"]' for i in ids)).first.click()
        tab.wait_for_url("**/account/**")
        assert tab.url.rstrip("/").rsplit("/", 1)[-1] in ids
        assert account["name"] in tab.locator("h1").inner_text()
        if field == "handle":
            assert account["handle"] in tab.locator("article table").first.inner_text()
    finally:
        context.close()
    assert not outside, f"the site tried to reach other hosts: {outside}"


def test_search_finds_a_word_from_the_middle_of_a_sentence(page: Any, base_url: str) -> None:
    results = search(page, base_url, sitedata.SEARCH_WORD)
    assert results.locator('a[href*="account/test-culture-bureau-wechat/"]').count() >= 1
    assert sitedata.SEARCH_WORD in results.inner_text()


def test_home_check_box_opens_the_verify_page(page: Any, base_url: str) -> None:
    page.goto(base_url)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    assert "示例数据" in page.locator(".md-banner").inner_text()
    page.locator("form.govreg-check input[name=q]").fill(sitedata.SEARCH_NAME)
    page.locator("form.govreg-check button").click()
    page.wait_for_url("**/verify/?q=*")
    card = page.locator('#govreg-verdict .govreg-card[data-verdict="registered"]')
    card.locator('a[href*="account/test-culture-bureau-wechat/"]').first.wait_for()


def test_closed_account_says_it_is_closed(page: Any, base_url: str) -> None:
    page.goto(base_url + "accounts/")
    row = page.locator("tr", has_text=sitedata.CLOSED_NAME)
    assert "已关停（2026-11-16 起）" in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url("**/account/test-culture-bureau-weibo/")
    warning = page.locator(".admonition.danger")
    assert warning.is_visible()
    assert "此账号已关停" in warning.inner_text() and "2026-11-16" in warning.inner_text()


def test_announcements_page(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.get_by_role("link", name="公告", exact=True).first.click()
    page.wait_for_url("**/announcements/")
    assert page.locator("h1").inner_text() == "公告"
    current = page.locator("table").first.inner_text()
    assert "关于“吴忠文旅微博”关停的公告" in current and "公告中" in current


def test_registry_json_validates_against_the_published_schema(page: Any, base_url: str) -> None:
    page.goto(base_url + "data/")
    with page.expect_download() as info:
        page.evaluate(
            """() => { const a = [...document.querySelectorAll('article a')].find(x => x.textContent === 'registry.json');
                       a.setAttribute('download', 'registry.json'); a.click(); }"""
        )
    download = info.value
    registry = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    schema_href = page.locator("article a", has_text="registry.schema.json").first.get_attribute("href")
    response = page.request.get(urljoin(page.url, schema_href))
    assert response.ok
    schema = response.json()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(registry)
    assert any(acc["name"] == sitedata.SEARCH_NAME for acc in registry["accounts"])


def test_hostile_values_show_as_text(page: Any, base_url: str) -> None:
    page.goto(base_url + "account/test-culture-bureau-kuaishou/")
    assert page.locator("article h1").inner_text() == f"{sitedata.XSS_NAME} · 快手"
    assert page.title().startswith(sitedata.XSS_NAME)
    assert sitedata.XSS_DESCRIPTION.split(" <img")[0] in page.locator("article").inner_text()
    assert page.locator("article img").count() == 0
    page.goto(base_url + "content/test-portal/news/")
    assert sitedata.MARKDOWN_COLUMN in page.locator("article h1").inner_text()


def test_hijacked_account_shows_a_warning(page: Any, base_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base_url + "account/test-culture-bureau-wechat/")
    warning = page.locator(".admonition.warning")
    assert warning.is_visible()
    text = warning.inner_text()
    assert "安全警示" in text and "账号被劫持" in text and "<img src=x onerror=alert(5)>" in text  # shown as text
    assert page.locator("article img[src=x]").count() == 0 and dialogs == []
    assert page.locator(".admonition.warning").count() == 1
    page.goto(base_url + "account/test-culture-bureau-weibo/")
    assert page.locator(".admonition.warning").count() == 0
