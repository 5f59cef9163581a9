"""Test data for the public site: a small, self-contained repository tree with known words.

It holds what the site tests need and the sample data may not: a closed and a
cancelled account with announcements, content past its retention, a draft and a
future item, values full of HTML and Markdown syntax, and a sentence with a known
two-character word in its middle (for the Chinese search tests).
"""

from __future__ import annotations

import datetime as dt
import shutil
import types
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from govreg.models import MODELS, private_paths
from govreg.repository import FOLDERS

REPO = Path(__file__).resolve().parents[2]

XSS_NAME = "<script>alert(1)</script>"
XSS_DESCRIPTION = "**加粗** [链接](javascript:alert(2)) <img src=x onerror=alert(3)> `代码` | 竖线 # 井号"
MARKDOWN_COLUMN = "**要闻** | [点我](javascript:alert(4)) # _标题_"
SEARCH_NAME = "塞上吴忠早茶"
SEARCH_HANDLE = "saishangzaocha"
SEARCH_SENTENCE = "发布黄河湿地候鸟观测信息和护鸟知识。"
SEARCH_WORD = "候鸟"  # jieba cuts the sentence as 发布/黄河/湿地/候鸟/观测/…
CLOSED_NAME = "吴忠文旅微博"
EXPIRED_TITLE = "已过公开期限的旧通知"
DRAFT_TITLE = "尚未发布的草稿"
FUTURE_TITLE = "明天才发布的信息"
INCIDENT_SUMMARY = "账号被冒用发布 <img src=x onerror=alert(5)> **虚假** 信息"


