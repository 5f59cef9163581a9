"""开放数据: registry.json, CSV files and the JSON Schemas, and the page that describes them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from .. import schemas
from ..models import PRIVATE_KEY
from . import paths
from .data import PublicData, Record, closing_event, opened_on
from .escape import csv_value
from .markup import a, head, heading, page, table

KINDS = ("unit", "account", "site")
REGISTRY_SCHEMA = "registry"

ACCOUNT_COLUMNS = (
    ("id", "账号编号"),
    ("name", "账号名称"),
    ("platform", "平台编号"),
    ("platform_name", "平台"),
    ("handle", "账号 ID（微信号、微博 ID、抖音号等）"),
    ("url", "链接"),
    ("owner", "主办单位编号"),
    ("owner_name", "主办单位"),
    ("certified_subject", "认证主体"),
    ("purpose", "类型：general 综合，special-topic 专项"),
    ("status", "状态：active 正常运行，closed 已关停，cancelled 已注销"),
    ("opened", "开设日期"),
    ("ended", "关停或注销日期"),
    ("description", "简介"),
)
SITE_COLUMNS = (
    ("id", "网站编号"),
    ("name", "网站名称"),
    ("domain", "域名"),
    ("kind", "类型：portal 门户网站，department 部门网站，special-topic 专项网站"),
    ("site_code", "网站标识码"),
    ("icp", "ICP 备案号"),
    ("psb", "公安机关备案号"),
    ("owner", "主办单位编号"),
    ("owner_name", "主办单位"),
    ("status", "状态：active 正常运行，closed 已关停"),
    ("columns", "栏目数"),
)
UNIT_COLUMNS = (
    ("id", "单位编号"),
    ("name", "单位名称"),
    ("kind", "单位类型"),
    ("parent", "上级单位编号"),
    ("region", "行政区划代码"),
    ("credit_code", "统一社会信用代码"),
    ("contact", "对外联系方式"),
)


def _csv(columns: tuple[tuple[str, str], ...], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([key for key, _ in columns])
    for row in rows:
        writer.writerow([csv_value(row.get(key)) for key, _ in columns])
    return "\ufeff" + out.getvalue()  # UTF-8 with BOM: opens correctly in spreadsheet programs


def accounts_csv(data: PublicData) -> str:
    rows = []
    for account in data.accounts.values():
        ended = closing_event(account)
        rows.append(
            {
                **account,
                "platform_name": data.platform_name(account["platform"]),
                "owner_name": data.unit_name(account["owner"]),
                "opened": opened_on(account),
                "ended": ended["date"] if ended else None,
            }
        )
    return _csv(ACCOUNT_COLUMNS, rows)


def sites_csv(data: PublicData) -> str:
    rows = [{**site, "owner_name": data.unit_name(site["owner"]), "columns": len(site["columns"])} for site in data.sites.values()]
    return _csv(SITE_COLUMNS, rows)


def units_csv(data: PublicData) -> str:
    return _csv(UNIT_COLUMNS, list(data.units.values()))


def registry(data: PublicData) -> dict[str, Any]:
    def clean(record: Record) -> Record:
        return {k: v for k, v in record.items() if not k.startswith("_")}

    return {
        "generated": data.today.isoformat(),
        "sample_data": data.settings.sample_data,
        "units": [clean(u) for u in data.units.values()],
        "accounts": [clean(a) for a in data.accounts.values()],
        "sites": [clean(s) for s in data.sites.values()],
    }


def _strip_private(node: Any) -> Any:
    """A schema without the properties marked private (they never appear in the open data)."""
    if isinstance(node, dict):
        out = {k: _strip_private(v) for k, v in node.items()}
        props = out.get("properties")
        if isinstance(props, dict):
            hidden = {name for name, sub in props.items() if isinstance(sub, dict) and sub.get(PRIVATE_KEY)}
            out["properties"] = {k: v for k, v in props.items() if k not in hidden}
            if isinstance(out.get("required"), list):
                out["required"] = [r for r in out["required"] if r not in hidden]
        return out
    if isinstance(node, list):
        return [_strip_private(v) for v in node]
    return node


def _rebase(node: Any, kind: str) -> Any:
    """Move a record schema under ``#/$defs/<kind>``: rewrite its internal ``$ref``s."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/"):
                out[key] = f"#/$defs/{kind}/" + value[2:]
            else:
                out[key] = _rebase(value, kind)
        return out
    if isinstance(node, list):
        return [_rebase(v, kind) for v in node]
    return node


