"""A small real repository for the gate and audit tests: three units, one PR branch, recorded review payloads.

Payloads under ``data/reviews/`` are API responses in the documented GitHub and
Gitea/Forgejo shapes; their ``commit_id`` values are written as ``${HEAD}`` (the
PR's head) or ``${OLD}`` (the PR's first commit, before a later push) and
substituted with the real ids of the repository the test builds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import GitRepo

DATA = Path(__file__).parent / "data" / "reviews"

CONFIG = """\
# 测试用配置
supervising_office: wuzhong-gov-office
"""

EDU = """\
id: edu
name: 吴忠市教育局
kind: agency
region: "640300"
leader_in_charge: edu-leader
staff: [edu-handler]
people:
  - id: edu-handler
    name: 张承办
    roles: [handler]
    login: zhang-handler
    email: author@example.gov.cn  # the fixture's commits (conftest GIT_ENV) are the handler's
  - id: edu-handler2
    name: 赵承办
    roles: [handler]
    login: zhao-handler
  - id: edu-head
    name: 李科长
    roles: [section-head]
    login: li-head
  - id: edu-head2
    name: 周科长
    roles: [section-head]
    login: zhou-head
  - id: edu-leader
    name: 王局长
    roles: [leader]
    login: wang-leader
  - id: edu-both
    name: 孙主任
    roles: [section-head, leader]
    login: sun-both
  - id: edu-vendor
    name: 钱运维
    roles: [section-head]
    vendor: true
    login: qian-vendor
"""

HEALTH = """\
id: health
name: 吴忠市卫生健康委员会
kind: agency
region: "640300"
leader_in_charge: health-leader
people:
  - id: health-handler
    name: 何承办
    roles: [handler]
    login: he-handler
  - id: health-head
    name: 胡科长
    roles: [section-head]
    login: hu-head
  - id: health-leader
    name: 黄主任
    roles: [leader]
    login: huang-leader
"""

OFFICE = """\
id: wuzhong-gov-office
name: 吴忠市人民政府办公室
kind: government-office
region: "640300"
people:
  - id: office-sup
    name: 周公开
    roles: [supervisor]
    login: sup-zhou
  - id: office-esc
    name: 吴网信
    roles: [escalation-reviewer]
    login: esc-wu
  - id: office-emg
    name: 郑副市长
    roles: [emergency-approver]
    login: emg-zheng
"""

ACCOUNT = """\
id: {id}
name: {name}
platform: wechat
handle: {id}
owner: {owner}
certified_subject: {name}
status: active
lifecycle:
  - type: open
    date: 2020-01-01
"""


def content(
    unit: str, channel: str, *, second: str = "edu-head", extra: str = "", body: str = "正文。", initial: str = "edu-handler", final: str = "edu-leader", typed: bool = False
) -> str:
    """A content item; ``typed``: with review times typed by hand (the old way; 09:00, 10:05, 10:10)."""
    text = _content(unit, channel, second=second, extra=extra, body=body, initial=initial, final=final)
    if typed:
        for who, at in ((initial, "09:00"), (second, "10:05"), (final, "10:10")):
            text = text.replace(f"    by: {who}\n", f"    by: {who}\n    at: 2026-11-20T{at}:00+08:00\n", 1)
    return text


def _content(unit: str, channel: str, *, second: str, extra: str, body: str, initial: str, final: str) -> str:
    return f"""\
---
title: 关于做好冬季安全工作的通知
channel: {channel}
unit: {unit}
source:
  kind: original
  name: 本单位
published_at: 2026-11-20T12:00:00+08:00
retention: permanent
review:  # who signs; the times are the forge's (govreg gate, the sign-off ledger), not typed here
  initial:
    by: {initial}
  second:
    by: {second}
  final:
    by: {final}
    opinion: 同意发布
{extra}---
{body}
"""


HEALTH_ITEM = content("health", "health-wechat", initial="health-handler", second="health-head", final="health-leader")


class GatePR:
    """Base commit on ``main`` with the roster; a PR branch with two commits (``old``, then ``head``)."""

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo
        repo.write("config/govreg.yaml", CONFIG)
        repo.write("units/edu.yaml", EDU)
        repo.write("units/health.yaml", HEALTH)
        repo.write("units/wuzhong-gov-office.yaml", OFFICE)
        repo.write("accounts/edu/edu-wechat.yaml", ACCOUNT.format(id="edu-wechat", name="吴忠教育", owner="edu"))
        repo.write("accounts/health/health-wechat.yaml", ACCOUNT.format(id="health-wechat", name="健康吴忠", owner="health"))
        repo.write("content/edu/notice.md", content("edu", "edu-wechat", body="旧正文。"))
        repo.write("content/health/notice.md", content("health", "health-wechat", initial="health-handler", second="health-head", final="health-leader", body="旧正文。"))
        self.base = repo.commit("名册与初始数据")
        self.old = self.head = self.base

    def open(self, edits: dict[str, str | None]) -> GatePR:
        """Two commits on branch ``pr``: a draft (with a marker line), then the final edits."""
        self.repo.git("checkout", "-q", "-b", "pr")
        for rel, text in edits.items():
            if text is not None:
                marker = "草稿\n" if rel.endswith(".md") else "# 草稿\n"
                self.repo.write(rel, text + marker)
        self.old = self.repo.commit("草稿")
        for rel, text in edits.items():
            if text is None:
                (self.repo.root / rel).unlink()
            else:
                self.repo.write(rel, text)
        self.head = self.repo.commit("定稿")
        return self

    def payload(self, name: str) -> Any:
        raw = (DATA / name).read_text(encoding="utf-8")
        return json.loads(raw.replace("${HEAD}", self.head).replace("${OLD}", self.old).replace("${BASE}", self.base))

    def write_payload(self, name: str, dest: Path) -> Path:
        dest.write_text(json.dumps(self.payload(name), ensure_ascii=False), encoding="utf-8")
        return dest
