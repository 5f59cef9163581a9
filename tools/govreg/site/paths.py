"""Where each generated page lives (docs-relative source paths)."""

from __future__ import annotations

HOME = "index.md"
ACCOUNTS = "accounts/index.md"
SITES = "sites/index.md"
ANNOUNCEMENTS = "announcements/index.md"
FEED = "announcements/feed.xml"
CONTENT = "content/index.md"
RULES = "rules/index.md"
DATA = "data/index.md"
REGISTRY_JSON = "data/registry.json"
ACCOUNTS_CSV = "data/accounts.csv"
SITES_CSV = "data/sites.csv"
UNITS_CSV = "data/units.csv"
SCHEMAS = "schemas"
VERIFY = "verify/index.md"
VERIFY_JS = "assets/verify.js"  # hand-written, in docs/assets/
VERIFY_INDEX = "data/verify-index.json"
VERIFY_SCHEMA = "data/verify-index.schema.json"
VERIFY_SPEC = "data/verify.md"
CONFUSABLES = "data/confusables.json"


def account(account_id: str) -> str:
    return f"account/{account_id}.md"


def platform(platform_id: str) -> str:
    return f"accounts/platform/{platform_id}.md"


def unit_anchor(unit_id: str) -> str:
    return f"{ACCOUNTS}#unit-{unit_id}"


def site(site_id: str) -> str:
    return f"site/{site_id}.md"


def column(site_id: str, column_id: str) -> str:
    return f"content/{site_id}/{column_id}.md"


def rule_module(name: str) -> str:
    return f"rules/{name}.md"


def schema(name: str) -> str:
    return f"{SCHEMAS}/{name}.schema.json"


def url(path: str) -> str:
    """The public URL of a generated file relative to the site root (MkDocs directory URLs)."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    if path.endswith(".md"):
        return path[: -len(".md")] + "/"
    return path
