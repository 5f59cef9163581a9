"""The one builder of test repositories from Python data: :class:`Tree`, :func:`dump_yaml`, :func:`dump_markdown`.

Records are dictionaries written with ``yaml.safe_dump`` (never string concatenation);
a test changes one value, writes the tree and runs one rule module through the engine.
The content tree (contenttree.py), the supervision tree (supervisiontree.py) and the
site data (sitedata.py) build on these, so every test tree is written the same way.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import yaml

from govreg.engine import run_check
from govreg.findings import Finding

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)
D = dt.date


CONFIG_DATA = ("platforms.yaml", "calendar.yaml", "regions.yaml")  # repository data a test tree borrows


def dump_yaml(root: Path, rel: str, data: Any) -> Path:
    """Write one YAML record (or configuration file) under ``root``."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def dump_markdown(root: Path, rel: str, front: dict[str, Any], body: str) -> Path:
    """Write one content item: YAML front matter, then ``body`` exactly as given."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    return path


def copy_config_data(root: Path, names: tuple[str, ...] = CONFIG_DATA) -> None:
    (root / "config").mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(REPO / "config" / name, root / "config" / name)


def person(pid: str, name: str, *roles: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, "roles": list(roles), **extra}


def unit(uid: str, name: str, kind: str = "agency", region: str = "640300", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": uid,
        "name": name,
        "kind": kind,
        "region": region,
        "leader_in_charge": f"{uid}-leader",
        "staff": [f"{uid}-staff"],
        "people": [person(f"{uid}-leader", "张伟", "leader"), person(f"{uid}-staff", "王晓东", "handler")],
    }
    record.update(extra)
    return record


def account(aid: str, owner: str, subject: str, **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": aid,
        "name": "吴忠教育",
        "platform": "wechat",
        "handle": aid,
        "owner": owner,
        "certified_subject": subject,
        "status": "active",
        "lifecycle": [{"type": "open", "date": D(2026, 3, 2), "filed": D(2026, 3, 3)}],
    }
    record.update(extra)
    return record


class Tree:
    """Units, accounts and sites as data; :meth:`check` writes them and runs rules."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.units: dict[str, dict[str, Any]] = {
            "wz-office": unit("wz-office", "吴忠市人民政府办公室", "government-office"),
            "wz-edu": unit("wz-edu", "吴忠市教育局"),
        }
        self.accounts: dict[str, dict[str, Any]] = {"wz-edu-wechat": account("wz-edu-wechat", "wz-edu", "吴忠市教育局")}
        self.sites: dict[str, dict[str, Any]] = {
            "wz-portal": {
                "id": "wz-portal",
                "name": "吴忠市人民政府门户网站",
                "domain": "www.wuzhong.gov.cn",
                "kind": "portal",
                "owner": "wz-office",
                "site_code": "6403000001",
                "icp": "宁ICP备05001234号-1",
                "psb": "宁公网安备 64030202000123号",
                "columns": [
                    {"id": "news", "name": "要闻动态", "responsible_unit": "wz-office"},
                    {"id": "education", "name": "教育信息", "responsible_unit": "wz-edu"},
                ],
            }
        }
        self.config: dict[str, Any] = {"supervising_office": "wz-office"}
        self.content: dict[str, tuple[dict[str, Any], str]] = {}  # content path -> (front matter, body)
        self.files: dict[str, str] = {}  # extra files: relative path -> text

    # -- editing helpers
    def unit(self, uid: str) -> dict[str, Any]:
        return self.units[uid]

    def account(self, aid: str) -> dict[str, Any]:
        return self.accounts[aid]

    def site(self, sid: str = "wz-portal") -> dict[str, Any]:
        return self.sites[sid]

    def add_account(self, aid: str, owner: str = "wz-edu", subject: str = "吴忠市教育局", **extra: Any) -> dict[str, Any]:
        record = account(aid, owner, subject, **extra)
        self.accounts[aid] = record
        return record

    def events(self, aid: str = "wz-edu-wechat") -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.accounts[aid]["lifecycle"]
        return events

    def copy(self, root: Path) -> Tree:
        other = copy.deepcopy(self)
        other.root = root
        return other

    # -- writing and checking
    def write(self, *, fresh: bool = True) -> Path:
        """Write every record; ``fresh=False`` writes into an existing folder (a git repository) without clearing it."""
        if fresh and self.root.exists():
            shutil.rmtree(self.root)
        copy_config_data(self.root)
        dump_yaml(self.root, "config/govreg.yaml", self.config)
        for uid, record in self.units.items():
            dump_yaml(self.root, f"units/{uid}.yaml", record)
        for aid, record in self.accounts.items():
            dump_yaml(self.root, f"accounts/{record['owner']}/{aid}.yaml", record)
        for sid, record in self.sites.items():
            dump_yaml(self.root, f"sites/{sid}.yaml", record)
        for rel, (front, body) in self.content.items():
            dump_markdown(self.root, rel, front, body)
        for rel, text in self.files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return self.root

    def check(self, *modules: str, today: dt.date = TODAY) -> list[Finding]:
        """Findings of the named rule modules, after loading.

        With no module named, every rule module runs except ``formatting``: the tree is
        written by ``yaml.safe_dump`` in the order tests find convenient, not in
        ``govreg fmt``'s layout, and the line numbers the tests assert depend on that.
        """
        self.write()
        wanted = set(modules)
        select = (lambda name: name in wanted) if wanted else (lambda name: name != "formatting")
        return run_check(self.root, today=today, select=select).findings


def found(findings: list[Finding]) -> list[tuple[str, str, str, int | None]]:
    """[(code, severity, path, line), …] — the flattened view tests assert on."""
    return [(f.code, f.severity.value, f.path, f.line) for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, found(findings)
    return hits[0]


def line_of(path: Path, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle`` (fails when absent)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number >= start and needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
