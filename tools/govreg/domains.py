"""Domain names matched the way browsers see them: by registered domain, never by substring.

A list entry (an allow-list of reprint sources, a link blocklist) names a
*registered domain* (eTLD+1, per the Public Suffix List via ``publicsuffixlist``)
or a host below one:

- ``people.com.cn`` is a registered domain: it matches ``people.com.cn`` and every
  host under it (``paper.people.com.cn``);
- ``www.gov.cn`` is a registered domain too, because ``gov.cn`` is a public suffix:
  it matches ``www.gov.cn`` and hosts under it, but not ``mof.gov.cn``;
- ``*.nx.gov.cn`` matches ``nx.gov.cn`` and every host under it (the same as
  ``nx.gov.cn``, written explicitly);
- ``paper.people.com.cn`` (deeper than its registered domain) matches that host
  and hosts under it only;
- a public suffix itself (``gov.cn``, ``com``) matches nothing and is refused as
  too broad: :meth:`DomainList.parse` reports it.

``gov.cn.evil.com`` has the registered domain ``evil.com``, so no entry about
``gov.cn`` can match it.  IP addresses match only an entry with the same address.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

_PSL: PublicSuffixList | None = None


def public_suffix_list() -> PublicSuffixList:
    """The public suffix list, parsed once per process (also for :mod:`govreg.identity`).

    Only in its Unicode form: hosts are looked up as Unicode (:func:`normalise_host`), and building the
    punycode twin of every entry was two thirds of the parse (0.14 s of each check).
    """
    global _PSL
    if _PSL is None:
        _PSL = PublicSuffixList(accept_encoded_idn=False)
    return _PSL


def normalise_host(host: str) -> str:
    """Lower case, no trailing dot, IDN labels as Unicode (the form the PSL uses)."""
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        return host[1:-1]
    if "xn--" in host:
        with contextlib.suppress(UnicodeError):
            host = host.encode("ascii").decode("idna")
    return host


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str | None:
    """eTLD+1 of ``host`` (``www.nx.gov.cn`` → ``nx.gov.cn``); ``None`` for a public suffix or an IP."""
    host = normalise_host(host)
    if not host or is_ip(host):
        return None
    value: str | None = public_suffix_list().privatesuffix(host)
    return value


@lru_cache(maxsize=65536)
def public_suffix(host: str) -> str | None:
    host = normalise_host(host)
    if not host or is_ip(host):
        return None
    value: str | None = public_suffix_list().publicsuffix(host)
    return value


def host_of(url: str) -> str | None:
    """The host of an absolute (or scheme-relative ``//host/…``) URL, normalised; ``None`` if it has none."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    return normalise_host(host) if host else None


def under(host: str, domain: str) -> bool:
    """``host`` is ``domain`` or a host below it (label boundary, not substring)."""
    return host == domain or host.endswith("." + domain)


def is_gov_cn(host: str) -> bool:
    """A host under the ``gov.cn`` public suffix (``www.nx.gov.cn``), judged by the PSL."""
    suffix = public_suffix(host)
    return suffix is not None and under(suffix, "gov.cn")


@dataclass(frozen=True, slots=True)
class DomainEntry:
    raw: str
    domain: str
    registered: bool  # the entry is itself a registered domain: match on the host's registered domain

    def matches(self, host: str) -> bool:
        if is_ip(self.domain) or is_ip(host):
            return host == self.domain
        if self.registered:
            return registered_domain(host) == self.domain
        return under(host, self.domain)


@dataclass
class DomainList:
    """A list of domain entries; :meth:`match` returns the entry a host falls under, if any."""

    entries: list[DomainEntry] = field(default_factory=list)
    _registered: dict[str, DomainEntry] = field(default_factory=dict, repr=False)
    _hosts: dict[str, DomainEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            table = self._registered if entry.registered else self._hosts
            table.setdefault(entry.domain, entry)

    @classmethod
    def parse(cls, items: Iterable[str]) -> tuple[DomainList, list[tuple[int, str, str]]]:
        """Entries from strings; also ``(index, entry, Chinese reason)`` for the entries refused."""
        entries: list[DomainEntry] = []
        refused: list[tuple[int, str, str]] = []
        for i, raw in enumerate(items):
            text = raw.strip()
            if "://" in text:
                text = host_of(text) or ""
            wildcard = text.startswith("*.")
            domain = normalise_host(text[2:] if wildcard else text)
            if not domain or "/" in domain or " " in domain or "*" in domain:
                refused.append((i, raw, "不是域名"))
                continue
            if is_ip(domain):
                entries.append(DomainEntry(raw, domain, registered=False))
                continue
            reg = registered_domain(domain)
            if reg is None:
                refused.append((i, raw, f"「{domain}」是公共后缀，会匹配所有以它结尾的网站，范围过大"))
                continue
            entries.append(DomainEntry(raw, domain, registered=reg == domain))
        return cls(entries), refused

    def match(self, host: str | None) -> DomainEntry | None:
        if not host:
            return None
        host = normalise_host(host)
        if is_ip(host):
            return self._hosts.get(host)
        reg = registered_domain(host)
        if reg is not None and reg in self._registered:
            return self._registered[reg]
        if self._hosts:
            labels = host.split(".")
            for i in range(len(labels)):
                hit = self._hosts.get(".".join(labels[i:]))
                if hit is not None:
                    return hit
        return None

    def __bool__(self) -> bool:
        return bool(self.entries)
