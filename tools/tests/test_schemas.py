"""The committed JSON Schemas are generated from the models, and they validate the sample records."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from govreg import schemas
from govreg.loader import load_markdown_record, load_yaml_record
from govreg.models import MODELS
from govreg.repository import FOLDERS

from conftest import REPO, run_cli


def test_committed_schemas_are_fresh() -> None:
    assert schemas.stale(REPO) == [], "运行 govreg schemas 重新生成并提交 schemas/"


def test_stale_schema_is_detected(tmp_path: Path) -> None:
    assert run_cli("schemas", str(tmp_path))[0] == 0
    assert run_cli("schemas", str(tmp_path), "--check")[0] == 0
    target = tmp_path / "schemas" / "account.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace("认证主体", "旧说明"), encoding="utf-8")
    code, out, _ = run_cli("schemas", str(tmp_path), "--check")
    assert code == 1 and "account.schema.json" in out


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_schema_accepts_every_sample_record(kind: str) -> None:
    schema = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    folder = FOLDERS[kind]
    files = sorted((REPO / folder).rglob("*.md" if kind == "content" else "*.yaml"))
    assert files
    for path in files:
        rel = path.relative_to(REPO).as_posix()
        doc = load_markdown_record(REPO, rel) if kind == "content" else load_yaml_record(REPO, rel)
        assert doc.data is not None, rel
        errors = [e.message for e in validator.iter_errors(doc.data)]
        assert errors == [], rel


def test_schema_rejects_unknown_field() -> None:
    schema = json.loads((REPO / "schemas" / "account.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert any("nickname" in e.message for e in validator.iter_errors({"nickname": "x"}))


def test_every_yaml_record_names_its_schema() -> None:
    for kind, folder in FOLDERS.items():
        if kind == "content":
            continue
        for path in (REPO / folder).rglob("*.yaml"):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema=") and first.endswith(f"schemas/{kind}.schema.json"), path
