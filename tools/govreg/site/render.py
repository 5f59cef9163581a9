"""``render_pages``: the whole public site as data, {path: content}.

A pure function of the repository and the date: no file is read or written
and MkDocs is not imported, so the site could move to another generator.
Markdown pages (``.md``) and downloads (JSON, CSV, XML) are returned alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..engine import rule_modules
from ..gate.codes import catalogue
from ..identity import LookalikeSettings
from ..monitor import checks as monitor_checks
from ..repository import Repository
from . import accounts, announcements, content, home, opendata, paths, reports, rules, sites, verify
from .data import PublicData, public_data


def render_pages(repo: Repository, today: dt.date) -> dict[str, str]:
    """Every generated page and file of the public site, by docs-relative path."""
    data = public_data(repo, today)
    try:
        decorations = repo.config.section("identity", LookalikeSettings).decorations
    except ValueError:  # reported by govreg check (account-name-lookalike); the page uses the defaults
        decorations = LookalikeSettings().decorations
    codes = {**catalogue(), **{rule.code: (rule, monitor_checks.__name__) for rule in monitor_checks.CATALOGUE}}
    pages = [*rules.render(rule_modules(), codes, repo.config.severity, repo.config.city), *verify.render(data, repo.config.platforms, decorations)]
    out = render_data(data, pages)
    out.update(reports.render(reports.public_reports(repo)))  # reports the office marked public (issue 16)
    return out


def render_data(data: PublicData, rule_pages: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    out: dict[str, str] = {}

    def add(items: Iterable[tuple[str, str]]) -> None:
        for path, text in items:
            if path in out:
                raise ValueError(f"两个页面使用了同一路径：{path}")
            out[path] = text

    add([(paths.HOME, home.render(data))])
    add(accounts.render(data))
    add(sites.render(data))
    add(announcements.render(data))
    add(content.render(data))
    add(rule_pages)
    add(opendata.render(data))
    return out
