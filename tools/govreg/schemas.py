"""JSON Schemas generated from the models (``schemas/*.schema.json``).

The schemas are for editors (completion through ``# yaml-language-server: $schema=``),
for other tools and for the open data; the models stay the single source of truth.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .models import MODELS

SCHEMA_DIR = "schemas"
BASE_URL = "https://example.gov.cn/govreg/schemas/"  # the registry's own: site.base_url + "schemas/" (config/govreg.yaml)
TITLES = {"unit": "单位", "account": "政务新媒体账号", "site": "政府网站", "content": "政务信息（Markdown 前置元数据）", "message": "领导信箱来信、留言转办记录",
          "rectification": "整改通知", "incident": "安全事件", "opinion": "舆情事件", "handover": "账号密码移交记录", "report": "存档的检查、考评报告"}


def base_url(root: Path) -> str:
    """Where the registry publishes its schemas: ``site.base_url`` of config/govreg.yaml + ``schemas/``."""
    from .config import load_config

    return load_config(root)[0].site_url() + "schemas/"


def build(extra: Mapping[str, dict[str, Any]] | None = None, base: str = BASE_URL) -> dict[str, str]:
    """File name → JSON text, for every record kind and every ``extra`` schema (name → schema, e.g. the monitor
    snapshot and the configuration, given by the command layer). Pure: nothing is written."""
    out: dict[str, str] = {}
    for kind, model in MODELS.items():
        schema: dict[str, Any] = model.model_json_schema(by_alias=True, mode="validation")
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{base}{kind}.schema.json",
            **schema,
            "title": TITLES[kind],
        }
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    for name, given in (extra or {}).items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{base}{name}.schema.json", **given}
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return out


def stale(root: Path, extra: Mapping[str, dict[str, Any]] | None = None) -> list[str]:
    """Schema files that are missing or differ from what the models generate."""
    return [name for name, text in build(extra, base_url(root)).items() if not (root / SCHEMA_DIR / name).is_file() or (root / SCHEMA_DIR / name).read_text(encoding="utf-8") != text]


def write(root: Path, extra: Mapping[str, dict[str, Any]] | None = None) -> list[str]:
    target = root / SCHEMA_DIR
    target.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in build(extra, base_url(root)).items():
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_name(name + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
            changed.append(name)
    return changed