def registry_schema(record_schemas: dict[str, str], base: str = schemas.BASE_URL, title: str = "政府网站和政务新媒体登记库") -> dict[str, Any]:
    """The JSON Schema of registry.json: the public part of each record schema, in one document."""
    defs: dict[str, Any] = {}
    for kind in KINDS:
        schema = json.loads(record_schemas[f"{kind}.schema.json"])
        for key in ("$schema", "$id"):
            schema.pop(key, None)
        defs[kind] = _rebase(_strip_private(schema), kind)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base}{REGISTRY_SCHEMA}.schema.json",
        "title": f"{title}开放数据（registry.json）",
        "description": "只含公开字段；不公开的字段（人员名册、联系方式、外包协议等）不在其中。",
        "type": "object",
        "additionalProperties": False,
        "required": ["generated", "sample_data", "units", "accounts", "sites"],
        "properties": {
            "generated": {"type": "string", "format": "date", "description": "生成日期"},
            "sample_data": {"type": "boolean", "description": "为 true 时数据为示例数据"},
            "units": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
            "accounts": {"type": "array", "items": {"$ref": "#/$defs/account"}},
            "sites": {"type": "array", "items": {"$ref": "#/$defs/site"}},
        },
        "$defs": defs,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


class OpenDataError(ValueError):
    """The open data does not match its own published schema (a defect: nothing is published)."""


def check_against_schema(document: dict[str, Any], schema: dict[str, Any]) -> None:
    """Validate the open data at build time, so a download never contradicts its schema.

    The schema compiled into Python checks (:mod:`.quickschema`) says "valid" in one walk; anything
    else, and any schema it cannot compile, goes to jsonschema, which finds and words the errors.
    """
    from .quickschema import compile_schema

    quick = compile_schema(schema)
    if quick is not None and quick(document):
        return
    from jsonschema import Draft202012Validator

    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "（根）"
        raise OpenDataError(f"开放数据 registry.json 与其模式不符（{len(errors)} 处），第一处在 {where}：{errors[0].message}")


def render(data: PublicData) -> Iterator[tuple[str, str]]:
    base = data.settings.base_url + "schemas/"
    record_schemas = schemas.build(base=base)
    document = registry(data)
    schema = registry_schema(record_schemas, base, data.settings.title)
    check_against_schema(document, schema)
    yield paths.REGISTRY_JSON, _dumps(document)
    yield paths.ACCOUNTS_CSV, accounts_csv(data)
    yield paths.SITES_CSV, sites_csv(data)
    yield paths.UNITS_CSV, units_csv(data)
    for name, text in record_schemas.items():
        yield f"{paths.SCHEMAS}/{name}", text
    yield paths.schema(REGISTRY_SCHEMA), _dumps(schema)
    yield paths.DATA, _page(data, record_schemas)


def _page(data: PublicData, record_schemas: dict[str, str]) -> str:
    src = paths.DATA
    sample = "**注意：目前发布的是示例数据，不是真实登记信息。**" if data.settings.sample_data else ""
    files = [
        (
            a("registry.json", src, paths.REGISTRY_JSON),
            "全部单位、账号、网站的公开字段（JSON）",
            a("registry.schema.json", src, paths.schema(REGISTRY_SCHEMA)),
        ),
        (a("accounts.csv", src, paths.ACCOUNTS_CSV), f"政务新媒体账号，{len(data.accounts)} 行", "见下表"),
        (a("sites.csv", src, paths.SITES_CSV), f"政府网站，{len(data.sites)} 行", "见下表"),
        (a("units.csv", src, paths.UNITS_CSV), f"单位，{len(data.units)} 行", "见下表"),
        (
            a("verify-index.json", src, paths.VERIFY_INDEX),
            "查验索引：“查验”页使用的账号身份数据，其他网站和应用可以嵌入同样的查验(" + a("说明", src, paths.VERIFY_SPEC) + ")",
            a("verify-index.schema.json", src, paths.VERIFY_SCHEMA),
        ),
    ]
    schema_rows = [(a(name, src, f"{paths.SCHEMAS}/{name}"), "登记文件（YAML）和信息文件前置元数据的格式") for name in record_schemas]
    return page(
        head("开放数据"),
        sample,
        f"登记库的公开信息以开放格式提供下载，每次登记库变更后随网站一同重新生成（本次生成日期：{data.today.isoformat()}）。"
        "只包含公开字段：人员名册、联系电话、电子邮箱、外包协议等不公开的信息不在其中。",
        heading(2, "下载", "files"),
        table(("文件", "内容", "格式说明"), files),
        "CSV 文件为 UTF-8 编码（带 BOM，可直接用电子表格软件打开），第一行为字段名；"
        "以 = + - @ 开头的值前加了单引号，以免被电子表格软件当作公式执行。",
        heading(2, "数据格式（JSON Schema）", "schemas"),
        f"{a('registry.schema.json', src, paths.schema(REGISTRY_SCHEMA))} 描述 registry.json(JSON Schema 2020-12)。"
        "下列文件描述登记库中各类记录文件的格式，标有 x-private 的字段不公开。",
        table(("文件", "说明"), schema_rows),
        heading(2, "accounts.csv 字段", "accounts-csv"),
        table(("字段", "说明"), ((f"`{k}`", v) for k, v in ACCOUNT_COLUMNS)),
        heading(2, "sites.csv 字段", "sites-csv"),
        table(("字段", "说明"), ((f"`{k}`", v) for k, v in SITE_COLUMNS)),
        heading(2, "units.csv 字段", "units-csv"),
        table(("字段", "说明"), ((f"`{k}`", v) for k, v in UNIT_COLUMNS)),
    )
