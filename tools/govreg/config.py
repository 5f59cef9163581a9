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
from .loader import load_yaml_record, locate, parse_yaml, read_text
from .monitor_settings import MonitorSettings
from .validation import validate

CONFIG_INVALID = Rule(
    "config-invalid",
    "配置文件有误",
    "配置文件 {detail}",
    hint="请对照 docs/ 中的配置说明修改 config/ 下的文件。",
)

S = TypeVar("S", bound=BaseModel)
CONFIG_FILE = "config/govreg.yaml"
DEFAULT_SITE_URL = "https://example.gov.cn/govreg/"  # a placeholder until the registry names its own


class UrlShape(BaseModel):
    """One form of account link that carries the account's identity (see govreg.identity)."""

    model_config = ConfigDict(extra="forbid")
    hosts: list[str] = Field(min_length=1)
    path: str = Field(description="路径的正则表达式；没有 query 时第 1 个分组是身份值")
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


class City(BaseModel):
    """``city:`` in config/govreg.yaml: who runs this registry, under which measures.

    Nothing in the code names a city: every title, heading and basis line a user
    sees is built from here, so another city adopts govreg by writing its own
    ``city:`` (``govreg init`` does).
    """

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="本市", min_length=1, max_length=40, description="城市（或县、区）名称，如“吴忠市”")
    region: str | None = Field(default=None, pattern=r"^\d{6}$", description="6 位行政区划代码，如“640300”")
    measures: str = Field(
        default="政府网站和政务新媒体管理办法", min_length=1, max_length=80, description="管理办法的名称（不含书名号）"
    )
    measures_date: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="管理办法的印发日期（YYYY-MM-DD，加引号）"
    )
    office: str = Field(default="政务公开办公室", min_length=1, description="主管办公室的全称，如“吴忠市政府政务公开办公室”")
    office_short: str = Field(default="政务公开办", min_length=1, description="主管办公室的简称，用于提示")
    website: str | None = Field(default=None, pattern=r"^https?://\S+$", description="城市政府门户网站地址")
    articles: dict[str, str] = Field(
        default_factory=dict,
        description="本地管理办法的条款编号与默认（吴忠市办法）不同时：检查代码 → 条款，如 filing-late: 第九条",
    )

    @property
    def measures_title(self) -> str:
        """The measures in title marks, e.g. 《××市政府网站和政务新媒体管理办法》."""
        return f"《{self.measures}》"

    @property
    def basis(self) -> str:
        """The measures with their date, for the basis line of forms and reports."""
        if self.measures_date is None:
            return self.measures_title
        year, month, day = (int(part) for part in self.measures_date.split("-"))
        return f"{self.measures_title}（{year}年{month}月{day}日）"

    @property
    def registry_title(self) -> str:
        return f"{self.name}政府网站和政务新媒体登记库"


class SiteSettings(BaseModel):
    """``site:`` in config/govreg.yaml: settings of the public registry."""

    model_config = ConfigDict(extra="forbid")

    sample_data: bool = Field(default=False, description="站点展示的是示例数据时为 true：每页显示“示例数据”提示")
    base_url: str = Field(
        default=DEFAULT_SITE_URL, pattern=r"^https?://[^\s<>\"']+/$", description="站点的公开地址（以 / 结尾）"
    )
    title: str = Field(default="", max_length=100, description="站点标题；不填时由 city.name 生成（××市政府网站和政务新媒体登记库）")
    latest_announcements: int = Field(default=5, ge=0, le=50, description="首页显示的公告条数")


#: Sections of config/govreg.yaml read by the layers above the rules (the rules declare theirs in ``SETTINGS``);
#: validated by their users, listed here so the configuration schema and the unknown-key check know them.
EXTRA_SECTIONS: dict[str, type[BaseModel]] = {"site": SiteSettings, "monitor": MonitorSettings}


