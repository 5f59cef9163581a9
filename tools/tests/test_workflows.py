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
NAMES = ("check.yml", "gate.yml", "publish.yml", "inspect.yml", "toolkit.yml")
EXACT = re.compile(r"^actions/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?@v\d+\.\d+\.\d+$")  # GitHub's own actions: exact versions (zizmor.yml)
HASH_PINNED = re.compile(r"^(?!actions/)[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+@[0-9a-f]{40}$")
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
    """GitHub's own actions by exact version tag; any other action by the full commit hash (zizmor's policy here)."""
    for path in [*WORKFLOWS.glob("*.yml"), *TEMPLATES.glob("*.yml")]:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, step in steps(workflow):
            uses = step.get("uses")
            assert uses is None or EXACT.match(uses) or HASH_PINNED.match(uses), f"{path.name} {job_id}: {uses}"


def test_the_pinning_policy_refuses_a_third_party_action_by_tag() -> None:
    assert not EXACT.match("peter-evans/create-pull-request@v7.0.5")
    assert not HASH_PINNED.match("peter-evans/create-pull-request@v7.0.5")
    assert HASH_PINNED.match("peter-evans/create-pull-request@5e914681df9dc83aa4e4905692ca88beb2f9e91f")


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
    assert set(triggers(wf)) == {"pull_request"}
    runs = [s.get("run", "") for _, s in steps(wf)]
    # one step checks (annotations on the files) and builds the site from the same loaded repository
    assert any("govreg site . --check" in r and "--format github" in r for r in runs)
    # the PR's own workflow copy runs here: it must not define the sign-off gate
    assert not any("govreg gate" in r for r in runs)
    assert all("gate" not in job_id for job_id in wf["jobs"])


# ---------------------------------------------------------------- the trusted gate (issue 11, hole 7)

PR_HEAD = "${{ github.event.pull_request.head.sha }}"
BASE = "${{ github.event.pull_request.base.sha }}"
ALLOWED_RUN = (
    # the base branch's govreg, with the base branch's locked dependency versions
    re.compile(r"^python -m pip install --disable-pip-version-check --quiet -c trusted/requirements/constraints\.txt \./trusted$"),
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


# What loads and checks the whole repository: govreg check, govreg site --check, and the make targets that run them.
CHECKING = re.compile(r"\bgovreg check\b|\bgovreg site\b[^\n]*--check\b|\bmake (?:site|check)\b")
LOADING = re.compile(r"\bmkdocs (?:build|serve)\b")  # the govreg plugin loads the repository once more


def checks_in(run: str) -> int:
    return len(CHECKING.findall(run)) + len(LOADING.findall(run))


def make_recipe(makefile: str, target: str) -> str:
    match = re.search(rf"^{target}:[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.MULTILINE)
    assert match, target
    return match.group(1)


@pytest.mark.parametrize(
    ("folder", "makefile"),
    [(WORKFLOWS, REPO / "Makefile"), (TEMPLATES, TEMPLATES.parents[1] / "Makefile")],
    ids=["repository", "init-templates"],
)
def test_ci_checks_once_per_run_and_the_site_reuses_it(folder: Path, makefile: Path) -> None:
    """Issue 19 (5): every CI job that checks does it once, in the step that builds the site from the same load."""
    text = makefile.read_text(encoding="utf-8")
    site = make_recipe(text, "site")
    assert checks_in(site) == 1 and "govreg site" in site and "--check" in site, site
    assert not re.search(r"^site:.*\b(?:test|check)\b", text, re.MULTILINE)  # no prerequisite that checks first
    for path in sorted(folder.glob("*.yml")):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, job in workflow["jobs"].items():
            runs = [str(step.get("run", "")) for step in job.get("steps", [])]
            total = sum(checks_in(r) for r in runs)
            assert total <= 1, f"{path.name}:{job_id} checks {total} times: {runs}"
            if any("make site" in r or "govreg site" in r for r in runs):
                assert total == 1, f"{path.name}:{job_id} builds the site without the one check"


def test_the_check_once_policy_catches_a_second_check(tmp_path: Path) -> None:
    assert checks_in(".venv/bin/govreg check . --format github") == 1
    assert checks_in("make site") == 1
    assert checks_in(".venv/bin/govreg site . --check --format github") == 1
    assert checks_in("govreg site --emit out") == 0
    assert checks_in("NO_MKDOCS_2_WARNING=1 mkdocs build --strict") == 1
    before = "site: setup\n\t$(BIN)/govreg check .\n\tNO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site\n"
    assert checks_in(make_recipe(before, "site")) == 2  # what make site did before issue 19


def test_check_cache_flows_from_main_to_pull_requests_only() -> None:
    """Issue 19: a PR restores main's check cache read-only and checks per-file rules on its own files (--base);
    the published site is checked and built from scratch, and only that job saves the cache."""
    uses = {name: [str(s.get("uses", "")) for _, s in steps(load(name))] for name in NAMES}
    for name, used in uses.items():
        assert not any(u.startswith("actions/cache@") and name in ("check.yml", "publish.yml", "gate.yml") for u in used), name
        if name != "publish.yml":
            assert not any(u.startswith("actions/cache/save@") for u in used), f"{name} must not write the check cache"
    assert any(u.startswith("actions/cache/restore@") for u in uses["check.yml"])
    assert not any(u.startswith("actions/cache") for u in uses["gate.yml"])  # the sign-off gate never reads a cache
    assert not any(u.startswith("actions/cache/restore@") for u in uses["publish.yml"])
    assert any(u.startswith("actions/cache/save@") for u in uses["publish.yml"])
    runs = " ".join(s.get("run", "") for _, s in steps(load("check.yml")))
    assert "govreg site . --check" in runs and '--base "$BASE_SHA"' in runs


def test_make_targets_used_by_workflows_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.MULTILINE))
    used = {m for name in NAMES for _, s in steps(load(name)) for m in re.findall(r"\bmake (\w[\w-]*)", s.get("run", ""))}
    assert used and used <= targets, used - targets


def test_monthly_archive_opens_a_pull_request() -> None:
    wf = load("inspect.yml")
    job = wf["jobs"]["archive"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}  # only this job may write
    assert "permissions" not in wf["jobs"]["inspect"]
    runs = " ".join(s.get("run", "") for s in job["steps"])
    assert "govreg inspect --month" in runs and "--archive" in runs and "--notices ." in runs
    opener = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("peter-evans/create-pull-request@"))
    assert "reports/inspection/" in opener["with"]["add-paths"] and "rectifications/" in opener["with"]["add-paths"]
def test_toolkit_workflow_tests_pull_requests_that_touch_the_tools_or_the_lock() -> None:
    wf = load("toolkit.yml")
    paths = triggers(wf)["pull_request"]["paths"]
    assert {"tools/**", "pyproject.toml", "requirements/**"} <= set(paths)
    assert any(s.get("run", "").startswith("make test") for _, s in steps(wf))


def test_dependabot_keeps_actions_and_the_locked_dependencies_fresh() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


def test_the_gate_installs_the_trusted_tool_with_the_locked_versions() -> None:
    gate_job = load("gate.yml")["jobs"]["gate"]
    install = next(s["run"] for s in gate_job["steps"] if "./trusted" in s.get("run", ""))
    assert "-c trusted/requirements/constraints.txt ./trusted" in install
    assert "-c $(LOCK)" in (REPO / "Makefile").read_text(encoding="utf-8")


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
