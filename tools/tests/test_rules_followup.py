"""The supervision cycle's records (第十六、十七、十九、二十条): loading, references and their rules, end to end.

Every case mutates a copy of the sample data and runs ``govreg check -f json``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govreg.models import MODELS, public_dump
from govreg.models_supervision import Incident

from conftest import GitRepo, check_json, codes, copy_sample, edit

RECT = "rectifications/transport-bureau/2026-10-transport-bureau-wechat.yaml"
INCIDENT = "incidents/culture-tourism-bureau/2026-11-xiaohongshu-hijack.yaml"
OPINION = "opinions/transport-bureau/2026-11-bus-route.yaml"
HANDOVER = "handovers/transport-bureau/2026-09-transport-bureau-mal.yaml"


def found(root: Path, prefix: str = "") -> list[tuple[str, str, str, int | None]]:
    _, report = check_json(root)
    return [
        (f["code"], f["severity"], f["path"], f["line"])
        for f in report["findings"]
        if f["code"] != "account-duplicate-platform-approved" and f["code"].startswith(prefix)
    ]


def test_the_sample_records_load_and_pass(sample_tree: Path) -> None:
    code, report = check_json(sample_tree)
    assert code == 0 and codes(report, "error") == []
    assert found(sample_tree) == []
    for kind in ("rectification", "incident", "opinion", "handover"):
        assert kind in MODELS


def test_the_kinds_load_strictly_with_line_and_column(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "kind: hijacked-account", "kind: hijacked\nkinds: x")
    edit(sample_tree / RECT, "issued: 2026-10-31", "issued: 2026-10-31\nissued: 2026-11-01")
    hits = found(sample_tree)
    assert ("schema", "error", INCIDENT, 7) in hits  # unknown kind, on its line
    assert any(p == RECT and line is not None for _, _, p, line in hits)  # duplicate key


def test_references_and_layout(sample_tree: Path) -> None:
    edit(sample_tree / OPINION, "channels: [transport-bureau-wechat]", "channels: [no-such-account]")
    edit(sample_tree / OPINION, "items: [content/transport-bureau-wechat/2026/winter-travel-tips.md]", "items: [content/nowhere.md]")
    edit(sample_tree / HANDOVER, "accounts: [transport-bureau-wechat, transport-bureau-toutiao]", "accounts: [transport-bureau-wechat, ghost]")
    (sample_tree / "incidents/education-bureau").mkdir()
    (sample_tree / INCIDENT).rename(sample_tree / "incidents/education-bureau/2026-11-xiaohongshu-hijack.yaml")
    hits = {(c, p) for c, _, p, _ in found(sample_tree)}
    assert ("unknown-reference", OPINION) in hits
    assert ("unknown-reference", HANDOVER) in hits
    assert ("path-mismatch", "incidents/education-bureau/2026-11-xiaohongshu-hijack.yaml") in hits
    assert sum(1 for c, p in hits if p == OPINION) == 1 or len([h for h in found(sample_tree) if h[2] == OPINION]) == 2


# ---------------------------------------------------------------- rectifications (第二十条)


def test_rectification_overdue(sample_tree: Path) -> None:
    text = (sample_tree / RECT).read_text(encoding="utf-8")
    head = text.split("responses:")[0]
    (sample_tree / RECT).write_text(head, encoding="utf-8")
    assert found(sample_tree) == [("rectification-overdue", "error", RECT, 13)]  # no responses key: on issued


def test_rectification_default_deadline_counts_working_days(sample_tree: Path) -> None:
    # issued 2026-11-16 (Monday): 10 working days → 2026-11-30; not overdue on 2026-11-26
    text = (sample_tree / RECT).read_text(encoding="utf-8").split("responses:")[0]
    text = text.replace("issued: 2026-10-31", "issued: 2026-11-16").replace("deadline: 2026-11-14  # 不填时按下发日期加 10 个工作日计算\n", "")
    (sample_tree / RECT).write_text(text, encoding="utf-8")
    assert found(sample_tree) == []
    # issued 2026-11-09: 10 working days → 2026-11-23; overdue on 2026-11-26
    (sample_tree / RECT).write_text(text.replace("issued: 2026-11-16", "issued: 2026-11-09"), encoding="utf-8")
    _, report = check_json(sample_tree)
    [hit] = [f for f in report["findings"] if f["code"] == "rectification-overdue"]
    assert "2026-11-23" in hit["message"]


def test_rectification_recheck_late_and_failed(sample_tree: Path) -> None:
    text = (sample_tree / RECT).read_text(encoding="utf-8")
    late = text.split("rechecks:")[0]
    (sample_tree / RECT).write_text(late, encoding="utf-8")
    assert found(sample_tree) == [("rectification-recheck-late", "warning", RECT, 16)]  # on responses
    (sample_tree / RECT).write_text(text.replace("result: passed", "result: failed"), encoding="utf-8")
    assert found(sample_tree) == [("rectification-recheck-failed", "error", RECT, 23)]  # on result
    # a new deadline that passed without a second response: overdue again (second round)
    (sample_tree / RECT).write_text(text.replace("result: passed", "result: failed\n    new_deadline: 2026-11-20"), encoding="utf-8")
    _, report = check_json(sample_tree)
    [hit] = [f for f in report["findings"] if f["code"] == "rectification-overdue"]
    assert "2026-11-20" in hit["message"] and "第 2 轮" in hit["message"]
    # a second response after the failed re-check, re-checked in time: waiting for the re-check, no finding
    second = text.replace("result: passed", "result: failed\n    new_deadline: 2026-11-20").replace(
        "rechecks:", "  - done: 2026-11-24\n    action: 补充发布了本月的出行提示。\nrechecks:"
    )
    (sample_tree / RECT).write_text(second, encoding="utf-8")
    assert found(sample_tree) == []


def test_rectification_dates(sample_tree: Path) -> None:
    edit(sample_tree / RECT, "  - done: 2026-11-06", "  - done: 2026-10-06")
    edit(sample_tree / RECT, "  - verified: 2026-11-10\n    by: wuzhong-gov-office-dinght", "  - verified: 2026-11-10\n    by: nobody-here")
    hits = found(sample_tree)
    assert ("rectification-dates", "error", RECT, 17) in hits  # done
    assert ("rectification-dates", "error", RECT, 22) in hits  # by


# ---------------------------------------------------------------- incidents (第十七条)


def test_incident_report_late_and_missing(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "at: 2026-11-24T09:10:00+08:00", "at: 2026-11-24T14:10:00+08:00")
    edit(sample_tree / INCIDENT, "  - to: police  # 公安机关\n    at: 2026-11-24T09:40:00+08:00\n", "")
    assert sorted(found(sample_tree)) == [("incident-report-late", "error", INCIDENT, 13), ("incident-report-missing", "error", INCIDENT, 11)]


def test_incident_report_to_and_hours_are_configuration(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "  - to: police  # 公安机关\n    at: 2026-11-24T09:40:00+08:00\n", "")
    with (sample_tree / "config/govreg.yaml").open("a", encoding="utf-8") as fh:
        fh.write("followup:\n  report_to:\n    hijacked-account: [cac, disclosure-office]\n  report_hours: {cac: 0.5}\n")
    assert found(sample_tree) == [("incident-report-late", "error", INCIDENT, 13)]


def test_incident_dates_and_measures(sample_tree: Path) -> None:
    edit(sample_tree / INCIDENT, "closed:       #", "closed: 2026-11-23T08:00:00+08:00  #")
    edit(sample_tree / INCIDENT, "measures:\n  - 向平台申请冻结账号\n  - 删除冒用发布的信息\n", "")
    hits = found(sample_tree)
    assert ("incident-dates", "error", INCIDENT, 19) in hits and ("incident-measures", "error", INCIDENT, 19) in hits


def test_bad_followup_config_is_a_finding_with_its_line(sample_tree: Path) -> None:
    with (sample_tree / "config/govreg.yaml").open("a", encoding="utf-8") as fh:
        fh.write("followup:\n  rectification_days: 0\n")
    _, report = check_json(sample_tree)
    hits = [f for f in report["findings"] if f["path"] == "config/govreg.yaml"]
    assert hits and hits[0]["line"] is not None and hits[0]["severity"] == "error"


# ---------------------------------------------------------------- public opinion (第十九条)


def test_opinion_response_late(sample_tree: Path) -> None:
    edit(sample_tree / OPINION, "responded: 2026-11-18T16:00:00+08:00", "responded: 2026-11-19T09:00:00+08:00")
    assert found(sample_tree) == [("opinion-response-late", "error", OPINION, 10)]
    edit(sample_tree / OPINION, "responded: 2026-11-19T09:00:00+08:00", "responded: null")
    assert found(sample_tree) == [("opinion-response-late", "error", OPINION, 5)]
    edit(sample_tree / OPINION, "detected: 2026-11-18T08:00:00+08:00", "detected: 2026-11-26T08:00:00+08:00")
    assert found(sample_tree) == []  # not yet 24 hours


# ---------------------------------------------------------------- handovers (第十六条), from the roster's git history


PERSON = "  - id: transport-bureau-yuanb\n    name: 袁博\n    roles: [handler]  # 承办人,初审\n"


def _roster_change(tmp_path: Path, removed_on: str) -> GitRepo:
    """The sample in git; on ``removed_on`` a handler loses every role (the reviews he signed then fail review rules: not ours)."""
    repo = GitRepo(tmp_path / "git")
    copy_sample(repo.root)
    (repo.root / HANDOVER).unlink()
    content = repo.root / "content"
    content.rename(repo.root / "content-later")
    repo.commit("示例数据", date="2026-09-01T10:00:00+08:00")
    unit = repo.root / "units/transport-bureau.yaml"
    edit(unit, PERSON, "  - id: transport-bureau-yuanb\n    name: 袁博\n    roles: []  # 调离:不再担任任何审核角色\n")
    edit(unit, "  - transport-bureau-yuanb  # 袁博\n", "")
    edit(unit, "  - id: transport-bureau-denglp\n    name: 邓丽萍\n    roles: [section-head]", "  - id: transport-bureau-denglp\n    name: 邓丽萍\n    roles: [section-head, handler]")
    repo.commit("袁博调离", date=f"{removed_on}T10:00:00+08:00")
    (repo.root / "content-later").rename(content)
    repo.commit("信息", date="2026-11-26T23:00:00+08:00")  # after every release time in the sample
    return repo


def test_handover_missing_after_a_roster_change(tmp_path: Path) -> None:
    repo = _roster_change(tmp_path, "2026-11-02")
    hits = found(repo.root, "handover-")
    assert hits == [("handover-missing", "error", "units/transport-bureau.yaml", 16)]  # on people
    _, report = check_json(repo.root)
    message = next(f["message"] for f in report["findings"] if f["code"] == "handover-missing")
    assert "袁博" in message and "transport-bureau-wechat" in message and "2026-11-09" in message
    assert "transport-bureau-toutiao" in message  # closed on 2026-11-16: still in use when he left
    assert "education-bureau" not in message


def test_handover_not_due_yet_and_then_recorded(tmp_path: Path) -> None:
    repo = _roster_change(tmp_path, "2026-11-23")
    assert found(repo.root, "handover-") == []  # 5 working days not over on 2026-11-26
    repo = _roster_change(tmp_path / "b", "2026-11-02")
    repo.write(
        "handovers/transport-bureau/2026-11-yuanb.yaml",
        "id: 2026-11-yuanb\nunit: transport-bureau\nperson: transport-bureau-yuanb\nleft: 2026-11-02\n"
        "accounts: [transport-bureau-wechat, transport-bureau-toutiao]\ncredentials_rotated: 2026-11-12\nby: transport-bureau-denglp\n",
    )
    assert found(repo.root, "handover-") == [("handover-late", "warning", "handovers/transport-bureau/2026-11-yuanb.yaml", 6)]


def test_handover_ignores_accounts_closed_before_the_departure(tmp_path: Path) -> None:
    repo = _roster_change(tmp_path, "2026-11-17")  # toutiao closed on 2026-11-16; 5 working days end 2026-11-24
    _, report = check_json(repo.root)
    [message] = [f["message"] for f in report["findings"] if f["code"] == "handover-missing"]
    assert "transport-bureau-wechat" in message and "transport-bureau-toutiao" not in message


def test_handovers_since_skips_older_departures(tmp_path: Path) -> None:
    repo = _roster_change(tmp_path, "2026-11-02")
    with (repo.root / "config/govreg.yaml").open("a", encoding="utf-8") as fh:
        fh.write("followup:\n  handovers_since: 2026-11-03\n")
    assert found(repo.root, "handover-") == []


def test_roster_revisions_are_read_by_the_strict_loader() -> None:
    """One loader everywhere: an old roster revision is read as the current file would be, not by a laxer parser.

    A revision with a duplicate ``people:`` key is refused by the strict loader (the current file would not pass),
    so it is skipped; plain CSafeLoader took the last key and saw the person leave in it.
    """
    import datetime as dt

    from govreg.followup import departures

    person = "people:\n  - id: u-li\n    name: 李四\n    roles: [handler]\n"
    duplicate = person + "people: []\n"
    when = [dt.datetime(2026, 10, d, 9, tzinfo=dt.UTC) for d in (1, 2, 3)]
    revisions = {"units/u.yaml": [("a", when[0], person.encode()), ("b", when[1], duplicate.encode()), ("c", when[2], person.encode())]}
    assert departures(revisions) == []
    plain = {"units/u.yaml": [("a", when[0], person.encode()), ("b", when[1], b"people: []\n")]}
    assert [d.person for d in departures(plain)] == ["u-li"]  # a real removal is still a departure


def test_archived_report_record_is_read_under_the_file_policy(tmp_path: Path) -> None:
    """``--archive`` reads the existing report record with the record loader: a link is not followed."""
    import os

    from govreg.commands._keeping import archive_report
    from govreg.models_supervision import ReportKind

    root = copy_sample(tmp_path / "repo")
    folder = root / "reports" / ReportKind.inspection.value
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "inspection-2026-11.yaml"
    secret = tmp_path / "outside.yaml"
    secret.write_text("public: true\n", encoding="utf-8")
    os.symlink(secret, target)
    written = archive_report(root, ReportKind.inspection, "2026-11", "测试", __import__("datetime").date(2026, 11, 30), {"x.md": b"x"}, {})
    assert written and "public: true" not in target.read_text(encoding="utf-8")  # the link's target did not decide


def test_handover_invalid(sample_tree: Path) -> None:
    edit(sample_tree / HANDOVER, "credentials_rotated: 2026-09-08", "credentials_rotated: 2026-09-01")
    edit(sample_tree / HANDOVER, "by: transport-bureau-denglp", "by: nobody-here")
    hits = found(sample_tree)
    assert ("handover-invalid", "error", HANDOVER, 9) in hits and ("handover-invalid", "error", HANDOVER, 10) in hits


# ---------------------------------------------------------------- privacy


@pytest.mark.parametrize("kind", ["rectification", "incident", "opinion", "handover"])
def test_internal_notes_are_private(kind: str) -> None:
    from govreg.models import private_paths

    assert "note" in private_paths(MODELS[kind])


def test_public_dump_of_an_incident_drops_who_reported(sample_tree: Path) -> None:
    import yaml

    data = yaml.safe_load((sample_tree / INCIDENT).read_text(encoding="utf-8"))
    dumped = public_dump(Incident.model_validate(data))
    assert "note" not in dumped and all("by" not in r and "reference" not in r for r in dumped["reports"])


def test_roster_departures_are_kept_between_runs_by_the_rosters_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second run with the same roster commits reads no revision; a new roster commit, a corrupt memo or other
    code reads them again."""
    from govreg import followup
    from govreg.history import History

    repo = _roster_change(tmp_path, "2026-11-02")
    cache = tmp_path / "cache"
    first, reason = followup.roster_departures(repo.root, cache)
    assert reason is None and [d.person for d in first] == ["transport-bureau-yuanb"]
    reads: list[int] = []
    read_blobs = History.read_blobs

    def counting(self: History, blobs: object) -> object:
        reads.append(1)
        return read_blobs(self, blobs)  # type: ignore[arg-type]

    monkeypatch.setattr(History, "read_blobs", counting)
    assert followup.roster_departures(repo.root, cache) == (first, None)
    assert reads == []  # from the memo
    (cache / "roster-departures.json").write_text("{not json", encoding="utf-8")
    assert followup.roster_departures(repo.root, cache) == (first, None)
    assert reads == [1]  # corrupt: read again, and rewritten
    assert followup.roster_departures(repo.root, cache) == (first, None) and reads == [1]
    unit = repo.root / "units/transport-bureau.yaml"
    edit(unit, "  - transport-bureau-denglp  # 邓丽萍\n", "")
    edit(unit, "  - id: transport-bureau-denglp\n    name: 邓丽萍\n    roles: [section-head, handler]", "  - id: transport-bureau-denglp\n    name: 邓丽萍\n    roles: []")
    repo.commit("邓丽萍调离", date="2026-11-20T10:00:00+08:00")
    later, _ = followup.roster_departures(repo.root, cache)
    assert reads == [1, 1] and [d.person for d in later] == ["transport-bureau-yuanb", "transport-bureau-denglp"]
    monkeypatch.setattr("govreg.cache.code_fingerprint", lambda: "another govreg")
    assert followup.roster_departures(repo.root, cache) == (later, None) and reads == [1, 1, 1]
