"""Repository data lists (allow-lists, blocklist, dictionaries) with defaults shipped in the package.

``config/<name>.yaml`` in the repository is the source when it exists: it
*replaces* the default wholesale, so what the repository says is exactly what
is checked.  When the repository has no such file, the copy shipped in
``govreg/data/<name>.yaml`` applies, so a fresh repository is checked too.
Each file is validated against a pydantic model; a bad file is a
``config-invalid`` finding with line and column, and the default applies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from .config import CONFIG_INVALID, read_data_file
from .findings import Finding
from .loader import locate, parse_yaml
from .validation import validate

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class DataList(Generic[M]):
    value: M
    source: str  # "config/x.yaml" or "govreg/data/x.yaml"
    findings: list[Finding]

    @property
    def from_repository(self) -> bool:
        return self.source.startswith("config/")


def default_text(name: str) -> str:
    return resources.files("govreg").joinpath("data", f"{name}.yaml").read_text(encoding="utf-8")


def load_default(name: str, model: type[M]) -> M:
    data, findings = parse_yaml(default_text(name), f"govreg/data/{name}.yaml")
    if findings:
        raise ValueError(f"govreg/data/{name}.yaml: {findings[0].message}")
    return model.model_validate(data or {})


def load_data_list(root: Path, name: str, model: type[M]) -> DataList[M]:
    """``config/<name>.yaml`` validated as ``model``, else the packaged default."""
    rel = f"config/{name}.yaml"
    default_source = f"govreg/data/{name}.yaml"
    data, findings = read_data_file(root, rel)
    if data is None and not findings and not (root / rel).is_file():
        return DataList(load_default(name, model), default_source, [])
    if findings and data is None:
        return DataList(load_default(name, model), default_source, findings)
    if not isinstance(data, dict):
        finding = CONFIG_INVALID(rel, line=1, column=1, detail=f"{rel} 应为“字段: 值”的映射")  # typography: verbatim (YAML syntax: an ASCII colon and a space)
        return DataList(load_default(name, model), default_source, [*findings, finding])
    checked, more = validate(model, data, rel)
    if not isinstance(checked, model):
        text = (root / rel).read_text(encoding="utf-8-sig")
        located = []
        for f in more:
            where = locate(text, f.loc) if f.line is None and f.loc else None
            located.append(f.at(*where) if where else f)
        return DataList(load_default(name, model), default_source, [*findings, *located])
    return DataList(checked, rel, findings)


def refused(rel: str, key: str, items: list[tuple[int, str, str]], root: Path | None = None) -> list[Finding]:
    """``config-invalid`` findings for list entries a parser refused: ``(index, entry, reason)``."""
    out: list[Finding] = []
    text = None
    if root is not None and rel.startswith("config/"):
        try:
            text = (root / rel).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = None
    for index, entry, reason in items:
        finding = CONFIG_INVALID(rel, loc=(key, index), detail=f"{rel} 中「{key}」的第 {index + 1} 项「{entry}」无效：{reason}")
        where = locate(text, (key, index)) if text is not None else None
        out.append(finding.at(*where) if where else replace(finding, loc=()))
    return out
