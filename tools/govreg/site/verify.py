"""查验 (/verify/): the page, its static index, the confusables table and the index's published specification."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from typing import Any

from ..config import Platform
from ..identity import canonical_handle, confusable_classes, identity_from_url
from ..verdict import ACCOUNT_FIELDS, VERIFY_INDEX_FORMAT, VERIFY_INDEX_VERSION
from . import paths
from .data import PublicData, closing_event, opened_on
from .incidents import public_incident
from .markup import a, head, heading, page, rel, table

PLACEHOLDER = "账号名称、账号 ID，或粘贴账号链接"


def build_index(data: PublicData, platforms: list[Platform], decorations: list[str]) -> dict[str, Any]:
    """The verify index: everything the page needs to give a verdict, nothing else (see ``spec_page``)."""
    by_id = {p.id: p for p in platforms}
    units: list[str] = []
    unit_no: dict[str, int] = {}
    rows: list[list[Any]] = []
    for account in data.accounts.values():
        owner = data.unit_name(account["owner"])
        if owner not in unit_no:
            unit_no[owner] = len(units)
            units.append(owner)
        platform = by_id.get(account["platform"])
        link = ""
        if account.get("url"):
            found = identity_from_url(str(account["url"]), platforms)
            handle = canonical_handle(account["handle"], platform)
            # a link that only repeats the handle adds nothing: the handle is matched anyway
            if found.ok and found.platform == account["platform"] and not (found.kind == "handle" and found.value == handle):
                link = f"{found.kind}:{found.value}"
        ended = closing_event(account)
        rows.append(
            [
                account["id"], account["name"], account["platform"], canonical_handle(account["handle"], platform),
                unit_no[owner], account["status"], opened_on(account) or "", str(ended["date"]) if ended else "", link,
            ]
        )
    return {
        "format": VERIFY_INDEX_FORMAT,
        "version": VERIFY_INDEX_VERSION,
        "generated": data.today.isoformat(),
        "fields": list(ACCOUNT_FIELDS),
        "platforms": [p.model_dump(exclude_none=True) for p in platforms],
        "decorations": decorations,
        "units": units,
        "accounts": rows,
        "incidents": incident_warnings(data),
    }


def incident_warnings(data: PublicData) -> dict[str, list[dict[str, str]]]:
    """Account id → its open hijacking incidents, public fields only (kind in words, detection time, summary)."""
    out: dict[str, list[dict[str, str]]] = {}
    for channel, listed in sorted(data.incidents.items()):
        if channel not in data.accounts:
            continue
        out[channel] = [public_incident(i) for i in listed]
    return out


def confusables_table() -> dict[str, str]:
    return confusable_classes()


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "govreg 查验索引（verify-index.json）",
    "type": "object",
    "required": ["format", "version", "generated", "fields", "platforms", "decorations", "units", "accounts"],
    "properties": {
        "format": {"const": VERIFY_INDEX_FORMAT},
        "version": {"const": VERIFY_INDEX_VERSION},
        "generated": {"type": "string", "format": "date"},
        "fields": {"const": list(ACCOUNT_FIELDS)},
        "platforms": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "handle_label": {"type": "string"},
                    "handle_pattern": {"type": "string"},
                    "handle_case": {"enum": ["insensitive", "sensitive"]},
                    "domains": {"type": "array", "items": {"type": "string"}},
                    "urls": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["hosts", "path", "carries"],
                            "properties": {
                                "hosts": {"type": "array", "items": {"type": "string"}},
                                "path": {"type": "string"},
                                "query": {"type": "string"},
                                "carries": {"enum": ["handle", "uid", "biz"]},
                            },
                        },
                    },
                    "short_links": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "decorations": {"type": "array", "items": {"type": "string"}},
        "units": {"type": "array", "items": {"type": "string"}},
        "incidents": {
            "description": "账号 id → 尚未处置完毕的安全事件（被劫持、被盗等，第十七条）：类别、发现时间、公开说明",
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["kind", "detected", "summary"],
                    "additionalProperties": False,
                    "properties": {"kind": {"type": "string"}, "detected": {"type": "string"}, "summary": {"type": "string"}},
                },
            },
        },
        "accounts": {
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [
                    {"type": "string"},
                    {"type": "string"},
                    {"type": "string"},
                    {"type": "string"},
                    {"type": "integer", "minimum": 0},
                    {"enum": ["active", "closed", "cancelled"]},
                    {"type": "string"},
                    {"type": "string"},
                    {"type": "string"},
                ],
                "minItems": len(ACCOUNT_FIELDS),
                "maxItems": len(ACCOUNT_FIELDS),
            },
        },
    },
}


def verify_page() -> str:
    src = paths.VERIFY
    script = rel(src, paths.VERIFY_JS)
    index = rel(src, paths.VERIFY_INDEX)
    confusables = rel(src, paths.CONFUSABLES)
    accounts = rel(src, "account/x.md").rsplit("x", 1)[0]
    form = (
        f'<form class="govreg-check govreg-verify" action="./" method="get" role="search">'
        f'<input type="search" name="q" id="govreg-q" placeholder="{PLACEHOLDER}" aria-label="{PLACEHOLDER}" autocomplete="off">'
        '<button type="submit" class="md-button md-button--primary">查验</button>'
        "</form>"
    )
    card = '<div id="govreg-verdict" class="govreg-verdict" aria-live="polite"></div>'
    attrs = " ".join(
        f'data-{k}="{html.escape(v)}"' for k, v in (("index", index), ("confusables", confusables), ("accounts", accounts))
    )
    return page(
        head("查验账号"),
        "看到一个自称政府的公众号、微博、抖音号，在下面输入它的名称、账号 ID，或者粘贴它的链接（带不带 https:// 都可以），"
        "马上知道它是否登记在册、是否仍由政府运营。查验在您的浏览器中完成，不向任何服务器发送您输入的内容。",
        form,
        card,
        "<noscript>查验需要浏览器运行脚本；也可以在<a href=\"" + rel(src, paths.ACCOUNTS).replace("index.md", "") + "\">账号名录</a>中查找。</noscript>",
        f'<script src="{script}" {attrs}></script>',  # not deferred: it must run before the theme's script
        "查验的规则和数据格式见" + a("查验索引说明", src, paths.VERIFY_SPEC) + "，其他政府网站和应用可以直接使用同一份数据。",
    )


def spec_page(data: PublicData, size: int, confusables_size: int) -> str:
    src = paths.VERIFY_SPEC
    rows = [(f"`{name}`", text) for name, text in (
        ("id", "账号编号；账号页面在 account/<id>/"),
        ("name", "账号名称（登记原文）"),
        ("platform", "平台编号，见 platforms"),
        ("handle", "规范化后的账号 ID"),
        ("unit", "主办单位在 units 中的序号"),
        ("status", "active 正常运行，closed 已关停，cancelled 已注销"),
        ("opened", "开设日期"),
        ("ended", "关停或注销日期（在用账号为空）"),
        ("link", "登记链接所带的身份“种类：值”，如 uid:…、biz:…（没有链接，或链接只带着账号 ID 的，为空）"),
    )]
    return page(
        head("查验索引说明"),
        f"{a('查验', src, paths.VERIFY)}页面使用的数据是 {a('verify-index.json', src, paths.VERIFY_INDEX)}"
        f"（本次 {size:,} 字节，{len(data.accounts)} 个账号）和 {a('confusables.json', src, paths.CONFUSABLES)}"
        f"（形近字符表，{confusables_size:,} 字节）；格式见 {a('verify-index.schema.json', src, paths.VERIFY_SCHEMA)}。"
        "登记库的检查（govreg check）、命令行查验（govreg verify）和本站的查验页使用同一套规则，并由测试逐条核对一致。",
        heading(2, "索引字段", "fields"),
        "`accounts` 的每一项是一个数组，依次为：",
        table(("字段", "说明"), rows),
        heading(2, "规范化", "canonical"),
        "1. **可见字符**：Unicode NFKC 规范化（全角字母数字变半角），删去格式字符（Cf，如零宽空格、双向控制符）、控制字符（Cc）和各种空格（Z）。\n"
        "2. **账号 ID**：可见字符再转为小写（Unicode 默认小写映射）；`handle_case: sensitive` 的平台（如视频号）保留大小写。\n"
        "3. **名称**：可见字符转为小写。\n"
        "4. **骨架**（判断形近，UTS #39）：可见字符逐个换成 confusables.json 中的代表字符，转小写，再换一次。",
        heading(2, "链接", "links"),
        "1. 先取可见字符；没有“http://”或“https://”的，按 https 补上；其他协议不接受。\n"
        "2. 域名部分（“：//”之后到第一个 / ? # 或 \\ 之前）含有“@”的，不接受（真正打开的是“@”后面的网站）；路径以“\\”开头的不接受。\n"
        "3. 去掉端口，转小写；域名的可注册部分（按公共后缀列表）须是某个平台 `domains` 中的一个；在 `short_links` 中的是短链接，无法离线识别。\n"
        "4. 依次尝试该平台 `urls` 中主机名相符的形式：路径正则的第 1 个分组（或 `query` 指定的查询参数值，百分号解码）是身份值；"
        "`carries` 为 handle 的按账号 ID 规范化后与 `handle` 比较，为 uid、biz 的与 `link` 比较。",
        heading(2, "结论", "verdict"),
        "- 找到账号且至少一个正常运行：✓ 已登记；找到的都已关停或注销：⚠ 已关停/已注销（此账号已不再由政府运营，谨防冒用）；\n"
        "- 找不到：✗ 未登记（名录中没有这个账号，谨防仿冒），并列出名称或账号 ID 形近、名称包含在其中的已登记账号；\n"
        "- 平台的短链接、非账号主页链接：无法识别，请打开后复制地址栏中的链接。\n"
        "- 不是链接的输入，按名称（规范化后相等）或账号 ID（规范化后相等）查找。",
    )


def render(data: PublicData, platforms: list[Platform], decorations: list[str]) -> Iterator[tuple[str, str]]:
    index = json.dumps(build_index(data, platforms, decorations), ensure_ascii=False, separators=(",", ":"))
    confusables = json.dumps(confusables_table(), ensure_ascii=False, separators=(",", ":"))
    yield paths.VERIFY, verify_page()
    yield paths.VERIFY_INDEX, index
    yield paths.CONFUSABLES, confusables
    yield paths.VERIFY_SCHEMA, json.dumps(SCHEMA, ensure_ascii=False, indent=2) + "\n"
    yield paths.VERIFY_SPEC, spec_page(data, len(index.encode("utf-8")), len(confusables.encode("utf-8")))
