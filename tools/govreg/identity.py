"""Account identity: canonical handles, account links and look-alike skeletons (core, pure).

One specification, implemented twice: here (``govreg check``, ``govreg verify``) and in
``govreg/site/overrides/assets/verify.js`` (the public site's 查验 page).  Both are run over the same table of
cases (``tools/tests/data/identity-cases.json``) by the tests.  The specification, in short:

* ``canonical_handle``: NFKC; drop every format (Cf: zero-width, bidi), control (Cc) and
  separator (Z*) character; Unicode default lower-casing unless the platform's handles are
  case-sensitive (``handle_case: sensitive`` in ``config/platforms.yaml``).
* ``skeleton``: UTS #39 confusable skeleton over the canonical form without lower-casing:
  map each character to its confusable class, lower-case, map again.  The classes come from
  Unicode's ``confusables.txt`` as shipped by the ``confusable-homoglyphs`` package.
* ``identity_from_url``: a link with or without scheme; userinfo (``@``) and backslashes are
  refused; the host's registered domain (public suffix list) must be one of the platform's
  ``domains``; the ``urls`` shapes of that platform say where the identity is.
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict, Field

from .config import Platform
from .domains import normalise_host, public_suffix_list  # one parsed list per process (parsing it takes 0.13 s)

_DROP_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SPLIT = re.compile(r"^[a-z][a-z0-9+.-]*://([^/?#\\]*)(.*)$", re.S)
_PORT = re.compile(r":[0-9]*$")
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
_HOSTLIKE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?([/?#]|$)", re.I)

# What each reason code means, for people (the page and the CLI say the same).
REASONS = {
    "scheme": "只接受 http 或 https 链接",
    "userinfo": "链接的域名前有“@”，真正打开的是“@”后面的 {host}",
    "host": "链接的域名写法不正常",
    "unknown-domain": "{domain} 不是任何已登记平台的域名",
    "short-link": "这是{platform}的短链接，离线无法知道它指向哪个账号；请在浏览器中打开后，复制地址栏中的链接",
    "not-account": "这是{platform}的链接，但不是账号主页链接",
}


def visible(text: str) -> str:
    """NFKC without format, control and separator characters (zero-width, bidi, spaces)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) not in _DROP_CATEGORIES)


def canonical_handle(text: str, platform: Platform | None = None) -> str:
    """The one form a handle is registered and compared in."""
    out = visible(text)
    if platform is None or platform.handle_case == "insensitive":
        out = out.lower()
    return out


def canonical_name(text: str) -> str:
    """Account names are compared without case, width, spaces or invisible characters."""
    return visible(text).lower()


def _rank(c: str) -> tuple[bool, str]:
    return (unicodedata.normalize("NFKC", c) != c, c)


#: :func:`derive_confusable_classes` for the version of ``confusable-homoglyphs`` it names, shipped: deriving it
#: took a tenth of a pull request's check.  Used only when that version is the one installed.
CLASSES_FILE = resources.files("govreg").joinpath("data", "confusable-classes.json")


@lru_cache(maxsize=1)
def confusable_classes() -> dict[str, str]:
    """Character → representative of its confusable class (only characters NFKC leaves alone).

    Read from :data:`CLASSES_FILE` when it was derived from the installed ``confusable-homoglyphs``, else
    derived now (:func:`derive_confusable_classes`); the tests keep the file equal to the derivation."""
    from confusable_homoglyphs import __version__ as installed  # type: ignore[import-untyped]

    with contextlib.suppress(OSError, ValueError):
        shipped = json.loads(CLASSES_FILE.read_text(encoding="utf-8"))
        if isinstance(shipped, dict) and shipped.get("confusable_homoglyphs") == installed and isinstance(shipped.get("classes"), dict):
            return dict(shipped["classes"])
    return derive_confusable_classes()


def write_confusable_classes(path: Path | None = None) -> None:
    """Write :data:`CLASSES_FILE` (or ``path``) from the installed ``confusable-homoglyphs`` (after an upgrade)."""
    from confusable_homoglyphs import __version__ as installed  # type: ignore[import-untyped]

    target = path if path is not None else Path(str(CLASSES_FILE))
    data = {"confusable_homoglyphs": installed, "classes": derive_confusable_classes()}
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")


