"""Issue 15: fidelity to the measures — each missing duty and each false positive, end to end through ``govreg check -f json``.

Every test mutates a private copy of the sample tree; the sample itself must stay clean of the
codes under test (asserted by the passing half of each pair).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gate_fixture import OFFICE, GatePR, content

from conftest import GitRepo, check_json, codes, edit, run_cli

ETHNIC = "content/culture-tourism-bureau-wechat/2026/ethnic-unity-culture-week.md"
WINTER = "content/culture-tourism-bureau-wechat/2026/winter-culture-events.md"


def findings_of(report: dict, code: str) -> list[dict]:
    return [f for f in report["findings"] if f["code"] == code]


# ---------------------------------------------------------------- Art. 12: 铸牢中华民族共同体意识主线前置审核


def test_sample_item_needing_pre_review_is_signed_correctly(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith("pre-review-")]
    text = (sample_tree / ETHNIC).read_text(encoding="utf-8")
    assert "ethnic: true" in text and "pre_review:" in text


def test_pre_review_missing_when_flagged(sample_tree: Path) -> None:
    path = sample_tree / ETHNIC
    text = path.read_text(encoding="utf-8")
    start = text.index("pre_review:")
    end = text.index("---", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    # the title also names 民族团结: remove it so only the flag demands the step
    edit(path, "title: 吴忠市民族团结进步主题文化周活动将于12月举办", "title: 吴忠市主题文化周活动将于12月举办")
    edit(path, "为铸牢中华民族共同体意识，吴忠市将于12月上旬举办民族团结进步主题文化周活动", "吴忠市将于12月上旬举办主题文化周活动")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "pre-review-missing")
    assert code == 1 and len(hits) == 1, hits
    assert hits[0]["path"] == ETHNIC and "ethnic: true" in hits[0]["message"] and hits[0]["article"] == "第十二条"


def test_pre_review_missing_when_text_matches_the_topic_list(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "三、早茶美食体验。", "三、开斋节期间，各清真餐饮企业推出特色早茶。")
    _, report = check_json(sample_tree)
    hits = findings_of(report, "pre-review-missing")
    assert [(h["path"], h["line"] is not None) for h in hits] == [(WINTER, True)]
    assert "「开斋节」" in hits[0]["message"] and "正文" in hits[0]["message"]
    line = path.read_text(encoding="utf-8").splitlines()[hits[0]["line"] - 1]
    assert line[hits[0]["column"] - 1 :].startswith("开斋节")


def test_topic_list_is_data_ignore_phrases_and_repository_list(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "三、早茶美食体验。", "三、早茶美食体验（宁夏回族自治区非遗）。")
    _, report = check_json(sample_tree)
    assert "pre-review-missing" not in codes(report)  # 地名 in ignore
    (sample_tree / "config/pre-review-topics.yaml").write_text("terms: [早茶]\n", encoding="utf-8")
    _, report = check_json(sample_tree)
    assert WINTER in [f["path"] for f in findings_of(report, "pre-review-missing")]


def test_pre_review_by_wrong_person_unit_or_after_second_review(sample_tree: Path) -> None:
    path = sample_tree / ETHNIC
    edit(path, "  by: propaganda-dept-mayl", "  by: propaganda-dept-haixf")
    _, report = check_json(sample_tree)
    assert [f["path"] for f in findings_of(report, "pre-review-role")] == [ETHNIC]
    edit(path, "  by: propaganda-dept-haixf", "  by: propaganda-dept-mayl")
    edit(sample_tree / "config/govreg.yaml", "units: [propaganda-dept]", "units: [wuzhong-gov-office]")
    _, report = check_json(sample_tree)
    assert "配置中担任前置审核的单位" in findings_of(report, "pre-review-role")[0]["message"]
    edit(sample_tree / "config/govreg.yaml", "units: [wuzhong-gov-office]", "units: [propaganda-dept]")
    edit(path, "  at: 2026-11-23T11:30:00+08:00", "  at: 2026-11-23T16:30:00+08:00")
    _, report = check_json(sample_tree)
    hits = findings_of(report, "pre-review-order")
    assert len(hits) == 1 and "复审" in hits[0]["message"]


def test_pre_review_draft_is_not_required(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "published_at: 2026-11-22T11:00:00+08:00  # 发布后不得改动(第十四条)\n", "")
    edit(path, "三、早茶美食体验。", "三、清真美食体验。")
    _, report = check_json(sample_tree)
    assert "pre-review-missing" not in codes(report)


# ---------------------------------------------------------------- Art. 12 pre-review in the sign-off gate


def _gate_pr_with_pre_reviewer(git_repo: GitRepo, extra: str, body: str = "正文。") -> GatePR:
    pr = GatePR(git_repo)
    office = OFFICE + "  - id: office-pre\n    name: 马审核\n    roles: [pre-reviewer]\n    login: pre-ma\n"
    git_repo.write("units/wuzhong-gov-office.yaml", office)
    pr.base = pr.old = pr.head = git_repo.commit("名册:前置审核人")
    return pr.open({"content/edu/notice.md": content("edu", "edu-wechat", extra=extra, body=body)})


def _gate(pr: GatePR, payload: str) -> tuple[int, dict[str, Any]]:
    target = pr.repo.root.parent / f"reviews-{payload}"
    pr.write_payload(payload, target)
    code, out, err = run_cli("gate", str(pr.repo.root), "--reviews", str(target), "--author", "zhang-handler",
                             "--base", pr.base, "--head", pr.head, "--format", "json")
    assert "Traceback" not in err, err
    return code, json.loads(out)


def test_gate_requires_pre_review_for_topic_in_body(git_repo: GitRepo) -> None:
    signed = "pre_review:\n  by: office-pre\n  at: 2026-11-20T10:01:00+08:00\n  opinion: 同意\n"
    pr = _gate_pr_with_pre_reviewer(git_repo, signed, body="开斋节期间，请各清真餐饮单位做好食品安全工作。")
    code, result = _gate(pr, "github_complete.json")  # 三审 complete, no pre-reviewer approval
    assert code == 1
    missing = [f for f in result["findings"] if f["code"] == "gate-pre-review-missing"]
    assert len(missing) == 1 and "开斋节" in missing[0]["message"]
    code, result = _gate(pr, "github_pre_review.json")
    assert code == 0, result["findings"]
    chain = next(c for c in result["chains"] if c["kind"] == "pre-review")
    assert chain["steps"][0]["signer"]["login"] == "pre-ma"


def test_gate_pre_review_must_come_before_the_section_head(git_repo: GitRepo) -> None:
    signed = "ethnic: true\npre_review:\n  by: office-pre\n  at: 2026-11-20T10:01:00+08:00\n  opinion: 同意\n"
    pr = _gate_pr_with_pre_reviewer(git_repo, signed)
    code, result = _gate(pr, "gitea_pre_review_late.json")
    assert code == 1
    assert [f["code"] for f in result["findings"] if f["severity"] == "error"] == ["gate-pre-review-order"]


def test_gate_does_not_ask_pre_review_for_ordinary_items(git_repo: GitRepo) -> None:
    pr = _gate_pr_with_pre_reviewer(git_repo, "", body="冬季供暖安全提示。")
    code, result = _gate(pr, "github_complete.json")
    assert code == 0, result["findings"]
    assert "pre-review" not in [c["kind"] for c in result["chains"]]


# ---------------------------------------------------------------- the 审查表 shows the pre-review step


def test_review_form_shows_the_pre_review_row(sample_tree: Path) -> None:
    out = sample_tree / "form.html"
    code, _, err = run_cli("form", str(sample_tree / ETHNIC), "--root", str(sample_tree), "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "前置审核" in page and "马玉兰" in page and "涉及民族、宗教事务" in page
    code, _, err = run_cli("form", str(sample_tree / WINTER), "--root", str(sample_tree), "-o", str(out))
    assert code == 0, err
    assert "铸牢中华民族共同体意识主线前置审核人" not in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- Art. 11: disclosure attribute


@pytest.mark.parametrize(("value", "code"), [("not-public", "disclosure-not-public"), ("on-request", "disclosure-on-request")])
def test_published_item_must_be_proactive(sample_tree: Path, value: str, code: str) -> None:
    path = sample_tree / WINTER
    edit(path, "retention: 2027-12-31", f"disclosure: {value}\nretention: 2027-12-31")
    status, report = check_json(sample_tree)
    hits = findings_of(report, code)
    assert status == 1 and [(h["path"], h["severity"]) for h in hits] == [(WINTER, "error")]
    assert hits[0]["line"] == path.read_text(encoding="utf-8").splitlines().index(f"disclosure: {value}") + 1


def test_proactive_and_drafts_pass_the_disclosure_rule(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "published_at: 2026-11-22T11:00:00+08:00  # 发布后不得改动(第十四条)\n", "")
    edit(path, "retention: 2027-12-31", "disclosure: not-public\nretention: 2027-12-31")
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith("disclosure-")]


# ---------------------------------------------------------------- Art. 8: announcements cover the operation; since the measures


CLOSE_EVENT = """  - type: close
    date: 2026-07-01
    filed: 2026-07-02
    announcement: {{from: {start}, to: {end}}}
