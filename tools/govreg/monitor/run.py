"""One monitor run over the registry: fetch, read, judge → a :class:`~.snapshot.Snapshot` and findings.

Nothing here prints; the command renders.  Per site: the home page over HTTPS
(status, redirects, time, certificate, domain), the identity in its footer, the
newest date on the home page and on each column's list page (``url`` of the
column), every link on those pages (dead, external, hidden, plain-http), and
the subresources of HTTPS pages (mixed content).  Per active account: its
registered URL, when the platform's public profile pages can be fetched without
logging in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from ..clock import CHINA
from ..findings import Finding, Severity, sort_key
from ..models import Account, EventType, Site
from ..monitor_settings import MonitorSettings, default_user_agent
from ..repository import Repository
from . import checks
from .net import Budget, Fetched, Fetcher, Route
from .page import Page, normalise_number, read_page
from .snapshot import (
    AccountSeen,
    ColumnSeen,
    FindingSeen,
    HomePage,
    LinkSeen,
    Redirect,
    SiteSeen,
    Snapshot,
    Traffic,
)


class Thresholds(BaseModel):
    """The national update thresholds, read from the same ``inspection:`` section ``govreg inspect`` uses.

    The defaults repeat those of the inspection settings (国办秘函〔2019〕19号) so that
    the monitor and the inspection agree even when the section is absent.
    """

    model_config = ConfigDict(extra="ignore")
    site_silent_days: int = 14
    column_days: dict[str, int] = {"news": 14, "notice": 180, "policy": 180}

    def column_limit(self, kind: str, own: int | None) -> int | None:
        limits = [v for v in (own, self.column_days.get(kind)) if v is not None]
        return min(limits) if limits else None


class MonitorUsageError(ValueError):
    """Bad settings or site ids: the user's to fix (exit 2), with a Chinese message."""


@dataclass
class MonitorResult:
    snapshot: Snapshot
    findings: list[Finding]

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.error for f in self.findings)


@dataclass
class _SiteRun:
    site: Site
    path: str
    budget: Budget
    findings: list[Finding] = field(default_factory=list)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def _same_site(host: str, domain: str) -> bool:
    """``host`` is the registered ``domain``, a name under it, or the domain without its ``www.``."""
    return host == domain or host.endswith("." + domain) or (domain.startswith("www.") and host == domain[4:])


def is_active(account: Account, day: dt.date) -> bool:
    """Open on ``day`` by its lifecycle (as the inspection counts it)."""
    active = False
    for event in sorted(account.lifecycle, key=lambda e: e.date):
        if event.date > day:
            break
        if event.type is EventType.open:
            active = True
        elif event.type in (EventType.close, EventType.cancel):
            active = False
    return active


