"""``govreg new rectification|incident|opinion|handover``: flags for scripts, Chinese prompts on a terminal; the result checks clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from ptyterm import Terminal
from test_new import assert_written_and_clean

from conftest import run_cli

CASES = {
    "rectification": (
        ("--unit", "transport-bureau", "--code", "column-stale", "--subject", "吴忠交通（微信公众号）", "--message", "超过 14 天未更新",
         "--issued", "2026-11-23"),
        "rectifications/transport-bureau/2026-11-transport-bureau-column-stale.yaml",
        ("deadline: 2026-12-07  # 下发日期加 10 个工作日",),
    ),
    "incident": (
        ("--unit", "transport-bureau", "--kind", "account-stolen", "--affects", "transport-bureau-wechat",
         "--detected", "2026-11-26 10:00", "--summary", "公众号被盗，冒用发布信息。", "--measures", "冻结账号；修改密码"),
        "incidents/transport-bureau/2026-11-transport-bureau-wechat-account-stolen.yaml",
        ("kind: account-stolen  # 账号被盗", "网信部门 4 小时内"),
    ),
    "opinion": (
        ("--unit", "transport-bureau", "--detected", "2026-11-25 09:00", "--subject", "网民关注公交线路调整", "--channels", "transport-bureau-wechat",
         "--responded", "2026-11-25 15:00", "--id", "2026-11-bus"),
        "opinions/transport-bureau/2026-11-bus.yaml",
        ("24 小时内公开回应",),
    ),
    "handover": (
        ("--unit", "transport-bureau", "--person", "transport-bureau-zhaol", "--left", "2026-11-20", "--by", "transport-bureau-denglp",
         "--successor", "transport-bureau-yuanb"),
        "handovers/transport-bureau/2026-11-transport-bureau-zhaol.yaml",
        ("accounts: [transport-bureau-wechat]", "credentials_rotated: 2026-11-26"),
    ),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_new_non_interactive(sample_tree: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.setenv("GOVREG_NOW", "2026-11-26T11:00:00+08:00")
    flags, rel, expected = CASES[kind]
    code, out, err = run_cli("new", kind, "--root", str(sample_tree), "--non-interactive", *flags)
    assert code == 0, out + err
    text = assert_written_and_clean(sample_tree, rel)
    for line in expected:
        assert line in text, (line, text)


def test_new_incident_that_is_not_reported_in_time_says_so(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_NOW", "2026-11-26T16:00:00+08:00")  # 6 hours after detection
    flags, _, _ = CASES["incident"]
    code, out, _ = run_cli("new", "incident", "--root", str(sample_tree), "--non-interactive", *flags)
    assert code == 1 and out.count("incident-report-missing") == 2  # 网信 and 公安 (4 hours); 政务公开办 has 24


def test_wrong_channel_and_person_are_refused_with_the_flag(sample_tree: Path) -> None:
    flags = list(CASES["handover"][0])
    flags[flags.index("--by") + 1] = "nobody"
    code, _, err = run_cli("new", "handover", "--root", str(sample_tree), "--non-interactive", *flags)
    assert code == 2 and "--by" in err and "不在名册中" in err
    flags = list(CASES["incident"][0])
    flags[flags.index("--affects") + 1] = "no-such-account"
    code, _, err = run_cli("new", "incident", "--root", str(sample_tree), "--non-interactive", *flags)
    assert code == 2 and "--affects" in err


def test_every_prompt_has_its_flag(sample_tree: Path) -> None:
    from govreg.authoring import new_followup
    from govreg.commands.new import FLAGS
    from govreg.repository import load_repository

    repo = load_repository(sample_tree)
    for kind in new_followup.KINDS:
        assert {(f, k) for f, k, _ in FLAGS[kind]} == {(q.flag, q.key) for q in new_followup.questions(repo, kind)}, kind


def test_new_opinion_interactive(sample_tree: Path) -> None:
    term = Terminal(["new", "opinion"], cwd=sample_tree, env={"GOVREG_NOW": "2026-11-26T09:30:00+08:00"})
    for prompt, answer in [
        ("单位（单位 id）", "transport-bureau"),
        ("发现时间", "2026-11-26 08:00"),
        ("舆情概要", "网民反映公交站牌信息有误"),
        ("涉及的网站或账号", "transport-bureau-wechat"),
        ("首次公开回应时间", ""),
        ("回应的网址", ""),
        ("记录编号", "2026-11-bus-sign"),
        ("确认写入？", "y"),
    ]:
        term.expect(prompt)
        term.answer(answer)
    code, transcript = term.finish()
    assert code == 0, transcript
    text = assert_written_and_clean(sample_tree, "opinions/transport-bureau/2026-11-bus-sign.yaml")
    assert "responded:" in text and "舆情事件（第十九条）" in text
