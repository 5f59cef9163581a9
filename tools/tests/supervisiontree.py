"""A small repository with a real git history, for the supervision commands (inspect, assess, export).

Records are Python data written with ``yaml.safe_dump``; content items are
clean (three reviews by three people of the unit) unless a test says otherwise.
Every content item is committed on its release day unless ``commit_on`` is
given, so "updated" in these tests is what git shows.

The healthy tree, as of 2026-11-26, has nothing to report:

- 吴忠市教育局 (wz-edu) runs the WeChat account ``wz-edu-wechat`` and answers for
  the portal's 教育信息 column (notice, 180 days);
- 吴忠市人民政府办公室 (wz-office) owns the portal and answers for 要闻动态 (news, 14 days);
- the account and the news column get an item every 10 days from 2026-03-05.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from ruletree import Tree, dump_markdown, dump_yaml

from conftest import GitRepo

D = dt.date
START = D(2026, 3, 5)
TODAY = D(2026, 11, 26)
LAST_ITEM = D(2026, 11, 20)


def stamp(day: dt.date, hour: int = 10) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00+08:00"


class SupervisionTree:
    def __init__(self, git: GitRepo) -> None:
        self.git = git
        self.root = git.root
        self.tree = Tree(git.root)
        for uid in self.tree.units:
            self.tree.units[uid]["people"].append({"id": f"{uid}-head", "name": "李建国", "roles": ["section-head"]})
        self.tree.sites["wz-portal"]["columns"] = [
            {"id": "news", "name": "要闻动态", "kind": "news", "responsible_unit": "wz-office", "update_every_days": 14},
            {"id": "education", "name": "教育信息", "kind": "notice", "responsible_unit": "wz-edu", "update_every_days": 180},
            {"id": "services", "name": "政务服务", "kind": "service", "responsible_unit": "wz-office"},
            {"id": "interaction", "name": "政民互动", "kind": "interaction", "responsible_unit": "wz-office"},
        ]
        self.n = 0

    # ------------------------------------------------------------ records

    def dump(self, rel: str, data: Any) -> Path:
        return dump_yaml(self.root, rel, data)

    def write_records(self) -> None:
        self.tree.write(fresh=False)  # into the git repository, beside its history

    def item(
        self,
        channel: str,
        published: dt.date | None,
        *,
        unit: str = "wz-edu",
        column: str | None = None,
        slug: str | None = None,
        title: str | None = None,
        retention: str | dt.date = "permanent",
        review: bool = True,
        body: str = "正文。",
    ) -> str:
        """Write one content item (not committed); returns its path."""
        self.n += 1
        slug = slug or f"item-{self.n:03d}"
        day = published or TODAY
        data: dict[str, Any] = {
            "title": title or f"{channel} 第 {self.n} 条信息",
            "channel": channel,
            **({"column": column} if column else {}),
            "unit": unit,
            "source": {"kind": "original", "name": "吴忠市教育局" if unit == "wz-edu" else "吴忠市人民政府办公室"},
            "published_at": stamp(published) if published else None,
            "retention": retention.isoformat() if isinstance(retention, dt.date) else retention,
        }
        if review:
            data["review"] = {
                "initial": {"by": f"{unit}-staff", "at": stamp(day, 8)},
                "second": {"by": f"{unit}-head", "at": stamp(day, 8).replace("T08", "T09")},
                "final": {"by": f"{unit}-leader", "at": stamp(day, 9), "opinion": "同意发布"},
            }
        rel = f"content/{channel}/{day.year}/{slug}.md"
        dump_markdown(self.root, rel, data, f"\n{body}\n")
        return rel

    def message(self, mid: str, received: dt.date, due: dt.date, answered: dt.date | None, *, unit: str = "wz-edu", **extra: Any) -> str:
        data = {
            "id": mid,
            "kind": "leader-mailbox",
            "channel": "wz-portal",
            "column": "interaction",
            "received": received.isoformat(),
            "assigned_unit": unit,
            "due": due.isoformat(),
            "answered": answered.isoformat() if answered else None,
            "subject": f"来信 {mid}",
            "summary": "来信人咨询课后服务安排。",
            "sender": {"name": "示例来信人", "phone": "0953-0000000"},
            **extra,
        }
        rel = f"messages/{unit}/{mid}.yaml"
        self.dump(rel, data)
        return rel

    def commit(self, day: dt.date, message: str = "更新") -> str:
        return self.git.commit(message, date=stamp(day, 18))

    # ------------------------------------------------------------ histories

    def healthy(self, *, until: dt.date = LAST_ITEM, skip: tuple[dt.date, dt.date] | None = None) -> SupervisionTree:
        """Records committed on 2026-03-01, then an item on the account and in 要闻动态 every 10 days
        (none between ``skip``), and one in 教育信息 on 2026-03-05 and 2026-09-01."""
        self.write_records()
        self.commit(D(2026, 3, 1), "登记单位、网站和账号")
        day = START
        while day <= until:
            if day in (START, START + dt.timedelta(days=180)):  # 教育信息 (180 days): 2026-03-05 and 2026-09-01
                self.item("wz-portal", day, unit="wz-edu", column="education")
            if skip is None or not skip[0] <= day <= skip[1]:
                self.item("wz-edu-wechat", day)
                self.item("wz-portal", day, unit="wz-office", column="news")
                self.commit(day, f"{day} 发布")
            day += dt.timedelta(days=10)
        return self


def healthy_template(parent: Path) -> Path:
    """The healthy tree with its git history, built once under ``parent`` (a module-scoped template)."""
    tree = SupervisionTree(GitRepo(parent / "repo"))
    tree.healthy()
    return tree.root


def private_copy(template: Path, tmp_path: Path) -> SupervisionTree:
    """A private copy (with its .git) of a template tree, safe to mutate."""
    root = tmp_path / "repo"
    shutil.copytree(template, root)
    repo = GitRepo.__new__(GitRepo)
    repo.root, repo.tick = root, 0
    copy = SupervisionTree(repo)
    copy.n = 1000  # new items get new slugs
    return copy
