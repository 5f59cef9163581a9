"""``govreg monitor`` against fixture sites on 127.0.0.1 (every run is --offline: no other host is ever contacted)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import trustme
from monitorsites import TODAY, FixtureWeb, Resp, html, listing, portal, serve, tls_context

from govreg.monitor.page import read_page
from govreg.repository import load_repository

from conftest import REPO, edit, run_cli

MONITOR_CONFIG = """
monitor:
  delay_seconds: 0
  backoff_seconds: 0
  timeout_seconds: 3
  retries: 1
"""


@pytest.fixture
def tree(sample_tree: Path) -> Path:
    (sample_tree / "config" / "govreg.yaml").open("a", encoding="utf-8").write(MONITOR_CONFIG)
    return sample_tree


@pytest.fixture
def web() -> Iterator[tuple[FixtureWeb, str]]:
    fixture = FixtureWeb()
    with serve(fixture) as server:
        yield fixture, f"127.0.0.1:{server.port}"


def configure(root: Path, text: str) -> None:
    """Change settings of the ``monitor:`` section written by ``tree`` (a key given here replaces the default)."""
    path = root / "config" / "govreg.yaml"
    before, _, section = path.read_text("utf-8").partition("\nmonitor:\n")
    given = {line.split(":", 1)[0] for line in text.splitlines()}
    kept = "".join(line + "\n" for line in section.splitlines() if line.split(":", 1)[0] not in given)
    path.write_text(before + "\nmonitor:\n" + kept + text, encoding="utf-8")


def monitor(root: Path, *resolve: str, extra: tuple[str, ...] = (), accounts: bool = False) -> tuple[int, dict[str, Any], dict[str, Any]]:
    snaps = root / "snaps"
    argv = ["monitor", str(root), "-f", "json", "--offline", "--cache", str(root / "cache"), "--snapshots", str(snaps), *extra]
    argv += [f"--resolve={r}" for r in resolve]
    if not accounts:
        argv.append("--no-accounts")
    code, out, err = run_cli(*argv)
    assert "Traceback" not in err, err
    assert code in (0, 1), err
    snapshot = json.loads((snaps / f"{TODAY.isoformat()}.json").read_text("utf-8"))
    return code, json.loads(out), snapshot


def site_codes(report: dict[str, Any], site: str, severity: tuple[str, ...] = ("error", "warning")) -> list[str]:
    return sorted(f["code"] for f in report["findings"] if f["path"] == f"sites/{site}.yaml" and f["severity"] in severity)


def sites(root: Path) -> dict[str, Any]:
    return load_repository(root).sites


# ---------------------------------------------------------------- one run, six registered sites, six fixture kinds


def test_fixture_sites_each_kind(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    edit(tree / "sites" / "qingtongxia-portal.yaml", "    kind: news\n    update_every_days: 14\n",
         "    kind: news\n    update_every_days: 14\n    url: https://www.qtx.gov.cn/xwzx/wzyw/\n")
    s = sites(tree)
    fixture.site(s["wuzhong-portal"].domain, portal(s["wuzhong-portal"]))
    fixture.site(s["litong-portal"].domain, portal(s["litong-portal"], code="6403999999"))
    old = [dt.date(2026, 9, 1), dt.date(2026, 8, 20)]
    fixture.site(s["qingtongxia-portal"].domain, portal(s["qingtongxia-portal"], home_dates=old, column_dates=old))
    dead = portal(s["tongxin-portal"], extra='<a href="/gone.html">已删除</a><a href="/broken.html">出错</a>')
    dead["/broken.html"] = Resp("error", status=500)
    fixture.site(s["tongxin-portal"].domain, dead)
    fixture.site(s["yanchi-portal"].domain, portal(
        s["yanchi-portal"],
        head="<style>.sp{position:absolute;left:-9999px;top:-9999px}</style>",
        extra='<div class="sp"><a href="https://casino-spam.example/">博彩</a></div>',
    ))
    ca = trustme.CA()
    ca_file = tree / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    bad = FixtureWeb()
    bad.site(s["hongsibu-portal"].domain, portal(s["hongsibu-portal"]))
    with serve(bad, tls_context(ca, "www.example.org")) as tls:
        hosts = [s[i].domain for i in ("wuzhong-portal", "litong-portal", "qingtongxia-portal", "tongxin-portal", "yanchi-portal")]
        code, report, snapshot = monitor(tree, *(f"{h}={addr}" for h in hosts), f"{s['hongsibu-portal'].domain}=https://127.0.0.1:{tls.port}",
                                         extra=("--ca-file", str(ca_file)))
    assert code == 1 and report["valid"] is False, report
    assert set(report) == {"valid", "stats", "findings"}
    assert site_codes(report, "wuzhong-portal") == [], report
    assert site_codes(report, "litong-portal") == ["monitor-site-code"], [f["message"] for f in report["findings"] if "litong" in f["path"]]
    assert site_codes(report, "qingtongxia-portal") == ["monitor-column-stale", "monitor-home-stale"]
    assert site_codes(report, "tongxin-portal") == ["monitor-dead-link", "monitor-dead-link"]
    assert site_codes(report, "yanchi-portal") == ["monitor-hidden-link"]
    assert site_codes(report, "hongsibu-portal") == ["monitor-tls"]
    # findings point at the record's field, with the article they serve
    wrong = next(f for f in report["findings"] if f["code"] == "monitor-site-code")
    text = (tree / "sites" / "litong-portal.yaml").read_text("utf-8").splitlines()
    assert text[wrong["line"] - 1].startswith("site_code:")
    assert "6403999999" in wrong["message"] and "国办发〔2017〕47号" in wrong["article"]
    stale = next(f for f in report["findings"] if f["code"] == "monitor-column-stale")
    assert "2026-09-01" in stale["message"] and "86 天" in stale["message"]
    # the 500 link was retried once before it was called dead; the spam target was never visited
    assert len(fixture.hits(s["tongxin-portal"].domain, "/broken.html")) == 2
    assert not fixture.hits("casino-spam.example")
    # the snapshot follows the published schema and records what was seen
    schema = json.loads((REPO / "schemas" / "monitor-snapshot.schema.json").read_text("utf-8"))
    jsonschema.validate(snapshot, schema)
    by_id = {site["id"]: site for site in snapshot["sites"]}
    assert by_id["wuzhong-portal"]["home"]["site_code"] == "6403000001"
    assert by_id["qingtongxia-portal"]["columns"][0]["newest"] == "2026-09-01"
    assert by_id["hongsibu-portal"]["home"]["error_kind"] == "tls"


# ---------------------------------------------------------------- reachability


def test_certificate_valid_for_the_domain_is_no_finding(tree: Path) -> None:
    ca = trustme.CA()
    ca_file = tree / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    good = FixtureWeb()
    good.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"]))
    with serve(good, tls_context(ca, "www.wuzhong.gov.cn")) as tls:
        route = f"www.wuzhong.gov.cn=https://127.0.0.1:{tls.port}"
        code, report, _ = monitor(tree, route, extra=("--sites", "wuzhong-portal", "--ca-file", str(ca_file)))
        assert code == 0 and site_codes(report, "wuzhong-portal") == []
        # the same server, but its CA is not trusted: a finding, not a crash
        code, report, _ = monitor(tree, route, extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == ["monitor-tls"]
    assert "证书无效" in report["findings"][0]["message"] or "证书" in report["findings"][0]["message"]


def test_hostname_mismatch_is_named(tree: Path) -> None:
    ca = trustme.CA()
    ca_file = tree / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    wrong = FixtureWeb()
    wrong.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"]))
    with serve(wrong, tls_context(ca, "www.other.gov.cn")) as tls:
        _, report, _ = monitor(tree, f"www.wuzhong.gov.cn=https://127.0.0.1:{tls.port}", extra=("--sites", "wuzhong-portal", "--ca-file", str(ca_file)))
    finding = next(f for f in report["findings"] if f["code"] == "monitor-tls")
    assert "证书与域名不符" in finding["message"]


def test_slow_home_page_is_a_warning(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    configure(tree, "  slow_seconds: 0.2\n")
    pages = portal(sites(tree)["wuzhong-portal"])
    fixture.site("www.wuzhong.gov.cn", pages)
    code, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert "monitor-slow" not in site_codes(report, "wuzhong-portal") and code == 0
    pages["/"] = Resp(str(pages["/"]), delay=0.5)
    fixture.site("www.wuzhong.gov.cn", pages)
    code, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == ["monitor-slow"] and code == 0


def test_timeout_and_server_error_are_unreachable_after_one_retry(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    configure(tree, "  timeout_seconds: 0.3\n")
    fixture.site("www.wuzhong.gov.cn", {"/": Resp("<html>慢</html>", delay=1.0)})
    litong = sites(tree)["litong-portal"].domain
    fixture.site(litong, {"/": Resp("维护中", status=503)})
    code, report, snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", f"{litong}={addr}", extra=("--sites", "wuzhong-portal,litong-portal"))
    assert code == 1
    assert site_codes(report, "wuzhong-portal") == ["monitor-unreachable"]
    assert site_codes(report, "litong-portal") == ["monitor-unreachable"]
    assert "请求超时" in next(f["message"] for f in report["findings"] if f["path"] == "sites/wuzhong-portal.yaml")
    assert len(fixture.hits(litong, "/")) == 2  # retried once
    assert {s["id"]: s["home"]["status"] for s in snapshot["sites"]} == {"wuzhong-portal": None, "litong-portal": 503}


def test_redirect_off_the_registered_domain(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    pages = portal(sites(tree)["wuzhong-portal"])
    pages["/"], pages["/index.html"] = Resp("", status=302, headers={"Location": "/index.html"}), pages["/"]
    fixture.site("www.wuzhong.gov.cn", pages)
    _, report, snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == []
    assert snapshot["sites"][0]["home"]["redirects"] == [{"url": "https://www.wuzhong.gov.cn/", "status": 302}]
    fixture.site("www.wuzhong.gov.cn", {"/": Resp("", status=301, headers={"Location": "https://www.bocai.example/"})})
    fixture.site("www.bocai.example", {"/": html("博彩")})
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", f"www.bocai.example={addr}", extra=("--sites", "wuzhong-portal"))
    assert "monitor-off-domain" in site_codes(report, "wuzhong-portal")


def test_home_page_moved_to_plain_http(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    pages = portal(sites(tree)["wuzhong-portal"])
    fixture.site("www.wuzhong.gov.cn", {**pages, "/": Resp("", status=302, headers={"Location": "http://www.wuzhong.gov.cn/home"}), "/home": pages["/"]})
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert "monitor-no-https" in site_codes(report, "wuzhong-portal")


# ---------------------------------------------------------------- identity in the footer


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"code": ""}, "monitor-site-code"),
        ({"icp": "宁ICP备99999999号-1"}, "monitor-icp"),
        ({"icp": ""}, "monitor-icp"),
        ({"psb": "宁公网安备 64999999999999号"}, "monitor-psb"),
        ({"psb": ""}, "monitor-psb"),
    ],
)
def test_identity_in_the_footer(tree: Path, web: tuple[FixtureWeb, str], change: dict[str, str], expected: str) -> None:
    fixture, addr = web
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"], **change))  # type: ignore[arg-type]
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == [expected]


def test_identity_numbers_match_whatever_the_spacing(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    site = sites(tree)["wuzhong-portal"]
    fixture.site("www.wuzhong.gov.cn", portal(site, icp="宁 ICP 备 05001234 号 - 1".replace(" ICP ", "ICP"), psb="宁公网安备64030202000123号"))
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == []


# ---------------------------------------------------------------- updates from the pages


def test_columns_stale_and_undated(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    pages = portal(sites(tree)["wuzhong-portal"])
    # 要闻动态 (14 days): newest 2026-11-01 is 25 days old; 通知公告 (180 days): same date is fine
    pages["/xwzx/wzyw/"] = html(listing([dt.date(2026, 11, 1), dt.date(2026, 10, 2)], fmt="{:%Y年%m月%d日}"))
    pages["/xwzx/tzgg/"] = html(listing([dt.date(2026, 11, 1)], fmt="{:%Y/%m/%d}"))
    fixture.site("www.wuzhong.gov.cn", pages)
    _, report, snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == ["monitor-column-stale"]
    finding = next(f for f in report["findings"] if f["code"] == "monitor-column-stale")
    assert "要闻动态" in finding["message"] and "25 天" in finding["message"] and "时限 14 天" in finding["message"]
    columns = {c["id"]: c for c in snapshot["sites"][0]["columns"]}
    assert columns["news"]["days"] == 25 and columns["notices"]["days"] == 25 and columns["notices"]["limit"] == 180
    pages["/xwzx/tzgg/"] = html("<p>栏目建设中</p>")
    fixture.site("www.wuzhong.gov.cn", pages)
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == ["monitor-column-stale", "monitor-column-undated"]


@pytest.mark.parametrize("text", ["2026-11-20", "2026/11/20", "2026年11月20日", "2026-11-20 09:30", "[2026-11-20]"])
def test_date_patterns(text: str) -> None:
    page = read_page("https://www.wuzhong.gov.cn/", html(f"<ul><li><a href='/a'>标题</a> <span>{text}</span></li></ul>").encode(), today=TODAY)
    assert page.newest == dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    ("encoding", "content_type", "meta"),
    [
        ("gbk", "text/html", '<meta charset="gb2312">'),
        ("gb18030", "text/html; charset=GBK", ""),
        ("gbk", "text/html", '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'),
        ("utf-8", "text/html", ""),
        ("utf-8-sig", "text/html; charset=gbk", ""),  # the BOM wins over the header
    ],
)
def test_chinese_encodings(encoding: str, content_type: str, meta: str) -> None:
    markup = f'<html><head>{meta}</head><body><ul><li>2026年11月20日</li></ul><div class="footer">网站标识码:6403000001 宁ICP备05001234号-1</div></body></html>'
    page = read_page("https://www.wuzhong.gov.cn/", markup.encode(encoding), today=TODAY, content_type=content_type)
    assert (page.site_code, page.icps, page.newest) == ("6403000001", ["宁ICP备05001234号-1"], dt.date(2026, 11, 20))


def test_site_code_from_the_error_report_widget() -> None:
    widget = '<script id="_jiucuo_" sitecode="6403000001" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script>'
    assert read_page("https://www.wuzhong.gov.cn/", html(widget).encode(), today=TODAY).site_code == "6403000001"
    assert read_page("https://www.wuzhong.gov.cn/", html("<p>无</p>").encode(), today=TODAY).site_code is None


def test_a_gbk_portal_end_to_end(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    pages = portal(sites(tree)["wuzhong-portal"])
    fixture.site("www.wuzhong.gov.cn", {
        k: Resp(v.replace("utf-8", "gb2312").encode("gbk"), content_type="text/html") if isinstance(v, str) else v for k, v in pages.items()
    })
    code, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert code == 0 and site_codes(report, "wuzhong-portal") == []


def test_future_and_impossible_dates_are_ignored() -> None:
    body = html("<ul><li>2027-01-01</li><li>2026-02-30</li><li>2026-11-02</li></ul>").encode()
    page = read_page("https://www.wuzhong.gov.cn/", body, today=TODAY)
    assert page.newest == dt.date(2026, 11, 2) and page.dates == 1


# ---------------------------------------------------------------- links


HIDDEN = [
    '<div style="display:none"><a href="https://spam.example/">x</a></div>',
    '<a style="visibility: hidden" href="https://spam.example/">x</a>',
    '<span style="font-size:0"><a href="https://spam.example/">x</a></span>',
    '<div style="width:0;height:0;overflow:hidden"><a href="https://spam.example/">x</a></div>',
    '<div style="position:absolute; left:-3000px"><a href="https://spam.example/">x</a></div>',
    '<p style="text-indent:-9999px"><a href="https://spam.example/">x</a></p>',
    '<div hidden><a href="https://spam.example/">x</a></div>',
    '<style>#ads a{display:none}</style><div id="ads"><a href="https://spam.example/">x</a></div>',
    '<style>.x{opacity:0}</style><a class="x" href="https://spam.example/">x</a>',
    '<div style="height:1px;overflow:hidden"><a href="https://spam.example/">x</a></div>',
    '<div style="position:fixed;top:-999px"><a href="https://spam.example/">x</a></div>',
]


@pytest.mark.parametrize("markup", HIDDEN)
def test_hidden_anchor(markup: str) -> None:
    page = read_page("https://www.wuzhong.gov.cn/", html(markup).encode(), today=TODAY)
    assert [link.hidden is not None for link in page.links] == [True]


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="https://spam.example/">x</a>',
        '<div style="display:block;position:absolute;left:10px"><a href="https://spam.example/">x</a></div>',
        '<div style="height:1px"><a href="https://spam.example/">x</a></div>',
        '<div style="left:-9999px"><a href="https://spam.example/">x</a></div>',
        '<style>@media print{a{display:none}} .other{display:none}</style><a href="https://spam.example/">x</a>',
    ],
)
def test_visible_anchor(markup: str) -> None:
    page = read_page("https://www.wuzhong.gov.cn/", html(markup).encode(), today=TODAY)
    assert [link.hidden for link in page.links] == [None]


def test_hidden_links_to_own_or_government_sites_are_not_spam(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    extra = ('<div style="display:none"><a href="/art/0.html">跳到正文</a><a href="https://www.gov.cn/">中国政府网</a></div>'
             '<a href="https://www.gov.cn/">中国政府网</a>')
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"], extra=extra))
    code, report, snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert code == 0 and site_codes(report, "wuzhong-portal") == []
    # www.example.com is external (information), www.gov.cn is a government site, not resolved offline: not visited, not dead
    assert site_codes(report, "wuzhong-portal", ("info",)) == ["monitor-external-link"]
    assert snapshot["sites"][0]["external_domains"] == {"www.example.com": 1}


def test_mixed_content_and_plain_http_links(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    site = sites(tree)["wuzhong-portal"]
    litong = sites(tree)["litong-portal"].domain
    extra = f'<img src="http://www.wuzhong.gov.cn/img/logo.png"><a href="http://{litong}/">利通区</a>'
    fixture.site("www.wuzhong.gov.cn", portal(site, extra=extra))
    fixture.site(litong, {"/": html("利通区")})
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", f"{litong}={addr}", extra=("--sites", "wuzhong-portal"))
    assert site_codes(report, "wuzhong-portal") == ["monitor-mixed-content", "monitor-plain-http-link"]


# ---------------------------------------------------------------- a good citizen


def test_robots_user_agent_and_per_host_concurrency(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    links = "".join(f'<a href="/art/p{i}.html">{i}</a>' for i in range(12)) + '<a href="/private/secret.html">内部</a>'
    pages = portal(sites(tree)["wuzhong-portal"], extra=links)
    for i in range(12):
        pages[f"/art/p{i}.html"] = Resp(html("正文"), delay=0.05)
    fixture.site("www.wuzhong.gov.cn", pages)
    configure(tree, "  concurrency: 8\n")
    code, _, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert code == 0
    hits = fixture.hits("www.wuzhong.gov.cn")
    assert not fixture.hits("www.wuzhong.gov.cn", "/private/secret.html")
    assert len(fixture.hits("www.wuzhong.gov.cn", "/robots.txt")) == 1
    assert all(h.headers["User-Agent"].startswith("govreg-monitor/") and "registry" in h.headers["User-Agent"] for h in hits)
    assert fixture.peak["www.wuzhong.gov.cn"] <= 2
    assert len(hits) >= 14


def test_delay_between_requests_to_a_host(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    links = "".join(f'<a href="/art/{i}.html">{i}</a>' for i in range(3))
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"], extra=links))
    configure(tree, "  delay_seconds: 0.15\n")
    monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    starts = sorted(h.at for h in fixture.hits("www.wuzhong.gov.cn"))
    assert len(starts) >= 6
    # a lower bound only: the client spaces the starts by the delay (a busy machine only widens the gaps);
    # arrival times at the server jitter by the connection set-up, so the whole span is compared
    assert starts[-1] - starts[0] >= (len(starts) - 1) * 0.15 - 0.1


def test_column_page_disallowed_by_robots_is_skipped_not_judged(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    edit(tree / "sites" / "wuzhong-portal.yaml", "url: https://www.wuzhong.gov.cn/xwzx/tzgg/", "url: https://www.wuzhong.gov.cn/private/tzgg/")
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"]))
    code, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert code == 0 and site_codes(report, "wuzhong-portal") == []
    skipped = [f for f in report["findings"] if f["code"] == "monitor-skipped"]
    assert len(skipped) == 1 and "robots.txt" in skipped[0]["message"] and "通知公告" in skipped[0]["message"]
    assert not fixture.hits("www.wuzhong.gov.cn", "/private/tzgg/")


def test_page_cap_per_site(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    links = "".join(f'<a href="/art/p{i}.html">{i}</a>' for i in range(20))
    pages = portal(sites(tree)["wuzhong-portal"], extra=links)
    fixture.site("www.wuzhong.gov.cn", pages)  # the p*.html pages are 404: dead if visited
    configure(tree, "  max_pages_per_site: 5\n")
    _, report, snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    seen = [h for h in fixture.hits("www.wuzhong.gov.cn") if h.path != "/robots.txt"]
    assert len(seen) == 5 and snapshot["sites"][0]["pages"] == 5 and snapshot["sites"][0]["skipped"] > 0
    assert site_codes(report, "wuzhong-portal").count("monitor-dead-link") <= 2


def test_byte_caps_per_site_and_per_page(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    links = "".join(f'<a href="/art/big{i}.html">{i}</a>' for i in range(10))
    pages = portal(sites(tree)["wuzhong-portal"], extra=links)
    for i in range(10):
        pages[f"/art/big{i}.html"] = html("<p>" + "正文" * 2000 + "</p>")  # 12 KB each
    fixture.site("www.wuzhong.gov.cn", pages)
    configure(tree, "  max_bytes_per_site: 30000\n")
    _, _, snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    site = snapshot["sites"][0]
    big = [h for h in fixture.hits("www.wuzhong.gov.cn") if h.path.startswith("/art/big")]
    # the cap is checked before each request: at most per_host (2) pages of 12 KB may be in flight when it is reached
    assert site["skipped"] > 0 and len(big) < 10 and site["bytes_downloaded"] < 30000 + 2 * 13 * 1024
    # a page is read up to max_page_bytes: the footer after 12 KB of padding is never seen
    padded = portal(sites(tree)["wuzhong-portal"], extra="<p>" + "填充" * 2000 + "</p>")
    fixture.site("www.wuzhong.gov.cn", padded)
    configure(tree, "  max_bytes_per_site: 30000000\n  max_page_bytes: 4096\n")
    _, report, _ = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert {"monitor-site-code", "monitor-icp", "monitor-psb"} <= set(site_codes(report, "wuzhong-portal"))


def test_second_run_revalidates_from_the_cache(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"]))
    _, _, first = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    _, _, second = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert first["traffic"]["not_modified"] == 0 and second["traffic"]["not_modified"] >= 5
    assert second["traffic"]["bytes_downloaded"] < 0.1 * first["traffic"]["bytes_downloaded"]
    assert second["traffic"]["bytes_served"] == first["traffic"]["bytes_served"]
    assert any("If-None-Match" in h.headers for h in fixture.log)


def test_offline_never_connects_to_unresolved_hosts(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"], extra='<a href="https://www.nowhere.example/x">外链</a>'))
    code, report, _snapshot = monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    assert code == 0 and "monitor-dead-link" not in site_codes(report, "wuzhong-portal")
    assert {h.host for h in fixture.log} == {"www.wuzhong.gov.cn"}


# ---------------------------------------------------------------- accounts


def test_accounts_checkable_and_not(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    configure(tree, "  public_profile_platforms: [wechat]\n")
    edit(tree / "accounts" / "litong-gov-office" / "litong-gov-office-wechat.yaml", "\nowner:", "\nurl: https://mp.weixin.qq.com/profile/litong\nowner:")
    fixture.site("mp.weixin.qq.com", {"/profile/litong": html("利通发布")})
    argv = (f"mp.weixin.qq.com={addr}",)
    _code, report, snapshot = monitor(tree, *argv, extra=("--sites", "wuzhong-portal"), accounts=True)
    account = next(a for a in snapshot["accounts"] if a["id"] == "litong-gov-office-wechat")
    assert account["state"] == "ok" and account["status"] == 200
    litong = "accounts/litong-gov-office/litong-gov-office-wechat.yaml"
    assert not [f for f in report["findings"] if f["code"] == "monitor-account-unreachable" and f["path"] == litong]
    fixture.site("mp.weixin.qq.com", {})
    _, report, snapshot = monitor(tree, *argv, extra=("--sites", "wuzhong-portal"), accounts=True)
    dead = [f for f in report["findings"] if f["code"] == "monitor-account-unreachable" and f["path"] == litong]
    assert len(dead) == 1 and dead[0]["line"]
    configure(tree, "  public_profile_platforms: []\n")
    _, report, snapshot = monitor(tree, *argv, extra=("--sites", "wuzhong-portal"), accounts=True)
    assert {a["state"] for a in snapshot["accounts"]} == {"not-checkable"}
    assert any(f["code"] == "monitor-account-not-checkable" and "微信公众号" in f["message"] for f in report["findings"])


# ---------------------------------------------------------------- usage


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--resolve", "www.wuzhong.gov.cn"), "--resolve"),
        (("--resolve", "www.wuzhong.gov.cn=127.0.0.1:notaport"), "主机=地址:端口"),
        (("--sites", "nope"), "没有这些网站"),
        (("--ca-file", "/nonexistent.pem"), "CA 证书"),
    ],
)
def test_usage_errors(tree: Path, argv: tuple[str, ...], message: str) -> None:
    code, _, err = run_cli("monitor", str(tree), "--offline", "--no-snapshot", *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_bad_monitor_settings_are_a_usage_error(tree: Path) -> None:
    configure(tree, "  per_host: 9\n")
    code, _, err = run_cli("monitor", str(tree), "--offline", "--no-snapshot")
    assert code == 2 and "monitor" in err and "Traceback" not in err


# ---------------------------------------------------------------- inspect and assess read the snapshots


def _stale_run(tree: Path, web: tuple[FixtureWeb, str]) -> Path:
    """One monitor run on a portal whose home page and 要闻动态 stopped on 2026-10-01, wrong 标识码; returns the snapshot dir."""
    fixture, addr = web
    old = [dt.date(2026, 10, 1)]
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"], home_dates=old,
                                              column_dates=[TODAY - dt.timedelta(days=2)], code="6403000009"))
    pages = dict(fixture.sites["www.wuzhong.gov.cn"])
    pages["/xwzx/wzyw/"] = Resp(html(listing(old)))
    fixture.sites["www.wuzhong.gov.cn"] = pages
    monitor(tree, f"www.wuzhong.gov.cn={addr}", extra=("--sites", "wuzhong-portal"))
    return tree / "snaps"


def _items(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for unit in report["units"] for item in unit["items"]]


def test_inspect_lists_what_the_monitor_saw(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    snaps = _stale_run(tree, web)
    code, out, err = run_cli("inspect", str(tree), "--date", "2026-11-26", "-f", "json")
    assert "Traceback" not in err
    plain = json.loads(out)
    assert plain["monitor"] is None and not [i for i in _items(plain) if i["code"].startswith("monitor-")]
    code, out, err = run_cli("inspect", str(tree), "--date", "2026-11-26", "-f", "json", "--monitor", str(snaps))
    report = json.loads(out)
    assert report["monitor"]["day"] == "2026-11-26" and code == 1
    seen = {i["code"]: i for i in _items(report) if i["code"].startswith("monitor-")}
    assert set(seen) == {"monitor-site-silent", "monitor-column-stale", "monitor-site-code"}
    assert seen["monitor-site-silent"]["level"] == "veto" and seen["monitor-site-silent"]["section"] == "updates"
    assert "56 天" in seen["monitor-column-stale"]["message"] and "网站实测 2026-11-26" in seen["monitor-column-stale"]["message"]
    assert seen["monitor-site-code"]["section"] == "monitor" and seen["monitor-site-code"]["path"] == "sites/wuzhong-portal.yaml"
    assert any("网站实测" in note and "登记库" in note for note in report["notes"])
    # a week later the snapshot is too old to speak for the day
    code, out, _ = run_cli("inspect", str(tree), "--date", "2026-12-03", "-f", "json", "--monitor", str(snaps))
    later = json.loads(out)
    assert later["monitor"] is None and any("没有" in n and "快照" in n for n in later["notes"])
    # Markdown shows the monitor section
    _, md, _ = run_cli("inspect", str(tree), "--date", "2026-11-26", "--monitor", str(snaps))
    assert "网站实测（govreg monitor）" in md


def test_assess_counts_the_monitor_at_month_end(tree: Path, web: tuple[FixtureWeb, str], monkeypatch: pytest.MonkeyPatch) -> None:
    snaps = _stale_run(tree, web)
    _, out, _ = run_cli("assess", str(tree), "--year", "2026", "-f", "json")
    before = {d["code"] for u in json.loads(out)["units"] for d in u["deductions"]}
    _, out, err = run_cli("assess", str(tree), "--year", "2026", "-f", "json", "--monitor", str(snaps))
    assert "Traceback" not in err
    report = json.loads(out)
    office = next(u for u in report["units"] if u["unit"] == "wuzhong-gov-office")
    seen = [d for d in office["deductions"] if d["code"].startswith("monitor-")]
    assert {d["code"] for d in seen} == {"monitor-site-silent", "monitor-column-stale"} and all(d["item"] == "2" for d in seen)
    assert not {c for c in before if c.startswith("monitor-")}
    assert any("网站实测" in n for n in report["notes"])


def test_a_broken_snapshot_is_a_note_not_a_crash(tree: Path) -> None:
    snaps = tree / "snaps"
    snaps.mkdir()
    (snaps / "2026-11-26.json").write_text('{"schema_version": 1, "day": "2026-11-26"}', encoding="utf-8")
    code, out, err = run_cli("inspect", str(tree), "--date", "2026-11-26", "-f", "json", "--monitor", str(snaps))
    assert "Traceback" not in err and code in (0, 1)
    assert any("无法读取" in n for n in json.loads(out)["notes"])


# ---------------------------------------------------------------- outputs and the published schema


def test_text_markdown_and_html_reports(tree: Path, web: tuple[FixtureWeb, str]) -> None:
    fixture, addr = web
    fixture.site("www.wuzhong.gov.cn", portal(sites(tree)["wuzhong-portal"], code="6403000009", extra='<a href="/x?a=1&amp;b=<2>">坏</a>'))
    base = ("monitor", str(tree), "--offline", "--no-accounts", "--no-cache", "--no-snapshot", "--sites", "wuzhong-portal", f"--resolve=www.wuzhong.gov.cn={addr}")
    code, text, _ = run_cli(*base)
    assert code == 1 and "sites/wuzhong-portal.yaml" in text and "monitor-site-code" in text and "→ " in text and "未通过" in text
    _, md, _ = run_cli(*base, "-f", "markdown")
    assert md.startswith("# 政府网站巡测报告（2026-11-26）") and "| wuzhong-portal | 200 |" in md
    target = tree / "out" / "r.html"
    code, out, _ = run_cli(*base, "-f", "html", "-o", str(target))
    page = target.read_text("utf-8")
    assert code == 1 and out == "" and page.startswith("<!doctype html>") and "<2>" not in page and "&lt;2&gt;" in page


def test_published_snapshot_schema_is_current() -> None:
    from govreg import schemas
    from govreg.commands.schemas import extra

    assert schemas.stale(REPO, extra()) == []
    assert "monitor-snapshot.schema.json" in schemas.build(extra())


@pytest.mark.parametrize(("host", "same"), [
    ("www.wuzhong.gov.cn", True), ("wuzhong.gov.cn", True), ("xxgk.www.wuzhong.gov.cn", True),
    ("gov.cn", False), ("www.wuzhong.gov.cn.evil.example", False), ("evilwww.wuzhong.gov.cn", False),
])
def test_what_counts_as_the_registered_domain(host: str, same: bool) -> None:
    from govreg.monitor.run import _same_site

    assert _same_site(host, "www.wuzhong.gov.cn") is same
