"""Fixture web sites for ``govreg monitor`` tests: real HTTP(S) servers on 127.0.0.1 only.

One :class:`FixtureWeb` holds pages per host name (the registered domains) and
answers like a government CMS would: ETag/Last-Modified validators (304 on a
match), robots.txt, optional delays.  Every request is logged (host, path,
headers) and the number of requests in flight per host is tracked, so tests can
check the crawler's politeness.  Servers are pytest-httpserver instances bound
to 127.0.0.1; ``--resolve`` sends the registered names there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import trustme
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TODAY = dt.date(2026, 11, 26)
LAST_MODIFIED = "Tue, 24 Nov 2026 08:00:00 GMT"


@dataclass
class Resp:
    body: str | bytes = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_type: str = "text/html; charset=utf-8"


@dataclass
class Hit:
    host: str
    path: str
    headers: dict[str, str]
    status: int
    at: float = 0.0  # time.monotonic() when the request arrived


class FixtureWeb:
    def __init__(self) -> None:
        self.sites: dict[str, dict[str, Resp]] = {}
        self.log: list[Hit] = []
        self.inflight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self._lock = threading.Lock()

    def site(self, host: str, pages: dict[str, Resp | str]) -> None:
        self.sites[host] = {path: page if isinstance(page, Resp) else Resp(page) for path, page in pages.items()}

    def hits(self, host: str, path: str | None = None) -> list[Hit]:
        return [h for h in self.log if h.host == host and (path is None or h.path == path)]

    def handler(self, request: Request) -> Response:
        arrived = time.monotonic()
        host = (request.host or "").split(":")[0].lower()
        path = request.full_path.rstrip("?") if request.query_string else request.path
        with self._lock:
            self.inflight[host] += 1
            self.peak[host] = max(self.peak[host], self.inflight[host])
        try:
            page = self.sites.get(host, {}).get(path)
            if page is None:
                page = Resp("<html><body>404 页面不存在</body></html>", status=404)
            if page.delay:
                time.sleep(page.delay)
            body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {"Content-Type": page.content_type, **page.headers}
            status = page.status
            if status == 200:
                headers.setdefault("ETag", etag)
                headers.setdefault("Last-Modified", LAST_MODIFIED)
                if request.headers.get("If-None-Match") == headers["ETag"]:
                    status, body = 304, b""
            with self._lock:
                self.log.append(Hit(host, path, dict(request.headers), status, arrived))
            return Response(body, status=status, headers=headers)
        finally:
            with self._lock:
                self.inflight[host] -= 1


@contextmanager
def serve(web: FixtureWeb, ssl_context: ssl.SSLContext | None = None) -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=ssl_context, threaded=True)
    server.expect_request(re.compile(".*")).respond_with_handler(web.handler)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


def tls_context(ca: trustme.CA, *names: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(context)
    return context


# ---------------------------------------------------------------- page builders


def footer(site: Any, *, code: str | None = None, icp: str | None = None, psb: str | None = None) -> str:
    parts = []
    if code != "":
        parts.append(f"网站标识码:{code or site.site_code}")
    if icp != "":
        parts.append(icp or site.icp)
    if psb != "":
        parts.append(psb or site.psb)
    return '<div class="footer"><p>主办:吴忠市人民政府办公室</p><p>' + " ".join(parts) + "</p></div>"


def listing(dates: list[dt.date], prefix: str = "/art/", fmt: str = "{:%Y-%m-%d}") -> str:
    items = "".join(f'<li><a href="{prefix}{i}.html">信息标题 {i}</a><span>{fmt.format(d)}</span></li>' for i, d in enumerate(dates))
    return f'<ul class="list">{items}</ul>'


def html(body: str, *, title: str = "吴忠市人民政府", head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>{head}</head><body>{body}</body></html>'


def portal(site: Any, *, home_dates: list[dt.date] | None = None, column_dates: list[dt.date] | None = None,
           extra: str = "", head: str = "", code: str | None = None, icp: str | None = None, psb: str | None = None,
           column_paths: tuple[str, ...] = ("/xwzx/wzyw/", "/xwzx/tzgg/")) -> dict[str, Resp | str]:
    """A healthy portal (recent dates, identity in the footer, every link alive) with optional changes."""
    recent = [TODAY - dt.timedelta(days=d) for d in (1, 3, 8)]
    home_dates = recent if home_dates is None else home_dates
    column_dates = recent if column_dates is None else column_dates
    nav = "".join(f'<a href="{p}">栏目</a>' for p in column_paths)
    home = html(
        f"<nav>{nav}</nav>{listing(home_dates)}"
        '<img src="/img/logo.png" alt="">'
        '<a href="https://www.example.com/">外部网站</a>'
        f"{extra}{footer(site, code=code, icp=icp, psb=psb)}",
        head=head,
    )
    pages: dict[str, Resp | str] = {
        "/": home,
        "/robots.txt": Resp("User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/img/logo.png": Resp(b"\x89PNG fixture", content_type="image/png"),
    }
    for i in range(len(home_dates)):
        pages[f"/art/{i}.html"] = html(f"<h1>信息标题 {i}</h1><p>正文。</p>")
    for path in column_paths:
        pages[path] = html(listing(column_dates) + footer(site))
    return pages