def derive_confusable_classes() -> dict[str, str]:
    """:func:`confusable_classes` from Unicode's ``confusables.txt`` as ``confusable-homoglyphs`` ships it."""
    raw = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8"))
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        root = c
        while parent.get(root, root) != root:
            root = parent[root]
        while c != root:
            parent[c], c = root, parent.get(c, c)
        return root

    sequences: dict[str, str] = {}
    for key, partners in raw.items():
        key = key.replace("\u200e", "").replace("\u200f", "")
        for partner in partners:
            other = partner["c"].replace("\u200e", "").replace("\u200f", "")
            if len(key) == 1 and len(other) == 1:
                a, b = find(key), find(other)
                if a != b:
                    # the lowest NFKC-stable code point represents the class
                    parent[max(a, b, key=_rank)] = min(a, b, key=_rank)
            elif len(key) == 1 and len(other) > 1:
                sequences[key] = other  # a source whose prototype is a sequence ("ǆ" → "dž")
    classes = {c: find(c) for c in list(parent)}
    for source, target in sequences.items():
        classes[source] = "".join(classes.get(t, t) for t in target)
    return {c: r for c, r in classes.items() if c != r and unicodedata.normalize("NFKC", c) == c}


@lru_cache(maxsize=1)
def _skeleton_table() -> dict[int, str]:
    """:func:`confusable_classes` as a ``str.translate`` table (one C-level pass per string)."""
    return {ord(c): r for c, r in confusable_classes().items()}


def skeleton(text: str) -> str:
    """Equal skeletons mean the two strings look alike (UTS #39, after canonicalisation)."""
    table = _skeleton_table()
    return visible(text).translate(table).lower().translate(table)


@lru_cache(maxsize=4096)
def registered_domain(host: str) -> str:
    """The registrable domain of ``host`` by the public suffix list (``www.douyin.com.x.evil.cn`` → ``evil.cn``)."""
    if "xn--" in host:  # looked up as Unicode, the form the list is kept in; answered in the host's own form
        with contextlib.suppress(UnicodeError):
            found = public_suffix_list().privatesuffix(normalise_host(host))
            return found.encode("idna").decode("ascii") if found else host
    return str(public_suffix_list().privatesuffix(host) or host)


@dataclass(frozen=True)
class UrlIdentity:
    """What a link says about an account: ``code == "ok"`` with platform, kind and value, or a reason."""

    code: str
    platform: str | None = None
    kind: str | None = None  # handle | uid | biz
    value: str | None = None
    host: str = ""
    domain: str = ""

    @property
    def ok(self) -> bool:
        return self.code == "ok"

    @property
    def key(self) -> str | None:
        return f"{self.platform}:{self.kind}:{self.value}" if self.ok else None

    def reason(self, platforms: list[Platform]) -> str:
        names = {p.id: p.name for p in platforms}
        return REASONS.get(self.code, self.code).format(
            host=self.host, domain=self.domain or self.host, platform=names.get(self.platform or "", self.platform or "")
        )


def looks_like_url(text: str) -> bool:
    """A query is taken as a link when it has a scheme or slash, or starts like a host name."""
    text = visible(text)
    return bool(_SCHEME.match(text)) or text.startswith("//") or bool(_HOSTLIKE.match(text))


def _query_value(query: str, name: str) -> str | None:
    for part in query.split("&"):
        key, sep, value = part.partition("=")
        if sep and key == name:
            return value
    return None