"""


def _closed_account(sample_tree: Path, start: str, end: str) -> Path:
    path = sample_tree / "accounts/education-bureau/education-bureau-wechat.yaml"
    text = path.read_text(encoding="utf-8").replace("status: active", "status: closed")
    path.write_text(text.rstrip("\n") + "\n" + CLOSE_EVENT.format(start=start, end=end), encoding="utf-8")
    return path


def test_announcement_ended_before_the_closure_does_not_count(sample_tree: Path) -> None:
    _closed_account(sample_tree, "2026-03-02", "2026-04-01")
    _, report = check_json(sample_tree)
    hits = findings_of(report, "announcement-not-covering")
    assert len(hits) == 1 and "2026-03-02 至 2026-04-01" in hits[0]["message"] and hits[0]["severity"] == "error"


def test_announcement_covering_the_closure_passes(sample_tree: Path) -> None:
    _closed_account(sample_tree, "2026-06-20", "2026-07-24")
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith("announcement-")]


def test_events_before_the_measures_took_effect_are_not_judged(sample_tree: Path) -> None:
    path = sample_tree / "accounts/education-bureau/education-bureau-wechat.yaml"
    text = path.read_text(encoding="utf-8").replace("status: active", "status: closed")
    path.write_text(text.rstrip("\n") + "\n  - type: close\n    date: 2025-03-10\n", encoding="utf-8")
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith(("announcement-", "filing-"))]
    with (sample_tree / "config/govreg.yaml").open("a", encoding="utf-8") as fh:
        fh.write("filing:\n  since: null\n")
    _, report = check_json(sample_tree)
    assert {"announcement-missing", "filing-overdue"} <= set(codes(report))


# ---------------------------------------------------------------- false positives: forbidden-marking


def test_secrecy_education_list_and_book_title_are_not_markings(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "三、早茶美食体验。", "三、保密宣传。国家秘密的密级分为：\n\n1. 绝密\n2. 机密\n3. 秘密\n\n推荐阅读：\n\n《秘密》\n\n四、早茶美食体验。")
    _, report = check_json(sample_tree)
    assert "forbidden-marking" not in codes(report)


def test_a_real_marking_line_is_still_reported(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "今冬明春，", "机密★1年\n\n今冬明春，")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "forbidden-marking")
    assert code == 1 and [(h["path"], h["column"]) for h in hits] == [(WINTER, 1)]


# ---------------------------------------------------------------- false positives: party bodies' accounts (第二条)

PARTY_ACCOUNT = """\
id: propaganda-dept-wechat
name: 吴忠宣传
platform: wechat
handle: "wzxc2026"
owner: propaganda-dept
certified_subject: 中共吴忠市委宣传部
status: active
lifecycle:
  - type: open
    date: 2026-11-02
    filed: 2026-11-03
