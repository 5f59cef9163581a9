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
