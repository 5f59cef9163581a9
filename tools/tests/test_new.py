"""``govreg new account|unit|site|content``: flags for scripts, Chinese prompts on a terminal; the result passes ``govreg check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ptyterm import Terminal

from govreg.authoring.ids import person_id, slug_from_title
from govreg.authoring.yamlfmt import format_record, kind_of_path
from govreg.loader import parse_yaml

from conftest import check_json, run_cli


def clean_for(report: dict[str, Any], path: str, allowed: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Findings of ``path`` other than the informational ones a fresh record may have (``allowed``)."""
    return [(f["code"], f["severity"]) for f in report["findings"] if f["path"] == path and f["code"] not in allowed]


def assert_written_and_clean(root: Path, rel: str, allowed: tuple[str, ...] = ()) -> str:
    text = (root / rel).read_text(encoding="utf-8")
    assert format_record(text, kind_of_path(rel) or "", rel) == text  # written already formatted
    code, report = check_json(root)
    assert report["valid"], [f for f in report["findings"] if f["severity"] == "error"]
    assert clean_for(report, rel, allowed) == []
    assert code == 0
    return text


ACCOUNT_FLAGS = ("--unit", "education-bureau", "--platform", "douyin", "--name", "吴忠教育", "--handle", "6400123", "--date", "2026-11-24")


# ---------------------------------------------------------------- ids


def test_person_ids_follow_the_roster_convention() -> None:
    assert person_id("education-bureau", "王晓东") == "education-bureau-wangxd"
    assert person_id("audit-bureau", "欧阳明") == "audit-bureau-ouyangm"
    assert person_id("audit-bureau", "单立新") == "audit-bureau-shanlx"


def test_slug_from_a_chinese_title() -> None:
    assert slug_from_title("冬季校园安全提示") == "dong-ji-xiao-yuan-an-quan"
    assert slug_from_title("2026年GDP") == "2026-nian-gdp"


# ---------------------------------------------------------------- account


def test_new_account_non_interactive(sample_tree: Path) -> None:
    code, out, err = run_cli("new", "account", "--root", str(sample_tree), *ACCOUNT_FLAGS)
    assert code == 0, err
    rel = "accounts/education-bureau/education-bureau-douyin.yaml"
    assert f"已写入 {rel}" in out
    assert "复审 承办科室负责人：刘丽娟（@liulj-jyj）" in out  # the chain from the roster
    assert "只列出" in out and "filing-pending" in out  # only the new file's findings
    text = assert_written_and_clean(sample_tree, rel, allowed=("filing-pending",))
    assert text.startswith("# yaml-language-server: $schema=../../schemas/account.schema.json\n")
    data, _ = parse_yaml(text, rel)
    assert data["handle"] == "6400123" and '"6400123"' in text  # digits quoted
    assert data["certified_subject"] == "吴忠市教育局"  # derived from the unit
    assert data["lifecycle"] == [{"type": "open", "date": "2026-11-24"}]
    assert "最迟 2026-11-27" in text  # 3 working days after Tue 2026-11-24


def test_new_account_filed_is_clean_without_any_finding(sample_tree: Path) -> None:
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), *ACCOUNT_FLAGS, "--filed", "2026-11-25", "--url", "https://www.douyin.com/user/6400123")
    assert code == 0, err
    assert_written_and_clean(sample_tree, "accounts/education-bureau/education-bureau-douyin.yaml")


def test_new_outsourced_account_needs_the_agreement(sample_tree: Path) -> None:
    flags = (*ACCOUNT_FLAGS, "--filed", "2026-11-25", "--operation", "outsourced", "--non-interactive")
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), *flags)
    assert code == 2
    assert "--vendor" in err and "--agreement" in err and "--outsourcing-rules" in err
    more = ("--vendor", "宁夏某某传媒有限公司", "--agreement", "WZJY-2026-01", "--agreement-date", "2026-11-20", "--outsourcing-rules", "吴忠市教育局政务新媒体外包服务管理制度")
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), *flags, *more)
    assert code == 0, err
    assert_written_and_clean(sample_tree, "accounts/education-bureau/education-bureau-douyin.yaml")


