"""The Actions workflows: valid against the vendored GitHub workflow schema, pinned, least privilege, no injection."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
NAMES = ("check.yml", "publish.yml", "inspect.yml", "toolkit.yml")
EXACT = re.compile(r"^actions/[A-Za-z0-9_.-]+@v\d+\.\d+\.\d+$")  # GitHub's own actions: exact versions (zizmor.yml)
ZIZMOR_CONFIG = REPO / ".github" / "zizmor.yml"
TEMPLATES = REPO / "tools" / "govreg" / "templates" / "registry" / "github" / "workflows"  # what govreg init writes


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    return on if isinstance(on, dict) else {name: None for name in ([on] if isinstance(on, str) else on)}


def steps(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def zizmor(*paths: Path) -> tuple[int, list[dict[str, Any]]]:
    """``zizmor --offline`` (template injection, permissions, pinning, credentials …) with the repository's policy."""
    tool = Path(sys.executable).with_name("zizmor")
    proc = subprocess.run(
        [str(tool), "--offline", "--no-progress", "--format", "json", "--config", str(ZIZMOR_CONFIG), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, json.loads(proc.stdout or "[]")


def test_schema_valid() -> None:
    tool = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run(
        [str(tool), "--builtin-schema", "vendor.github-workflows", *(str(WORKFLOWS / n) for n in NAMES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n", encoding="utf-8")  # no runs-on
    tool = Path(sys.executable).with_name("check-jsonschema")
    proc = subprocess.run([str(tool), "--builtin-schema", "vendor.github-workflows", str(broken)], capture_output=True, text=True, check=False)
    assert proc.returncode != 0


def test_zizmor_finds_nothing_in_the_workflows_and_the_init_templates() -> None:
    code, findings = zizmor(WORKFLOWS, TEMPLATES)
    assert code == 0 and findings == [], [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings]


def test_actions_are_pinned_to_exact_versions() -> None:
    for path in [*WORKFLOWS.glob("*.yml"), *TEMPLATES.glob("*.yml")]:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, step in steps(workflow):
            uses = step.get("uses")
            assert uses is None or EXACT.match(uses), f"{path.name} {job_id}: {uses}"


@pytest.mark.parametrize("name", NAMES)
def test_checkouts_do_not_keep_the_token(name: str) -> None:
    checkouts = [s for _, s in steps(load(name)) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def test_zizmor_finds_injection_unpinned_actions_and_kept_credentials(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        """on: pull_request
permissions: read-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4.2.2
      - uses: someone/action@main
      - run: echo "${{ github.event.pull_request.title }}"
""",
        encoding="utf-8",
    )
    code, findings = zizmor(bad.parent)
    assert code != 0
    assert {"template-injection", "unpinned-uses", "artipacked"} <= {f["ident"] for f in findings}
    assert not EXACT.match("actions/setup-python@main") and not EXACT.match("actions/checkout@v4")


def test_check_workflow() -> None:
    wf = load("check.yml")
    assert {"pull_request", "pull_request_review"} <= set(triggers(wf))
    runs = [s.get("run", "") for _, s in steps(wf)]
    assert any("govreg check" in r and "--format github" in r for r in runs)
    assert any(r.startswith("make site") for r in runs)
    gate_job = wf["jobs"]["gate"]
    assert gate_job["permissions"] == {"contents": "read", "pull-requests": "read"}
    gate_step = next(s for s in gate_job["steps"] if "govreg gate" in s.get("run", ""))
    env = gate_step["env"]
    assert env["GITHUB_TOKEN"] == "${{ github.token }}"
    assert env["GOVREG_PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert {"GOVREG_PR_NUMBER", "GOVREG_PR_BASE", "GOVREG_PR_HEAD"} <= set(env)
    # the gate runs the tool as it is on the base branch, not the PR's copy
    trusted = next(s for s in gate_job["steps"] if s.get("with", {}).get("path") == "trusted")
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert any("./trusted" in s.get("run", "") for s in gate_job["steps"])
    pr_checkout = next(s for s in gate_job["steps"] if s.get("with", {}).get("path") == "pr")
    assert pr_checkout["with"]["fetch-depth"] == 0


def test_publish_workflow() -> None:
    wf = load("publish.yml")
    assert triggers(wf)["push"] == {"branches": ["main"]}
    uses = [s.get("uses", "").split("@")[0] for _, s in steps(wf)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in wf["jobs"]["build"]  # the build job stays read-only
    assert wf["jobs"]["deploy"]["needs"] == "build"


def test_inspect_workflow() -> None:
    wf = load("inspect.yml")
    crons = [entry["cron"] for entry in triggers(wf)["schedule"]]
    assert any(c.split()[2:] == ["*", "*", "*"] for c in crons), crons  # daily
    assert any(c.split()[2] == "1" for c in crons), crons  # monthly, on the 1st (第二十条)
    runs = [s.get("run", "") for _, s in steps(wf)]
    assert any('govreg inspect "${period[@]}" --format markdown --output' in r for r in runs)
    assert any('period=(--month "$MONTH")' in r for r in runs)  # the monthly run judges the last whole month
    flag = next(s for _, s in steps(wf) if "单项否决" in s.get("name", ""))
    assert "exit 1" in flag["run"]  # a single-veto item marks the scheduled run as failed
    upload = next(s for _, s in steps(wf) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "reports/" and upload["if"] == "always()"


def test_make_targets_used_by_workflows_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.MULTILINE))
    used = {m for name in NAMES for _, s in steps(load(name)) for m in re.findall(r"\bmake (\w[\w-]*)", s.get("run", ""))}
    assert used and used <= targets, used - targets


def test_toolkit_workflow_tests_pull_requests_that_touch_the_tools_or_the_lock() -> None:
    wf = load("toolkit.yml")
    paths = triggers(wf)["pull_request"]["paths"]
    assert {"tools/**", "pyproject.toml", "requirements/**"} <= set(paths)
    assert any(s.get("run", "").startswith("make test") for _, s in steps(wf))


def test_dependabot_keeps_actions_and_the_locked_dependencies_fresh() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


def test_the_gate_installs_the_trusted_tool_with_the_locked_versions() -> None:
    gate_job = load("check.yml")["jobs"]["gate"]
    install = next(s["run"] for s in gate_job["steps"] if "./trusted" in s.get("run", ""))
    assert "(-c trusted/requirements/constraints.txt)" in install and '"${lock[@]}" ./trusted' in install
    assert "-c $(LOCK)" in (REPO / "Makefile").read_text(encoding="utf-8")
