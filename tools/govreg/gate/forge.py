"""Fetching a pull request and its reviews from the forge's REST API (urllib only).

- GitHub: ``GET {api}/repos/{owner}/{repo}/pulls/{n}`` and ``…/pulls/{n}/reviews?per_page=100``,
  ``Authorization: Bearer <token>``, pages followed through the ``Link: rel="next"`` header.
- Gitea/Forgejo: ``GET {api}/repos/{owner}/{repo}/pulls/{index}`` and ``…/reviews?limit=50``,
  ``Authorization: token <token>``, pages followed through ``Link`` (or, without it, while a
  page comes back full).

The token is read from the environment by the caller, never from the command line.
It is sent only over HTTPS (plain HTTP only to this machine, for tests and
local mirrors) and never to another host after a redirect.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Any, Protocol

from .. import jsonio
from .reviews import Forge, PullRequest

GITHUB_API = "https://api.github.com"
MAX_PAGES = 50
_LINK_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class ForgeError(Exception):
    """A Chinese explanation of why the forge could not be read."""


class Opener(Protocol):
    def open(self, fullurl: urllib.request.Request, data: None = None, timeout: float = ...) -> IO[bytes]: ...


class _SameHostRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but drop the credentials when the host changes."""

    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: http.client.HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            new.remove_header("Authorization")
        return new


def default_opener() -> Opener:
    return urllib.request.build_opener(_SameHostRedirect())  # type: ignore[return-value]


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return
    raise ForgeError(f"API 地址 {url} 不是 HTTPS；为保护令牌，只允许 HTTPS（本机测试地址除外）")


class ForgeClient:
    """Read-only access to one repository's pull requests on GitHub or Gitea/Forgejo."""

    def __init__(self, forge: Forge, api_url: str, repo: str, token: str | None, *, opener: Opener | None = None, timeout: float = 30) -> None:
        parts = (repo or "").split("/")
        if len(parts) != 2 or any(p in (".", "..") or not re.fullmatch(r"[A-Za-z0-9_.-]+", p) for p in parts):
            raise ForgeError(f"仓库名 {repo!r} 应为 owner/name 的形式")
        self.forge = forge
        self.api_url = api_url.rstrip("/")
        self.repo = repo
        self.token = token
        self.opener = opener or default_opener()
        self.timeout = timeout
        _check_url(self.api_url)

    # -- requests ----------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": "govreg-gate"}
        if self.forge == "github":
            headers["Accept"] = "application/vnd.github+json"
            headers["X-GitHub-Api-Version"] = "2022-11-28"
        if self.token:
            headers["Authorization"] = ("Bearer " if self.forge == "github" else "token ") + self.token
        return headers

    def _get(self, url: str) -> tuple[Any, str | None]:
        """GET one URL: (parsed JSON, the Link header's next URL)."""
        _check_url(url)
        request = urllib.request.Request(url, headers=self._headers(), method="GET")
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                body = response.read()
                link = response.headers.get("Link") if hasattr(response, "headers") else None
        except urllib.error.HTTPError as exc:
            raise ForgeError(_http_message(exc.code, url)) from None
        except urllib.error.URLError as exc:
            raise ForgeError(f"无法连接 {url}：{exc.reason}") from None
        except (TimeoutError, OSError) as exc:
            raise ForgeError(f"访问 {url} 失败：{exc}") from None
        try:
            data = jsonio.loads(body)  # capped in size and depth (issue 12)
        except jsonio.JsonRefused as exc:
            raise ForgeError(f"{url} 返回的数据无法使用：{exc}") from None
        match = _LINK_NEXT.search(link or "")
        return data, urllib.parse.urljoin(url, match.group(1)) if match else None

    def pull_request(self, number: int) -> PullRequest:
        data, _ = self._get(f"{self.api_url}/repos/{self.repo}/pulls/{number}")
        pull = PullRequest.from_api(data)
        if pull.author is None or pull.head_sha is None:
            raise ForgeError(f"PR #{number} 的数据缺少作者或头提交（user.login、head.sha）")
        return pull

    def reviews(self, number: int) -> list[Any]:
        """Every review object, all pages, oldest first (as the APIs list them)."""
        page_size = 100 if self.forge == "github" else 50
        size_key = "per_page" if self.forge == "github" else "limit"
        base = f"{self.api_url}/repos/{self.repo}/pulls/{number}/reviews"
        url: str | None = f"{base}?{size_key}={page_size}&page=1"
        out: list[Any] = []
        for page in range(1, MAX_PAGES + 1):
            if url is None:
                break
            data, next_url = self._get(url)
            if not isinstance(data, list):
                raise ForgeError(f"{url} 返回的不是审核列表")
            out.extend(data)
            if next_url is None and self.forge == "gitea" and len(data) >= page_size:
                next_url = f"{base}?{size_key}={page_size}&page={page + 1}"
            url = next_url
        else:
            raise ForgeError(f"PR #{number} 的审核超过 {MAX_PAGES} 页，停止读取")
        return out


def _http_message(code: int, url: str) -> str:
    if code in (401, 403):
        return f"访问 {url} 被拒绝（HTTP {code}）：令牌无效或没有读取拉取请求的权限"
    if code == 404:
        return f"找不到 {url}（HTTP 404）：请检查仓库名、PR 编号和 API 地址"
    return f"访问 {url} 失败（HTTP {code}）"