class Monitor:
    def __init__(self, repo: Repository, day: dt.date, settings: MonitorSettings, thresholds: Thresholds, fetcher: Fetcher) -> None:
        self.repo = repo
        self.day = day
        self.settings = settings
        self.thresholds = thresholds
        self.fetcher = fetcher
        self.gov_domains = {s.domain.lower() for s in repo.sites.values()}

    def government(self, host: str) -> bool:
        return any(_same_site(host, d) for d in self.gov_domains) or host.endswith(tuple(self.settings.government_suffixes))

    # ------------------------------------------------------------ a site

    async def site(self, site: Site) -> tuple[SiteSeen, list[Finding]]:
        run = _SiteRun(site, self.repo.path_of("site", site.id), Budget(self.settings.max_pages_per_site, self.settings.max_bytes_per_site))
        url = f"https://{site.domain}/"
        got = await self.fetcher.get(url, run.budget)
        https = True
        if got.error_kind == "tls":
            run.findings.append(checks.TLS(run.path, loc=("domain",), url=url, reason=got.error))
        elif got.status is None and got.error_kind in ("connect", "timeout", "other"):
            plain = await self.fetcher.get(f"http://{site.domain}/", run.budget)
            if plain.ok:
                run.findings.append(checks.NO_HTTPS(run.path, loc=("domain",), reason=f"https:// {got.error}"))
                got, https = plain, False
        if got.ok and urlsplit(got.final_url).scheme == "http" and https:
            run.findings.append(checks.NO_HTTPS(run.path, loc=("domain",), reason=f"首页跳转到了 {got.final_url}"))
            https = False
        home = HomePage(
            url=url, final_url=got.final_url, status=got.status, error=got.error, error_kind=got.error_kind,
            redirects=[Redirect(url=h.url, status=h.status) for h in got.redirects], seconds=round(got.elapsed, 3), https=https,
        )
        seen = SiteSeen(id=site.id, domain=site.domain, path=run.path, home=home)
        if got.error_kind in ("offline", "robots", "budget"):
            run.findings.append(checks.SKIPPED(run.path, loc=("domain",), what=f"网站首页 {url}", reason=got.error or ""))
        elif got.error_kind != "tls" and not got.ok:
            reason = got.error or f"HTTP 状态码 {got.status}"
            run.findings.append(checks.UNREACHABLE(run.path, loc=("domain",), url=url, reason=reason))
        final_host = host_of(got.final_url)
        if got.redirects and final_host and not _same_site(final_host, site.domain.lower()):
            chain = " → ".join(f"{h.url}({h.status})" for h in got.redirects)
            run.findings.append(checks.OFF_DOMAIN(run.path, loc=("domain",), url=url, final=got.final_url, chain=chain))
        if got.ok and got.elapsed > self.settings.slow_seconds:
            run.findings.append(checks.SLOW(run.path, loc=("domain",), seconds=f"{got.elapsed:.1f}", limit=f"{self.settings.slow_seconds:g}"))

        pages: list[Page] = []
        if got.ok and got.html and _same_site(final_host, site.domain.lower()):
            page = read_page(got.final_url, got.body, today=self.day, content_type=got.content_type)
            pages.append(page)
            home.newest, home.site_code, home.icp, home.psb = page.newest, page.site_code, page.icps, page.psbs
            self._identity(run, page)
            if page.newest is not None:
                days = (self.day - page.newest).days
                if days > self.thresholds.site_silent_days:
                    run.findings.append(checks.HOME_STALE(run.path, loc=("domain",), newest=page.newest.isoformat(), days=days,
                                                          limit=self.thresholds.site_silent_days))
            if got.ok:
                pages.extend(await self._columns(run, seen))
        if self.settings.check_links and pages:
            await self._links(run, seen, pages)
        seen.pages, seen.bytes_downloaded, seen.skipped = run.budget.used_pages, run.budget.used_bytes, run.budget.refused
        return seen, run.findings

    def _identity(self, run: _SiteRun, page: Page) -> None:
        site = run.site
        if page.site_code is None:
            run.findings.append(checks.SITE_CODE(run.path, loc=("site_code",), problem="没有显示网站标识码", expected=site.site_code))
        elif page.site_code != site.site_code:
            run.findings.append(checks.SITE_CODE(run.path, loc=("site_code",), problem=f"显示的网站标识码是 {page.site_code}", expected=site.site_code))
        for rule, key, shown, expected in ((checks.ICP, "icp", page.icps, site.icp), (checks.PSB, "psb", page.psbs, site.psb)):
            if not shown:
                run.findings.append(rule(run.path, loc=(key,), problem="没有显示", expected=expected))
            elif normalise_number(expected) not in shown:
                run.findings.append(rule(run.path, loc=(key,), problem=f"显示的是 {'、'.join(shown)}", expected=expected))

    async def _columns(self, run: _SiteRun, seen: SiteSeen) -> list[Page]:
        listed = [(i, c) for i, c in enumerate(run.site.columns) if c.url is not None]
        results = await asyncio.gather(*(self.fetcher.get(str(c.url), run.budget) for _, c in listed))
        pages: list[Page] = []
        for (i, column), got in zip(listed, results, strict=True):
            url = str(column.url)
            limit = self.thresholds.column_limit(column.kind, column.update_every_days)
            item = ColumnSeen(id=column.id, url=url, status=got.status, error=got.error, limit=limit)
            seen.columns.append(item)
            loc: tuple[str | int, ...] = ("columns", i, "url")
            if got.error_kind in ("robots", "budget", "offline"):
                run.findings.append(checks.SKIPPED(run.path, loc=loc, what=f"栏目“{column.name}”的列表页 {url}", reason=got.error or ""))
                continue
            if not got.ok or not got.html:
                problem = f"无法打开（{got.error or f'HTTP 状态码 {got.status}'}）" if not got.ok else "不是网页"
                run.findings.append(checks.COLUMN_UNDATED(run.path, loc=loc, name=column.name, url=url, problem=problem))
                continue
            page = read_page(got.final_url, got.body, today=self.day, content_type=got.content_type)
            pages.append(page)
            item.newest, item.dates = page.newest, page.dates
            if page.newest is None:
                run.findings.append(checks.COLUMN_UNDATED(run.path, loc=loc, name=column.name, url=url, problem="上找不到任何日期"))
                continue
            item.days = (self.day - page.newest).days
            if limit is not None and item.days > limit:
                run.findings.append(checks.COLUMN_STALE(run.path, loc=loc, name=column.name, url=url, newest=page.newest.isoformat(),
                                                        days=item.days, limit=limit))
        return pages

    async def _links(self, run: _SiteRun, seen: SiteSeen, pages: list[Page]) -> None:
        domain = run.site.domain.lower()
        fetched_pages = {p.url for p in pages}
        to_check: dict[str, LinkSeen] = {}
        external: Counter[str] = Counter()
        external_page: dict[str, str] = {}
        for page in pages:
            mixed = 0
            if urlsplit(page.url).scheme == "https":
                for url in dict.fromkeys(page.subresources):
                    if urlsplit(url).scheme == "http" and mixed < 20:
                        mixed += 1
                        run.findings.append(checks.MIXED(run.path, loc=("domain",), page=page.url, url=url))
            for link in page.links:
                host = host_of(link.url)
                own = _same_site(host, domain)
                gov = own or self.government(host)
                if link.hidden is not None and not gov:
                    seen.hidden_links.append(LinkSeen(page=page.url, url=link.url, text=link.text, hidden=link.hidden))
                    run.findings.append(checks.HIDDEN_LINK(run.path, loc=("domain",), page=page.url, url=link.url, text=link.text, why=link.hidden))
                    continue  # never visit a spam target
                if not gov:
                    external[host] += 1
                    external_page.setdefault(host, page.url)
                elif urlsplit(link.url).scheme == "http":
                    run.findings.append(checks.PLAIN_LINK(run.path, loc=("domain",), page=page.url, url=link.url))
                if link.url not in fetched_pages and link.url not in to_check:
                    to_check[link.url] = LinkSeen(page=page.url, url=link.url, text=link.text)
        for host, count in sorted(external.items()):
            seen.external_domains[host] = count
            run.findings.append(checks.EXTERNAL(run.path, loc=("domain",), page=external_page[host], count=count, domain=host))
        targets = list(to_check.values())
        results = await asyncio.gather(*(self.fetcher.get(t.url, run.budget) for t in targets))
        for target, got in zip(targets, results, strict=True):
            target.status, target.error = got.status, got.error
            if got.error_kind in ("robots", "budget", "offline"):
                continue
            seen.links_checked += 1
            if got.status is None or got.status >= 400:
                reason = f"打不开（{got.error}）" if got.status is None else f"返回 HTTP {got.status}"
                seen.dead_links.append(target)
                run.findings.append(checks.DEAD_LINK(run.path, loc=("domain",), page=target.page, url=target.url, text=target.text, reason=reason))

    # ------------------------------------------------------------ accounts

    async def accounts(self) -> tuple[list[AccountSeen], list[Finding]]:
        out: list[AccountSeen] = []
        findings: list[Finding] = []
        uncheckable: Counter[str] = Counter()
        budget = Budget(self.settings.max_pages_per_site * 10, self.settings.max_bytes_per_site * 10)
        wanted: list[tuple[Account, str]] = []
        for account in sorted(self.repo.accounts.values(), key=lambda a: a.id):
            if not is_active(account, self.day):
                continue
            path = self.repo.path_of("account", account.id)
            if account.platform not in self.settings.public_profile_platforms:
                uncheckable[account.platform] += 1
                out.append(AccountSeen(id=account.id, platform=account.platform, path=path, url=str(account.url) if account.url else None, state="not-checkable"))
            elif account.url is None:
                out.append(AccountSeen(id=account.id, platform=account.platform, path=path, url=None, state="no-url"))
            else:
                wanted.append((account, path))
        results: list[Fetched] = await asyncio.gather(*(self.fetcher.get(str(a.url), budget) for a, _ in wanted))
        for (account, path), got in zip(wanted, results, strict=True):
            state = "ok" if got.ok else "unreachable"
            if got.error_kind in ("robots", "budget", "offline"):
                state = "not-checkable"
            out.append(AccountSeen(id=account.id, platform=account.platform, path=path, url=str(account.url), state=state, status=got.status, error=got.error))
            if state == "unreachable":
                reason = f"打不开（{got.error}）" if got.status is None else f"返回 HTTP {got.status}"
                findings.append(checks.ACCOUNT_DEAD(path, loc=("url",), url=str(account.url), reason=reason))
        for platform, count in sorted(uncheckable.items()):
            known = self.repo.config.platform(platform)
            name = str(known.name) if known is not None else platform
            findings.append(checks.ACCOUNT_UNCHECKABLE("config/platforms.yaml", platform=f"{name}（{count} 个在用账号）"))
        out.sort(key=lambda a: a.id)
        return out, findings