class Config(BaseModel):
    model_config = ConfigDict(extra="allow")

    city: City = Field(default_factory=City, description="城市、管理办法和主管办公室")

    supervising_office: str = Field(default="gov-office", description="市政府政务公开办公室所在单位 id")
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(default_factory=dict)
    max_file_bytes: int = 1024 * 1024
    platforms: list[Platform] = Field(default_factory=list)

    def raw_section(self, name: str) -> Any:
        return (self.model_extra or {}).get(name)

    def section(self, name: str, model: type[S]) -> S:
        """Settings of one rule or command: ``name:`` in govreg.yaml, validated by ``model``."""
        extra = self.model_extra or {}
        raw = extra.get(name) or {}
        if isinstance(raw, model):
            return raw
        value = model.model_validate(raw)
        extra[name] = value
        return value

    def site_title(self) -> str:
        """``site.title`` when given, else the registry's title built from ``city:``."""
        raw = (self.model_extra or {}).get("site")
        title = raw.get("title") if isinstance(raw, dict) else getattr(raw, "title", None)
        return title if isinstance(title, str) and title else self.city.registry_title

    def site_url(self) -> str:
        """``site.base_url`` (ends with /); the placeholder address when the registry has none yet."""
        raw = (self.model_extra or {}).get("site")
        url = raw.get("base_url") if isinstance(raw, dict) else getattr(raw, "base_url", None)
        return url if isinstance(url, str) and url.endswith("/") else DEFAULT_SITE_URL

    def article(self, rule: Rule) -> str:
        """The article of the local measures a rule rests on (``city.articles`` overrides the default numbering)."""
        return self.city.articles.get(rule.code, rule.article)

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


def _located(findings: list[Finding], text: str | None) -> list[Finding]:
    """Line and column from each finding's ``loc`` (the engine locates only records, not config/)."""
    out = []
    for finding in findings:
        where = locate(text, finding.loc) if text and finding.line is None and finding.loc else None
        out.append(finding.at(*where) if where else finding)
    return out


def config_text(root: Path) -> str | None:
    path = root / "config" / "govreg.yaml"
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def unknown_sections(root: Path, config: Config, known: set[str]) -> list[Finding]:
    """Top-level keys of config/govreg.yaml that no model reads (a misspelt section is ignored silently otherwise)."""
    unknown = sorted(set(config.model_extra or {}) - known)
    if not unknown:
        return []
    names = "、".join(sorted(known | set(Config.model_fields)))
    findings = [CONFIG_INVALID(CONFIG_FILE, loc=(key,), detail=f"中的「{key}」不是已知的配置项（可用的有：{names}）") for key in unknown]
    return _located(findings, config_text(root))


def extra_section_findings(root: Path, config: Config) -> list[Finding]:
    """The sections read above the rules (``site:`` …) checked at load, so ``govreg check`` reports them, not only the build."""
    findings: list[Finding] = []
    for name, model in EXTRA_SECTIONS.items():
        raw = config.raw_section(name)
        if raw is None or isinstance(raw, model):
            continue
        if not isinstance(raw, dict):
            findings.append(CONFIG_INVALID(CONFIG_FILE, loc=(name,), detail=f"中的「{name}」应为“字段: 值”的映射"))  # typography: verbatim (YAML syntax: an ASCII colon and a space)
            continue
        _, more = validate(model, raw, CONFIG_FILE)
        findings += [replace(f, loc=(name, *f.loc), message=f.message.replace("「", f"「{name}.", 1)) for f in more]
    return _located(findings, config_text(root)) if findings else []


def load_config(root: Path) -> tuple[Config, list[Finding]]:
    findings: list[Finding] = []
    config = Config()
    rel = "config/govreg.yaml"
    if (root / rel).is_file():
        doc = load_yaml_record(root, rel)
        findings += doc.findings
        if doc.data is not None:
            model, more = validate(Config, doc.data, rel)
            findings += _located(more, doc.text)
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
