"""The polite fetcher: httpx (async) over an httpcore pool whose network backend can be re-routed.

Why httpx: a maintained async client with connection pooling, per-phase timeouts,
streaming reads (so a page is cut at ``max_page_bytes`` without downloading the
rest) and TLS verification errors raised as exceptions we turn into findings.
Its transport sits on httpcore, whose *network backend* is a public extension
point — :class:`RoutingBackend` uses it for ``--resolve HOST=ADDR:PORT``: the URL,
the ``Host`` header, SNI and certificate checks keep the registered domain name,
only the TCP connection goes to the given address.  A route without ``https://``
is a plain-HTTP fixture: the TLS handshake is skipped on that connection, so an
``https://`` URL is still requested as the site would be, over plain HTTP.

Good-citizen behaviour (settings in :class:`~.settings.MonitorSettings`):
robots.txt (``urllib.robotparser``) read once per host and respected; at most
``per_host`` (≤ 2) requests per host at a time and ``delay_seconds`` between the
starts of two requests to a host; ``concurrency`` requests in all; timeouts;
``retries`` bounded retries with exponential backoff on timeouts, connection
errors and 5xx; conditional requests (ETag / Last-Modified) against an on-disk
cache; per-site caps on pages and bytes (:class:`Budget`).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import ssl
import time
import typing
import urllib.robotparser
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx

from ..monitor_settings import MonitorSettings

# ---------------------------------------------------------------- --resolve


@dataclass(frozen=True, slots=True)
class Route:
    addr: str
    port: int
    tls: bool  # the local server speaks TLS (else plain HTTP, even for https:// URLs)


def parse_resolve(values: Iterable[str]) -> dict[str, Route]:
    """``HOST=ADDR:PORT`` or ``HOST=https://ADDR:PORT`` → routes; ValueError with a Chinese message."""
    routes: dict[str, Route] = {}
    for value in values:
        host, sep, target = value.partition("=")
        tls = target.startswith("https://")
        target = target.removeprefix("https://").removeprefix("http://")
        addr, colon, port_text = target.rpartition(":")
        if not sep or not host or not colon or not addr or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            syntax = "主机=地址:端口"  # typography: verbatim (the option's syntax)
            raise ValueError(f"--resolve「{value}」应写成 {syntax}，例如 www.example.gov.cn=127.0.0.1:8080（本地服务器使用 TLS 时写 https://127.0.0.1:8443）")
        routes[host.strip().lower().rstrip(".")] = Route(addr.strip("[]"), int(port_text), tls)
    return routes


class _PlainStream(httpcore.AsyncNetworkStream):
    """A connection to a plain-HTTP fixture: the TLS upgrade of an https:// request is a no-op."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return self

    def get_extra_info(self, info: str) -> typing.Any:
        return None if info == "ssl_object" else self._inner.get_extra_info(info)


class RoutingBackend(httpcore.AsyncNetworkBackend):
    """Connects routed hosts to their local address; with ``offline``, refuses every other host."""

    def __init__(self, routes: dict[str, Route], *, offline: bool) -> None:
        self.routes = routes
        self.offline = offline
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        route = self.routes.get(host.lower().rstrip("."))
        if route is None:
            if self.offline:
                raise httpcore.ConnectError(f"离线模式：主机 {host} 没有用 --resolve 指定本地地址，未访问")
            return await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        stream = await self._inner.connect_tcp(route.addr, route.port, timeout, local_address, socket_options)
        return stream if route.tls else _PlainStream(stream)

    async def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("不支持 Unix 套接字")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class RoutingTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response mapping, exception mapping) over a routed httpcore pool."""

    def __init__(self, ssl_context: ssl.SSLContext, backend: RoutingBackend, max_connections: int) -> None:
        super().__init__(verify=ssl_context)
        # httpx builds the same pool without a network_backend argument; this is the one line that
        # depends on httpx's internals, and every monitor test goes through it.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context, max_connections=max_connections, http1=True, http2=False, network_backend=backend
        )


# ---------------------------------------------------------------- results


@dataclass(slots=True)
class Hop:
    url: str
    status: int


@dataclass(slots=True)
class Fetched:
    """One fetch, after redirects: what the page checks need and what the snapshot records."""

    url: str  # as requested
    final_url: str
    status: int | None  # None: no HTTP answer (see error)
    error: str | None = None  # Chinese description when there was no usable answer
    error_kind: str | None = None  # "tls" | "timeout" | "connect" | "robots" | "budget" | "redirects" | "other"
    redirects: list[Hop] = field(default_factory=list)
    elapsed: float = 0.0  # seconds, first request to last byte
    body: bytes = b""
    content_type: str = ""
    from_cache: bool = False  # a 304 answer served from the on-disk cache
    downloaded: int = 0  # bytes received over the network for this fetch
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def html(self) -> bool:
        return "html" in self.content_type or (not self.content_type and self.body.lstrip()[:1] == b"<")