def test_second_account_on_a_platform_needs_an_approval(sample_tree: Path) -> None:
    base = ("--unit", "education-bureau", "--platform", "wechat", "--name", "吴忠招考", "--handle", "wzzk2026", "--filed", "2026-11-26")
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), *base)
    assert code == 2
    assert "--approval-number" in err and "按中文提示逐项填写" in err
    code, out, err = run_cli("new", "account", "--root", str(sample_tree), *base, "--approval-number", "吴政办函〔2026〕77号", "--approval-date", "2026-11-20")
    assert code == 0, err
    assert "第七条" in out  # told about the one-account-per-platform principle
    assert_written_and_clean(sample_tree, "accounts/education-bureau/education-bureau-wechat-2.yaml", allowed=("account-duplicate-platform-approved",))


def test_missing_flags_are_listed_with_what_to_do(sample_tree: Path) -> None:
    code, _out, err = run_cli("new", "account", "--root", str(sample_tree), "--unit", "education-bureau", "--non-interactive")
    assert code == 2
    assert "缺少必填项" in err and "--platform（平台）" in err and "--name" in err and "--handle" in err
    assert "→" in err
    assert not list((sample_tree / "accounts" / "education-bureau").glob("*douyin*"))


def test_a_wrong_value_names_the_flag_and_suggests(sample_tree: Path) -> None:
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), *ACCOUNT_FLAGS[2:], "--unit", "educaton-bureau")
    assert code == 2
    assert "--unit educaton-bureau" in err and "education-bureau（吴忠市教育局）" in err


def test_an_existing_file_is_never_overwritten(sample_tree: Path) -> None:
    rel = "accounts/education-bureau/education-bureau-wechat.yaml"
    before = (sample_tree / rel).read_bytes()
    code, _, err = run_cli("new", "account", "--root", str(sample_tree), *ACCOUNT_FLAGS, "--id", "education-bureau-wechat")
    assert code == 2 and "已被使用" in err
    assert (sample_tree / rel).read_bytes() == before


def test_dry_run_writes_nothing(sample_tree: Path) -> None:
    code, out, _ = run_cli("new", "account", "--root", str(sample_tree), *ACCOUNT_FLAGS, "--dry-run")
    assert code == 0 and "id: education-bureau-douyin" in out
    assert not (sample_tree / "accounts/education-bureau/education-bureau-douyin.yaml").exists()


def test_outside_a_repository(tmp_path: Path) -> None:
    code, _, err = run_cli("new", "account", "--root", str(tmp_path), *ACCOUNT_FLAGS)
    assert code == 2 and "不是登记库的根目录" in err


def test_new_account_interactive(sample_tree: Path) -> None:
    term = Terminal(["new", "account"], cwd=sample_tree)
    term.expect("主办单位（单位 id）")
    term.expect("请输入编号或值")
    term.answer("education-bureau")
    term.expect("平台")
    term.expect("请输入编号或值")
    term.answer("3")  # douyin, by its number in the list
    term.expect("账号 id（文件名） [education-bureau-douyin]")
    term.answer("")
    term.expect("账号名称")
    term.answer("")  # required: asked again
    term.expect("此项必填")
    term.answer("吴忠教育")
    term.expect("账号 ID")
    term.answer("6400123")
    term.expect("账号主页网址")
    term.answer("douyin.com/x")  # not a URL: asked again
    term.expect("应为以 http:// 或 https:// 开头")
    term.answer("")
    term.expect("认证主体（平台上的认证名称） [吴忠市教育局]")
    term.answer("")
    term.expect("用途")
    term.expect("[general]")
    term.answer("")
    term.expect("运维方式")
    term.expect("[self]")
    term.answer("")
    term.expect("账号简介")
    term.answer("发布教育政策和招生考试信息。")
    term.expect("开设日期（YYYY-MM-DD） [2026-11-26]")
    term.answer("2026-11-24")
    term.expect("备案的日期")
    term.answer("2026-11-25")
    term.expect("确认写入？")
    term.answer("y")
    code, transcript = term.finish()
    assert code == 0, transcript
    assert "✓ 检查通过" in transcript
    text = assert_written_and_clean(sample_tree, "accounts/education-bureau/education-bureau-douyin.yaml")
    assert "description: 发布教育政策和招生考试信息。" in text


def test_interactive_can_be_cancelled_without_writing(sample_tree: Path) -> None:
    term = Terminal(["new", "account"], cwd=sample_tree)
    term.expect("请输入编号或值")
    term.answer("education-bureau")
    term.expect("请输入编号或值")
    term.answer("douyin")
    term.expect("账号 id")
    os_eof(term)
    code, transcript = term.finish()
    assert code == 2
    assert "已取消，没有写入任何文件" in transcript
    assert not (sample_tree / "accounts/education-bureau/education-bureau-douyin.yaml").exists()


