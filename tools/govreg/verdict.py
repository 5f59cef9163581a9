"""查验： the verdict for one query against the verify index (core, pure).

The same steps run in ``govreg/site/overrides/assets/verify.js`` on the public site; the index is the JSON
document ``data/verify-index.json`` (its format is ``VERIFY_INDEX_FORMAT``, built by
:func:`govreg.site.verify.build_index`).  Steps:

1. a query that looks like a link is read with :func:`govreg.identity.identity_from_url`; a
   recognised account link is looked up by (platform, handle) or by the identity its registered
   link carries (``uid``/``biz``); a link to another domain, with ``@`` userinfo and so on is
   未登记 with the reason; a short link or a non-profile link of a platform is 无法识别;
2. otherwise the query is a name or a handle: equal canonical names, or equal canonical handles
   (case-sensitive only where the platform says so);
3. no match: 未登记, with the registered accounts it resembles (same skeleton, the name inside
   the query, or the query inside a name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .config import Platform
from .identity import canonical_name, identity_from_url, looks_like_url, skeleton, strip_decorations, visible

VERIFY_INDEX_FORMAT = "govreg-verify-index"
VERIFY_INDEX_VERSION = 1
ACCOUNT_FIELDS = ("id", "name", "platform", "handle", "unit", "status", "opened", "ended", "link")
MAX_SIMILAR = 5

REGISTERED, ENDED, UNREGISTERED, UNKNOWN = "registered", "ended", "unregistered", "unknown"
EXIT_CODES = {REGISTERED: 0, UNREGISTERED: 1, UNKNOWN: 1, ENDED: 4}


@dataclass
class Verdict:
    kind: str  # registered | ended | unregistered | unknown
    matches: list[dict[str, Any]] = field(default_factory=list)
    similar: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""
    warnings: list[dict[str, str]] = field(default_factory=list)  # open security incidents of the matched accounts

    def as_dict(self) -> dict[str, Any]:
        return {"verdict": self.kind, "reason": self.reason, "matches": self.matches, "similar": self.similar, "warnings": self.warnings}


def accounts_of(index: dict[str, Any]) -> list[dict[str, Any]]:
    units: list[str] = index["units"]
    out = []
    for row in index["accounts"]:
        record = dict(zip(ACCOUNT_FIELDS, row, strict=True))
        record["unit"] = units[record["unit"]]
        out.append(record)
    return out


def verdict(query: str, index: dict[str, Any]) -> Verdict:
    """The verdict for ``query``; a registered account under an open security incident carries its warnings."""
    found = _verdict(query, index)
    incidents: dict[str, list[dict[str, str]]] = index.get("incidents") or {}
    for account in found.matches:
        for incident in incidents.get(account["id"], []):
            found.warnings.append({"account": account["id"], **incident})
    return found


def _verdict(query: str, index: dict[str, Any]) -> Verdict:
    platforms = [Platform.model_validate(p) for p in index["platforms"]]
    by_id = {p.id: p for p in platforms}
    accounts = accounts_of(index)
    text = visible(query)
    if not text:
        return Verdict(UNKNOWN, reason="请输入账号名称、账号 ID 或链接")
    if looks_like_url(text):
        found = identity_from_url(text, platforms)
        plain = "/" not in text and "://" not in text
        if found.ok:
            linked = by_id[found.platform or ""]
            hits = [
                a for a in accounts
                if a["platform"] == found.platform and (a["link"] == f"{found.kind}:{found.value}" or (found.kind == "handle" and a["handle"] == found.value))
            ]
            if hits:
                return _judge(hits)
            similar = _similar(accounts, found.value or "", decorations=[]) if found.kind == "handle" else []
            return Verdict(UNREGISTERED, similar=similar, reason=f"名录中没有这个{linked.name}账号")
        if found.code in ("short-link", "not-account"):
            return Verdict(UNKNOWN, reason=found.reason(platforms))
        if not (found.code == "unknown-domain" and plain):
            return Verdict(UNREGISTERED, reason=found.reason(platforms))
    lower = canonical_name(text)
    hits = []
    for a in accounts:
        platform = by_id.get(a["platform"])
        handle_query = text if platform is not None and platform.handle_case == "sensitive" else lower
        if canonical_name(a["name"]) == lower or a["handle"] == handle_query:
            hits.append(a)
    if hits:
        return _judge(hits)
    return Verdict(UNREGISTERED, similar=_similar(accounts, text, index.get("decorations", [])), reason="名录中没有这个账号")


def _judge(hits: list[dict[str, Any]]) -> Verdict:
    active = any(a["status"] == "active" for a in hits)
    hits = sorted(hits, key=lambda a: (a["status"] != "active", a["platform"], a["id"]))
    return Verdict(REGISTERED if active else ENDED, matches=hits)


def _similar(accounts: list[dict[str, Any]], text: str, decorations: list[str]) -> list[dict[str, Any]]:
    skel = skeleton(text)
    cores = strip_decorations(skel, decorations) | {skel}
    ranked: list[tuple[int, str, dict[str, Any]]] = []
    for a in accounts:
        name, handle = skeleton(a["name"]), skeleton(a["handle"])
        if skel in (name, handle):
            rank = 0
        elif name in cores:
            rank = 1
        elif len(name) >= 2 and name in skel:
            rank = 2
        elif len(skel) >= 2 and skel in name:
            rank = 3
        else:
            continue
        ranked.append((rank, a["id"], a))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [a for _, _, a in ranked[:MAX_SIMILAR]]
