"""The file policy (issue 12): no links, devices or FIFOs in the tree; reads capped on the read itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govreg.filepolicy import NotRegular, TooLarge, read_capped, specials
from govreg.loader import read_text
from govreg.site.build import SiteBuildError, build_site, special_files

from conftest import REPO, check_json, codes

ROSTER = "units/education-bureau.yaml"


def _findings(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


def test_symlink_to_a_private_record_is_refused_and_not_read(sample_tree: Path) -> None:
    (sample_tree / "accounts" / "education-bureau" / "roster.yaml").symlink_to(sample_tree / ROSTER)
    code, report = check_json(sample_tree)
    hits = _findings(report, "file-special")
    assert code == 1
    assert [h["path"] for h in hits] == ["accounts/education-bureau/roster.yaml"]
    assert "符号链接" in hits[0]["message"]
    # the link was not followed: no finding about its target's content under the link's path
    assert all(f["path"] != "accounts/education-bureau/roster.yaml" for f in report["findings"] if f["code"] != "file-special")


def test_symlinked_folder_in_docs_and_messages_archive(sample_tree: Path) -> None:
    (sample_tree / "docs").mkdir()
    (sample_tree / "docs" / "messages-archive").symlink_to(sample_tree / "messages", target_is_directory=True)
    (sample_tree / "content" / "passwd.md").symlink_to("/etc/passwd")
    _code, report = check_json(sample_tree)
    paths = sorted(h["path"] for h in _findings(report, "file-special"))
    assert paths == ["content/passwd.md", "docs/messages-archive"]
    out = "".join(f["message"] for f in report["findings"])
    assert "root:" not in out  # the target's first line is never echoed


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_symlink_to_dev_zero_does_not_hang(sample_tree: Path) -> None:
    (sample_tree / "units" / "zero.yaml").symlink_to("/dev/zero")
    (sample_tree / "config" / "calendar.yaml").unlink(missing_ok=True)
    (sample_tree / "config" / "calendar.yaml").symlink_to("/dev/zero")  # read by the working-day calendar
    # in a subprocess with a memory cap: before the fix this read /dev/zero until memory ran out
    script = (
        "import resource,sys;resource.setrlimit(resource.RLIMIT_AS,(2<<30,2<<30));"
        "from govreg.cli import main;sys.exit(main(['check',sys.argv[1],'-f','json']))"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(sample_tree)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert '"file-special"' in proc.stdout and "units/zero.yaml" in proc.stdout and "config/calendar.yaml" in proc.stdout


def test_read_capped_refuses_devices_fifos_links_and_caps_the_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(NotRegular) as caught:
        read_capped(fifo, 100)  # opened non-blocking: no writer, no hang
    assert caught.value.kind == "fifo"
    with pytest.raises(NotRegular) as caught:
        read_capped(Path("/dev/zero"), 100)
    assert caught.value.kind == "device"
    regular = tmp_path / "a.yaml"
    regular.write_bytes(b"x" * 101)
    link = tmp_path / "b.yaml"
    link.symlink_to(regular)
    with pytest.raises(NotRegular):
        read_capped(link, 1000)
    with pytest.raises(TooLarge):
        read_capped(regular, 100)
    assert read_capped(regular, 101) == b"x" * 101
    text, findings = read_text(tmp_path, "pipe.yaml")
    assert text is None and [f.code for f in findings] == ["file-special"]
    assert "命名管道" in findings[0].message


def test_fifo_in_the_tree_is_a_finding(sample_tree: Path) -> None:
    os.mkfifo(sample_tree / "sites" / "pipe.yaml")
    os.mkfifo(sample_tree / "config" / "extra.fifo")
    _code, report = check_json(sample_tree)
    assert sorted(h["path"] for h in _findings(report, "file-special")) == ["config/extra.fifo", "sites/pipe.yaml"]


def test_clean_tree_has_no_special_files(sample_tree: Path) -> None:
    assert specials(sample_tree) == []
    _code, report = check_json(sample_tree)
    assert "file-special" not in codes(report)


def test_site_build_refuses_links_whatever_check_said(sample_tree: Path, tmp_path: Path) -> None:
    (sample_tree / "content" / "roster.md").symlink_to(sample_tree / ROSTER)
    with pytest.raises(SiteBuildError) as caught:
        build_site(sample_tree, tmp_path / "site")
    assert "content/roster.md" in str(caught.value) and "符号链接" in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_site_refusal_covers_docs_dir(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    assert special_files(tmp_path, docs) == []
    (docs / "guide" / "roster.yaml").symlink_to(REPO / ROSTER)
    assert special_files(tmp_path, docs) == ["docs/guide/roster.yaml:符号链接"]


@pytest.mark.slow
def test_mkdocs_hook_refuses_a_linked_page(sample_tree: Path, tmp_path: Path) -> None:
    """``mkdocs build`` through the hook alone (not govreg site): the link in docs/ stops the build."""
    docs = sample_tree / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (docs / "roster.yaml").symlink_to(sample_tree / ROSTER)
    config = sample_tree / "mkdocs.yml"
    config.write_text(
        "site_name: t\ndocs_dir: docs\nstrict: true\ntheme:\n  name: material\n  language: zh\n"
        f"hooks:\n  - {REPO / 'tools/govreg/site/mkdocs_hook.py'}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode != 0
    assert "roster.yaml" in proc.stderr and "符号链接" in proc.stderr
    assert not (tmp_path / "out" / "roster.yaml").exists()