"""


def test_party_body_account_is_out_of_scope_not_an_error(sample_tree: Path) -> None:
    (sample_tree / "accounts/propaganda-dept").mkdir()
    (sample_tree / "accounts/propaganda-dept/propaganda-dept-wechat.yaml").write_text(PARTY_ACCOUNT, encoding="utf-8")
    code, report = check_json(sample_tree)
    assert code == 0 and "account-owner-kind" not in codes(report)
    hits = findings_of(report, "account-out-of-scope")
    assert len(hits) == 1 and hits[0]["severity"] == "info" and hits[0]["article"] == "第二条"
    # governed when configured: no info, the account is judged like any other
    with (sample_tree / "config/govreg.yaml").open("a", encoding="utf-8") as fh:
        fh.write("account_owner:\n  allowed_kinds: [government, government-office, agency, public-institution-with-admin-functions, park, township, party-body]\n")
    _, report = check_json(sample_tree)
    assert not {"account-out-of-scope", "account-owner-kind"} & set(codes(report))


# ---------------------------------------------------------------- Art. 9: the confidentiality agreement's term

DOUYIN = "accounts/culture-tourism-bureau/culture-tourism-bureau-douyin.yaml"


def test_expired_confidentiality_agreement_is_an_error(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)
    assert "outsourcing-agreement-expired" not in codes(report)  # the sample's runs to 2026-12-31
    edit(sample_tree / DOUYIN, "expires: 2026-12-31", "expires: 2026-06-30")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "outsourcing-agreement-expired")
    assert code == 1 and [(h["path"], h["severity"]) for h in hits] == [(DOUYIN, "error")] and "2026-06-30" in hits[0]["message"]


# ---------------------------------------------------------------- Art. 10, 12(二)3: reprints

STATE = "content/wuzhong-portal/2026/state-council-open-government-standards.md"
WAGES = "content/hrss-bureau-wechat/2026/wage-arrears-winter-campaign.md"
CENTRAL_LINE = "  document_level: central  # 中央文件只能从中央新闻单位、中国政府网和部委网站转载(第十二条)"


def test_document_level_is_inferred_from_the_issuer(sample_tree: Path) -> None:
    path = sample_tree / STATE
    edit(path, CENTRAL_LINE, "  document_level: none")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "reprint-level-inferred")
    assert code == 1 and [h["path"] for h in hits] == [STATE] and "国务院办公厅" in hits[0]["message"]
    assert hits[0]["line"] == path.read_text(encoding="utf-8").splitlines().index("  document_level: none") + 1


def test_document_level_is_inferred_from_the_document_number(sample_tree: Path) -> None:
    path = sample_tree / STATE
    edit(path, "title: 国务院办公厅印发《关于进一步加强政务公开标准化规范化工作的意见》",
         "title: 关于进一步加强政务公开标准化规范化工作的意见(国办发〔2026〕12号)")
    edit(path, CENTRAL_LINE, "  document_level: none")
    _, report = check_json(sample_tree)
    assert "国办发〔2026〕12号" in findings_of(report, "reprint-level-inferred")[0]["message"]


def test_local_document_citing_a_central_number_is_not_central(sample_tree: Path) -> None:
    path = sample_tree / STATE
    edit(path, "title: 国务院办公厅印发《关于进一步加强政务公开标准化规范化工作的意见》",
         "title: 吴忠市人民政府办公室关于贯彻落实国办发〔2026〕12号文件的通知")
    edit(path, CENTRAL_LINE, "  document_level: none")
    edit(path, "url: https://www.gov.cn/zhengce/content/202608/content_7061234.htm", "url: https://www.wuzhong.gov.cn/zwgk/1.html")
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith("reprint-")]


def test_ordinary_reprint_must_come_from_a_listed_source(sample_tree: Path) -> None:
    path = sample_tree / WAGES
    edit(path, CENTRAL_LINE, "  document_level: none")
    edit(path, "url: https://news.cn/politics/20261123/c3b7f0e2a1d54e6f9a8b7c6d5e4f3a21/c.html", "url: https://www.some-blog.com/2026/1123.html")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "reprint-media")
    assert code == 1 and [h["path"] for h in hits] == [WAGES] and "some-blog.com" in hits[0]["message"]
    edit(path, "url: https://www.some-blog.com/2026/1123.html", "url: https://www.nxnews.net/sz/202611/t20261123_1.html")
    _, report = check_json(sample_tree)
    assert "reprint-media" not in codes(report)


# ---------------------------------------------------------------- Art. 14: correcting a wrongly entered source (勘误)

CORRECTION = """corrections:
  - field: {field}
    by: culture-tourism-bureau-naxf
    at: 2026-11-26T09:00:00+08:00
    reason: 来源名称误填,实为本局文化艺术科供稿