@dataclass
class Budget:
    """The per-site caps: pages requested and bytes downloaded."""

    pages: int
    bytes: int
    used_pages: int = 0
    used_bytes: int = 0
    refused: int = 0

    def take_page(self) -> bool:
        if self.used_pages >= self.pages or self.used_bytes >= self.bytes:
            self.refused += 1
            return False
        self.used_pages += 1
        return True


# ---------------------------------------------------------------- cache


class DiskCache:
    """``<dir>/<sha256 of URL>``: one line of JSON (validators, content type), then the body; written atomically."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)

    def _path(self, url: str) -> Path | None:
        if self.root is None:
            return None
        return self.root / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def get(self, url: str) -> tuple[dict[str, str], bytes] | None:
        path = self._path(url)
        if path is None:
            return None
        try:
            head, _, body = path.read_bytes().partition(b"\n")
            meta = json.loads(head)
            return {str(k): str(v) for k, v in meta.items()}, body
        except (OSError, ValueError):
            return None  # absent or damaged: fetch again

    def put(self, url: str, headers: httpx.Headers, body: bytes) -> None:
        path = self._path(url)
        if path is None:
            return
        meta = {k: headers[k] for k in ("etag", "last-modified", "content-type") if k in headers}
        if "etag" not in meta and "last-modified" not in meta:
            return  # nothing to revalidate with
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(json.dumps(meta).encode("utf-8") + b"\n" + body)
        tmp.replace(path)


# ---------------------------------------------------------------- the fetcher


@dataclass
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots_read: bool = False


@dataclass
class Traffic:
    requests: int = 0
    downloaded: int = 0  # bytes over the network (bodies)
    served: int = 0  # bytes of bodies handed to the checks (downloaded + from cache)
    not_modified: int = 0


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


class Fetcher:
    """Use as ``async with Fetcher(...) as f: await f.get(url, budget)``."""

    def __init__(
        self,
        settings: MonitorSettings,
        *,
        routes: dict[str, Route] | None = None,
        offline: bool = False,
        cache_dir: Path | None = None,
        ca_file: str | None = None,
    ) -> None:
        self.settings = settings
        self.routes = routes or {}
        self.offline = offline
        self.cache = DiskCache(cache_dir)
        self.ca_file = ca_file
        self.traffic = Traffic()
        self._hosts: dict[str, _Host] = {}
        self._global = asyncio.Semaphore(settings.concurrency)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        context = ssl.create_default_context(cafile=self.ca_file) if self.ca_file else ssl.create_default_context()
        # httpcore scans its whole pool for every request: keep it at the number of requests in flight
        transport = RoutingTransport(context, RoutingBackend(self.routes, offline=self.offline), self.settings.concurrency)
        s = self.settings
        self._client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": s.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
            timeout=httpx.Timeout(s.timeout_seconds),
            follow_redirects=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    def _host(self, url: str) -> _Host:
        key = _origin(url)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host))
        return host

    async def _polite(self, host: _Host) -> None:
        """Wait for this host's next start time (``delay_seconds`` after the previous start)."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        start = max(now, host.next_start)
        host.next_start = start + self.settings.delay_seconds
        if start > now:
            await asyncio.sleep(start - now)

    async def allowed(self, url: str) -> bool:
        """robots.txt of the URL's origin permits our User-Agent (read once; a missing file allows all)."""
        host = self._host(url)
        async with host.robots_lock:
            if not host.robots_read:
                host.robots_read = True
                got = await self._request(_origin(url) + "/robots.txt", host, conditional=False, limit=512 * 1024)
                parser = urllib.robotparser.RobotFileParser()
                if isinstance(got, tuple) and got[0] == 200:
                    parser.parse(got[2].decode("utf-8", "replace").splitlines())
                    host.robots = parser
                elif isinstance(got, tuple) and got[0] in (401, 403):
                    parser.parse(["User-agent: *", "Disallow: /"])  # RFC 9309 allows all here; we are stricter
                    host.robots = parser
        return host.robots is None or host.robots.can_fetch(self.settings.user_agent, url)

    async def _request(
        self, url: str, host: _Host, *, conditional: bool, limit: int, budget: Budget | None = None
    ) -> tuple[int, httpx.Headers, bytes, bool, int] | BaseException:
        """One GET with retries → (status, headers, body, from cache, bytes downloaded) or the last exception.

        The site's ``budget`` is checked and charged while holding the host's slot, so at most
        ``per_host`` requests can pass the check before their bytes are counted.
        """
        assert self._client is not None
        s = self.settings
        cached = self.cache.get(url) if conditional else None
        headers: dict[str, str] = {}
        if cached is not None:
            if "etag" in cached[0]:
                headers["If-None-Match"] = cached[0]["etag"]
            if "last-modified" in cached[0]:
                headers["If-Modified-Since"] = cached[0]["last-modified"]
        last: tuple[int, httpx.Headers, bytes, bool, int] | BaseException = RuntimeError("未请求")
        for attempt in range(s.retries + 1):
            if attempt:
                await asyncio.sleep(s.backoff_seconds * 2 ** (attempt - 1))
            async with host.slots, self._global:
                if budget is not None and attempt == 0 and not budget.take_page():
                    return OverBudget("已达到每个网站的页面或字节上限，未访问")
                await self._polite(host)
                try:
                    async with self._client.stream("GET", url, headers=headers) as response:
                        self.traffic.requests += 1
                        body = bytearray()
                        async for chunk in response.aiter_bytes():  # decoded (gzip …); the cut is on decoded bytes
                            body += chunk
                            if len(body) >= limit:
                                del body[limit:]
                                break
                        status = response.status_code
                        data = bytes(body)
                        raw = response.num_bytes_downloaded
                        self.traffic.downloaded += raw
                        if budget is not None:
                            budget.used_bytes += raw
                        if status == 304 and cached is not None:
                            self.traffic.not_modified += 1
                            merged = httpx.Headers({**cached[0], **dict(response.headers)})
                            last = (200, merged, cached[1], True, raw)
                        else:
                            if status == 200:
                                self.cache.put(url, response.headers, data)
                            last = (status, response.headers, data, False, raw)
                except (httpx.TimeoutException, httpx.TransportError) as exc:
                    last = exc
                    if _tls_error(exc) is not None or "离线模式" in str(exc):
                        return exc  # a certificate problem or an offline refusal does not go away on retry
                    continue
            if isinstance(last, tuple) and last[0] >= 500:
                continue
            return last
        return last

    async def get(self, url: str, budget: Budget) -> Fetched:
        """GET ``url`` following redirects (each hop checked against robots.txt and the budget)."""
        s = self.settings
        result = Fetched(url=url, final_url=url, status=None)
        started = time.monotonic()
        current = url
        for _ in range(s.max_redirects + 1):
            if not await self.allowed(current):
                result.error, result.error_kind = "robots.txt 不允许访问", "robots"
                break
            host = self._host(current)
            got = await self._request(current, host, conditional=True, limit=s.max_page_bytes, budget=budget)
            result.attempts += 1
            result.final_url = current
            if isinstance(got, BaseException):
                result.error_kind, result.error = describe_error(got)
                break
            status, headers, body, from_cache, downloaded = got
            result.downloaded += downloaded
            if status in (301, 302, 303, 307, 308) and "location" in headers:
                result.redirects.append(Hop(current, status))
                current = str(httpx.URL(current).join(headers["location"]))
                continue
            result.status, result.body, result.from_cache = status, body, from_cache
            result.content_type = headers.get("content-type", "").lower()
            self.traffic.served += len(body)
            break
        else:
            result.error, result.error_kind = f"重定向超过 {s.max_redirects} 次", "redirects"
        result.elapsed = time.monotonic() - started
        return result


class OverBudget(Exception):
    """The site's page or byte cap is reached: the request was not sent."""


def _tls_error(exc: BaseException) -> ssl.SSLError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or ("SSL" in text and "certificate" in text.lower()):
        return ssl.SSLError(text)
    return None


def describe_error(exc: BaseException) -> tuple[str, str]:
    """(kind, Chinese description) of a failed request."""
    if isinstance(exc, OverBudget):
        return "budget", str(exc)
    tls = _tls_error(exc)
    if tls is not None:
        detail = getattr(tls, "verify_message", None) or getattr(tls, "reason", None) or str(tls)
        if "hostname" in str(tls).lower() or "mismatch" in str(tls).lower():
            return "tls", f"证书与域名不符（{detail}）"
        return "tls", f"证书无效（{detail}）"
    if "离线模式" in str(exc):
        return "offline", str(exc)
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", "请求超时"
    if isinstance(exc, (httpx.ConnectError, httpx.NetworkError)):
        return "connect", f"无法连接（{exc}）" if str(exc) else "无法连接"
    return "other", f"{type(exc).__name__}:{exc}"