async def _run(repo: Repository, sites: list[Site], day: dt.date, settings: MonitorSettings, thresholds: Thresholds, fetcher: Fetcher,
               with_accounts: bool) -> tuple[list[SiteSeen], list[AccountSeen], list[Finding]]:
    async with fetcher:
        monitor = Monitor(repo, day, settings, thresholds, fetcher)
        # a few sites at a time, each using its per-host slots: connections are reused within a site
        # instead of being closed and reopened as requests of a hundred sites interleave in the pool
        in_flight = asyncio.Semaphore(max(1, settings.concurrency // settings.per_host))

        async def one(site: Site) -> tuple[SiteSeen, list[Finding]]:
            async with in_flight:
                return await monitor.site(site)

        site_results = await asyncio.gather(*(one(s) for s in sites))
        accounts, account_findings = await monitor.accounts() if with_accounts else ([], [])
    findings = [f for _, fs in site_results for f in fs] + account_findings
    return [s for s, _ in site_results], accounts, findings


def run_monitor(
    repo: Repository,
    day: dt.date,
    *,
    sites: list[str] | None = None,
    routes: dict[str, Route] | None = None,
    offline: bool = False,
    cache_dir: Path | None = None,
    ca_file: str | None = None,
    with_accounts: bool = True,
) -> MonitorResult:
    """Monitor the active sites (``sites`` ids, default all) and accounts; MonitorUsageError (Chinese) on bad settings or ids."""
    try:
        settings = repo.config.section("monitor", MonitorSettings)
        thresholds = repo.config.section("inspection", Thresholds)
        raw = repo.config.raw_section("monitor")
        if not (isinstance(raw, dict) and raw.get("user_agent")):  # name this registry by its public address
            site = repo.config.raw_section("site")
            base = site.get("base_url") if isinstance(site, dict) else None
            settings = settings.model_copy(update={"user_agent": default_user_agent(base if isinstance(base, str) else None)})
    except ValueError as exc:
        raise MonitorUsageError(f"config/govreg.yaml 的 monitor 或 inspection 设置有误：{exc}") from None
    chosen = sorted((s for s in repo.sites.values() if s.status == "active"), key=lambda s: s.id)
    if sites is not None:
        unknown = sorted(set(sites) - set(repo.sites))
        if unknown:
            raise MonitorUsageError(f"没有这些网站：{'、'.join(unknown)}；可用的有：{'、'.join(sorted(repo.sites))}")
        chosen = [s for s in chosen if s.id in sites]
    fetcher = Fetcher(settings, routes=routes, offline=offline, cache_dir=cache_dir, ca_file=ca_file)
    seen_sites, seen_accounts, raw = asyncio.run(_run(repo, chosen, day, settings, thresholds, fetcher, with_accounts))
    findings = []
    for finding in raw:
        level = repo.config.severity.get(finding.code)
        if level == "off":
            continue
        if level is not None:
            finding = replace(finding, severity=Severity(level))
        findings.append(repo.locate(finding))
    findings.sort(key=sort_key)
    t = fetcher.traffic
    snapshot = Snapshot(
        day=day,
        generated_at=dt.datetime.now(CHINA).replace(microsecond=0),
        user_agent=settings.user_agent,
        sites=seen_sites,
        accounts=seen_accounts,
        findings=[FindingSeen(**f.to_json()) for f in findings],
        traffic=Traffic(requests=t.requests, bytes_downloaded=t.downloaded, bytes_served=t.served, not_modified=t.not_modified),
    )
    return MonitorResult(snapshot, findings)
