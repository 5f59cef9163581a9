"""Which unit answers for a finding (the inspection and the assessment report per unit).

- ``units/<id>.yaml`` → that unit;
- ``accounts/<owner>/<id>.yaml`` → the account's owner (主办单位);
- ``sites/<id>.yaml`` → the responsible unit of the column the finding points
  into (``loc`` = ``("columns", i, …)``, 栏目责任制 第五条), else the site's owner;
- ``content/…`` → the item's ``unit``; ``messages/<unit>/…`` → the assigned unit;
- anything else (``config/``, repository-wide findings) → the supervising office.

The index is built once per run from the loaded repository.

:meth:`Attribution.evidence` also dates a finding (the assessment deducts only
for what happened in its year; the inspection lists past events only when they
fall in its period) and names the commit that shows it:

- a lifecycle event (``loc`` = ``("lifecycle", i, …)``) → its ``filed`` date, else
  the date of the event; still open (not filed) → no date (a present state);
- a content item → its release date and the commit that first published it;
  for 第十四条 findings (release time or source changed) the last commit of the file;
- a message → the day it was received;
- a rectification notice → its deadline (else the day issued); an incident or a
  public-opinion event → the day it was detected;
- everything else → no date (a present state) and the file's last commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..engine import CHINA
from ..findings import Finding
from ..history import History
from ..models_supervision import Incident, OpinionEvent, Rectification
from ..repository import Repository
from .activity import Publication


@dataclass(frozen=True, slots=True)
class Evidence:
    path: str
    line: int | None
    date: dt.date | None  # None: a present state, not an event
    commit: str | None  # the commit that shows it (short ids are for people; this is the full id)


@dataclass
class Attribution:
    repo: Repository
    content_history: History | None = None  # content/, with front matter (the engine's)
    record_history: History | None = None  # units/, accounts/, sites/, messages/
    publications: dict[str, Publication] = field(default_factory=dict)  # current path → publication (activity index)
    by_path: dict[str, str] = field(default_factory=dict)
    _sites_by_path: dict[str, str] = field(default_factory=dict)
    _accounts_by_path: dict[str, str] = field(default_factory=dict)
    _messages_by_path: dict[str, str] = field(default_factory=dict)
    _cycle_by_path: dict[str, Any] = field(default_factory=dict)  # supervision-cycle records

    def __post_init__(self) -> None:
        repo = self.repo
        for unit in repo.units.values():
            self.by_path[repo.path_of("unit", unit.id)] = unit.id
        for account in repo.accounts.values():
            self.by_path[repo.path_of("account", account.id)] = account.owner
            self._accounts_by_path[repo.path_of("account", account.id)] = account.id
        for site in repo.sites.values():
            self.by_path[repo.path_of("site", site.id)] = site.owner
            self._sites_by_path[repo.path_of("site", site.id)] = site.id
        for path, item in repo.content.items():
            self.by_path[path] = item.unit
        for message in repo.messages.values():
            self.by_path[repo.path_of("message", message.id)] = message.assigned_unit
            self._messages_by_path[repo.path_of("message", message.id)] = message.id
        for kind, table in (("rectification", repo.rectifications), ("incident", repo.incidents), ("opinion", repo.opinions), ("handover", repo.handovers)):
            for record in table.values():
                path = repo.path_of(kind, record.id)
                self.by_path[path] = record.unit
                self._cycle_by_path[path] = record

    @property
    def office(self) -> str:
        return str(self.repo.config.supervising_office)

    def unit_of(self, finding: Finding) -> str:
        path = finding.path
        unit = self.by_path.get(path)
        if unit is not None and path.startswith("sites/") and len(finding.loc) >= 2 and finding.loc[0] == "columns":
            site = self.repo.sites.get(self._sites_by_path.get(path, ""))
            index = finding.loc[1]
            if site is not None and isinstance(index, int) and 0 <= index < len(site.columns):
                return site.columns[index].responsible_unit
        if unit is not None:
            return unit
        parts = path.split("/")
        # a record that did not load still sits in its unit's folder
        if len(parts) >= 3 and parts[0] in ("accounts", "messages", "rectifications", "incidents", "opinions", "handovers"):
            return parts[1]
        if len(parts) == 2 and parts[0] == "units" and parts[1].endswith((".yaml", ".yml")):
            return parts[1].rsplit(".", 1)[0]
        return self.office

    # ------------------------------------------------------------ evidence

    def last_commit(self, path: str) -> tuple[str | None, dt.date | None]:
        history = self.content_history if path.startswith("content/") else self.record_history
        if history is None or not history.available:
            return None, None
        change = history.last_changed(path)
        if change is None:
            return None, None
        return change.commit.sha, change.commit.committed_at.astimezone(CHINA).date()

    def first_published(self, path: str) -> str | None:
        """The commit that first published the item at ``path`` (from the activity index: no blob is read)."""
        pub = self.publications.get(path)
        return pub.commit if pub is not None else None

    def evidence(self, finding: Finding, category: str = "") -> Evidence:
        path, loc, repo = finding.path, finding.loc, self.repo
        if path.startswith("accounts/") and len(loc) >= 2 and loc[0] == "lifecycle" and isinstance(loc[1], int):
            account = repo.accounts.get(self._accounts_by_path.get(path, ""))
            if account is not None and 0 <= loc[1] < len(account.lifecycle):
                event = account.lifecycle[loc[1]]
                commit, _ = self.last_commit(path)
                return Evidence(path, finding.line, event.filed, commit)
        item = repo.content.get(path)
        if item is not None:
            if category == "immutability":
                commit, day = self.last_commit(path)
                return Evidence(path, finding.line, day, commit)
            commit = self.first_published(path)
            released = item.published_at.astimezone(CHINA).date() if item.published_at is not None else None
            return Evidence(path, finding.line, released, commit)
        if path.startswith("messages/"):
            message = repo.messages.get(self._messages_by_path.get(path, ""))
            commit, _ = self.last_commit(path)
            return Evidence(path, finding.line, message.received if message is not None else None, commit)
        record = self._cycle_by_path.get(path)
        if isinstance(record, Rectification):
            commit, _ = self.last_commit(path)
            return Evidence(path, finding.line, record.deadline or record.issued, commit)
        if isinstance(record, (Incident, OpinionEvent)):
            commit, _ = self.last_commit(path)
            return Evidence(path, finding.line, record.detected.astimezone(CHINA).date(), commit)
        commit, _ = self.last_commit(path) if path else (None, None)
        return Evidence(path, finding.line, None, commit)