def os_eof(term: Terminal) -> None:
    term.eof()  # Ctrl+D at the start of a line: end of input


def test_non_interactive_flag_on_a_terminal_does_not_ask(sample_tree: Path) -> None:
    term = Terminal(["new", "account", "--non-interactive", "--unit", "education-bureau"], cwd=sample_tree)
    code, transcript = term.finish()
    assert code == 2 and "缺少必填项" in transcript and "请输入" not in transcript


# ---------------------------------------------------------------- unit


UNIT_FLAGS = (
    "--id", "audit-bureau", "--name", "吴忠市审计局", "--kind", "agency", "--contact", "0953-2011111",
    "--person", "name=马红梅,roles=handler,title=办公室科员,login=mahm-sjj",
    "--person", "name=单立新,roles=section-head,title=办公室主任,login=shanlx-sjj",
    "--person", "name=欧阳明,roles=leader,title=党组成员、副局长,login=ouyangm-sjj",
)  # fmt: skip


def test_new_unit_non_interactive(sample_tree: Path) -> None:
    code, out, err = run_cli("new", "unit", "--root", str(sample_tree), *UNIT_FLAGS)
    assert code == 0, err
    assert "政务公开办审核" in out  # units/ changes need the supervising office
    text = assert_written_and_clean(sample_tree, "units/audit-bureau.yaml")
    data, _ = parse_yaml(text, "u")
    assert data["leader_in_charge"] == "audit-bureau-ouyangm"
    assert data["staff"] == ["audit-bureau-mahm", "audit-bureau-shanlx"]
    assert [p["roles"] for p in data["people"]] == [["handler"], ["section-head"], ["leader"]]


def test_new_unit_needs_the_three_review_roles(sample_tree: Path) -> None:
    code, _, err = run_cli("new", "unit", "--root", str(sample_tree), *UNIT_FLAGS[:8], "--person", "name=马红梅,roles=handler")
    assert code == 2
    assert "承办科室负责人（复审，section-head）" in err and "分管领导（终审，leader）" in err and "--person" in err


def test_new_unit_rejects_a_badly_written_person(sample_tree: Path) -> None:
    code, _, err = run_cli("new", "unit", "--root", str(sample_tree), *UNIT_FLAGS[:8], "--person", "马红梅 handler")
    assert code == 2 and "键=值" in err


def test_new_unit_interactive(sample_tree: Path) -> None:
    term = Terminal(["new", "unit"], cwd=sample_tree)
    for prompt, answer in [
        ("单位 id（英文，作文件名）", "audit-bureau"),
        ("单位全称", "吴忠市审计局"),
        ("单位类型", None), ("请输入编号或值", "agency"),
        ("上级单位 id", ""),
        ("行政区划代码", None), ("请输入编号或值 [640300]", ""),
        ("统一社会信用代码", ""),
        ("对外公开的联系电话", "0953-2011111"),
        ("第 1 位人员", None), ("姓名", "马红梅"), ("职务", "办公室科员"), ("审核角色", "1"), ("代码托管平台账号", "mahm-sjj"),
        ("人员 id [audit-bureau-mahm]", ""),
        ("还需要登记", None),
        ("第 2 位人员", None), ("姓名", "单立新"), ("职务", ""), ("审核角色", "section-head"), ("代码托管平台账号", "shanlx-sjj"), ("人员 id", ""),
        ("第 3 位人员", None), ("姓名", "欧阳明"), ("职务", "副局长"), ("审核角色", "9"), ("没有角色「9」", None), ("审核角色", "3"),
        ("代码托管平台账号", "ouyangm-sjj"), ("人员 id [audit-bureau-ouyangm]", ""),
        ("继续添加人员？", "n"),
        ("确认写入？", "y"),
    ]:  # fmt: skip
        term.expect(prompt)
        if answer is not None:
            term.answer(answer)
    code, transcript = term.finish()
    assert code == 0, transcript
    text = assert_written_and_clean(sample_tree, "units/audit-bureau.yaml")
    assert "leader_in_charge: audit-bureau-ouyangm  # 分管领导：欧阳明" in text


# ---------------------------------------------------------------- site


SITE_FLAGS = (
    "--id", "audit-site", "--name", "吴忠市审计局网站", "--domain", "sj.wuzhong.gov.cn", "--kind", "department", "--owner", "education-bureau",
    "--site-code", "6403000009", "--icp", "宁ICP备05001234号-3", "--psb", "宁公网安备 64030202000999号",
    "--approval-number", "吴政办函〔2026〕99号", "--approval-date", "2026-10-01",
)  # fmt: skip


