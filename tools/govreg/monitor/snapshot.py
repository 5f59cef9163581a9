"""The dated snapshot of one monitor run: what was seen, per site and account (schema ``schemas/monitor-snapshot.schema.json``).

Files are ``<dir>/<YYYY-MM-DD>.json`` (one per day; a second run that day
replaces it atomically).  ``govreg inspect`` and ``govreg assess`` read them
through this published JSON contract (:mod:`govreg.supervision.observed`), not
by importing this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Redirect(_Model):
    url: str
    status: int


class HomePage(_Model):
    url: str = Field(description="请求的首页地址（https://登记域名/）")
    final_url: str = Field(description="跟随跳转后的地址")
    status: int | None = Field(description="HTTP 状态码；没有得到应答时为 null")
    error: str | None = Field(default=None, description="没有得到可用应答的原因")
    error_kind: str | None = None
    redirects: list[Redirect] = Field(default_factory=list)
    seconds: float = Field(description="从发出请求到读完页面的秒数")
    https: bool = Field(description="首页是否通过 HTTPS 打开")
    newest: dt.date | None = Field(default=None, description="首页上最新的日期（不晚于检查日）")
    site_code: str | None = Field(default=None, description="首页上显示的网站标识码")
    icp: list[str] = Field(default_factory=list, description="首页上显示的 ICP 备案号")
    psb: list[str] = Field(default_factory=list, description="首页上显示的公安机关备案号")


class ColumnSeen(_Model):
    id: str
    url: str
    status: int | None
    error: str | None = None
    newest: dt.date | None = Field(default=None, description="列表页上最新的日期（不晚于检查日）")
    dates: int = Field(default=0, description="列表页上找到的日期条数")
    days: int | None = Field(default=None, description="检查日距最新日期的天数（自然日）")
    limit: int | None = Field(default=None, description="更新时限（天）：栏目的 update_every_days 与全国指标中较短者")


class LinkSeen(_Model):
    page: str
    url: str
    text: str = ""
    status: int | None = None
    error: str | None = None
    hidden: str | None = None


class SiteSeen(_Model):
    id: str
    domain: str
    path: str = Field(description="网站记录文件，如 sites/city-portal.yaml")
    home: HomePage
    columns: list[ColumnSeen] = Field(default_factory=list)
    dead_links: list[LinkSeen] = Field(default_factory=list)
    hidden_links: list[LinkSeen] = Field(default_factory=list)
    external_domains: dict[str, int] = Field(default_factory=dict, description="非政府网站域名 → 链接数")
    links_checked: int = 0
    pages: int = Field(default=0, description="本站请求的页面数（含跳转和链接检查）")
    bytes_downloaded: int = 0
    skipped: int = Field(default=0, description="因 robots.txt 或每站上限未访问的页面数")


class AccountSeen(_Model):
    id: str
    platform: str
    path: str
    url: str | None
    state: Literal["ok", "unreachable", "not-checkable", "no-url"]
    status: int | None = None
    error: str | None = None


class FindingSeen(_Model):
    code: str
    severity: Literal["error", "warning", "info"]
    path: str
    line: int | None
    column: int | None
    message: str
    article: str
    hint: str


class Traffic(_Model):
    requests: int = Field(description="得到 HTTP 应答的请求数（含重试、robots.txt 和跳转）")
    bytes_downloaded: int = Field(description="经网络下载的字节数")
    bytes_served: int = Field(description="交给检查的页面字节数（含缓存）")
    not_modified: int = Field(description="得到 304（未修改，用缓存）的请求数")


class Snapshot(_Model):
    """One run of ``govreg monitor``."""

    schema_version: Literal[1] = 1
    day: dt.date = Field(description="检查日（北京时间）")
    generated_at: dt.datetime = Field(description="运行结束时间（带时区）")
    user_agent: str
    sites: list[SiteSeen] = Field(default_factory=list)
    accounts: list[AccountSeen] = Field(default_factory=list)
    findings: list[FindingSeen] = Field(default_factory=list)
    traffic: Traffic


def snapshot_path(directory: Path, day: dt.date) -> Path:
    return directory / f"{day.isoformat()}.json"


def write_snapshot(directory: Path, snapshot: Snapshot) -> Path:
    """Write ``<directory>/<day>.json`` atomically (a half-written snapshot never replaces a good one)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = snapshot_path(directory, snapshot.day)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(snapshot.model_dump_json(indent=1) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def snapshot_schema() -> dict[str, Any]:
    schema = Snapshot.model_json_schema()
    schema["title"] = "govreg monitor 巡测快照"
    return schema
