"""The Actions workflows: valid against the vendored GitHub workflow schema, pinned, least privilege, no injection."""

from __future__ import annotations

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
NAMES = ("check.yml", "publish.yml", "inspect.yml")
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@(?:v\d+\.\d+\.\d+|[0-9a-f]{40})$")
UNTRUSTED = ("${{ github.event.", "${{ github.head_ref", "${{ inputs.")


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


def problems(workflow: dict[Any, Any]) -> list[str]:
    """What the tests forbid: unpinned actions, missing permissions, untrusted expressions inside run: scripts."""
    found: list[str] = []
    perms = workflow.get("permissions")
    if not isinstance(perms, dict):
        found.append("no top-level permissions mapping")
    elif any(v != "read" for v in perms.values()):
        found.append(f"top-level permissions grant more than read: {perms}")
    for job_id, step in steps(workflow):
        uses = step.get("uses")
        if uses is not None and not PINNED.match(uses):
            found.append(f"{job_id}: action not pinned to an exact version: {uses}")
        script = step.get("run") or ""
        for marker in UNTRUSTED:
            if marker in script:
                found.append(f"{job_id}: {marker} interpolated into run: {script[:60]!r}")
    return found


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


@pytest.mark.parametrize("name", NAMES)
def test_pinned_least_privilege_no_injection(name: str) -> None:
    assert problems(load(name)) == []


@pytest.mark.parametrize("name", NAMES)
def test_checkouts_do_not_keep_the_token(name: str) -> None:
    checkouts = [s for _, s in steps(load(name)) if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    assert all(s.get("with", {}).get("persist-credentials") is False for s in checkouts)


def test_the_scanner_finds_what_it_forbids() -> None:
    bad = yaml.safe_load(
        """
on: pull_request
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@main
      - run: echo "${{ github.event.pull_request.title }}"
      - run: git checkout ${{ github.head_ref }}
"""
    )
    found = problems(bad)
    assert len(found) == 5, found


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


def test_inspect_workflow_runs_the_monitor_and_keeps_snapshots_on_a_branch() -> None:
    wf = load("inspect.yml")
    monitor, inspect = wf["jobs"]["monitor"], wf["jobs"]["inspect"]
    assert monitor["permissions"] == {"contents": "write"} and "permissions" not in inspect
    assert inspect["needs"] == "monitor" and inspect["if"] == "always()"
    runs = [s.get("run", "") for s in monitor["steps"]]
    assert any(".venv/bin/govreg monitor" in r for r in runs)
    push = next(r for r in runs if "git push" in r)
    assert "HEAD:refs/heads/monitor-data" in push and "${GITHUB_TOKEN}" in push
    assert any("monitor-data" in s.get("run", "") for s in inspect["steps"])  # inspect reads the snapshots
    cache = next(s for s in monitor["steps"] if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/govreg/monitor"