def test_new_site_non_interactive(sample_tree: Path) -> None:
    columns = ("--column-spec", "id=news,name=教育要闻,kind=news", "--column-spec", "id=notices,name=通知公告,kind=notice")
    code, _out, err = run_cli("new", "site", "--root", str(sample_tree), *SITE_FLAGS, *columns)
    assert code == 0, err
    text = assert_written_and_clean(sample_tree, "sites/audit-site.yaml")
    data, _ = parse_yaml(text, "s")
    assert data["columns"][0] == {"id": "news", "name": "教育要闻", "responsible_unit": "education-bureau", "kind": "news", "update_every_days": 14}


def test_new_site_without_columns_says_how_to_add_them(sample_tree: Path) -> None:
    code, _, err = run_cli("new", "site", "--root", str(sample_tree), *SITE_FLAGS)
    assert code == 2 and "--column-spec" in err


def test_new_site_interactive_with_standard_columns(sample_tree: Path) -> None:
    term = Terminal(["new", "site"], cwd=sample_tree)
    for prompt, answer in [
        ("网站 id", "audit-site"), ("网站名称", "吴忠市审计局网站"), ("域名", "sj.wuzhong.gov.cn"),
        ("网站类型", None), ("请输入编号或值 [portal]", "2"),
        ("主办单位", None), ("请输入编号或值", "education-bureau"),
        ("网站标识码", "6403000009"), ("ICP 备案号", "宁ICP备05001234号-3"), ("公安机关备案号", "宁公网安备 64030202000999号"),
        ("批准文号", "吴政办函〔2026〕99号"), ("报批文件的日期", "2026-10-01"),
        ("第 1 个栏目", None), ("栏目 id", "news"), ("栏目名称", "教育要闻"), ("栏目类型", None), ("请输入编号或值 [other]", "news"),
        ("内容保障责任单位", ""), ("更新时限（天", ""),
        ("继续添加栏目？", "n"),
        ("确认写入？", ""),
    ]:  # fmt: skip
        term.expect(prompt)
        if answer is not None:
            term.answer(answer)
    code, transcript = term.finish()
    assert code == 0, transcript
    text = assert_written_and_clean(sample_tree, "sites/audit-site.yaml")
    assert "update_every_days: 14" in text


# ---------------------------------------------------------------- content


