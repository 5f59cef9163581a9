"""Rules for sites and columns (Art. 3, 4, 5): a passing and a failing case each, then the failing case on the sample tree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruletree import D, Tree, found, line_of, only, unit

from conftest import check_json, codes, edit, flat

S = "sites/wz-portal.yaml"


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    return Tree(tmp_path / "repo")


# ---------------------------------------------------------------- site-owner-kind (第四条)


def test_portal_of_a_department_is_an_error(tree: Tree) -> None:
    tree.site()["owner"] = "wz-edu"
    tree.site()["columns"] = []
    findings = tree.check("site_owner_kind")
    assert found(findings) == [("site-owner-kind", "error", S, 5)]
    assert findings[0].message == "网站的主办单位「吴忠市教育局」是行政机关（部门），不能主办门户网站（只能是人民政府、政府办公室）"
    assert findings[0].article == "第四条"


def test_site_of_an_internal_body_is_an_error_even_with_approval(tree: Tree) -> None:
    tree.units["wz-office-it"] = unit("wz-office-it", "信息中心", "internal-body", parent="wz-office")
    tree.site().update(owner="wz-office-it", kind="special-topic", domain="expo.wuzhong.gov.cn", approval={"number": "吴政办函〔2025〕8号", "date": D(2025, 3, 20)})
    finding = only(tree.check("site_owner_kind"), "site-owner-kind")
    assert (finding.path, finding.line) == (S, 5)
    assert "不得以内设机构名义开设网站" in finding.message


@pytest.mark.parametrize("kind", ["government", "government-office"])
def test_portal_of_a_government_or_its_office_passes(tree: Tree, kind: str) -> None:
    tree.unit("wz-office")["kind"] = kind
    assert found(tree.check("site_owner_kind")) == []


# ---------------------------------------------------------------- site-approval (第四条)


@pytest.mark.parametrize(("kind", "label"), [("special-topic", "专项网站"), ("department", "部门网站")])
def test_department_or_special_topic_site_without_approval_is_an_error(tree: Tree, kind: str, label: str) -> None:
    tree.site().update(kind=kind, domain="expo.wuzhong.gov.cn", site_code="6403000002")
    findings = tree.check("site_approval")
    assert found(findings) == [("site-approval", "error", S, 4)]  # kind
    assert findings[0].message == f"{label}「吴忠市人民政府门户网站」没有填写报批文件 approval；部门和专项工作原则上不单独开设网站"


def test_special_topic_site_with_approval_or_closed_passes(tree: Tree) -> None:
    tree.site().update(kind="special-topic", domain="expo.wuzhong.gov.cn", approval={"number": "吴政办函〔2025〕8号", "date": D(2025, 3, 20)})
    assert found(tree.check("site_approval")) == []
    tree.site().pop("approval")
    tree.site()["status"] = "closed"
    assert found(tree.check("site_approval")) == []


# ---------------------------------------------------------------- site-domain (第三条)


@pytest.mark.parametrize(
    ("kind", "domain", "problem"),
    [
        ("portal", "www.wuzhong.com", "不是 .gov.cn 域名；政府网站必须使用 .gov.cn 域名"),
        ("portal", "wuzhong.gov.cn", "的层级不对，应为 www.<地区>.gov.cn"),
        ("portal", "web.wuzhong.gov.cn", "不是门户网站的域名形式 www.<地区>.gov.cn"),
        ("portal", "www.ltq.gov.cn", "与主办单位所在区划的门户网站域名「www.wuzhong.gov.cn」不一致"),
        ("portal", "www..gov.cn", "中的「（空）」不是有效的域名标签（只能用字母、数字和连字符，不能以连字符开头或结尾，不能有连续的点）"),
        ("portal", "www.-wz.gov.cn", "中的「-wz」不是有效的域名标签（只能用字母、数字和连字符，不能以连字符开头或结尾，不能有连续的点）"),
        ("special-topic", "www.wuzhong.gov.cn", "是门户网站的域名形式；部门或专项网站应使用 <名称>.<地区>.gov.cn"),
        ("special-topic", "expo.ltq.gov.cn", "不在主办单位所在区划的门户主域名「wuzhong.gov.cn」之下"),
        ("special-topic", "a.expo.wuzhong.gov.cn", "的层级不对，应为 <名称>.<地区>.gov.cn"),
    ],
)
def test_bad_domains_are_errors(tree: Tree, kind: str, domain: str, problem: str) -> None:
    tree.site().update(kind=kind, domain=domain, approval={"number": "吴政办函〔2025〕8号", "date": D(2025, 3, 20)})
    findings = tree.check("site_domain")
    assert found(findings) == [("site-domain", "error", S, 3)]
    assert findings[0].message == f"域名「{domain}」{problem}"


def test_two_sites_with_one_domain_is_an_error(tree: Tree) -> None:
    tree.sites["wz-second"] = {**tree.site(), "id": "wz-second", "site_code": "6403000002"}
    findings = tree.check("site_domain")
    assert found(findings) == [("site-domain", "error", "sites/wz-second.yaml", 3)]  # the later file in path order
    assert "已由 sites/wz-portal.yaml 登记" in findings[0].message


@pytest.mark.parametrize(("kind", "domain"), [("portal", "www.wuzhong.gov.cn"), ("special-topic", "expo.wuzhong.gov.cn"), ("department", "edu.wuzhong.gov.cn")])
def test_good_domains_pass(tree: Tree, kind: str, domain: str) -> None:
    tree.site().update(kind=kind, domain=domain)
    assert found(tree.check("site_domain")) == []


def test_region_outside_regions_yaml_checks_the_shape_only(tree: Tree) -> None:
    tree.unit("wz-office")["region"] = "640100"  # 银川市: not in config/regions.yaml
    tree.site()["domain"] = "www.yinchuan.gov.cn"
    assert found(tree.check("site_domain")) == []


def test_bad_regions_file_is_a_config_finding_with_its_line(tree: Tree) -> None:
    tree.files["config/regions.yaml"] = '- {code: "640300", name: 吴忠市, portal: www.wuzhong.gov.cn}\n- {code: "640302", name: 利通区}\n'
    findings = tree.check("site_domain")
    assert [(f.code, f.path, f.line) for f in findings] == [("schema", "config/regions.yaml", 2)]
    assert "portal" in findings[0].message


# ---------------------------------------------------------------- site-code (第三条)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("640300001", "的形式不对（现有 9 个字符），应为 6 位行政区划代码 + 4 位数字，或 bm + 8 位数字"),
        ("640300000A", "的形式不对（现有 10 个字符），应为 6 位行政区划代码 + 4 位数字，或 bm + 8 位数字"),
        ("6403020001", "的前 6 位 640302 与主办单位「吴忠市人民政府办公室」的行政区划代码 640300 不一致"),
        ("bm12345678", "以 bm 开头，是国务院部门网站的标识码；主办单位「吴忠市人民政府办公室」应使用以 640300 开头的标识码"),
    ],
)
def test_bad_site_codes_are_errors(tree: Tree, code: str, problem: str) -> None:
    tree.site()["site_code"] = code
    findings = tree.check("site_code")
    assert found(findings) == [("site-code", "error", S, 6)]
    assert findings[0].message == f"网站标识码「{code}」{problem}"


def test_duplicate_site_code_is_an_error(tree: Tree) -> None:
    tree.sites["wz-special"] = {**tree.site(), "id": "wz-special", "kind": "special-topic", "domain": "expo.wuzhong.gov.cn"}
    findings = tree.check("site_code")
    assert found(findings) == [("site-code", "error", "sites/wz-special.yaml", 6)]
    assert "已由 sites/wz-portal.yaml 使用" in findings[0].message


def test_site_code_of_the_owner_region_passes(tree: Tree) -> None:
    tree.site()["site_code"] = "6403000099"
    assert found(tree.check("site_code")) == []


# ---------------------------------------------------------------- site-icp, site-psb (第三条)


@pytest.mark.parametrize("icp", ["宁ICP备05001234", "宁ICP备0500123号", "京ICP备05001234号", "宁ICP备05001234号-", "宁ICP备 05001234号"])
def test_bad_icp_numbers_are_errors(tree: Tree, icp: str) -> None:
    tree.site()["icp"] = icp
    findings = tree.check("site_icp")
    assert found(findings) == [("site-icp", "error", S, 7)]
    assert findings[0].message == f"ICP 备案号「{icp}」的格式不对，应形如「宁ICP备12345678号」"


@pytest.mark.parametrize("icp", ["宁ICP备05001234号", "宁ICP备05001234号-12"])
def test_good_icp_numbers_pass(tree: Tree, icp: str) -> None:
    tree.site()["icp"] = icp
    assert found(tree.check("site_icp")) == []


def test_icp_pattern_is_data_and_a_bad_pattern_is_a_config_finding(tree: Tree) -> None:
    tree.site()["icp"] = "京ICP备05001234号"
    tree.config["site_icp"] = {"pattern": "^[京宁]ICP备[0-9]{8}号$", "example": "京ICP备12345678号"}
    assert found(tree.check("site_icp")) == []
    tree.config["site_icp"] = {"pattern": "^宁ICP备[0-9{8}号$"}
    findings = tree.check("site_icp")
    # the setting is reported and the default pattern applies
    assert [(f.code, f.path, f.line) for f in findings] == [("schema", "config/govreg.yaml", 3), ("site-icp", S, 7)]
    assert "不是有效的正则表达式" in findings[0].message


@pytest.mark.parametrize("psb", ["宁公网安备 6403020200012号", "宁公网安备64030202000123", "宁公网安备 640302020001234号", "京公网安备 64030202000123号"])
def test_bad_psb_numbers_are_errors(tree: Tree, psb: str) -> None:
    tree.site()["psb"] = psb
    findings = tree.check("site_psb")
    assert found(findings) == [("site-psb", "error", S, 8)]
    assert findings[0].message == f"公安机关备案号「{psb}」的格式不对，应形如「宁公网安备 64030202000001号」"


@pytest.mark.parametrize("psb", ["宁公网安备 64030202000123号", "宁公网安备64030202000123号"])
def test_good_psb_numbers_pass(tree: Tree, psb: str) -> None:
    tree.site()["psb"] = psb
    assert found(tree.check("site_psb")) == []


# ---------------------------------------------------------------- column-responsible-unit, column-duplicate (第五条)


def test_column_of_an_internal_body_is_an_error(tree: Tree) -> None:
    tree.units["wz-edu-office"] = unit("wz-edu-office", "吴忠市教育局办公室", "internal-body", parent="wz-edu")
    tree.site()["columns"][1]["responsible_unit"] = "wz-edu-office"
    findings = tree.check("column_responsible_unit")
    assert found(findings) == [("column-responsible-unit", "error", S, 15)]  # columns[1].responsible_unit
    assert findings[0].message == "栏目「教育信息」的责任单位「吴忠市教育局办公室」是内设机构；栏目责任单位应为部门（单位）"
    assert "「wz-edu」" in findings[0].hint


def test_column_of_a_unit_of_another_region_is_an_error_unless_configured(tree: Tree) -> None:
    tree.units["lt-edu"] = unit("lt-edu", "利通区教育局", region="640302")
    tree.site()["columns"][1]["responsible_unit"] = "lt-edu"
    findings = tree.check("column_responsible_unit")
    assert found(findings) == [("column-responsible-unit", "error", S, 15)]
    assert "行政区划 640302 与网站主办单位「吴忠市人民政府办公室」的 640300 不同" in findings[0].message
    tree.config["column_responsible_unit"] = {"same_region": False}
    assert found(tree.check("column_responsible_unit")) == []


def test_duplicate_column_id_is_an_error(tree: Tree) -> None:
    tree.site()["columns"][1]["id"] = "news"
    findings = tree.check("column_responsible_unit")
    assert found(findings) == [("column-duplicate", "error", S, 13)]  # columns[1].id
    assert findings[0].message == "栏目 id「news」在本网站中重复（第一次在 columns[0]）"


def test_columns_of_departments_of_the_same_region_pass(tree: Tree) -> None:
    assert found(tree.check("column_responsible_unit")) == []


# ---------------------------------------------------------------- end to end on the sample tree

PORTAL = "sites/wuzhong-portal.yaml"


def _site_error(sample_tree: Path, old: str, new: str, code: str, needle: str) -> None:
    edit(sample_tree / PORTAL, old, new)
    exit_code, report = check_json(sample_tree)
    assert exit_code == 1
    assert (code, PORTAL, line_of(sample_tree / PORTAL, needle)) in flat(report)
    assert code in codes(report, "error")


def test_sample_tree_is_clean_for_these_rules(sample_tree: Path) -> None:
    exit_code, report = check_json(sample_tree)
    assert exit_code == 0, flat(report)
    assert [f for f in report["findings"] if f["code"].startswith(("site-", "column-"))] == []


def test_sample_portal_owned_by_a_department(sample_tree: Path) -> None:
    _site_error(sample_tree, "owner: wuzhong-gov-office", "owner: education-bureau", "site-owner-kind", "owner: education-bureau")


def test_sample_special_topic_site_without_approval(sample_tree: Path) -> None:
    edit(sample_tree / PORTAL, "domain: www.wuzhong.gov.cn", "domain: expo.wuzhong.gov.cn")
    _site_error(sample_tree, "kind: portal", "kind: special-topic", "site-approval", "kind: special-topic")


def test_sample_domain_not_gov_cn(sample_tree: Path) -> None:
    _site_error(sample_tree, "domain: www.wuzhong.gov.cn", "domain: www.wuzhong.com.cn", "site-domain", "domain:")


def test_sample_site_code_of_another_region(sample_tree: Path) -> None:
    _site_error(sample_tree, 'site_code: "6403000001"', 'site_code: "6403020001"', "site-code", "site_code:")


def test_sample_icp_without_hao(sample_tree: Path) -> None:
    _site_error(sample_tree, 'icp: "宁ICP备05001234号-1"', 'icp: "宁ICP备05001234-1"', "site-icp", "icp:")


def test_sample_psb_with_13_digits(sample_tree: Path) -> None:
    _site_error(sample_tree, 'psb: "宁公网安备 64030202000123号"', 'psb: "宁公网安备 6403020200012号"', "site-psb", "psb:")


def test_sample_column_of_another_region(sample_tree: Path) -> None:
    _site_error(sample_tree, "responsible_unit: finance-bureau", "responsible_unit: litong-gov-office", "column-responsible-unit", "responsible_unit: litong-gov-office")


def test_sample_duplicate_column_id(sample_tree: Path) -> None:
    path = sample_tree / PORTAL
    edit(path, "  - id: budget\n", "  - id: notices\n")
    exit_code, report = check_json(sample_tree)
    assert exit_code == 1
    second = line_of(path, "- id: notices", start=line_of(path, "- id: notices") + 1)
    assert ("column-duplicate", PORTAL, second) in flat(report)


# ---------------------------------------------------------------- column-url (第三条): the monitor reads the column's own page


def test_column_url_on_another_site_is_an_error(sample_tree: Path) -> None:
    path = sample_tree / "sites" / "wuzhong-portal.yaml"
    edit(path, "url: https://www.wuzhong.gov.cn/xwzx/wzyw/", "url: https://www.nx.gov.cn/zwxx/")
    code, report = check_json(sample_tree)
    assert code == 1
    finding = next(f for f in report["findings"] if f["code"] == "column-url")
    assert finding["path"] == "sites/wuzhong-portal.yaml" and finding["article"] == "第三条"
    assert path.read_text("utf-8").splitlines()[finding["line"] - 1].strip().startswith("url: https://www.nx.gov.cn")
    assert "不在本网站的域名 www.wuzhong.gov.cn 下" in finding["message"]


def test_column_url_over_plain_http_is_a_warning(sample_tree: Path) -> None:
    edit(sample_tree / "sites" / "wuzhong-portal.yaml", "url: https://www.wuzhong.gov.cn/xwzx/tzgg/", "url: http://www.wuzhong.gov.cn/xwzx/tzgg/")
    code, report = check_json(sample_tree)
    assert code == 0 and codes(report, "warning").count("column-url-http") == 1 and "column-url" not in codes(report)


def test_column_url_on_the_site_passes(sample_tree: Path) -> None:
    edit(sample_tree / "sites" / "wuzhong-portal.yaml", "url: https://www.wuzhong.gov.cn/xwzx/tzgg/", "url: https://xxgk.www.wuzhong.gov.cn/tzgg/")
    _, report = check_json(sample_tree)
    assert not [c for c in codes(report) if c.startswith("column-url")]


def test_a_column_url_that_is_not_a_url_is_a_schema_finding(sample_tree: Path) -> None:
    edit(sample_tree / "sites" / "wuzhong-portal.yaml", "url: https://www.wuzhong.gov.cn/xwzx/tzgg/", "url: 通知公告页")
    code, report = check_json(sample_tree)
    assert code == 1
    bad = [f for f in report["findings"] if f["path"] == "sites/wuzhong-portal.yaml"]
    assert bad and bad[0]["line"] and "Traceback" not in json.dumps(report, ensure_ascii=False)