def identity_from_url(url: str, platforms: list[Platform]) -> UrlIdentity:
    """The account a link points to, by the platforms' own data; see the module docstring."""
    text = visible(url)
    scheme = _SCHEME.match(text)
    if scheme is None:
        text = ("https:" if text.startswith("//") else "https://") + text
    elif scheme.group(1).lower() not in ("http", "https"):
        return UrlIdentity("scheme")
    parts = _SPLIT.match(text[: text.index("://")].lower() + text[text.index("://") :])
    if parts is None:
        return UrlIdentity("host")
    authority, rest = parts.group(1), parts.group(2)
    if "@" in authority:
        host = _PORT.sub("", authority.rsplit("@", 1)[1]).lower()
        return UrlIdentity("userinfo", host=host, domain=registered_domain(host) if _HOST.match(host) else host)
    host = _PORT.sub("", authority).lower().rstrip(".")
    if rest.startswith("\\") or not _HOST.match(host):
        return UrlIdentity("host", host=host)
    domain = registered_domain(host)
    path, _, after = rest.partition("#")[0].partition("?")
    for platform in platforms:
        if host in platform.short_links:
            return UrlIdentity("short-link", platform=platform.id, host=host, domain=domain)
    candidates = [p for p in platforms if domain in p.domains]
    if not candidates:
        return UrlIdentity("unknown-domain", host=host, domain=domain)
    for platform in candidates:
        for shape in platform.urls:
            if host not in shape.hosts:
                continue
            match = re.search(shape.path, path)
            if match is None:
                continue
            raw = _query_value(after, shape.query) if shape.query else match.group(1)
            if not raw:
                continue
            value = unquote(raw)
            if shape.carries == "handle":
                value = canonical_handle(value, platform)
            return UrlIdentity("ok", platform=platform.id, kind=shape.carries, value=value, host=host, domain=domain)
    return UrlIdentity("not-account", platform=candidates[0].id, host=host, domain=domain)


def handle_label(platform: Platform) -> str:
    """抖音号, 微信公众号的微信号: what a platform calls a handle, with the platform's name when the label lacks it."""
    return platform.handle_label if platform.handle_label.startswith(platform.name[:2]) else f"{platform.name}的{platform.handle_label}"


def handle_problem(handle: str, platform: Platform) -> str | None:
    """Why ``handle`` is not in its platform's canonical form, in Chinese; ``None`` when it is."""
    canonical = canonical_handle(handle, platform)
    hidden = [c for c in unicodedata.normalize("NFKC", handle) if unicodedata.category(c) in _DROP_CATEGORIES]
    if hidden:
        names = "、".join(sorted({f"U+{ord(c):04X}（{unicodedata.name(c, '不可见字符')}）" for c in hidden}))
        return f"含有空格或看不见的字符：{names}"
    if unicodedata.normalize("NFKC", handle) != handle:
        return f"含有全角或兼容字符，规范写法是「{canonical}」"
    if platform.handle_pattern and not re.search(platform.handle_pattern, canonical):
        odd = sorted({c for c in handle if not c.isascii()})
        detail = "含有非 ASCII 字符：" + "、".join(f"「{c}」U+{ord(c):04X}（{unicodedata.name(c, '?')}）" for c in odd) if odd else ""
        suffix = "；" + detail if detail else ""
        return f"不符合{handle_label(platform)}的写法（{platform.handle_pattern}）{suffix}"
    if canonical != handle:
        return f"应写作小写「{canonical}」"
    return None


DECORATIONS = (
    "官方账号", "官方帐号", "官方号", "官方", "官微", "官号", "发布", "在线", "资讯", "服务号", "订阅号", "公众号",
    "视频号", "微博", "头条号", "抖音号", "快手号", "号", "账号", "帐号", "客户端", "频道", "平台", "中心", "官网",
)


class LookalikeSettings(BaseModel):
    """``identity:`` in config/govreg.yaml: words an impostor adds to a real account's name."""

    model_config = ConfigDict(extra="forbid")
    decorations: list[str] = Field(default_factory=lambda: list(DECORATIONS), description="仿冒者常加在真实账号名称前后的词")


@lru_cache(maxsize=8)
def _decoration_skeletons(decorations: tuple[str, ...]) -> list[str]:
    """The skeletons of the decoration words, longest first (once per list, not once per name)."""
    return sorted({skeleton(d) for d in decorations if d}, key=len, reverse=True)


def strip_decorations(name_skeleton: str, decorations: list[str]) -> set[str]:
    """The cores left after taking decoration words off either end of a name's skeleton (each step kept)."""
    words = _decoration_skeletons(tuple(decorations))
    cores: set[str] = set()
    todo = [name_skeleton]
    while todo:
        current = todo.pop()
        for word in words:
            for core in (current[len(word):] if current.startswith(word) else None, current[: -len(word)] if current.endswith(word) else None):
                if core and len(core) >= 2 and core not in cores:
                    cores.add(core)
                    todo.append(core)
    return cores
