"""Sources and reprints (Art. 10, 12.3): allow-lists matched on the registered domain, never by substring."""

from __future__ import annotations

from pathlib import Path

import pytest
from contenttree import ContentTree, resub
from ruletree import found, only

from govreg.domains import DomainList, registered_domain

from conftest import check_json, flat

CENTRAL_SAMPLE = "content/wuzhong-portal/2026/state-council-open-government-standards.md"
REGION_SAMPLE = "content/wuzhong-portal/2026/region-clean-heating-2026.md"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "repo")


def reprint(tree: ContentTree, url: str | None, level: str = "central", name: str = "中国政府网") -> None:
    source = {"kind": "reprint", "name": name, "document_level": level}
    if url is not None:
        source["url"] = url
    tree.item()["source"] = source


# ---------------------------------------------------------------- domain matching


@pytest.mark.parametrize(
    ("host", "hit"),
    [
        ("www.gov.cn", "www.gov.cn"),
        ("sousuo.www.gov.cn", "www.gov.cn"),
        ("gov.cn.evil.com", None),
        ("www.gov.cn.evil.com", None),
        ("mof.gov.cn", None),  # another site under the gov.cn public suffix
        ("paper.people.com.cn", "people.com.cn"),
        ("people.com.cn.example.net", None),
        ("notpeople.com.cn", None),
        ("WWW.NEWS.CN.", "news.cn"),
        ("fzggw.nx.gov.cn", "nx.gov.cn"),
        ("nx.gov.cn", "nx.gov.cn"),
        ("nxgov.cn", None),
    ],
)
def test_registered_domain_matching(host: str, hit: str | None) -> None:
    allow, refused = DomainList.parse(["www.gov.cn", "people.com.cn", "news.cn", "*.nx.gov.cn"])
    assert refused == []
    entry = allow.match(host)
    assert (entry.domain if entry else None) == hit


def test_a_public_suffix_is_refused_as_too_broad() -> None:
    allow, refused = DomainList.parse(["gov.cn", "com.cn", "https://www.gov.cn/zhengce/", "not a domain"])
    assert [e.domain for e in allow.entries] == ["www.gov.cn"]
    assert [(i, raw) for i, raw, _ in refused] == [(0, "gov.cn"), (1, "com.cn"), (3, "not a domain")]
    assert registered_domain("gov.cn") is None


# ---------------------------------------------------------------- reprint-authority


@pytest.mark.parametrize(
    "url",
    [
        "https://www.gov.cn/zhengce/content/202608/content_7061234.htm",
        "http://paper.people.com.cn/rmrb/html/2026-11/22/nw.D110000renmrb_20261122_1-01.htm",
        "https://www.news.cn/politics/20261123/c.html",
        "https://www.moe.gov.cn/srcsite/A06/s3325/202611/t20261120.html",
    ],
)
def test_central_document_from_an_authoritative_source_passes(tree: ContentTree, url: str) -> None:
    reprint(tree, url)
    assert found(tree.check("content_source")) == []


@pytest.mark.parametrize(
    ("url", "host", "domain"),
    [
        ("https://www.gov.cn.evil.com/zhengce/1.html", "www.gov.cn.evil.com", "evil.com"),
        ("https://www.sohu.com/a/123", "www.sohu.com", "sohu.com"),
        ("https://www.nx.gov.cn/zwgk/1.html", "www.nx.gov.cn", "nx.gov.cn"),  # a regional site for a central document
    ],
)
def test_central_document_from_elsewhere_is_an_error(tree: ContentTree, url: str, host: str, domain: str) -> None:
    reprint(tree, url)
    finding = only(tree.check("content_source"), "reprint-authority")
    assert finding.message == f"转载中央、国务院及部委文件，但来源网站 {host}（注册域名 {domain}）不在中央转载来源清单中"
    assert finding.article == "第十二条"
    assert finding.line == tree.line("url:")


def test_region_document_only_from_the_regions_sites(tree: ContentTree) -> None:
    reprint(tree, "https://fzggw.nx.gov.cn/tzgg/202611/t20261101.html", "region", "宁夏回族自治区发展和改革委员会")
    assert found(tree.check("content_source")) == []
    reprint(tree, "https://www.gov.cn/zhengce/1.htm", "region")
    assert "不在自治区转载来源清单中" in only(tree.check("content_source"), "reprint-authority").message


def test_the_repository_list_replaces_the_default(tree: ContentTree) -> None:
    reprint(tree, "https://www.example.org/doc.html", "central", "示例")
    tree.files["config/reprint-sources.yaml"] = "central:\n  - example.org\nregion: []\n"
    assert found(tree.check("content_source")) == []
    reprint(tree, "https://www.gov.cn/zhengce/1.htm")
    assert [f.code for f in tree.check("content_source")] == ["reprint-authority"]


def test_a_broken_list_is_reported_with_its_line(tree: ContentTree) -> None:
    tree.files["config/reprint-sources.yaml"] = "central:\n  - www.gov.cn\n  - gov.cn\nregion: []\n"
    finding = only(tree.check("content_source"), "config-invalid")
    assert (finding.path, finding.line) == ("config/reprint-sources.yaml", 3)
    assert "公共后缀" in finding.message


# ---------------------------------------------------------------- reprint-source


def test_reprint_without_url(tree: ContentTree) -> None:
    reprint(tree, None, "none", "人民日报")
    finding = only(tree.check("content_source"), "reprint-source")
    assert finding.message == "转载自「人民日报」，但没有填写原文网址 source.url"
    assert finding.article == "第十条"


def test_central_document_marked_original(tree: ContentTree) -> None:
    tree.item()["source"] = {"kind": "original", "name": "吴忠市人民政府办公室", "document_level": "central"}
    assert "应为转载" in only(tree.check("content_source"), "reprint-source").message


def test_reprint_of_local_news_with_url_passes(tree: ContentTree) -> None:
    reprint(tree, "https://www.wuzhong.gov.cn/xwzx/1.html", "local", "吴忠市人民政府")
    assert found(tree.check("content_source")) == []


# ---------------------------------------------------------------- on the sample tree


def test_sample_tree_mutations(sample_tree: Path) -> None:
    resub(sample_tree / CENTRAL_SAMPLE, r"^  url: https://www\.gov\.cn/", "  url: https://www.gov.cn.evil.com/")
    resub(sample_tree / REGION_SAMPLE, r"^  url: .*$", "")
    _code, report = check_json(sample_tree)
    got = sorted((c, p) for c, p, _ in flat(report) if c.startswith("reprint-"))
    assert got == [("reprint-authority", CENTRAL_SAMPLE), ("reprint-source", REGION_SAMPLE)]
