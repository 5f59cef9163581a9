"""Repository configuration: ``config/govreg.yaml`` and the data files beside it.

The engine's own settings are typed here; a rule that needs settings of its
own declares a pydantic model and reads it with :meth:`Config.section`, so
every setting has a default in code and can be overridden as data.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .findings import Finding, Rule
from .loader import load_yaml_record, parse_yaml, read_text
from .validation import validate

CONFIG_INVALID = Rule(
    "config-invalid",
    "配置文件有误",
    "配置文件 {detail}",
    hint="请对照 docs/ 中的配置说明修改 config/ 下的文件。",
)

S = TypeVar("S", bound=BaseModel)


class UrlShape(BaseModel):
    """One form of account link that carries the account's identity (see govreg.identity)."""

    model_config = ConfigDict(extra="forbid")
    hosts: list[str] = Field(min_length=1)
    path: str = Field(description="路径的正则表达式;没有 query 时第 1 个分组是身份值")
    query: str | None = Field(default=None, description="身份值所在的查询参数名")
    carries: Literal["handle", "uid", "biz"] = "handle"


class Platform(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    handle_label: str = "账号 ID"
    handle_pattern: str | None = None
    handle_case: Literal["insensitive", "sensitive"] = "insensitive"
    domains: list[str] = Field(default_factory=list)
    urls: list[UrlShape] = Field(default_factory=list)
    short_links: list[str] = Field(default_factory=list)


class Config(BaseModel):
    model_config = ConfigDict(extra="allow")

    supervising_office: str = Field(default="wuzhong-gov-office", description="市政府政务公开办公室所在单位 id")
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    max_file_bytes: int = 1024 * 1024
    platforms: list[Platform] = Field(default_factory=list)

    def section(self, name: str, model: type[S]) -> S:
        """Settings of one rule or command: ``name:`` in govreg.yaml, validated by ``model``."""
        extra = self.model_extra or {}
        raw = extra.get(name) or {}
        if isinstance(raw, model):
            return raw
        value = model.model_validate(raw)
        extra[name] = value
        return value

    def platform(self, platform_id: str) -> Platform | None:
        return next((p for p in self.platforms if p.id == platform_id), None)


def read_data_file(root: Path, rel: str) -> tuple[Any, list[Finding]]:
    """Any YAML data file under ``config/``: parsed strictly; findings instead of exceptions."""
    if not (root / rel).is_file():
        return None, []
    text, findings = read_text(root, rel)
    if text is None:
        return None, findings
    data, more = parse_yaml(text, rel)
    return data, findings + more


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    findings: list[Finding] = []
    config = Config()
    rel = "config/govreg.yaml"
    if (root / rel).is_file():
        doc = load_yaml_record(root, rel)
        findings += doc.findings
        if doc.data is not None:
            model, more = validate(Config, doc.data, rel)
            findings += more
            if isinstance(model, Config):
                config = model
    platforms, more = read_data_file(root, "config/platforms.yaml")
    findings += more
    if platforms is not None:
        if not isinstance(platforms, list):
            findings.append(CONFIG_INVALID("config/platforms.yaml", line=1, column=1, detail="platforms.yaml 应为平台列表"))
        else:
            for i, item in enumerate(platforms):
                if not isinstance(item, dict):
                    findings.append(CONFIG_INVALID("config/platforms.yaml", loc=(i,), detail=f"第 {i + 1} 个平台应为映射"))
                    continue
                model, more = validate(Platform, item, "config/platforms.yaml")
                findings += [replace(f, loc=(i, *f.loc)) for f in more]
                if isinstance(model, Platform):
                    config.platforms.append(model)
    return config, findings
