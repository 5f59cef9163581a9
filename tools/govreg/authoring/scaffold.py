"""``govreg init``: a new, empty registry repository for a city, from the templates shipped in the package.

The templates (``govreg/templates/registry``) hold the folders, ``config/govreg.yaml``
with the city, its measures and supervising office, ``mkdocs.yml`` (the package's
default configuration), workflows, a pre-commit configuration and a README with the
same two commands as the reference registry.  Placeholders ``{{name}}`` … are filled
from :class:`govreg.config.City`, which also validates them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..config import City

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "registry"
MKDOCS_DEFAULT = Path(__file__).resolve().parents[1] / "site" / "mkdocs.default.yml"
FOLDERS = ("units", "sites", "accounts", "content", "messages")
# package data cannot carry dot-files reliably: their names in the templates folder
RENAMES = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml", "github": ".github"}


class ScaffoldError(ValueError):
    """The registry cannot be created (Chinese message for the user)."""


@dataclass(frozen=True)
class Registry:
    city: City
    office_unit: str
    base_url: str


def _quoted(value: str) -> str:
    """A YAML scalar that stays a string whatever it contains."""
    return json.dumps(value, ensure_ascii=False)


def placeholders(registry: Registry) -> dict[str, str]:
    city = registry.city
    return {
        "name": city.name,
        "title": city.registry_title,
        "measures": city.measures,
        "measures_title": city.measures_title,
        "office": city.office,
        "office_short": city.office_short,
        "office_unit": registry.office_unit,
        "base_url": registry.base_url,
        "version": __version__,
        "region_line": f"  region: {_quoted(city.region)}\n" if city.region else "",
        "date_line": f"  measures_date: {_quoted(city.measures_date)}\n" if city.measures_date else "",
    }


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def render(registry: Registry) -> dict[str, str]:
    """Every file of the new registry, by path (pure: reads only the package's templates)."""
    values = placeholders(registry)
    files: dict[str, str] = {}
    for template in sorted(TEMPLATES.rglob("*")):
        if not template.is_file() or "__pycache__" in template.parts:
            continue
        parts = list(template.relative_to(TEMPLATES).parts)
        parts[0] = RENAMES.get(parts[0], parts[0])
        text = template.read_text(encoding="utf-8")
        # the YAML configuration gets quoted values; prose gets them as they are
        quoted = {k: (_quoted(v) if k in {"name", "measures", "office", "office_short", "base_url"} else v) for k, v in values.items()}
        files["/".join(parts)] = _fill(text, quoted if parts[-1] == "govreg.yaml" else values)
    mkdocs = MKDOCS_DEFAULT.read_text(encoding="utf-8")
    mkdocs = mkdocs.replace("site_name: 政府网站和政务新媒体登记库", f"site_name: {_quoted(registry.city.registry_title)}\nsite_url: {registry.base_url}")
    mkdocs = mkdocs.replace("  - 开放数据: data/index.md\n", "  - 开放数据: data/index.md\n  - 关于: about.md\n")  # typography: verbatim
    files["mkdocs.yml"] = mkdocs.replace(  # typography: verbatim
        "# govreg 自带的 MkDocs 配置:登记库没有自己的 mkdocs.yml 时使用(govreg site 把 docs_dir 和 site_name 换成该登记库的)。\n",  # typography: verbatim
        "# 公开网站的 MkDocs 配置（由 govreg init 生成）；页面由 govreg 插件从登记库生成。\n",
    )
    for folder in FOLDERS:
        files.setdefault(f"{folder}/.gitkeep", "")
    return files


def create(target: Path, registry: Registry) -> list[str]:
    """Write the registry into ``target`` (absent or empty) all at once; the paths written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError(f"{target} 已存在且不是空目录；请指定一个新目录。")
    files = render(registry)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".govreg-init-", dir=target.parent))
    try:
        for rel, text in files.items():
            out = staging / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(files)
