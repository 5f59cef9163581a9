"""``govreg form``: the 审查表 (第十二条、第十三条) as self-contained printable HTML, filled from the record and the approvals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from govreg.commands.form import find_chromium

from conftest import local_only, run_cli

ITEM = "content/education-bureau-wechat/2026/winter-campus-safety.md"


def review(login: str, state: str, at: str, body: str = "", index: int = 0) -> dict[str, object]:
    return {
        "id": 900 + index,
        "user": {"login": login},
        "body": body,
        "state": state,
        "submitted_at": at,
        "commit_id": "abc",
        "author_association": "MEMBER",
    }


def form_html(root: Path, *extra: str, item: str = ITEM) -> str:
    out = root / "form.html"
    code, stdout, err = run_cli("form", str(root / item), "--root", str(root), "-o", str(out), *extra)
    assert code == 0, err
    assert f"已生成审查表 {out}" in stdout
    return out.read_text(encoding="utf-8")


def test_form_is_filled_from_the_record(sample_tree: Path) -> None:
    page = form_html(sample_tree)
    assert "<title>政府网站和政务新媒体政务信息发布审查表 - 冬季校园安全提示" in page
    for text in ("吴忠市教育局", "吴忠教育（微信公众号", "原创（主动公开的信息）", "2026-11-19 17:00", "至 2027-12-31"):
        assert text in page
    steps = re.findall(r"<tr><th>(初审|复审|终审)<div.*?</tr>", page, re.S)
    assert steps == ["初审", "复审", "终审"]
    assert "王晓东（办公室科员）" in page and "刘丽娟（办公室主任）" in page and "赵国庆" in page
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
    _, _, err = run_cli(
        "form",
        str(sample_tree / "content/education-bureau-wechat/2026/winter-holiday.md"),
        "--root",
        str(sample_tree),
        "-o",
        "-",
        "--reviews",
        str(reviews),
    )
    assert "stranger 不在任何单位的名册中" in err  # … but said on the terminal
    assert "尚未发布（草稿）" in page
    assert "拉取请求 #42" in page
    assert '刘丽娟<div class="note">（线上批准）</div>' in page and "2026-11-26<br>09:40" in page and "复审通过" in page
    assert '赵国庆<div class="note">（线上批准）</div>' in page and "2026-11-26<br>10:10" in page
    assert "stranger" not in page  # an approval by someone outside the roster is not counted …
    assert "日期请核对" not in page  # comments are not approvals


def test_form_reports_a_reviewer_in_the_record_who_did_not_approve(sample_tree: Path) -> None:
    reviews = sample_tree / "reviews.json"
    reviews.write_text(json.dumps([review("liulj-jyj", "APPROVED", "2026-11-18T06:43:00Z", "复审通过")]), encoding="utf-8")
    code, _, err = run_cli(
        "form", str(sample_tree / ITEM), "--root", str(sample_tree), "-o", str(sample_tree / "f.html"), "--reviews", str(reviews)
    )
    assert code == 0
    assert "终审：登记记录中的赵国庆（党组成员、副局长）没有在拉取请求上批准" in err


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
    code, _out, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "--pdf", "-o", str(sample_tree / "f.pdf"))
    assert code == 2
    assert not (sample_tree / "f.pdf").exists()
    assert (sample_tree / "f.html").is_file()  # the HTML is there to print by hand
    assert "f.html" in err and "Ctrl+P" in err and "另存为 PDF" in err


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF, as PDFium reads it."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="需要 Chromium（make browser-deps）")
def test_pdf_through_headless_chromium(sample_tree: Path) -> None:
    pdf = sample_tree / "form.pdf"
    code, _out, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "--pdf", "-o", str(pdf))
    assert code == 0, err
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(pdf)
    assert len(pages) == 1, [p[:80] for p in pages]  # a normal item: the form and its text on one A4 page
    text = re.sub(r"\s+", "", pages[0])
    for words in ("政府网站和政务新媒体政务信息发布审查表", "终审", "其他审核", "第十三条", "四、注意身体健康"):
        assert words in text


SHORT_ITEMS = sorted(
    str(p.relative_to(Path(__file__).resolve().parents[2]))
    for p in (Path(__file__).resolve().parents[2] / "content").rglob("*.md")
    if p.stat().st_size < 4000
)


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="需要 Chromium（make browser-deps）")
def test_every_sample_item_prints_on_at_most_two_pages_with_the_form_whole_on_the_first(sample_tree: Path) -> None:
    """Each item's form, as ``govreg form`` writes it, printed by one Chromium session (Playwright's ``page.pdf``
    honours the form's ``@page`` as ``--print-to-pdf`` does; that path is tested above, once: a browser per item took 90 s)."""
    from playwright.sync_api import sync_playwright

    assert len(SHORT_ITEMS) >= 10
    counts = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            outside = local_only(page.context)
            for item in SHORT_ITEMS:
                html = form_html(sample_tree, item=item)
                page.set_content(html, wait_until="load")
                pdf = sample_tree / "f.pdf"
                pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
                pages = [re.sub(r"\s+", "", p) for p in pdf_pages(pdf)]
                counts[item] = len(pages)
                assert "其他审核" in pages[0] and "第十三条" in pages[0], item  # the form itself is never split
            assert outside == []  # the form needs nothing from the network
        finally:
            browser.close()
    assert max(counts.values()) <= 2, counts
    assert sum(1 for n in counts.values() if n == 1) >= len(counts) // 2, counts  # most fit on one page