def _yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _content(path: Path, front: dict[str, Any], body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n", encoding="utf-8")


def _person(pid: str, name: str, role: str) -> dict[str, Any]:
    return {"id": pid, "name": name, "roles": [role], "login": f"{pid}-login", "phone": "0953-0000000", "email": f"{pid}@example.com"}


def _review(unit: str) -> dict[str, Any]:
    return {
        "initial": {"by": f"{unit}-a", "at": "2026-11-01T09:00:00+08:00"},
        "second": {"by": f"{unit}-b", "at": "2026-11-01T10:00:00+08:00"},
        "final": {"by": f"{unit}-c", "at": "2026-11-01T11:00:00+08:00", "opinion": "同意发布"},
    }


def write_site_tree(root: Path) -> Path:
    """Write the test repository into ``root`` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "config").mkdir(exist_ok=True)
    shutil.copy(REPO / "config" / "platforms.yaml", root / "config" / "platforms.yaml")
    (root / "config" / "govreg.yaml").write_text("supervising_office: test-gov-office\nsite:\n  sample_data: true\n", encoding="utf-8")
    for uid, name in (("test-gov-office", "吴忠市测试政府办公室"), ("test-culture-bureau", "吴忠市文化旅游测试局")):
        _yaml(
            root / "units" / f"{uid}.yaml",
            {
                "id": uid,
                "name": name,
                "kind": "government-office" if "gov" in uid else "agency",
                "region": "640300",
                "leader_in_charge": f"{uid}-c",
                "staff": [f"{uid}-a", f"{uid}-b"],
                "contact": "0953-1234567",
                "people": [
                    _person(f"{uid}-a", "甲", "handler"),
                    _person(f"{uid}-b", "乙", "section-head"),
                    _person(f"{uid}-c", "丙", "leader"),
                ],
            },
        )
    unit = "test-culture-bureau"
    accounts: list[dict[str, Any]] = [
        {
            "id": f"{unit}-wechat",
            "name": SEARCH_NAME,
            "platform": "wechat",
            "handle": SEARCH_HANDLE,
            "url": "https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=TEST",
            "owner": unit,
            "certified_subject": "吴忠市文化旅游测试局",
            "status": "active",
            "description": SEARCH_SENTENCE,
            "lifecycle": [{"type": "open", "date": "2021-03-01", "filed": "2021-03-02"}],
        },
        {
            "id": f"{unit}-weibo",
            "name": CLOSED_NAME,
            "platform": "weibo",
            "handle": "wzwenlv",
            "url": "https://weibo.com/u/1234567890",
            "owner": unit,
            "certified_subject": "吴忠市文化旅游测试局",
            "status": "closed",
            "lifecycle": [
                {"type": "open", "date": "2018-05-02", "filed": "2018-05-03"},
                {
                    "type": "close",
                    "date": "2026-11-16",
                    "filed": "2026-11-17",
                    "announcement": {
                        "from": "2026-11-17",
                        "to": "2026-12-08",
                        "title": "关于“吴忠文旅微博”关停的公告",
                        "url": "https://www.example.gov.cn/tzgg/1.html",
                    },
                },
            ],
        },
        {
            "id": f"{unit}-douyin",
            "name": "吴忠文旅旧抖音",
            "platform": "douyin",
            "handle": "wzwlold",
            "owner": unit,
            "certified_subject": "吴忠市文化旅游测试局",
            "status": "cancelled",
            "lifecycle": [
                {"type": "open", "date": "2019-01-02", "filed": "2019-01-03"},
                {"type": "cancel", "date": "2025-06-02", "filed": "2025-06-03", "announcement": {"from": "2025-06-03", "to": "2025-06-24"}},
            ],
        },
        {
            "id": f"{unit}-kuaishou",
            "name": XSS_NAME,
            "platform": "kuaishou",
            "handle": "x_y*z|w",
            "owner": unit,
            "certified_subject": "吴忠市文化旅游测试局",
            "status": "active",
            "description": XSS_DESCRIPTION,
            "operation": {"mode": "outsourced", "vendor": "[运维](http://evil.example) 公司", "rules": "外包服务管理制度第1号"},
            "lifecycle": [{"type": "open", "date": "2024-01-02", "filed": "2024-01-03", "note": "<b>备注</b>"}],
        },
        {  # refused by the schema: its page must not exist at all
            "id": f"{unit}-xiaohongshu",
            "name": "伪链接账号",
            "platform": "xiaohongshu",
            "handle": "badlink",
            "url": "javascript:alert(5)",
            "owner": unit,
            "certified_subject": "吴忠市文化旅游测试局",
            "status": "active",
            "lifecycle": [{"type": "open", "date": "2024-01-02", "filed": "2024-01-03"}],
        },
    ]
    for account in accounts:
        _yaml(root / "accounts" / unit / f"{account['id']}.yaml", account)
    _yaml(
        root / "sites" / "test-portal.yaml",
        {
            "id": "test-portal",
            "name": "吴忠市测试门户网站",
            "domain": "www.test.wuzhong.gov.cn",
            "kind": "portal",
            "owner": "test-gov-office",
            "site_code": "6403000099",
            "icp": "宁ICP备00000000号-1",
            "psb": "宁公网安备 64030000000000号",
            "columns": [
                {"id": "news", "name": MARKDOWN_COLUMN, "kind": "news", "responsible_unit": "test-gov-office", "update_every_days": 14},
                {"id": "notices", "name": "通知公告", "kind": "notice", "responsible_unit": "test-gov-office"},
            ],
        },
    )
    base: dict[str, Any] = {
        "unit": "test-gov-office",
        "source": {"kind": "original", "name": "吴忠市测试政府办公室"},
        "review": _review("test-gov-office"),
    }
    items: dict[str, dict[str, Any]] = {
        "news/early-tea.md": {
            "title": "吴忠早茶入选自治区非遗名录",
            "channel": "test-portal",
            "column": "news",
            "published_at": "2026-11-20T09:30:00+08:00",
            "retention": "permanent",
        },
        "news/reprint.md": {
            "title": "转载:黄河流域生态保护新进展",
            "channel": "test-portal",
            "column": "news",
            "published_at": "2026-11-21T15:00:00+08:00",
            "retention": "2027-12-31",
            "source": {"kind": "reprint", "name": "宁夏日报", "url": "https://www.example.com/news/1.html"},
        },
        "notices/expired.md": {
            "title": EXPIRED_TITLE,
            "channel": "test-portal",
            "column": "notices",
            "published_at": "2024-01-05T10:00:00+08:00",
            "retention": "2025-01-05",
        },
        "notices/draft.md": {"title": DRAFT_TITLE, "channel": "test-portal", "column": "notices", "retention": "permanent"},
        "notices/future.md": {
            "title": FUTURE_TITLE,
            "channel": "test-portal",
            "column": "notices",
            "published_at": "2026-11-27T10:00:00+08:00",
            "retention": "permanent",
        },
        "wechat/tea-week.md": {
            "title": "早茶文化周活动预告",
            "channel": f"{unit}-wechat",
            "unit": unit,
            "published_at": "2026-11-22T08:00:00+08:00",
            "retention": "2027-06-30",
            "source": {"kind": "original", "name": "吴忠市文化旅游测试局"},
            "review": _review(unit),
        },
    }
    for rel, front in items.items():
        _content(root / "content" / rel, {**base, **front}, "正文。")
    _yaml(
        root / "messages" / "test-gov-office" / "msg-2026-0001.yaml",
        {
            "id": "msg-2026-0001",
            "kind": "leader-mailbox",
            "channel": "test-portal",
            "received": "2026-11-02",
            "assigned_unit": "test-gov-office",
            "assigned": "2026-11-03",
            "due": "2026-11-20",
            "answered": "2026-11-10",
            "subject": "关于早茶街停车的建议",
            "summary": "建议在早茶街附近增设停车位。",
            "reply": "已转交有关部门研究。",
            "sender": {"name": "某市民", "phone": "13800000000"},
        },
    )
    _yaml(
        root / "incidents" / unit / "2026-11-wechat-hijack.yaml",
        {
            "id": "2026-11-wechat-hijack",
            "unit": unit,
            "kind": "hijacked-account",
            "affects": [f"{unit}-wechat"],
            "detected": "2026-11-25T08:00:00+08:00",
            "summary": INCIDENT_SUMMARY,
            "reports": [{"to": "cac", "at": "2026-11-25T09:00:00+08:00", "by": f"{unit}-a", "reference": "网信受理 001"}],
            "note": "内部:密码疑似外泄",
        },
    )
    return root


# ---------------------------------------------------------------- private-field markers

MARKER = "privmark"


class Markers:
    """Unique marker strings (slug-shaped, so they fit any string field) and where they went."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.covered: set[tuple[str, str]] = set()

    def __call__(self) -> str:
        value = f"{MARKER}-{len(self.written) + 1}"
        self.written.append(value)
        return value


def _unwrap(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(args[0])
    return annotation


def _model_in(annotation: Any) -> type[BaseModel] | None:
    ann = _unwrap(annotation)
    if get_origin(ann) is list:
        ann = _unwrap(get_args(ann)[0])
    return ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None


def reachable_private_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[tuple[str, str]]:
    """Every (model, field) marked private, in ``model`` and every model nested in it."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    out = {(model.__name__, key) for key in private_paths(model)}
    for info in model.model_fields.values():
        sub = _model_in(info.annotation)
        if sub is not None:
            out |= reachable_private_fields(sub, seen)
    return out


def sample_value(annotation: Any, text: Callable[[], str], markers: Markers | None = None) -> Any:
    """A valid value for ``annotation``; strings come from ``text`` (markers or plain)."""
    ann = _unwrap(annotation)
    origin = get_origin(ann)
    if origin is list:
        return [sample_value(get_args(ann)[0], text, markers)]
    if origin is Literal:
        return get_args(ann)[0]
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        hidden = private_paths(ann)
        out = {}
        for name, info in ann.model_fields.items():
            key = info.alias or name
            if markers is not None and key in hidden:
                markers.covered.add((ann.__name__, key))
            out[key] = sample_value(info.annotation, text, markers)
        return out
    if isinstance(ann, type) and issubclass(ann, Enum):
        return next(iter(ann)).value
    if ann is bool:
        return True
    if ann is int:
        return 1
    if ann is dt.datetime:
        return "2026-01-02T10:00:00+08:00"
    if ann is dt.date:
        return "2026-01-02"
    if ann is str:
        return text()
    raise TypeError(f"no sample value for {annotation!r}")


def mark_private(data: dict[str, Any], model: type[BaseModel], markers: Markers) -> None:
    """Put a fresh marker into every private field of ``data`` (a record of ``model``), at any depth."""
    hidden = private_paths(model)
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key in hidden:
            markers.covered.add((model.__name__, key))
            data[key] = sample_value(info.annotation, markers, markers)
            continue
        sub = _model_in(info.annotation)
        if sub is None or not reachable_private_fields(sub):
            continue
        value = data.get(key)
        if value is None:
            value = data[key] = sample_value(info.annotation, lambda: "x")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                mark_private(item, sub, markers)


def _valid(model: type[BaseModel], data: Any) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def mark_tree(root: Path) -> Markers:
    """Rewrite every record under ``root`` with markers in all private fields."""
    markers = Markers()
    for kind, folder in FOLDERS.items():
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml"):
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                if not _valid(MODELS[kind], data):
                    continue  # refused records never load; markers in them would prove nothing
                mark_private(data, MODELS[kind], markers)
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            elif path.suffix == ".md" and kind == "content":  # reports/ keeps its Markdown reports beside the records
                text = path.read_text(encoding="utf-8")
                _, front, body = text.split("---\n", 2)
                data = yaml.safe_load(front)
                if not _valid(MODELS[kind], data):
                    continue
                mark_private(data, MODELS[kind], markers)
                path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    return markers
