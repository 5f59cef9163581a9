"""查验 in Chromium (issue 13): the sample registry's site, served from 127.0.0.1.

The same table of cases as ``test_identity.py`` runs through the page's JavaScript, and the
cases a citizen meets are typed into the box.  Every request to another host is blocked and
recorded; a test fails if the site tried one.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from test_identity import CASES
from test_site import build
from test_site_browser import ARTIFACTS, _Quiet, browser  # noqa: F401  (browser is a fixture)

from conftest import copy_sample, local_only

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tree = copy_sample(tmp_path_factory.mktemp("verify-tree") / "repo")
    site = build(tree, tmp_path_factory.mktemp("verify-site") / "site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _context(chromium: Any, viewport: dict[str, int]) -> tuple[Any, list[str]]:
    context = chromium.new_context(viewport=viewport, locale="zh-CN")
    outside = local_only(context)
    return context, outside


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context, outside = _context(browser, {"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not outside, f"the site tried to reach other hosts: {outside}"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:  # noqa: F811
    context, outside = _context(browser, {"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert not outside, f"the site tried to reach other hosts: {outside}"


def open_verify(page: Any, base_url: str, query: str | None = None) -> None:
    page.goto(base_url + "verify/" + (f"?q={quote(query)}" if query is not None else ""))
    page.locator("html[data-verify-ready]").wait_for(state="attached")


def ask(page: Any, query: str) -> Any:
    """Type the query as a citizen would (the last character as a real key press); returns the card."""
    box = page.locator("#govreg-q")
    box.fill(query[:-1])
    box.press("End")
    page.keyboard.insert_text(query[-1:])
    card = page.locator(f'#govreg-verdict[data-query="{_attr(query)}"] .govreg-card')
    card.wait_for()
    return card


def _attr(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def listed(card: Any, kind: str) -> list[str]:
    return [href.rstrip("/").rsplit("/", 1)[1] for href in card.locator(f"ul.govreg-{kind} a").evaluate_all("els => els.map(e => e.getAttribute('href'))")]


# ---------------------------------------------------------------- the shared table, in Chromium


def test_the_shared_table_agrees_in_chromium(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    got = page.evaluate(
        """async (cases) => {
            const V = window.govregVerify;
            const index = await (await fetch('../data/verify-index.json')).json();
            const byId = Object.fromEntries(index.platforms.map(p => [p.id, p]));
            return {
              handles: cases.handles.map(c => V.canonicalHandle(c.input, byId[c.platform])),
              skeletons: cases.skeletons.map(c => V.skeleton(c.a) === V.skeleton(c.b)),
              urls: cases.urls.map(c => { const f = V.identityFromUrl(c.input, index.platforms);
                  return [f.code, f.platform ?? null, f.kind ?? null, f.value ?? null, f.host]; }),
              verdicts: cases.verdicts.map(c => { const v = V.verdict(c.query, index);
                  return [v.verdict, v.matches.map(a => a.id), v.similar.map(a => a.id)]; }),
            };
        }""",
        CASES,
    )
    assert got["handles"] == [c["canonical"] for c in CASES["handles"]]
    assert got["skeletons"] == [c["same"] for c in CASES["skeletons"]]
    assert got["urls"] == [[c["code"], c["platform"], c["kind"], c["value"], c["host"]] for c in CASES["urls"]]
    assert got["verdicts"] == [[c["verdict"], c["matches"], c["similar"]] for c in CASES["verdicts"]]


# ---------------------------------------------------------------- what a citizen types


def test_name_gives_registered_with_platform_and_unit(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "吴忠公安")
    assert card.get_attribute("data-verdict") == "registered"
    text = card.inner_text()
    assert "✓ 已登记" in text and "吴忠公安 · 快手" in text and "吴忠市公安局" in text and "2019-03-05 起" in text
    card.locator("a", has_text="吴忠公安 · 新浪微博").click()
    page.wait_for_url("**/account/public-security-bureau-weibo/")
    assert page.title().startswith("吴忠公安 · 新浪微博")


def test_handle_in_another_case(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "WZWENLV")
    assert card.get_attribute("data-verdict") == "registered"
    assert listed(card, "matches") == ["culture-tourism-bureau-douyin", "culture-tourism-bureau-wechat"]


LINK_CASES = [c for c in CASES["verdicts"] if c["matches"] and ("/" in c["query"])]


def test_every_platforms_pasted_link_with_and_without_scheme_and_tracking(page: Any, base_url: str) -> None:
    assert len({c["matches"][0].rsplit("-", 1)[-1] for c in LINK_CASES}) >= 6  # wechat, weibo, douyin, toutiao, kuaishou, xiaohongshu, baijiahao
    open_verify(page, base_url)
    for case in LINK_CASES:
        card = ask(page, case["query"])
        assert card.get_attribute("data-verdict") == case["verdict"], case["query"]
        assert listed(card, "matches") == case["matches"], case["query"]


def test_open_incident_is_shown_with_the_verdict(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "9512345601")
    assert card.get_attribute("data-verdict") == "registered"
    warning = card.locator(".govreg-incident-warning")
    assert warning.count() == 1 and "安全警示" in warning.inner_text() and "被他人登录" in warning.inner_text()
    assert ask(page, "吴忠公安").locator(".govreg-incident-warning").count() == 0


def test_impostor_name_is_not_registered_and_names_the_real_ones(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "吴忠文旅官方")
    assert card.get_attribute("data-verdict") == "unregistered"
    assert "✗ 未登记" in card.inner_text() and "名录中没有这个账号，谨防仿冒" in card.inner_text()
    assert listed(card, "matches") == []
    assert "culture-tourism-bureau-wechat" in listed(card, "similar")


def test_cancelled_accounts_handle(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "50012345679")
    assert card.get_attribute("data-verdict") == "ended"
    text = card.inner_text()
    assert "⚠ 已注销" in text and "此账号已不再由政府运营，谨防冒用" in text and "2026-03-16" in text


def test_confusable_handle_is_not_registered(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "wzjyfЬ")
    assert card.get_attribute("data-verdict") == "unregistered"
    assert listed(card, "similar") == ["education-bureau-wechat"]


def test_userinfo_link_is_not_registered(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    card = ask(page, "https://weibo.com@evil.example/u/6412345001")
    assert card.get_attribute("data-verdict") == "unregistered" and "evil.example" in card.inner_text()


def test_shareable_link_opens_the_verdict(page: Any, base_url: str) -> None:
    open_verify(page, base_url, "https://www.douyin.com/user/wzwenlv-sample?from=share")
    card = page.locator("#govreg-verdict .govreg-card")
    card.wait_for()
    assert listed(card, "matches") == ["culture-tourism-bureau-douyin"]
    ask(page, "吴忠文旅官方")
    assert "q=%E5%90%B4%E5%BF%A0%E6%96%87%E6%97%85%E5%AE%98%E6%96%B9" in page.url  # the address bar follows the box


def test_names_are_shown_as_text(page: Any, base_url: str) -> None:
    open_verify(page, base_url)
    page.evaluate("() => { window.__ran = false; }")
    card = ask(page, '<img src=x onerror="window.__ran=true">吴忠公安')
    assert card.locator("img").count() == 0 and page.evaluate("() => window.__ran") is False


# ---------------------------------------------------------------- the rest of the citizen's path


def test_home_box_goes_to_the_verify_page(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.locator("form.govreg-check input[name=q]").fill("吴忠公安")
    page.locator("form.govreg-check button").click()
    page.wait_for_url("**/verify/?q=*")
    card = page.locator("#govreg-verdict .govreg-card")
    card.wait_for()
    assert card.get_attribute("data-verdict") == "registered"


def test_cancelled_account_page_has_no_qr_and_no_live_link(page: Any, base_url: str) -> None:
    page.goto(base_url + "account/market-regulation-bureau-toutiao/")
    assert page.title().startswith("吴忠市场监管 · 今日头条")
    article = page.locator("article")
    assert article.locator("figure.govreg-qr, svg").count() == 0
    assert article.locator('a[href*="toutiao.com"]').count() == 0
    assert "不提供链接" in article.inner_text()
    page.goto(base_url + "account/culture-tourism-bureau-douyin/")
    assert page.locator("article figure.govreg-qr").count() == 1


def test_search_results_carry_the_platform(page: Any, base_url: str) -> None:
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("吴忠文旅")
    page.keyboard.press("End")
    results = page.locator(".md-search-result__list")
    results.locator("li").first.wait_for()
    titles = [t.replace("\u200b", "") for t in results.locator(".md-search-result__article h1").all_inner_texts()]  # jieba's word breaks
    assert "吴忠文旅 · 抖音" in titles and "吴忠文旅 · 微信公众号" in titles, titles


@pytest.mark.parametrize("path", ["", "verify/?q=%E5%90%B4%E5%BF%A0%E5%85%AC%E5%AE%89"])
def test_phone_viewport(phone: Any, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    button = phone.locator("form.govreg-check button")
    box = button.bounding_box()
    assert box is not None and box["width"] > box["height"], box
    lines = phone.evaluate(
        """() => { const range = document.createRange();
                   range.selectNodeContents(document.querySelector('form.govreg-check button'));
                   return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""
    )
    assert lines == 1  # the label on one line, not four stacked characters
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    if path:
        card = phone.locator("#govreg-verdict .govreg-card")
        card.wait_for()
        card_box = card.bounding_box()
        assert card_box is not None and card_box["x"] >= 0 and card_box["x"] + card_box["width"] <= 390
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / f"phone-{'verify' if path else 'home'}.png"), full_page=True)


def test_index_is_published_beside_registry_json(page: Any, base_url: str) -> None:
    page.goto(base_url + "data/")
    links = page.locator("article a").evaluate_all("els => els.map(e => e.textContent)")
    assert "registry.json" in links and "verify-index.json" in links and "verify-index.schema.json" in links
    spec = page.request.get(base_url + "data/verify/")
    assert spec.ok and "规范化" in spec.text()
    index = json.loads(page.request.get(base_url + "data/verify-index.json").text())
    assert index["format"] == "govreg-verify-index"
