"""govreg as a toolkit any city can adopt: the built wheel carries everything, ``govreg init`` starts a
registry that checks and builds at once, and the city is configuration, not code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TODAY, check_json, copy_sample, edit, run_cli

SECOND_CITY = "固原市"


def _build_wheel(out: Path) -> Path:
    """The wheel built from a copy of the package sources (never in-tree: no stale build/ folder)."""
    src = out / "src"
    src.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "tools" / "govreg", src / "tools" / "govreg", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--disable-pip-version-check", "-w", str(out / "dist"), str(src)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (out / "dist").glob("govreg-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_typing_marker_theme_overrides_templates_and_the_mkdocs_plugin(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    for needed in (
        "govreg/py.typed",
        "govreg/site/overrides/main.html",
        "govreg/site/overrides/assets/govreg.css",
        "govreg/site/mkdocs.default.yml",
        "govreg/templates/registry/config/govreg.yaml",
        "govreg/templates/registry/config/platforms.yaml",
        "govreg/templates/registry/github/workflows/check.yml",
        "govreg/data/proofreading.yaml",
    ):
        assert needed in names, needed
    assert "[mkdocs.plugins]" in entry_points and "govreg = govreg.site.plugin:GovregPlugin" in entry_points


def test_the_sdist_carries_the_same_package_data(tmp_path: Path) -> None:
    import tarfile

    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "tools" / "govreg", src / "tools" / "govreg", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    script = "import sys, setuptools.build_meta as b; print(b.build_sdist(sys.argv[1]))"
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "dist")], cwd=src, capture_output=True, text=True, check=True)
    with tarfile.open(tmp_path / "dist" / done.stdout.strip().splitlines()[-1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("tools/govreg/py.typed", "tools/govreg/site/overrides/main.html", "tools/govreg/site/mkdocs.default.yml",
                   "tools/govreg/templates/registry/config/govreg.yaml", "tools/govreg/templates/registry/gitignore"):  # fmt: skip
        assert needed in names, needed


def test_the_platform_list_shipped_for_new_registries_is_this_registrys(tmp_path: Path) -> None:
    from govreg.authoring.scaffold import TEMPLATES

    assert (TEMPLATES / "config" / "platforms.yaml").read_text(encoding="utf-8") == (REPO / "config" / "platforms.yaml").read_text(encoding="utf-8")


def _fresh_venv(where: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed; its dependencies come from this environment's
    site-packages through a .pth file (no network), but govreg itself only from the wheel."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True)
    Path(purelib.stdout.strip(), "dev-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return where / "bin"


@pytest.mark.slow
def test_a_second_city_starts_from_govreg_init_with_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    bin_dir = _fresh_venv(tmp_path / "venv", wheel)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(GOVREG_TODAY=TODAY, PATH=f"{bin_dir}:{env.get('PATH', '')}")
    work = tmp_path / "work"  # outside this repository: nothing of it can be found by walking up
    work.mkdir()

    def govreg(*argv: str, cwd: Path = work) -> str:
        done = subprocess.run([str(bin_dir / "govreg"), *argv], cwd=cwd, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done.stdout

    where = subprocess.run([str(bin_dir / "python"), "-c", "import govreg; print(govreg.__file__)"], cwd=work, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(tmp_path / "venv")), where.stdout  # the wheel, not this source tree

    govreg("init", "guyuan", "--city", SECOND_CITY, "--region", "640400", "--measures-date", "2024-06-01", "--site-url", "https://www.nxgy.gov.cn/govreg/")
    root = work / "guyuan"
    govreg("check", ".", cwd=root)  # empty, and already valid
    govreg(
        "new", "unit", "--id", "gov-office", "--name", "固原市人民政府办公室", "--kind", "government-office",
        "--person", "name=王晓东,roles=handler,login=wangxd", "--person", "name=李明,roles=section-head+supervisor,login=liming",
        "--person", "name=张华,roles=leader,login=zhanghua", "--non-interactive", "--yes", cwd=root,
    )  # fmt: skip
    govreg(
        "new", "account", "--unit", "gov-office", "--platform", "wechat", "--name", "固原发布", "--handle", "guyuanfabu",
        "--date", "2026-11-20", "--filed", "2026-11-23", "--non-interactive", "--yes", cwd=root,
    )  # fmt: skip
    assert '"640400"' in (root / "units" / "gov-office.yaml").read_text(encoding="utf-8")  # the city's region is the default
    report = json.loads(govreg("check", ".", "--format", "json", cwd=root))
    assert report["valid"] and report["stats"]["accounts"] == 1 and report["stats"]["units"] == 1
    assert SECOND_CITY in govreg("--help", cwd=root)
    govreg("site", ".", cwd=root)
    site = root / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{SECOND_CITY}政府网站和政务新媒体登记库 - {SECOND_CITY}政府网站和政务新媒体登记库</title>" in home
    assert "固原发布" in (site / "accounts" / "index.html").read_text(encoding="utf-8")
    assert "govreg-check" in (site / "assets" / "govreg.css").read_text(encoding="utf-8")  # stylesheet from the package
    registry = json.loads((site / "data" / "registry.json").read_text(encoding="utf-8"))
    assert [a["name"] for a in registry["accounts"]] == ["固原发布"]
    schema = json.loads((site / "schemas" / "registry.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"].startswith("https://www.nxgy.gov.cn/govreg/") and schema["title"].startswith(SECOND_CITY)
    seen = [p for p in root.rglob("*") if p.is_file() and p.suffix in {".html", ".md", ".yml", ".yaml", ".json", ".csv"}]
    assert not [str(p) for p in seen if "吴忠" in p.read_text(encoding="utf-8")]
    for workflow in (root / ".github" / "workflows").glob("*.yml"):
        assert yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("x", encoding="utf-8")
    code, _, err = run_cli("init", str(tmp_path / "taken"), "--city", SECOND_CITY)
    assert code == 2 and "不是空目录" in err
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


def test_init_rejects_a_bad_region_code_in_chinese(tmp_path: Path) -> None:
    code, _, err = run_cli("init", str(tmp_path / "new"), "--city", SECOND_CITY, "--region", "6404")
    assert code == 2 and "参数有误" in err and "region" in err
    assert not (tmp_path / "new").exists()


def _init_with_late_filing(root: Path) -> None:
    for argv in (
        ("init", str(root), "--city", SECOND_CITY, "--region", "640400"),
        ("new", "unit", "--root", str(root), "--id", "gov-office", "--name", "固原市人民政府办公室", "--kind", "government-office",
         "--person", "name=王晓东,roles=handler", "--person", "name=李明,roles=section-head+supervisor", "--person", "name=张华,roles=leader",
         "--non-interactive", "--yes", "--no-check"),
        ("new", "account", "--root", str(root), "--unit", "gov-office", "--platform", "wechat", "--name", "固原发布", "--handle", "guyuanfabu",
         "--date", "2026-11-02", "--filed", "2026-11-20", "--non-interactive", "--yes", "--no-check"),
    ):  # fmt: skip
        code, _, err = run_cli(*argv)
        assert code == 0, (argv, err)


def test_another_citys_article_numbers_are_configuration(tmp_path: Path) -> None:
    root = tmp_path / "city"
    _init_with_late_filing(root)
    _, report = check_json(root)
    late = [f for f in report["findings"] if f["code"] == "filing-late"]
    assert late and {f["article"] for f in late} == {"第八条"}  # Wuzhong's numbering is the default
    edit(root / "config" / "govreg.yaml", "  # articles:\n  #   filing-late: 第九条", "  articles:\n    filing-late: 第九条")
    _, report = check_json(root)
    assert {f["article"] for f in report["findings"] if f["code"] == "filing-late"} == {"第九条"}

    from govreg.repository import load_repository
    from govreg.site import render_pages

    pages = render_pages(load_repository(root), __import__("datetime").date(2026, 11, 26))
    row = next(line for line in pages["rules/index.md"].splitlines() if "`filing-late`" in line)
    assert "第九条" in row and "第八条" not in row
    assert f"《{SECOND_CITY}政府网站和政务新媒体管理办法》" in pages["rules/index.md"]


def test_bad_city_configuration_is_a_finding_with_line_and_column(tmp_path: Path) -> None:
    root = tmp_path / "city"
    code, _, err = run_cli("init", str(root), "--city", SECOND_CITY)
    assert code == 0, err
    config = root / "config" / "govreg.yaml"
    edit(config, '  office_short: "政务公开办"\n', '  office_short: "政务公开办"\n  mayor: 张三\n')
    code, report = check_json(root)
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["path"] == "config/govreg.yaml"]
    line = config.read_text(encoding="utf-8").splitlines().index("  mayor: 张三") + 1
    assert finding["line"] == line and finding["column"] == 3 and "mayor" in finding["message"]


# ---------------------------------------------------------------- one configuration model


def test_a_misspelt_section_of_govreg_yaml_is_a_finding_with_line_and_column(sample_tree: Path) -> None:
    config = sample_tree / "config" / "govreg.yaml"
    edit(config, "\nsite:\n", "\nsevrity:\n  content-typography: info\nsite:\n")
    code, report = check_json(sample_tree)
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["path"] == "config/govreg.yaml"]
    line = config.read_text(encoding="utf-8").splitlines().index("sevrity:") + 1
    assert (finding["code"], finding["line"], finding["column"]) == ("config-invalid", line, 1)
    assert "sevrity" in finding["message"] and "severity" in finding["message"]


def test_the_configuration_schema_is_generated_from_the_one_model_and_fits_the_shipped_configurations(tmp_path: Path) -> None:
    import jsonschema

    from govreg.engine import config_schema, rule_modules

    schema = json.loads((REPO / "schemas" / "govreg-config.schema.json").read_text(encoding="utf-8"))
    generated = config_schema()
    assert {k: v for k, v in schema.items() if k != "$id"} == generated  # govreg schemas --check keeps it current
    sections = {name for module in rule_modules() for name in getattr(module, "SETTINGS", {})}
    assert sections and sections | {"city", "site", "severity", "supervising_office"} <= set(schema["properties"])
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(yaml.safe_load((REPO / "config" / "govreg.yaml").read_text(encoding="utf-8")))) == []
    run_cli("init", str(tmp_path / "city"), "--city", SECOND_CITY, "--region", "640400", "--measures-date", "2024-06-01")
    fresh = yaml.safe_load((tmp_path / "city" / "config" / "govreg.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(fresh)) == []
    assert not validator.is_valid({**fresh, "sevrity": {}})
    assert not validator.is_valid({**fresh, "city": {**fresh["city"], "region": "6404"}})


# ---------------------------------------------------------------- govreg site --emit


def test_emit_writes_every_page_as_markdown_merged_with_the_hand_written_pages(tmp_path: Path) -> None:
    from govreg.repository import load_repository
    from govreg.site import render_pages

    root = copy_sample(tmp_path / "repo")
    shutil.copytree(REPO / "docs", root / "docs")
    out = tmp_path / "pages"
    code, stdout, err = run_cli("site", str(root), "--emit", str(out))
    assert code == 0, err
    pages = render_pages(load_repository(root), __import__("datetime").date.fromisoformat(TODAY))
    for path, text in pages.items():
        if path == "index.md":
            continue
        assert (out / path).read_bytes() == text.encode("utf-8"), path
    home = (out / "index.md").read_text(encoding="utf-8")
    assert home.startswith("# 吴忠市政府网站和政务新媒体登记库") and "<!-- govreg:generated -->" not in home
    assert "各平台账号数" in home  # the generated part, inserted at the marker of docs/index.md
    assert (out / "guide" / "register-account.md").is_file() and not (out / "dev").exists()
    assert f"已导出 {sum(1 for p in out.rglob('*') if p.is_file()) - 1} 个文件" in stdout

    code, _, err = run_cli("site", str(root), "--emit", str(out))  # an earlier emit is replaced
    assert code == 0, err
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("x", encoding="utf-8")
    code, _, err = run_cli("site", str(root), "--emit", str(foreign))
    assert code == 1 and "请指定一个新目录" in err
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]


def test_emit_refuses_a_hand_written_page_that_hides_a_generated_one(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "repo")
    (root / "docs" / "accounts").mkdir(parents=True)
    (root / "docs" / "accounts" / "index.md").write_text("# 账号\n", encoding="utf-8")
    code, _, err = run_cli("site", str(root), "--emit", str(tmp_path / "pages"))
    assert code == 1 and "docs/accounts/index.md 与生成的页面同名" in err
    assert not (tmp_path / "pages").exists()  # nothing half-written


def test_a_bad_site_section_is_reported_by_check_not_only_by_the_build(sample_tree: Path) -> None:
    config = sample_tree / "config" / "govreg.yaml"
    edit(config, "  sample_data: true\n", "  sample_data: 是的\n")
    code, report = check_json(sample_tree)
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["path"] == "config/govreg.yaml"]
    line = config.read_text(encoding="utf-8").splitlines().index("  sample_data: 是的") + 1
    assert (finding["code"], finding["line"], finding["column"]) == ("schema", line, 3)
    assert "site.sample_data" in finding["message"]