"""


def _committed_sample(sample_tree: Path) -> GitRepo:
    repo = GitRepo(sample_tree)
    repo.commit("登记库", date="2026-11-25T23:00:00+08:00")
    return repo


def test_source_correction_with_a_reason_is_allowed_and_audited(sample_tree: Path) -> None:
    repo = _committed_sample(sample_tree)
    path = sample_tree / WINTER
    edit(path, "  name: 吴忠市文化旅游广电局", "  name: 吴忠市文化旅游广电局文化艺术科")
    repo.commit("改来源", date="2026-11-26T09:30:00+08:00")
    code, report = check_json(sample_tree)
    assert code == 1 and [f["path"] for f in findings_of(report, "source-changed")] == [WINTER]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n\n今冬明春", CORRECTION.format(field="source") + "---\n\n今冬明春"), encoding="utf-8")
    repo.commit("勘误", date="2026-11-26T09:40:00+08:00")
    code, report = check_json(sample_tree)
    assert "source-changed" not in codes(report)
    corrected = findings_of(report, "source-corrected")
    assert code == 0, [(f["code"], f["path"], f["message"]) for f in report["findings"] if f["severity"] == "error"]
    assert len(corrected) == 1 and corrected[0]["severity"] == "info" and "来源名称误填" in corrected[0]["message"]
    status, out, err = run_cli("audit", "--root", str(sample_tree), WINTER)
    assert status == 0, err
    assert "勘误（source）" in out and "来源名称误填" in out


def test_release_time_cannot_be_corrected(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n\n今冬明春", CORRECTION.format(field="published_at") + "---\n\n今冬明春"), encoding="utf-8")
    code, report = check_json(sample_tree)
    assert code == 1 and any(f["path"] == WINTER and f["code"] == "schema" for f in report["findings"]), report["findings"]


# ---------------------------------------------------------------- Art. 11, 12: sensitive and serious wording, leaders' titles


def test_wrong_political_formulation_is_an_error(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "今冬明春，", "为筑牢中华民族共同体意识，今冬明春，")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "wording-error")
    assert code == 1 and len(hits) == 1 and "应为「铸牢中华民族共同体意识」" in hits[0]["message"]
    line = path.read_text(encoding="utf-8").splitlines()[hits[0]["line"] - 1]
    assert line[hits[0]["column"] - 1 :].startswith("筑牢")


def test_escalate_category_needs_the_escalation_review(sample_tree: Path) -> None:
    odour = sample_tree / "content/ecology-environment-bureau-wechat/2026/odour-complaint-report.md"
    edit(odour, "感谢广大群众的监督。", "严防清真泛化问题。感谢广大群众的监督。")  # this item has its escalation: passes
    path = sample_tree / WINTER
    edit(path, "三、早茶美食体验。", "三、早茶美食体验，坚决防止清真泛化。")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "wording-escalate")
    assert code == 1 and [h["path"] for h in hits] == [WINTER] and "民族宗教用语" in hits[0]["message"]


def test_leader_title_is_checked_against_the_office_list(sample_tree: Path) -> None:
    path = sample_tree / WINTER
    edit(path, "今冬明春，", "市长马国强、副市长金志强出席启动仪式。今冬明春，")
    _, report = check_json(sample_tree)
    assert "leader-title" not in codes(report)
    edit(path, "市长马国强、副市长金志强", "副市长马国强、市长金志强")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "leader-title")
    assert code == 1 and len(hits) == 2
    assert "「马国强」的职务写作「副市长」，其现任职务是市委副书记、市长" in hits[0]["message"]


def test_shipped_dictionaries_load() -> None:
    from govreg.datalists import load_default
    from govreg.documents import IssuerList
    from govreg.topics import TopicList
    from govreg.wording import LeaderList, WordingList

    assert load_default("wording", WordingList).categories
    assert load_default("leaders", LeaderList).leaders == []  # the office maintains the list
    assert load_default("pre-review-topics", TopicList).terms
    assert load_default("document-issuers", IssuerList).central.numbers


# ---------------------------------------------------------------- Art. 7: re-review of a second account; names across platforms

ZAOCHA = "accounts/culture-tourism-bureau/culture-tourism-bureau-douyin-zaocha.yaml"


def test_second_account_past_its_review_date_asks_for_reassessment(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith("account-approval-review")]
    edit(sample_tree / ZAOCHA, "review_by: 2027-04-10", "review_by: 2026-10-10")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "account-approval-review")
    assert code == 0 and [(h["path"], h["severity"]) for h in hits] == [(ZAOCHA, "warning")] and "47 天" in hits[0]["message"]
    edit(sample_tree / ZAOCHA, "  review_by: 2026-10-10  # 复核日期:到期重新评估是否仍需保留(第七条)\n", "")
    _, report = check_json(sample_tree)
    assert "account-approval-review" not in codes(report)  # no date agreed: nothing to check


def test_account_names_should_match_across_platforms(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)
    assert "account-name-mismatch" not in codes(report)
    edit(sample_tree / "accounts/public-security-bureau/public-security-bureau-kuaishou.yaml", "name: 吴忠公安", "name: 吴忠警方")
    code, report = check_json(sample_tree)
    hits = findings_of(report, "account-name-mismatch")
    assert code == 0 and [h["path"] for h in hits] == ["accounts/public-security-bureau/public-security-bureau-kuaishou.yaml"]
    assert "「吴忠公安」" in hits[0]["message"] and hits[0]["severity"] == "warning"


def test_gate_judges_by_the_base_topic_list_not_the_prs(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo)
    office = OFFICE + "  - id: office-pre\n    name: 马审核\n    roles: [pre-reviewer]\n    login: pre-ma\n"
    git_repo.write("units/wuzhong-gov-office.yaml", office)
    git_repo.write("config/pre-review-topics.yaml", "terms: [开斋节]\n")
    pr.base = pr.old = pr.head = git_repo.commit("名册与题材清单")
    pr.open({"config/pre-review-topics.yaml": "terms: [无关词语]\n",
             "content/edu/notice.md": content("edu", "edu-wechat", body="开斋节期间请注意食品安全。")})
    code, result = _gate(pr, "github_complete.json")
    assert code == 1 and "gate-pre-review-missing" in [f["code"] for f in result["findings"]]


# ---------------------------------------------------------------- Art. 16: no passwords in the registry


def test_password_in_a_record_is_an_error(sample_tree: Path) -> None:
    path = sample_tree / "accounts/education-bureau/education-bureau-wechat.yaml"
    _, report = check_json(sample_tree)
    assert "credential-in-record" not in codes(report)  # “账号密码安全” in prose is not a password
    edit(path, 'handle: "wzjyfb"  # 微信号', 'handle: "wzjyfb"  # 微信号;登录密码:Wz@2026abc')
    code, report = check_json(sample_tree)
    hits = findings_of(report, "credential-in-record")
    assert code == 1 and len(hits) == 1 and "Wz@2026abc" not in hits[0]["message"] and hits[0]["article"] == "第十六条"
    line = path.read_text(encoding="utf-8").splitlines()[hits[0]["line"] - 1]
    assert line[hits[0]["column"] - 1 :].startswith("密码")
