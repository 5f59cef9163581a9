"""Dependencies: what the package imports is declared, what is declared is imported, and all of it is locked."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "tools" / "govreg"


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["dependencies"]}


def declared_dev() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_name(r) for r in project["optional-dependencies"]["dev"]}


def imported_distributions() -> dict[str, set[str]]:
    """Distribution → the package's modules that import it (top-level names outside the standard library)."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                tops = [node.module.split(".")[0]]
            elif (  # package data read as a resource: importlib.resources.files("package")
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "files"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            ):  # fmt: skip
                tops = [node.args[0].value.split(".")[0]]
            else:
                continue
            for top in tops:
                if top in sys.stdlib_module_names or top == "govreg":
                    continue
                for dist in owners.get(top, [top]):
                    found.setdefault(_name(dist), set()).add(path.relative_to(PACKAGE).as_posix())
    return found


def test_every_imported_distribution_is_declared() -> None:
    used = imported_distributions()
    # mkdocs-material is imported as ``material`` only by MkDocs itself (theme: material)
    missing = {dist: sorted(where) for dist, where in used.items() if dist not in declared()}
    assert missing == {}


def test_every_declared_runtime_dependency_is_used() -> None:
    used = set(imported_distributions())
    themes = {"mkdocs-material"}  # loaded by name from mkdocs.yml (theme: material), never imported
    indirect = {"sniffio"}  # imported by httpcore on every pool lock; declared so it is never missing (pyproject)
    assert declared() - used - themes - indirect == set()


def test_every_declared_dependency_is_pinned_in_the_lock() -> None:
    lock = (REPO / "requirements" / "constraints.txt").read_text(encoding="utf-8")
    pinned = {_name(line) for line in lock.splitlines() if "==" in line and not line.startswith("#")}
    assert (declared() | declared_dev()) - pinned == set()


def test_the_tests_import_the_package_of_this_tree() -> None:
    import govreg

    assert Path(govreg.__file__).resolve().is_relative_to(PACKAGE)
