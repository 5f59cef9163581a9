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
NAMES = ("check.yml", "gate.yml", "publish.yml", "inspect.yml")
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
    assert set(triggers(wf)) == {"pull_request"}
    runs = [s.get("run", "") for _, s in steps(wf)]
    assert any("govreg check" in r and "--format github" in r for r in runs)
    assert any(r.startswith("make site") for r in runs)
    # the PR's own workflow copy runs here: it must not define the sign-off gate
    assert not any("govreg gate" in r for r in runs)
    assert all("gate" not in job_id for job_id in wf["jobs"])


# ---------------------------------------------------------------- the trusted gate (issue 11, hole 7)

PR_HEAD = "${{ github.event.pull_request.head.sha }}"
BASE = "${{ github.event.pull_request.base.sha }}"
ALLOWED_RUN = (
    re.compile(r"^python -m pip install --disable-pip-version-check --quiet \./trusted$"),  # the base branch's govreg
    re.compile(r"^govreg gate \. --format github --save-reviews \"\$RUNNER_TEMP/reviews/\$GOVREG_PR_NUMBER\.json\"$"),
)
TRUSTED_ACTIONS = ("actions/checkout@", "actions/setup-python@")


def untrusted_execution(workflow: dict[Any, Any]) -> list[str]:
    """Every way a step of the gate workflow could run something the PR controls."""
    found: list[str] = []
    on = set(triggers(workflow))
    if on != {"pull_request_target"}:
        found.append(f"triggers {sorted(on)}: only pull_request_target runs the base branch's workflow")
    for scope in [workflow.get("permissions", {}), *(job.get("permissions", {}) for job in workflow["jobs"].values())]:
        if any(v != "read" for v in scope.values()):
            found.append(f"permissions beyond read: {scope}")
    for job_id, step in steps(workflow):
        uses, run, with_ = str(step.get("uses", "")), str(step.get("run", "")).strip(), step.get("with", {}) or {}
        if uses and not uses.startswith(TRUSTED_ACTIONS):
            found.append(f"{job_id}: action {uses!r} (a local ./ action would come from the PR)")
        if uses.startswith("actions/checkout@"):
            ref, path = with_.get("ref"), with_.get("path")
            if ref not in (BASE, PR_HEAD):
                found.append(f"{job_id}: checkout of {ref!r}")
            if ref == PR_HEAD and path in (None, "", ".", "trusted"):
                found.append(f"{job_id}: the PR is checked out where trusted code lives ({path!r})")
            if with_.get("persist-credentials") is not False:
                found.append(f"{job_id}: checkout keeps the token")
        if uses.startswith("actions/setup-python@") and with_.get("cache"):
            found.append(f"{job_id}: setup-python cache keyed on PR files")
        for line in filter(None, (x.strip() for x in run.splitlines())):
            if not any(p.match(line) for p in ALLOWED_RUN):
                found.append(f"{job_id}: run {line!r} is not one of the trusted commands")
        if step.get("working-directory") == "pr" and run and not run.startswith("govreg "):
            found.append(f"{job_id}: runs {run!r} inside the PR's files")
    return found


def test_gate_runs_only_base_code() -> None:
    wf = load("gate.yml")
    assert untrusted_execution(wf) == []
    gate_job = wf["jobs"]["gate"]
    assert gate_job["permissions"] == {"contents": "read", "pull-requests": "read"}
    gate_step = next(s for s in gate_job["steps"] if "govreg gate" in s.get("run", ""))
    env = gate_step["env"]
    assert env["GITHUB_TOKEN"] == "${{ github.token }}"
    assert env["GOVREG_PR_AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert {"GOVREG_PR_NUMBER", "GOVREG_PR_BASE", "GOVREG_PR_HEAD"} <= set(env)
    trusted = next(s for s in gate_job["steps"] if s.get("with", {}).get("path") == "trusted")
    assert trusted["with"]["ref"] == BASE
    pr_checkout = next(s for s in gate_job["steps"] if s.get("with", {}).get("path") == "pr")
    assert pr_checkout["with"]["fetch-depth"] == 0


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (lambda wf: wf.__setitem__("on", {"pull_request": None}), "triggers"),
        (lambda wf: wf["jobs"]["gate"]["steps"].append({"run": "make setup", "working-directory": "pr"}), "not one of the trusted commands"),
        (lambda wf: wf["jobs"]["gate"]["steps"].append({"run": "python -m pip install ./pr"}), "not one of the trusted commands"),
        (lambda wf: wf["jobs"]["gate"]["steps"].append({"uses": "./pr/.github/actions/gate"}), "a local ./ action"),
        (lambda wf: wf["jobs"]["gate"]["steps"][0]["with"].__setitem__("ref", PR_HEAD), "where trusted code lives"),
        (lambda wf: wf["jobs"]["gate"]["permissions"].__setitem__("contents", "write"), "permissions beyond read"),
    ],
)
def test_the_gate_scanner_catches_pr_code(mutation: Any, expected: str) -> None:
    wf = load("gate.yml")
    wf["on"] = triggers(wf)
    wf.pop(True, None)
    mutation(wf)
    assert any(expected in problem for problem in untrusted_execution(wf)), untrusted_execution(wf)


def test_publish_workflow() -> None:
    wf = load("publish.yml")
    assert triggers(wf)["push"] == {"branches": ["main"]}
    # scheduled items are released within 15 minutes of their published_at
    assert [c["cron"] for c in triggers(wf)["schedule"]] == ["*/15 * * * *"]
    ledger_job = wf["jobs"]["ledger"]
    assert ledger_job["if"] == "github.event_name == 'push'"
    script = next(s["run"] for s in ledger_job["steps"] if "govreg ledger record" in s.get("run", ""))
    assert "--merged-at" in script and "--save-reviews" in script and "git push" in script
    runs = [s.get("run", "") for s in wf["jobs"]["build"]["steps"]]
    assert any("govreg audit --verify" in r for r in runs)
    uses = [s.get("uses", "").split("@")[0] for _, s in steps(wf)]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in wf["jobs"]["build"]  # the build job stays read-only
    assert ledger_job["permissions"] == {"contents": "write", "pull-requests": "read"}  # only to push the ledger commit
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
