"""Department experience (issue 18): messages that say what happened, dates that say 调休, events that can be filled later."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from govreg.authoring.lifecycle import plan
from govreg.loader import parse_yaml
from govreg.models import EventType
from govreg.rules._shared import FilingSettings
from govreg.workdays import WorkCalendar

from conftest import edit, run_cli

WECHAT = "accounts/education-bureau/education-bureau-wechat.yaml"


def events(root: Path, rel: str) -> list[dict[str, Any]]:
    data, findings = parse_yaml((root / rel).read_text(encoding="utf-8"), rel)
    assert findings == []
    return list(data["lifecycle"])


def test_a_deadline_on_a_make_up_saturday_says_so() -> None:
    p = plan(WorkCalendar(), FilingSettings(), EventType.close, dt.date(2026, 9, 30))  # due Sat 10/10, a worked Saturday
    text = "\n".join(p.lines())
    assert "2026-10-10（星期六，调休上班日）" in text
    ordinary = "\n".join(plan(WorkCalendar(), FilingSettings(), EventType.close, dt.date(2026, 11, 24)).lines())
    assert "调休" not in ordinary and "2026-11-24（星期二）" in ordinary


def test_dry_run_does_not_say_it_wrote(sample_tree: Path) -> None:
    before = (sample_tree / WECHAT).read_text(encoding="utf-8")
    code, out, err = run_cli(
        "change",
        "account",
        "education-bureau-wechat",
        "--root",
        str(sample_tree),
        "--name",
        "吴忠教育发布",
        "--date",
        "2026-11-20",
        "--dry-run",
    )
    assert code == 0, err
    assert (sample_tree / WECHAT).read_text(encoding="utf-8") == before
    assert "已在" not in out and "将在" in out and "没有写入" in out
    code, out, err = run_cli("close", "account", "education-bureau-wechat", "--root", str(sample_tree), "--date", "2026-11-20", "--dry-run")
    assert code == 0, err
    assert "已在" not in out and "状态将改为 closed" in out


def test_an_earlier_unfiled_event_can_be_filled_after_a_rename(sample_tree: Path) -> None:
    edit(sample_tree / WECHAT, "    filed: 2019-04-03\n", "")
    code, out, err = run_cli(
        "change",
        "account",
        "education-bureau-wechat",
        "--root",
        str(sample_tree),
        "--name",
        "吴忠教育发布",
        "--date",
        "2026-11-20",
        "--no-check",
    )
    assert code == 0, err
    assert "开设事件（2019-04-02）还没有登记备案日期" in out and "--update-event 开设" in out
    code, out, err = run_cli(
        "change",
        "account",
        "education-bureau-wechat",
        "--root",
        str(sample_tree),
        "--update-event",
        "开设",
        "--filed",
        "2019-04-03",
        "--no-check",
    )
    assert code == 0, err
    opened, changed = events(sample_tree, WECHAT)
    assert str(opened["filed"]) == "2019-04-03" and "filed" not in changed
    assert "补填开设事件（2019-04-02）" in out
    code, _, err = run_cli(
        "change", "account", "education-bureau-wechat", "--root", str(sample_tree), "--update-event", "2019-04-02", "--note", "补记"
    )
    assert code in (0, 1), err
    assert events(sample_tree, WECHAT)[0]["note"] == "补记"
    code, _, err = run_cli(
        "change", "account", "education-bureau-wechat", "--root", str(sample_tree), "--update-event", "注销", "--filed", "2026-11-20"
    )
    assert code == 2 and "没有「注销」事件" in err and "开设（2019-04-02）" in err


# ---------------------------------------------------------------- prompts that accept what they show


def test_flags_accept_chinese_names_and_unique_prefixes(sample_tree: Path) -> None:
    code, _out, err = run_cli(
        "new", "account", "--root", str(sample_tree), "--non-interactive", "--unit", "吴忠市农业农村局", "--platform", "微信视频号",
        "--name", "吴忠农业农村", "--handle", "sph2026", "--filed", "2026-11-26",
    )  # fmt: skip
    assert code == 0, err
    assert (sample_tree / "accounts/agriculture-rural-bureau/agriculture-rural-bureau-channels.yaml").is_file()
    code, _out, err = run_cli(
        "new", "account", "--root", str(sample_tree), "--non-interactive", "--unit", "农业农村局", "--platform", "bili",
        "--name", "吴忠农业农村", "--handle", "123456", "--filed", "2026-11-26",
    )  # fmt: skip
    assert code == 0, err  # a unique part of the name, a unique prefix of the id
    assert (sample_tree / "accounts/agriculture-rural-bureau/agriculture-rural-bureau-bilibili.yaml").is_file()
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), "--non-interactive", "--unit", "吴忠市", "--platform", "微信")
    assert code == 2 and "--unit 吴忠市" in err  # ambiguous: not guessed


def test_the_unit_prompt_accepts_the_name_it_lists(sample_tree: Path) -> None:
    from govreg.authoring.new_account import questions
    from govreg.authoring.prompts import Prompter
    from govreg.repository import load_repository

    said: list[str] = []
    typed = iter(["吴忠市农业农村局", "微信视频号"])
    prompter = Prompter(read=lambda prompt: next(typed), write=said.append)
    asked = questions(load_repository(sample_tree))
    answers: dict[str, str | None] = {}
    answers["unit"] = prompter.ask(asked[0], answers)
    answers["platform"] = prompter.ask(asked[1], answers)
    assert answers == {"unit": "agriculture-rural-bureau", "platform": "channels"}
    text = "".join(said)
    assert "没有 id 为" not in text and "agriculture-rural-bureau  吴忠市农业农村局" in text  # choices listed with their names


def test_a_required_approval_says_why(sample_tree: Path) -> None:
    base = ("--unit", "education-bureau", "--platform", "wechat", "--name", "吴忠招考", "--handle", "wzzk2026", "--filed", "2026-11-26")
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), "--non-interactive", *base)
    assert code == 2 and "--approval-number" in err
    assert "第七条" in err and "「吴忠教育」" in err and "已有在用账号" in err
    code, _, err = run_cli(
        "new", "account", "--root", str(sample_tree), "--non-interactive", *base[:4], "--purpose", "special-topic", *base[4:]
    )
    assert code == 2 and "专项账号" in err and "第六条" in err


# ---------------------------------------------------------------- messages about the right file


def test_a_duplicate_handle_is_reported_on_the_file_that_introduced_it(sample_tree: Path) -> None:
    code, out, err = run_cli(
        "new", "account", "--root", str(sample_tree), "--non-interactive", "--unit", "education-bureau", "--platform", "weibo",
        "--name", "吴忠教育", "--handle", "6412345002", "--filed", "2026-11-26",
    )  # fmt: skip
    assert code == 1, out + err
    assert "检查通过" not in out and "无关" not in out
    assert "新浪微博账号 ID「6412345002」已被 accounts/public-security-bureau/public-security-bureau-weibo.yaml 使用" in out
    assert "weibo 账号" not in out
    from conftest import check_json

    _, report = check_json(sample_tree)
    dup = [f for f in report["findings"] if f["code"] == "account-duplicate-handle"]
    assert [f["path"] for f in dup] == ["accounts/education-bureau/education-bureau-weibo.yaml"]  # the newer one, not the police's
