"""Quality rules (Art. 11, 12.4, 13, 15): markings, links, proofreading, typography, attachments, retention."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from contenttree import ContentTree
from ruletree import found, only

from conftest import check_json, flat

SAMPLE = "content/wuzhong-portal/2026/open-government-meeting.md"
FULL_COMMA, FULL_COLON = "\uff0c", "\uff1a"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "repo")


def codes_of(tree: ContentTree, module: str) -> list[tuple[str, int | None, int | None]]:
    return [(f.code, f.line, f.column) for f in tree.check(module)]


# ---------------------------------------------------------------- forbidden-marking (第十一条)


@pytest.mark.parametrize(
    ("body", "text", "how"),
    [
        ("机密★1年\n\n关于××的情况通报\n", "机密", "带★保密期限"),
        ("## 秘密 ★ 长期\n", "秘密", "带★保密期限"),
        ("**内部资料 注意保存**\n", "内部资料", "单独成行"),
        ("> 不宜公开\n", "不宜公开", "单独成行"),
        ("本通报【内部资料】仅供参阅。\n", "内部资料", "加括号标注"),
        ("(此件不予公开)\n", "此件不予公开", "公开属性标注"),
    ],
)
def test_markings_are_errors(tree: ContentTree, body: str, text: str, how: str) -> None:
    tree.body(body)
    finding = only(tree.check("content_markings"), "forbidden-marking")
    assert finding.message == f"正文中有{how}「{text}」，带此类标注的文稿不得公开发布"
    assert finding.article == "第十一条"
    assert finding.line == tree.line(text if how != "公开属性标注" else "此件")


def test_marking_in_the_title(tree: ContentTree) -> None:
    tree.item()["title"] = "【内部资料】关于做好冬季供暖工作的通知"
    finding = only(tree.check("content_markings"), "forbidden-marking")
    assert (finding.line, finding.column) == (2, 9)
    assert finding.message.startswith("标题中有加括号标注「内部资料」")


@pytest.mark.parametrize(
    "body",
    [
        "所发布的信息不得涉及国家秘密、商业秘密及个人隐私;不得擅自公开发布不宜公开的文件、信息等敏感内容。\n",
        "# 关于加强保守国家秘密工作的通知\n",
        "(此件公开发布)\n",
        "| 不予公开 | 3 |\n",
        "```\n秘密★1年\n```\n",
    ],
)
def test_ordinary_words_are_not_markings(tree: ContentTree, body: str) -> None:
    tree.body(body)
    assert found(tree.check("content_markings")) == []


def test_the_repository_list_replaces_the_default(tree: ContentTree) -> None:
    tree.files["config/forbidden-markings.yaml"] = "markings: [仅供参考]\nphrases: []\n"
    tree.body("仅供参考\n\n机密★1年\n")
    assert [f.line for f in tree.check("content_markings")] == [tree.line("仅供参考")]


# ---------------------------------------------------------------- links (第十二条)


@pytest.mark.parametrize(
    ("body", "code", "problem"),
    [
        ("[领取补贴](javascript:alert(1))\n", "link-scheme", "使用了 javascript: 协议"),
        ("[图](data:text/html;base64,PHNjcmlwdD4=)\n", "link-scheme", "使用了 data: 协议"),
        ("<a href=\"java&#x09;script:void(0)\">点击</a>\n", "link-scheme", "使用了 javascript: 协议"),
        ("[x](JavaScript:void(0))\n", "link-scheme", "使用了 javascript: 协议"),
        ("[本机](file:///C:/a.doc)\n", "link-scheme", "使用了 file: 协议"),
        ("[旧站](//www.example.com/a)\n", "link-scheme", "省略了协议"),
        ("<vbscript:msgbox>\n", "link-scheme", "使用了 vbscript: 协议"),
    ],
)
def test_bad_schemes_are_errors(tree: ContentTree, body: str, code: str, problem: str) -> None:
    tree.body(body)
    finding = only(tree.check("content_links"), code)
    assert problem in finding.message
    assert finding.severity.value == "error"
    assert finding.line == tree.line(body.split("\n")[0][:5])


def test_good_links_pass(tree: ContentTree) -> None:
    tree.body(
        "详见[通知](https://www.nx.gov.cn/zwgk/1.html)、[附件](files/a.pdf \"附件\")、"
        "[联系我们](mailto:zwgk@wuzhong.gov.cn)、[上一篇](../2025/old.md)、[顶部](#top)。\n\n"
        "[ref]: https://www.gov.cn/\n\n`javascript:alert(1)` 只是代码示例。\n"
    )
    assert found(tree.check("content_links")) == []


def test_plain_http_to_a_gov_cn_site_is_a_warning(tree: ContentTree) -> None:
    tree.body("详见 http://www.nx.gov.cn/zwgk/1.html 和 [新闻](http://www.people.com.cn/a)。\n")
    finding = only(tree.check("content_links"), "link-insecure-gov")
    assert finding.severity.value == "warning"
    assert finding.message == "链接「http://www.nx.gov.cn/zwgk/1.html」以明文 http:// 指向政府网站 www.nx.gov.cn"
    assert finding.hint == "请改为 https://www.nx.gov.cn/zwgk/1.html（政府网站均已支持 HTTPS）。"
    assert (finding.line, finding.column) == (tree.line("详见"), 4)


def test_http_source_url_of_a_gov_cn_site_is_a_warning(tree: ContentTree) -> None:
    tree.item()["source"] = {"kind": "reprint", "name": "中国政府网", "url": "http://www.gov.cn/zhengce/1.htm"}
    assert [f.code for f in tree.check("content_links")] == ["link-insecure-gov"]


def test_blocked_domains_match_the_registered_domain(tree: ContentTree) -> None:
    tree.files["config/link-blocklist.yaml"] = "domains:\n  - bad-casino.example\n  - 203.0.113.7\n"
    tree.body(
        "[a](https://www.bad-casino.example/x)\n\n"
        "[b](https://bad-casino.example.gov.cn/x)\n\n"  # registered domain example.gov.cn: not blocked
        "[c](http://203.0.113.7/)\n\n"
        "[d](mailto:win@bad-casino.example)\n"
    )
    findings = tree.check("content_links")
    assert [(f.code, f.line) for f in findings] == [
        ("link-blocked", tree.line("[a]")),
        ("link-blocked", tree.line("[c]")),
        ("link-blocked", tree.line("[d]")),
    ]
    assert findings[0].message == "链接「https://www.bad-casino.example/x」指向禁止链接的网站 www.bad-casino.example（清单条目「bad-casino.example」）"


def test_tel_links_can_be_allowed(tree: ContentTree) -> None:
    tree.body("[拨打热线](tel:12345)\n")
    assert [f.code for f in tree.check("content_links")] == ["link-scheme"]
    tree.config["links"] = {"allowed_schemes": ["http", "https", "mailto", "tel"]}
    assert found(tree.check("content_links")) == []


# ---------------------------------------------------------------- proofread-word (第十二条)


@pytest.mark.parametrize(
    ("body", "wrong", "right"),
    [
        ("截止2026年10月底,全市共受理申请120件。\n", "截止", "截至"),
        ("截止目前,已完成改造。\n", "截止", "截至"),
        ("全市已按装充电桩1200个。\n", "按装", "安装"),
        ("既使遇到困难,也要按时完成。\n", "既使", "即使"),
        ("认真贯切落实会议精神。\n", "贯切", "贯彻"),
    ],
)
def test_wrong_words_are_errors(tree: ContentTree, body: str, wrong: str, right: str) -> None:
    tree.body(body)
    finding = only(tree.check("content_proofreading"), "proofread-word")
    assert finding.message == f"正文中的「{wrong}」应为「{right}」"
    assert (finding.line, finding.column) == (tree.line(wrong), body.index(wrong) + 1)
    assert finding.severity.value == "error"


@pytest.mark.parametrize(
    "body",
    [
        "报名截止日期为11月30日,逾期不予受理。\n",
        "截止到2026年底。\n",
        "按装修面积计算补贴,按装机容量核定。\n",
        "既使企业受益,又使群众满意。\n",
        "截至2026年10月底,全市已安装充电桩1200个。\n",
    ],
)
def test_right_words_and_exceptions_pass(tree: ContentTree, body: str) -> None:
    tree.body(body)
    assert found(tree.check("content_proofreading")) == []


def test_wrong_word_in_title(tree: ContentTree) -> None:
    tree.item()["title"] = "关于截止2026年底项目进展的通报"
    finding = only(tree.check("content_proofreading"), "proofread-word")
    assert finding.message.startswith("标题中的「截止」")
    assert finding.line == 2


def test_dictionary_is_extendable_and_checked(tree: ContentTree) -> None:
    tree.files["config/proofreading.yaml"] = "words:\n  - wrong: 吴中市\n    right: 吴忠市\n  - wrong: x\n    right: y\n    after: '('\n"
    tree.body("吴中市人民政府\n")
    findings = tree.check("content_proofreading")
    assert [f.code for f in findings] == ["schema"]  # the broken regex; the default dictionary applies meanwhile
    tree.files["config/proofreading.yaml"] = "words:\n  - wrong: 吴中市\n    right: 吴忠市\n"
    assert [f.message for f in tree.check("content_proofreading")] == ["正文中的「吴中市」应为「吴忠市」"]


# ---------------------------------------------------------------- typography (第十三条)


def test_typography_warnings_with_suggestions(tree: ContentTree) -> None:
    tree.body("各县(市、区)人民政府,市直各部门:\n\n请使用PDF格式报送2026年数据。\n")
    findings = tree.check("content_typography")
    assert [(f.code, f.severity.value, f.line, f.column) for f in findings] == [
        ("typography", "warning", tree.line("各县"), 12),
        ("typography", "warning", tree.line("请使用"), 4),
    ]
    assert findings[0].message == f"「人民政府,市直各部」宜改为「人民政府{FULL_COMMA}市直各部」（本行共 2 处）"
    assert findings[0].hint == f"建议改为：各县(市、区)人民政府{FULL_COMMA}市直各部门{FULL_COLON}"
    assert findings[1].hint == "建议改为：请使用 PDF 格式报送2026年数据。"  # no space before the digits


def test_clean_chinese_text_and_code_pass(tree: ContentTree) -> None:
    tree.body(f"截至2026年10月底{FULL_COMMA}全市共受理申请120件。\n\n```\nprint(\"中文,English\")\n```\n")
    assert found(tree.check("content_typography")) == []


def test_typography_settings(tree: ContentTree) -> None:
    tree.body("共受理申请120件\n")
    assert found(tree.check("content_typography")) == []
    tree.config["typography"] = {"space_between_cjk_and_digits": True}
    assert only(tree.check("content_typography"), "typography").hint == "建议改为：共受理申请 120 件"
    tree.config["typography"] = {"enabled": False}
    tree.body("请使用PDF格式,谢谢\n")
    assert found(tree.check("content_typography")) == []


def test_typography_in_the_title(tree: ContentTree) -> None:
    tree.item()["title"] = "关于做好APP备案的通知"
    finding = only(tree.check("content_typography"), "typography")
    assert (finding.line, finding.column) == (2, 12)  # where the space goes: before "APP"


# ---------------------------------------------------------------- attachments (第十二条)


def test_attachments_present_pass(tree: ContentTree) -> None:
    tree.files["content/wz-portal/2026/images/photo.jpg"] = "jpg"
    tree.files["content/wz-portal/2026/files/申请表 2026.docx"] = "docx"
    tree.files["static/logo.png"] = "png"
    tree.body("![现场](images/photo.jpg)\n\n[申请表](files/申请表%202026.docx)\n\n<img src=\"/static/logo.png\">\n\n[首页](/zwgk/)\n")
    assert found(tree.check("content_attachments")) == []


def test_missing_attachment_and_wrong_case(tree: ContentTree) -> None:
    tree.files["content/wz-portal/2026/images/photo.jpg"] = "jpg"
    tree.body("![现场](images/photo.JPG)\n\n[申请表](files/form.pdf)\n")
    findings = tree.check("content_attachments")
    assert [(f.code, f.line) for f in findings] == [("attachment-missing", tree.line("现场")), ("attachment-missing", tree.line("申请表"))]
    assert findings[0].message == "引用的图片「images/photo.JPG」在仓库中不存在（仓库中有 content/wz-portal/2026/images/photo.jpg，大小写不同）"
    assert "content/wz-portal/2026/files/form.pdf" in findings[1].hint


def test_attachment_outside_the_repository(tree: ContentTree, tmp_path: Path) -> None:
    outside = tmp_path / "secret.pdf"
    outside.write_text("x", encoding="utf-8")
    tree.body("[a](../../../../secret.pdf)\n\n[b](C:\\Users\\wang\\Desktop\\通知.docx)\n\n[c](files/link.pdf)\n")
    root = tree.write()
    (root / "content/wz-portal/2026/files").mkdir(parents=True)
    os.symlink(outside, root / "content/wz-portal/2026/files/link.pdf")
    from govreg.engine import run_check

    findings = [f for f in run_check(root).findings if f.code.startswith("attachment-")]
    assert [(f.code, f.line) for f in findings] == [
        ("attachment-outside", tree.line("[a]")),
        ("attachment-outside", tree.line("[b]")),
        ("attachment-outside", tree.line("[c]")),
    ]
    assert [f.message.split("」", 1)[1] for f in findings] == ["的路径跳出了仓库根目录", "是本机或局域网上的路径，网站访问者无法打开", "是指向仓库之外的符号链接"]


# ---------------------------------------------------------------- retention-expired (第十五条)


def test_expired_item_is_a_warning(tree: ContentTree) -> None:
    tree.item()["retention"] = "2026-03-31"
    finding = only(tree.check("content_retention"), "retention-expired")
    assert finding.message == "公开期限 2026-03-31 已过 240 天（约 8 个月），应及时清理"
    assert (finding.severity.value, finding.article, finding.line) == ("warning", "第十五条", tree.line("retention:"))


@pytest.mark.parametrize("retention", ["permanent", "2026-11-26", "2027-03-31"])
def test_item_within_its_retention_passes(tree: ContentTree, retention: str) -> None:
    tree.item()["retention"] = retention
    assert found(tree.check("content_retention")) == []


# ---------------------------------------------------------------- on the sample tree


def test_sample_tree_mutations(sample_tree: Path) -> None:
    path = sample_tree / SAMPLE
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n内部资料 注意保存\n\n截止2026年11月,[查看](javascript:void(0))![图](images/none.png)请使用PDF格式。\n")
    _code, report = check_json(sample_tree)
    got = sorted({c for c, p, _ in flat(report) if p == SAMPLE})
    assert got == ["attachment-missing", "forbidden-marking", "link-scheme", "proofread-word", "typography"]
