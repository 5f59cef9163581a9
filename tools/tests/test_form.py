"""``govreg form``: the 审查表 (第十二条、第十三条) as self-contained printable HTML, filled from the record and the approvals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govreg.commands.form import find_chromium

from conftest import run_cli

ITEM = "content/education-bureau-wechat/2026/winter-campus-safety.md"


def review(login: str, state: str, at: str, body: str = "", index: int = 0) -> dict[str, object]:
    return {"id": 900 + index, "user": {"login": login}, "body": body, "state": state, "submitted_at": at, "commit_id": "abc", "author_association": "MEMBER"}


def form_html(root: Path, *extra: str, item: str = ITEM) -> str:
    out = root / "form.html"
    code, stdout, err = run_cli("form", str(root / item), "--root", str(root), "-o", str(out), *extra)
    assert code == 0, err
    assert f"已生成审查表 {out}" in stdout
    return out.read_text(encoding="utf-8")


def test_form_is_filled_from_the_record(sample_tree: Path) -> None:
    page = form_html(sample_tree)
    assert "<title>政府网站和政务新媒体政务信息发布审查表 - 冬季校园安全提示" in page
    for text in ("吴忠市教育局", "吴忠教育(微信公众号", "原创(主动公开的信息)", "2026-11-19 17:00", "至 2027-12-31"):
        assert text in page
    steps = re.findall(r"<tr><th>(初审|复审|终审)<div.*?</tr>", page, re.S)
    assert steps == ["初审", "复审", "终审"]
    assert "王晓东(办公室科员)" in page and "刘丽娟(办公室主任)" in page and "赵国庆" in page
    assert "2026-11-18<br>15:39" in page and "同意发布" in page
    for name in ("法规审核", "保密审核", "转载审核", "质量审核", "其他审核"):
        assert name in page  # the checklist of 第十二条(二)
    assert "签字" in page and "第十三条" in page
    assert "govreg check 对本条信息没有发现问题" in page
    assert "进入冬季" in page  # the text of the item follows the form


def test_form_is_self_contained_and_prints_on_a4(sample_tree: Path) -> None:
    page = form_html(sample_tree)
    assert "@page { size: A4;" in page and "@media print" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # no external resource
    assert "<script" not in page


def test_raw_html_in_the_body_is_shown_as_text(sample_tree: Path) -> None:
    path = sample_tree / ITEM
    path.write_text(path.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    page = form_html(sample_tree)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_form_of_a_draft_is_filled_from_the_pull_request(sample_tree: Path) -> None:
    code, _, err = run_cli(
        "new", "content", "--root", str(sample_tree), "--channel", "education-bureau-wechat", "--title", "关于寒假放假时间的通知",
        "--slug", "winter-holiday", "--handler", "education-bureau-wangxd", "--reviewed-at", "2026-11-26 09:00", "--no-check",
    )  # fmt: skip
    assert code == 0, err
    reviews = sample_tree / "reviews.json"
    reviews.write_text(
        json.dumps(
            {
                "pull_request": {"number": 42, "user": {"login": "wangxd-jyj"}, "head": {"sha": "abc"}, "base": {"sha": "def"}},
                "reviews": [
                    review("liulj-jyj", "COMMENTED", "2026-11-26T01:20:00Z", "日期请核对", 0),
                    review("liulj-jyj", "APPROVED", "2026-11-26T01:40:00Z", "复审通过", 1),
                    review("zhaogq-jyj", "APPROVED", "2026-11-26T02:10:00Z", "同意发布", 2),
                    review("stranger", "APPROVED", "2026-11-26T02:20:00Z", "", 3),
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    page = form_html(sample_tree, "--reviews", str(reviews), item="content/education-bureau-wechat/2026/winter-holiday.md")
    assert "尚未发布(草稿)" in page
    assert "拉取请求 #42上的批准" in page
    assert "刘丽娟<div class=\"note\">(据拉取请求)</div>" in page and "2026-11-26<br>09:40" in page and "复审通过" in page
    assert "赵国庆<div class=\"note\">(据拉取请求)</div>" in page and "2026-11-26<br>10:10" in page
    assert "(不在名册中)" in page  # an approval by someone outside the roster is listed, not counted
    assert "日期请核对" not in page  # comments are not approvals


def test_form_reports_a_reviewer_in_the_record_who_did_not_approve(sample_tree: Path) -> None:
    reviews = sample_tree / "reviews.json"
    reviews.write_text(json.dumps([review("liulj-jyj", "APPROVED", "2026-11-18T06:43:00Z", "复审通过")]), encoding="utf-8")
    code, _, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "-o", str(sample_tree / "f.html"), "--reviews", str(reviews))
    assert code == 0
    assert "终审:登记记录中的赵国庆(党组成员、副局长)没有在拉取请求上批准" in err


def test_form_errors_say_what_to_do(sample_tree: Path) -> None:
    code, _, err = run_cli("form", str(sample_tree / "units/education-bureau.yaml"), "--root", str(sample_tree))
    assert code == 2 and "不是信息文件" in err and "content/" in err
    code, _, err = run_cli("form", str(sample_tree / "content/x.md"), "--root", str(sample_tree))
    assert code == 2 and "找不到文件" in err
    bad = sample_tree / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "--reviews", str(bad))
    assert code == 2 and "无法使用" in err and "→" in err
    path = sample_tree / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace("channel: education-bureau-wechat", "channel: [x"), encoding="utf-8")
    code, _, err = run_cli("form", str(path), "--root", str(sample_tree))
    assert code == 2 and "请先运行 govreg check" in err


def test_pdf_without_a_browser_explains_the_print_dialog(sample_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREG_CHROMIUM", str(sample_tree / "no-such-browser"))
    code, _out, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "-o", str(sample_tree / "f.html"), "--pdf", str(sample_tree / "f.pdf"))
    assert code == 2
    assert (sample_tree / "f.html").is_file()  # the HTML is there to print by hand
    assert "Ctrl+P" in err and "另存为 PDF" in err


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="需要 Chromium(make browser-deps)")
def test_pdf_through_headless_chromium(sample_tree: Path) -> None:
    pdf = sample_tree / "form.pdf"
    code, _out, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "-o", str(sample_tree / "f.html"), "--pdf", str(pdf))
    assert code == 0, err
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 2  # the form and the text
