"""``govreg codeowners``: CODEOWNERS generated from the rosters; the committed file must be fresh."""

from __future__ import annotations

import re
from pathlib import Path

from gate_fixture import ACCOUNT, CONFIG, EDU, HEALTH, OFFICE, content

from govreg.codeowners import render
from govreg.repository import load_repository

from conftest import REPO, edit, run_cli


def github_owners(text: str, path: str) -> list[str]:
    """GitHub's rule for our patterns: the last matching line wins."""
    found: list[str] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split("  #")[0].split()
        if pattern == "*" or (pattern.endswith("/") and ("/" + path).startswith(pattern)) or "/" + path == pattern:
            found = owners
    return found


def gitea_owners(text: str, path: str) -> list[str]:
    """Gitea's rule: every matching regular expression adds its owners."""
    found: list[str] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        pattern, *owners = re.split(r"(?<!\\) ", line.split("  #")[0])
        regex = re.sub(r"\\([\\ #])", r"\1", pattern)
        if re.fullmatch(regex, path):
            found += [o for o in owners if o.startswith("@")]
    return found


def small_repo(root: Path) -> Path:
    files = {
        "config/govreg.yaml": CONFIG,
        "units/edu.yaml": EDU,
        "units/health.yaml": HEALTH.replace("    login: hu-head\n", "").replace("    login: he-handler\n", "").replace("    login: huang-leader\n", ""),
        "units/wuzhong-gov-office.yaml": OFFICE,
        "accounts/edu/edu-wechat.yaml": ACCOUNT.format(id="edu-wechat", name="吴忠教育", owner="edu"),
        "accounts/health/health-wechat.yaml": ACCOUNT.format(id="health-wechat", name="健康吴忠", owner="health"),
        "content/edu/notice.md": content("edu", "edu-wechat"),
        "content/edu/2026/plan.md": content("edu", "edu-wechat"),
        "content/mixed/a.md": content("edu", "edu-wechat"),
        "content/mixed/b.md": content("health", "health-wechat"),
        "content/mixed/c d.md": content("health", "health-wechat"),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_committed_codeowners_is_fresh() -> None:
    code, out, err = run_cli("codeowners", str(REPO), "--check")
    assert code == 0, out + err


def test_owners_by_path(tmp_path: Path) -> None:
    text = render(load_repository(small_repo(tmp_path)))
    edu = ["@zhang-handler", "@zhao-handler", "@li-head", "@zhou-head", "@wang-leader", "@sun-both"]
    assert github_owners(text, "units/edu.yaml") == ["@sup-zhou"]
    assert github_owners(text, ".github/workflows/check.yml") == ["@sup-zhou"]
    assert github_owners(text, "README.md") == ["@sup-zhou"]
    assert github_owners(text, "accounts/edu/edu-wechat.yaml") == edu
    assert "@qian-vendor" not in text  # vendor staff never review (第九条)
    assert github_owners(text, "content/edu/2026/plan.md") == edu
    assert github_owners(text, "content/mixed/a.md") == edu
    # a unit without any reviewer login falls back to the supervising office
    assert github_owners(text, "content/mixed/b.md") == ["@sup-zhou"]
    assert github_owners(text, "accounts/health/health-wechat.yaml") == ["@sup-zhou"]
    assert "/content/edu/ " in text and "/content/mixed/ " not in text
    assert "/content/mixed/c\\ d.md @sup-zhou" in text


def test_gitea_flavour(tmp_path: Path) -> None:
    text = render(load_repository(small_repo(tmp_path)), "gitea")
    assert gitea_owners(text, "units/edu.yaml") == ["@sup-zhou"]
    assert gitea_owners(text, "accounts/edu/edu-wechat.yaml")[0] == "@zhang-handler"
    assert gitea_owners(text, "content/mixed/c d.md") == ["@sup-zhou"]
    assert gitea_owners(text, "content/edu/2026/plan.md")[-1] == "@sun-both"
    assert gitea_owners(text, "README.md") == []  # no catch-all: Gitea adds every matching rule's owners


def test_check_fails_when_stale(sample_tree: Path) -> None:
    code, _, _ = run_cli("codeowners", str(sample_tree))
    assert code == 0
    code, _, _ = run_cli("codeowners", str(sample_tree), "--check")
    assert code == 0
    generated = (sample_tree / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    owner = next(line.split()[1] for line in generated.splitlines() if line.startswith("/accounts/"))
    line = re.compile(rf"login: [\"']?{re.escape(owner[1:])}[\"']?\n")
    unit = next(p for p in sorted((sample_tree / "units").glob("*.yaml")) if line.search(p.read_text(encoding="utf-8")))
    found = line.search(unit.read_text(encoding="utf-8"))
    assert found is not None
    edit(unit, found.group(0), "login: renamed-reviewer\n")
    code, out, _ = run_cli("codeowners", str(sample_tree), "--check")
    assert code == 1
    assert "已过期" in out and "@renamed-reviewer" in out