# ---------------------------------------------------------------- hostile bodies (issue 12)


def with_body(root: Path, text: str) -> None:
    path = root / ITEM
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "java%0ascript:alert(1)",
        " javascript:alert(1)",
        "file:///etc/passwd",
    ],
)
def test_body_links_other_than_http_are_not_live(sample_tree: Path, link: str) -> None:
    with_body(sample_tree, f"[点击查看]({link}) 与 [参考][r]\n\n[r]: {link}")
    page = form_html(sample_tree)
    body = page.split('class="body"', 1)[1]
    assert "点击查看" in body and "参考" in body  # the words stay, as text
    hrefs = re.findall(r"""href\s*=\s*["']?([^"' >]*)""", body)
    assert hrefs == [], hrefs


def test_body_http_links_stay_live(sample_tree: Path) -> None:
    with_body(sample_tree, "[教育部](https://www.moe.gov.cn/) 和 [旧站](http://example.gov.cn/a?b=1&c=2)")
    page = form_html(sample_tree)
    assert 'href="https://www.moe.gov.cn/"' in page and 'href="http://example.gov.cn/a?b=1&amp;c=2"' in page


@pytest.mark.parametrize("src", ["/etc/passwd", "../../../../../../etc/passwd", "file:///etc/passwd", "%2Fetc%2Fpasswd"])
def test_images_outside_the_repository_are_not_embedded(sample_tree: Path, src: str) -> None:
    with_body(sample_tree, f"![x]({src})")
    page = form_html(sample_tree)
    assert "base64" not in page
    assert not re.search(r"""<img[^>]*src=["']?(?!data:image/)""", page)  # no image that the browser would fetch
    assert "root:" not in page


def test_symlinked_image_pointing_outside_is_not_embedded(sample_tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    images = (sample_tree / ITEM).parent / "images"
    images.mkdir()
    (images / "x.png").symlink_to(secret)
    with_body(sample_tree, "![x](images/x.png)")
    page = form_html(sample_tree)
    assert "base64" not in page


def test_images_inside_the_repository_are_embedded(sample_tree: Path) -> None:
    images = (sample_tree / ITEM).parent / "images"
    images.mkdir()
    (images / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\nPHOTO")
    (sample_tree / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nLOGO")
    with_body(sample_tree, "![现场照片](images/photo.png)\n\n![标志](/logo.png)")
    page = form_html(sample_tree)
    assert page.count('src="data:image/png;base64,') == 2
    assert "data:image/png;base64,iVBORw0KGgpQSE9UTw==" in page


def test_remote_images_are_not_fetched(sample_tree: Path) -> None:
    with_body(sample_tree, "![远程](https://example.com/a.png)")
    page = form_html(sample_tree)
    assert not re.search(r"""<img[^>]*src=["']?https?:""", page)
    assert "远程" in page  # the alt text stands in


def test_record_text_is_escaped_in_every_cell(sample_tree: Path) -> None:
    path = sample_tree / ITEM
    path.write_text(path.read_text(encoding="utf-8").replace("opinion: 同意发布", "opinion: <b onmouseover=x>同意</b>"), encoding="utf-8")
    page = form_html(sample_tree)
    assert "<b onmouseover" not in page and "&lt;b onmouseover=x&gt;同意&lt;/b&gt;" in page


# ---------------------------------------------------------------- output and layout (issue 18)


def test_output_is_the_pdf_when_asked(sample_tree: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if find_chromium() is None:
        pytest.skip("需要 Chromium")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    out = work / "x.pdf"
    code, stdout, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "--pdf", "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in work.iterdir()) == ["x.pdf"]  # nothing else, in the working directory or the repository
    assert not list(sample_tree.glob("审查表*"))
    assert f"已生成审查表 {out}" in stdout
    out2 = work / "y.pdf"  # the .pdf suffix alone says PDF
    code, _, err = run_cli("form", str(sample_tree / ITEM), "--root", str(sample_tree), "-o", str(out2))
    assert code == 0, err and out2.read_bytes().startswith(b"%PDF")


def test_header_has_no_internals(sample_tree: Path) -> None:
    page = form_html(sample_tree)
    header = page.split("<table", 1)[0]
    assert "content/" not in header and ".md" not in header
    main = re.sub(r"<footer.*?</footer>", "", page, flags=re.S)
    assert ITEM not in main  # the record's path is only in the small footer
    assert ITEM in page


def test_known_opinions_fill_the_cells(sample_tree: Path) -> None:
    reviews = sample_tree / "reviews.json"
    reviews.write_text(
        json.dumps(
            [
                review("liulj-jyj", "APPROVED", "2026-11-18T06:43:00Z", "复审通过", 0),
                review("zhaogq-jyj", "APPROVED", "2026-11-18T07:39:00Z", "同意发布", 1),
            ]
        ),
        encoding="utf-8",
    )
    page = form_html(sample_tree, "--reviews", str(reviews))
    row = re.search(r"<tr[^>]*>\s*<th[^>]*>\s*复审.*?</tr>", page, re.S)
    assert row is not None and "复审通过" in row.group(0)
    assert "liulj-jyj" not in page and "zhaogq-jyj" not in page  # forge logins stay off the paper