def test_new_content_draft_non_interactive(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_NOW", "2026-11-26T09:30:00+08:00")
    body = sample_tree / "body.md"
    body.write_text("经研究，现将寒假放假时间通知如下。\n", encoding="utf-8")
    code, out, err = run_cli(
        "new", "content", "--root", str(sample_tree), "--channel", "education-bureau-wechat", "--title", "关于寒假放假时间的通知",
        "--slug", "winter-holiday-2027", "--retention", "2027-12-31", "--body-file", str(body),
    )  # fmt: skip
    assert code == 0, err
    rel = "content/education-bureau-wechat/2026/winter-holiday-2027.md"
    text = assert_written_and_clean(sample_tree, rel)
    assert "    by: education-bureau-wangxd  # 初审：王晓东（承办人）\n    at: 2026-11-26T09:30:00+08:00\n" in text
    assert "  #   by: education-bureau-liulj  # 复审：刘丽娟（承办科室负责人）" in text  # ready to uncomment
    assert text.endswith("---\n\n经研究，现将寒假放假时间通知如下。\n")
    assert "草稿" in out


def test_new_content_published_with_the_review_filled_in_later_passes(sample_tree: Path) -> None:
    code, _, err = run_cli(
        "new", "content", "--root", str(sample_tree), "--channel", "wuzhong-portal", "--column", "news", "--title", "市政府召开常务会议",
        "--slug", "executive-meeting", "--handler", "wuzhong-gov-office-maxy", "--reviewed-at", "2026-11-26 09:00", "--no-check",
    )  # fmt: skip
    assert code == 0, err
    path = sample_tree / "content/wuzhong-portal/2026/executive-meeting.md"
    path.write_text(complete_review(path.read_text(encoding="utf-8"), "2026-11-26T09:40:00+08:00", "2026-11-26T10:10:00+08:00", "2026-11-26T10:30:00+08:00"), encoding="utf-8")
    _, report = check_json(sample_tree)
    rel = "content/wuzhong-portal/2026/executive-meeting.md"
    assert [f for f in report["findings"] if f["path"] == rel and f["severity"] == "error"] == []


def complete_review(text: str, second_at: str, final_at: str, published_at: str) -> str:
    """What the guide tells the handler to do: uncomment the prepared lines, fill in the times and the release time."""
    out: list[str] = []
    prepared = False
    for line in text.splitlines(keepends=True):
        if line.startswith("  # 复审、终审完成后"):
            prepared = True
            continue
        if prepared and line.startswith("  # "):
            line = "  " + line[4:]
            if "at: YYYY" in line:
                line = line.replace("YYYY-MM-DDTHH:MM:00+08:00", second_at if "final" not in "".join(out[-3:]) else final_at)
        elif prepared:
            prepared = False
        if line.startswith("# published_at:"):
            line = f"published_at: {published_at}\n"
        out.append(line)
    return "".join(out)


def test_new_content_on_a_closed_account_is_refused(sample_tree: Path) -> None:
    code, _, err = run_cli("new", "content", "--root", str(sample_tree), "--channel", "market-regulation-bureau-toutiao", "--title", "x")
    assert code == 2 and "已注销，不能再发布信息" in err


def test_new_content_interactive(sample_tree: Path) -> None:
    term = Terminal(["new", "content"], cwd=sample_tree, env={"GOVREG_NOW": "2026-11-26T09:30:00+08:00"})
    for prompt, answer in [
        ("发布渠道", "wuzhong-portl"), ("您是不是要找", None), ("发布渠道", "wuzhong-portal"),
        ("网站栏目", None), ("请输入编号或值", "news"),
        ("发布单位（单位 id，三审由本单位人员负责） [wuzhong-gov-office]", ""),
        ("标题", "市政府召开常务会议"),
        ("文件名（英文，不含 .md） [shi-zheng-fu-zhao-kai-chang]", "executive-meeting"),
        ("信息来源", None), ("请输入编号或值 [original]", ""),
        ("来源名称（发布单位或转载媒体） [吴忠市人民政府办公室]", ""),
        ("发布时间", ""),
        ("公开期限", ""),
        ("公开属性", None), ("请输入编号或值 [proactive]", ""),
        ("是否敏感信息", None), ("请输入编号或值 [no]", ""),
        ("是否涉及重特大突发事件", None), ("请输入编号或值 [no]", ""),
        ("摘要", ""),
        ("初审承办人", None), ("请输入编号或值", "1"),
        ("初审时间（YYYY-MM-DD HH:MM） [2026-11-26 09:30]", ""),
        ("正文", "会议研究了冬季供暖保障等事项。"),
        ("确认写入？", "y"),
    ]:  # fmt: skip
        term.expect(prompt)
        if answer is not None:
            term.answer(answer)
    code, transcript = term.finish()
    assert code == 0, transcript
    text = assert_written_and_clean(sample_tree, "content/wuzhong-portal/2026/executive-meeting.md")
    assert "column: news  # 栏目：要闻动态" in text
    assert text.endswith("\n会议研究了冬季供暖保障等事项。\n")


# ---------------------------------------------------------------- flags and prompts stay in step


def test_every_prompt_has_its_flag(sample_tree: Path) -> None:
    from govreg.authoring import new_account, new_content, new_site, new_unit
    from govreg.commands.new import FLAGS
    from govreg.repository import load_repository

    repo = load_repository(sample_tree)
    for kind, module in (("account", new_account), ("unit", new_unit), ("site", new_site), ("content", new_content)):
        flags = {(flag, key) for flag, key, _ in FLAGS[kind]}
        asked = {(q.flag, q.key) for q in module.questions(repo)}
        assert asked == flags, kind


def test_every_user_error_says_what_to_do_next() -> None:
    import ast

    from conftest import REPO

    files = [*(REPO / "tools/govreg/authoring").glob("*.py"), *(REPO / "tools/govreg/commands").glob("*.py")]
    calls = 0
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "UserError":
                calls += 1
                assert len(node.args) == 2, f"{file.name}:{node.lineno} UserError 需要 message 和 hint"
                hint = node.args[1]
                assert isinstance(hint, (ast.Constant, ast.JoinedStr)), f"{file.name}:{node.lineno}"
                text = str(hint.value) if isinstance(hint, ast.Constant) else "".join(str(v.value) for v in hint.values if isinstance(v, ast.Constant))
                assert any(word in text for word in ("请", "运行", "用", "重新", "即可", "改用", "按")), f"{file.name}:{node.lineno}: {text}"
    assert calls > 30
