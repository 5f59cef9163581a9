"""CODEOWNERS generated from the rosters, so the forge asks the right people to review.

* each unit's records (``accounts/<unit>/``, its sites, its content) are owned by that unit's
  reviewers — the non-vendor people with a ``login`` and a review role (handler, section head,
  leader in charge);
* everything else — rosters (``units/``), ``schemas/``, ``config/``, workflows, the tool — by the
  supervising office's ``supervisor``\\s, so no one can change who reviews without them;
* a unit with no reviewer login falls back to the supervising office (a path is never unowned).

Two flavours: GitHub's (``.github/CODEOWNERS``: gitignore-style patterns, the last match wins)
and Gitea/Forgejo's (``.gitea/CODEOWNERS``: one Go regular expression per line, no catch-all).
The output is a pure function of the repository; ``govreg codeowners --check`` fails when the
committed file differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import Literal

from .models import Role, Unit
from .repository import Repository

Flavour = Literal["github", "gitea"]
DEFAULT_PATHS: dict[str, str] = {"github": ".github/CODEOWNERS", "gitea": ".gitea/CODEOWNERS"}
OFFICE_PATHS = (
    "units/", "schemas/", "config/", ".github/", ".gitea/", "tools/", "docs/", "Makefile", "pyproject.toml", "mkdocs.yml",
    "rectifications/", "reports/",  # notices and kept reports: issued and re-checked by the office (Art. 20)
)
REVIEW_ROLES = (Role.handler, Role.section_head, Role.leader)


def unit_reviewers(unit: Unit) -> list[str]:
    """``@login`` of the unit's reviewers, in roster order, without duplicates."""
    out: dict[str, None] = {}
    for person in unit.people:
        if person.vendor or not person.login:
            continue
        if any(r in person.roles for r in REVIEW_ROLES) or person.id == unit.leader_in_charge:
            out[f"@{person.login}"] = None
    return list(out)


def supervisors(repo: Repository) -> list[str]:
    office = repo.units.get(repo.config.supervising_office)
    if office is None:
        return []
    return list(dict.fromkeys(f"@{p.login}" for p in office.people if p.login and not p.vendor and Role.supervisor in p.roles))


def _escape_glob(path: str) -> str:
    return re.sub(r"([\\ #])", r"\\\1", path)


def _escape_regex(path: str) -> str:
    # Go regexp metacharacters get a backslash; then the file format's own escapes (\ space #) apply
    regex = re.sub(r"([.+*?()|\[\]{}^$\\])", r"\\\1", path)
    return re.sub(r"([\\ #])", r"\\\1", regex)


def _content_rules(repo: Repository) -> list[tuple[str, bool, str]]:
    """(path, is_folder, unit id): the largest folders whose items all belong to one unit, else single files."""
    unit_of = {path: item.unit for path, item in repo.content.items()}
    under: dict[str, set[str]] = {}
    for path, unit in unit_of.items():
        for parent in PurePosixPath(path).parents:
            key = parent.as_posix()
            if key in (".", ""):
                break
            under.setdefault(key, set()).add(unit)
    children: dict[str, list[str]] = {}
    for folder in under:
        if folder != "content":
            children.setdefault(PurePosixPath(folder).parent.as_posix(), []).append(folder)
    files_in: dict[str, list[str]] = {}
    for path in unit_of:
        files_in.setdefault(PurePosixPath(path).parent.as_posix(), []).append(path)

    rules: list[tuple[str, bool, str]] = []

    def visit(folder: str) -> None:
        units = under.get(folder, set())
        if len(units) == 1:
            rules.append((folder, True, next(iter(units))))
            return
        for path in sorted(files_in.get(folder, [])):
            rules.append((path, False, unit_of[path]))
        for child in sorted(children.get(folder, [])):
            visit(child)

    if "content" in under:
        visit("content")
    return rules


def render(repo: Repository, flavour: Flavour = "github") -> str:
    """The CODEOWNERS text for ``repo`` (deterministic: sorted, no timestamps)."""
    office = supervisors(repo)
    office_id = repo.config.supervising_office
    lines = [
        "# 由 govreg codeowners 根据 units/ 中的名册生成，请勿手工修改；名册变更后请运行 govreg codeowners 重新生成。",
        f"# 名册、模式、配置、工作流和工具：政务公开办（{office_id}）的审核人（supervisor）；",
        "# 各单位的账号、网站和信息：该单位的承办人、科室负责人和分管领导（不含第三方运维人员）。",
    ]
    if not office:
        lines.append(f"# 注意：单位 {office_id} 的名册中没有登记 login 的 supervisor，以下默认规则没有审核人。")
    if flavour == "github":
        lines.append("# 语法：GitHub CODEOWNERS，后出现的规则优先。")
    else:
        lines.append("# 语法：Gitea/Forgejo CODEOWNERS，每行一个 Go 正则表达式。")

    def owners(unit_id: str | None) -> tuple[list[str], str]:
        unit = repo.units.get(unit_id) if unit_id else None
        found = unit_reviewers(unit) if unit else []
        if found:
            return found, ""
        return office, f"  # {unit_id}：没有登记 login 的审核人员，暂由政务公开办审核"

    def rule(path: str, folder: bool, who: Iterable[str], note: str = "") -> None:
        names = " ".join(who)
        if flavour == "github":
            pattern = "/" + _escape_glob(path) + ("/" if folder else "")
        else:
            pattern = _escape_regex(path) + ("/.*" if folder else "")
        lines.append(f"{pattern} {names}".rstrip() + note)

    lines.append("")
    if flavour == "github":
        lines.append("# 默认：政务公开办")
        lines.append(f"* {' '.join(office)}".rstrip())
    lines.append("# 仓库基础设施：政务公开办")
    for path in OFFICE_PATHS:
        rule(path.rstrip("/"), path.endswith("/"), office)

    lines += ["", "# 账号（accounts/<单位>/）"]
    account_units = sorted({path.split("/")[1] for path in (repo.path_of("account", a) for a in repo.accounts) if path.count("/") >= 2})
    for unit_id in account_units:
        who, note = owners(unit_id)
        rule(f"accounts/{unit_id}", True, who, note)

    lines += ["", "# 网站（sites/）：主办单位"]
    for site_id in sorted(repo.sites):
        path = repo.path_of("site", site_id)
        who, note = owners(repo.sites[site_id].owner)
        rule(path, False, who, note)

    lines += ["", "# 信息（content/）：所属单位"]
    for path, folder, unit_id in _content_rules(repo):
        who, note = owners(unit_id)
        rule(path, folder, who, note)

    lines += ["", "# 安全事件、舆情、账号密码移交（incidents/、opinions/、handovers/<单位>/）：该单位"]
    for kind, top in (("incident", "incidents"), ("opinion", "opinions"), ("handover", "handovers")):
        for unit_id in sorted({p.split("/")[1] for (k, _), p in repo.paths.items() if k == kind and p.count("/") >= 2}):
            who, note = owners(unit_id)
            rule(f"{top}/{unit_id}", True, who, note)
    return "\n".join(lines) + "\n"
