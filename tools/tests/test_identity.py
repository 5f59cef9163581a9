"""Identity (issue 13): canonical handles, account links, look-alikes, the verdict, govreg verify.

The cases in ``data/identity-cases.json`` are the specification shared with the 查验 page:
this file runs them through the Python functions, ``test_verify_browser.py`` through the
page's JavaScript in Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from govreg.config import load_config
from govreg.identity import (
    LookalikeSettings,
    canonical_handle,
    identity_from_url,
    registered_domain,
    skeleton,
)
from govreg.repository import load_repository
from govreg.site import render_pages
from govreg.site.data import public_data
from govreg.site.verify import SCHEMA, build_index
from govreg.verdict import verdict

from conftest import REPO, check_json, codes, copy_sample, edit, run_cli

CASES: dict[str, list[dict[str, Any]]] = json.loads((Path(__file__).parent / "data" / "identity-cases.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 26)
EDU = "accounts/education-bureau/education-bureau-wechat.yaml"


def _platforms() -> Any:
    config, findings = load_config(REPO)
    assert findings == []
    return config.platforms


def sample_index() -> dict[str, Any]:
    repo = load_repository(REPO)
    return build_index(public_data(repo, TODAY), repo.config.platforms, LookalikeSettings().decorations)


# ---------------------------------------------------------------- the shared table, in Python


@pytest.mark.parametrize("case", CASES["handles"], ids=lambda c: repr(c["input"]))
def test_canonical_handle_table(case: dict[str, Any]) -> None:
    platform = next(p for p in _platforms() if p.id == case["platform"])
    assert canonical_handle(case["input"], platform) == case["canonical"]


@pytest.mark.parametrize("case", CASES["skeletons"], ids=lambda c: f"{c['a']}~{c['b']!r}")
def test_skeleton_table(case: dict[str, Any]) -> None:
    assert (skeleton(case["a"]) == skeleton(case["b"])) is case["same"]


@pytest.mark.parametrize("case", CASES["urls"], ids=lambda c: c["input"])
def test_identity_from_url_table(case: dict[str, Any]) -> None:
    found = identity_from_url(case["input"], _platforms())
    assert (found.code, found.platform, found.kind, found.value, found.host) == (
        case["code"], case["platform"], case["kind"], case["value"], case["host"],
    )


@pytest.mark.parametrize("case", CASES["verdicts"], ids=lambda c: c["query"] or "(empty)")
def test_verdict_table(case: dict[str, Any]) -> None:
    result = verdict(case["query"], sample_index())
    assert (result.kind, [a["id"] for a in result.matches], [a["id"] for a in result.similar]) == (
        case["verdict"], case["matches"], case["similar"],
    )


def test_the_table_covers_what_the_issue_names() -> None:
    kinds = {c["verdict"] for c in CASES["verdicts"]}
    assert kinds == {"registered", "ended", "unregistered", "unknown"}
    codes_ = {c["code"] for c in CASES["urls"]}
    assert {"ok", "userinfo", "unknown-domain", "short-link", "not-account", "scheme", "host"} <= codes_
    linked = {p.id for p in _platforms() if p.urls}
    assert linked <= {c["platform"] for c in CASES["urls"] if c["code"] == "ok"}


# ---------------------------------------------------------------- platform data


def test_every_platform_domain_is_a_registered_domain() -> None:
    """The page matches hosts by suffix; that equals the public-suffix rule only for registered domains."""
    for platform in _platforms():
        for domain in platform.domains:
            assert registered_domain(domain) == domain, (platform.id, domain)
        for shape in platform.urls:
            re.compile(shape.path)
            for host in shape.hosts:
                assert registered_domain(host) in platform.domains, (platform.id, host)
        if platform.handle_pattern:
            re.compile(platform.handle_pattern)


def test_every_sample_handle_is_canonical_and_every_link_names_its_account() -> None:
    platforms = {p.id: p for p in _platforms()}
    repo = load_repository(REPO)
    for account in repo.accounts.values():
        platform = platforms[account.platform]
        assert canonical_handle(account.handle, platform) == account.handle
        if account.url is not None:
            found = identity_from_url(str(account.url), list(platforms.values()))
            assert found.ok and found.platform == account.platform, (account.id, found)


# ---------------------------------------------------------------- look-alike handles (govreg check, end to end)

LOOKALIKES = {
    "zero-width": "wzjyfb\u200b",
    "full-width": "ｗｚｊｙｆｂ",
    "cyrillic": "wzjyfЬ",
    "space": "wz jyfb",
}


def _add_wechat(root: Path, name: str, handle: str, owner: str = "finance-bureau", url: str | None = None) -> str:
    source = root / "accounts/finance-bureau/finance-bureau-wechat.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    aid = f"{owner}-wechat-{len(list((root / 'accounts' / owner).glob('*.yaml'))) + 1}"
    data.update(id=aid, name=name, handle=handle, owner=owner, status="active", lifecycle=[{"type": "open", "date": dt.date(2026, 10, 9), "filed": dt.date(2026, 10, 12)}])
    data.pop("url", None)
    if url is not None:
        data["url"] = url
    rel = f"accounts/{owner}/{aid}.yaml"
    (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return rel


@pytest.mark.parametrize("kind", sorted(LOOKALIKES))
def test_lookalike_wechat_handle_is_refused_naming_both_files(sample_tree: Path, kind: str) -> None:
    rel = _add_wechat(sample_tree, "吴忠教育", LOOKALIKES[kind])
    code, report = check_json(sample_tree)
    assert code == 1
    hits = [f for f in report["findings"] if f["code"] == "account-handle-confusable"]
    assert len(hits) == 1, report["findings"]
    assert hits[0]["path"] == rel and EDU in hits[0]["message"] and hits[0]["severity"] == "error"
    assert hits[0]["line"] is not None and hits[0]["article"] == "第八条"


@pytest.mark.parametrize("kind", sorted(LOOKALIKES))
def test_lookalike_handle_is_also_not_canonical(sample_tree: Path, kind: str) -> None:
    rel = _add_wechat(sample_tree, "吴忠教育服务", LOOKALIKES[kind], owner="hrss-bureau")
    _, report = check_json(sample_tree)
    hits = [f for f in report["findings"] if f["code"] == "account-handle-noncanonical" and f["path"] == rel]
    assert len(hits) == 1, report["findings"]
    if kind in ("zero-width", "cyrillic"):
        assert "U+200B" in hits[0]["message"] or "U+042C" in hits[0]["message"] or "U+044C" in hits[0]["message"]


def test_a_distinct_handle_passes(sample_tree: Path) -> None:
    _add_wechat(sample_tree, "吴忠财政服务", "wzczfw")
    _, report = check_json(sample_tree)
    assert not {"account-handle-confusable", "account-handle-noncanonical", "account-name-lookalike"} & set(codes(report))


def test_upper_case_handle_is_not_canonical(sample_tree: Path) -> None:
    edit(sample_tree / EDU, 'handle: "wzjyfb"', 'handle: "WZJYFB"')
    _, report = check_json(sample_tree)
    hit = next(f for f in report["findings"] if f["code"] == "account-handle-noncanonical")
    assert hit["path"] == EDU and "wzjyfb" in hit["message"]


def test_case_sensitive_platform_keeps_its_case(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)  # sphA7wz3kQ9 on 视频号 is canonical as it is
    assert "account-handle-noncanonical" not in codes(report)


# ---------------------------------------------------------------- account links


@pytest.mark.parametrize(
    "url, detail",
    [
        ("https://weibo.com@evil.example/u/6412345003", "evil.example"),
        ("http://www.weibo.com.x.evil.cn/u/6412345003", "evil.cn"),
        ("https://www.douyin.com/user/6412345003", "douyin.com"),
    ],
)
def test_link_outside_the_platform_is_refused(sample_tree: Path, url: str, detail: str) -> None:
    path = "accounts/ecology-environment-bureau/ecology-environment-bureau-weibo.yaml"
    edit(sample_tree / path, "url: https://weibo.com/u/6412345003", f"url: {url}")
    code, report = check_json(sample_tree)
    assert code == 1
    hit = next(f for f in report["findings"] if f["code"] == "account-url-domain")
    assert hit["path"] == path and detail in hit["message"] and hit["line"] == 8


def test_link_naming_another_handle_is_refused(sample_tree: Path) -> None:
    path = "accounts/ecology-environment-bureau/ecology-environment-bureau-weibo.yaml"
    edit(sample_tree / path, "url: https://weibo.com/u/6412345003", "url: https://m.weibo.cn/u/6412345999")
    code, report = check_json(sample_tree)
    assert code == 1
    hit = next(f for f in report["findings"] if f["code"] == "account-url-handle")
    assert hit["path"] == path and "6412345999" in hit["message"] and "6412345003" in hit["message"]


def test_link_of_the_same_account_in_another_form_passes(sample_tree: Path) -> None:
    path = "accounts/ecology-environment-bureau/ecology-environment-bureau-weibo.yaml"
    edit(sample_tree / path, "url: https://weibo.com/u/6412345003", "url: https://m.weibo.cn/profile/6412345003?luicode=1")
    _, report = check_json(sample_tree)
    assert not {c for c in codes(report) if c.startswith("account-url")}


def test_short_link_is_a_warning(sample_tree: Path) -> None:
    path = "accounts/culture-tourism-bureau/culture-tourism-bureau-douyin.yaml"
    edit(sample_tree / path, "url: https://www.douyin.com/user/wzwenlv-sample", "url: https://v.douyin.com/iRNBho5m/")
    _, report = check_json(sample_tree)
    hit = next(f for f in report["findings"] if f["code"] == "account-url-not-profile")
    assert hit["severity"] == "warning" and "短链接" in hit["message"]


# ---------------------------------------------------------------- look-alike names


@pytest.mark.parametrize("name", ["吴忠文旅官方", "吴忠文旅", "吴忠文旅　", "吴忠\u2f42旅", "吴忠文旅\u200b官微", "吴忠文旅发布"])
def test_name_copying_another_units_account_is_a_warning_naming_both(sample_tree: Path, name: str) -> None:
    rel = _add_wechat(sample_tree, name, "wzwlgf", owner="finance-bureau")
    _, report = check_json(sample_tree)
    hits = [f for f in report["findings"] if f["code"] == "account-name-lookalike"]
    assert len(hits) == 1, report["findings"]
    assert hits[0]["path"] == rel and hits[0]["severity"] == "warning"
    assert "accounts/culture-tourism-bureau/" in hits[0]["message"] and "吴忠市文化旅游广电局" in hits[0]["message"]


def test_same_unit_may_use_its_name_everywhere(sample_tree: Path) -> None:
    _, report = check_json(sample_tree)  # 吴忠文旅 on three platforms of one unit
    assert "account-name-lookalike" not in codes(report)


def test_decorations_are_configurable(sample_tree: Path) -> None:
    (sample_tree / "config/govreg.yaml").write_text(
        (REPO / "config/govreg.yaml").read_text(encoding="utf-8") + "\nidentity:\n  decorations: [服务]\n", encoding="utf-8"
    )
    _add_wechat(sample_tree, "吴忠文旅官方", "wzwlgf")
    _add_wechat(sample_tree, "吴忠公安服务", "wzgafw")
    _, report = check_json(sample_tree)
    hits = [f for f in report["findings"] if f["code"] == "account-name-lookalike"]
    # 服务 is a decoration now: 吴忠公安服务 copies 吴忠公安， and the sample's 吴忠政务服务 reads as 吴忠政务 + 服务
    assert sorted(h["message"].split("」")[0] for h in hits) == ["账号名称「吴忠公安服务", "账号名称「吴忠政务服务"]


# ---------------------------------------------------------------- govreg verify


@pytest.mark.parametrize(
    "query, status, words",
    [
        ("吴忠公安", 0, ["✓ 已登记", "吴忠公安 · 快手", "吴忠公安 · 新浪微博"]),
        ("www.douyin.com/user/wzwenlv-sample?from=share", 0, ["✓ 已登记", "吴忠文旅 · 抖音"]),
        ("吴忠文旅官方", 1, ["✗ 未登记", "谨防仿冒", "吴忠文旅 · 微信公众号"]),
        ("wzjyfЬ", 1, ["✗ 未登记", "吴忠教育"]),
        ("50012345679", 4, ["⚠ 已注销", "不再由政府运营", "2026-03-16"]),
        ("https://weibo.com/u/6412345003", 4, ["⚠ 已关停"]),
        ("https://weibo.com@evil.example/u/6412345001", 1, ["✗ 未登记", "evil.example"]),
        ("https://v.douyin.com/abc/", 1, ["无法识别", "短链接"]),
    ],
)
def test_verify_command(query: str, status: int, words: list[str]) -> None:
    code, out, err = run_cli("verify", "--root", str(REPO), query)
    assert (code, err) == (status, "")
    for word in words:
        assert word in out, out


def test_verify_warns_of_an_open_incident() -> None:
    """A hijacked account is still registered, but the verdict says it is under an open security incident (第十七条)."""
    code, out, _ = run_cli("verify", "--root", str(REPO), "9512345601")
    assert code == 0 and "✓ 已登记" in out and "⚠ 安全警示" in out and "被他人登录" in out, out
    code, out, _ = run_cli("verify", "--root", str(REPO), "-f", "json", "吴忠文旅")
    warned = json.loads(out)["warnings"]
    assert [w["account"] for w in warned] == ["culture-tourism-bureau-xiaohongshu"]
    assert set(warned[0]) == {"account", "kind", "detected", "summary"}  # public fields only: no reporter, no note
    code, out, _ = run_cli("verify", "--root", str(REPO), "吴忠公安")
    assert code == 0 and "安全警示" not in out


def test_closed_incident_no_longer_warns(tmp_path: Path) -> None:
    tree = copy_sample(tmp_path / "repo")
    edit(tree / "incidents/culture-tourism-bureau/2026-11-xiaohongshu-hijack.yaml", "closed:       # 处置完毕后填写时间", "closed: 2026-11-25T10:00:00+08:00")
    code, out, _ = run_cli("verify", "--root", str(tree), "9512345601")
    assert code == 0 and "✓ 已登记" in out and "安全警示" not in out, out


def test_verify_command_json_agrees_with_the_table() -> None:
    case = next(c for c in CASES["verdicts"] if c["query"] == "吴忠文旅官方")
    code, out, _ = run_cli("verify", "--root", str(REPO), "-f", "json", case["query"])
    result = json.loads(out)
    assert code == 1 and result["verdict"] == case["verdict"] and [a["id"] for a in result["similar"]] == case["similar"]


# ---------------------------------------------------------------- the site's pages


def test_pages_carry_the_platform_and_ended_accounts_have_no_qr_or_link() -> None:
    pages = render_pages(load_repository(REPO), TODAY)
    douyin = pages["account/culture-tourism-bureau-douyin.md"]
    assert 'title: "吴忠文旅 · 抖音"' in douyin and "\n# 吴忠文旅 · 抖音\n" in douyin
    assert "govreg-qr" in douyin and 'href="https&#58;//www.douyin.com/user/wzwenlv-sample"' in douyin
    for ended in ("ecology-environment-bureau-weibo", "market-regulation-bureau-toutiao"):
        text = pages[f"account/{ended}.md"]
        assert "govreg-qr" not in text and "扫码" not in text
        assert "href=" not in text.split("## 开设、变更")[0], ended  # no live link; the history keeps its notices
        assert "不提供链接" in text


def test_home_box_opens_the_verify_page() -> None:
    pages = render_pages(load_repository(REPO), TODAY)
    assert 'action="verify/"' in pages["index.md"]
    assert 'data-index="../data/verify-index.json"' in pages["verify/index.md"]


def test_verify_index_follows_its_published_schema() -> None:
    pages = render_pages(load_repository(REPO), TODAY)
    index = json.loads(pages["data/verify-index.json"])
    published = json.loads(pages["data/verify-index.schema.json"])
    assert published == SCHEMA
    jsonschema.Draft202012Validator(published, format_checker=jsonschema.FormatChecker()).validate(index)
    assert len(index["accounts"]) == len(load_repository(REPO).accounts)
    assert "verify-index.json" in pages["data/index.md"] and "data/verify.md" in pages


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("www.douyin.com.x.evil.cn", "evil.cn"),
        ("a.b.xn--fiqs8s", "b.xn--fiqs8s"),  # 中国: looked up as Unicode, answered in punycode
        ("www.xn--fiqs8s", "www.xn--fiqs8s"),
        ("xn--55qx5d.cn", "xn--55qx5d.cn"),  # 公司.cn is itself a public suffix: the host
        ("x.xn--0zwm56d", "x.xn--0zwm56d"),
        ("mp.weixin.qq.com", "qq.com"),
    ],
)
def test_a_punycode_host_has_the_same_registered_domain_from_the_unicode_only_list(host: str, expected: str) -> None:
    from govreg.identity import registered_domain

    assert registered_domain(host) == expected


def test_skeleton_is_the_table_applied_char_by_char() -> None:
    """The translate table gives what mapping each character through the confusable classes gives."""
    import random

    from govreg.identity import confusable_classes, skeleton, visible

    table = confusable_classes()
    rng = random.Random(19)
    alphabet = sorted(table)[:4000] + list("abcXYZ0O1lI政务微信公众号\u200b ")
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        first = "".join(table.get(c, c) for c in visible(text))
        assert skeleton(text) == "".join(table.get(c, c) for c in first.lower()), text


def test_shipped_confusable_classes_are_the_derivation() -> None:
    """The classes are shipped (deriving them took a tenth of a pull request's check) and must be exactly what
    the installed confusable-homoglyphs gives; after an upgrade, regenerate them:
    ``python -c 'from govreg.identity import write_confusable_classes; write_confusable_classes()'``."""
    import json

    from confusable_homoglyphs import __version__ as installed

    from govreg.identity import CLASSES_FILE, derive_confusable_classes

    shipped = json.loads(CLASSES_FILE.read_text(encoding="utf-8"))
    assert shipped["confusable_homoglyphs"] == installed, "confusable-classes.json was derived from another version: regenerate it"
    assert shipped["classes"] == derive_confusable_classes()


@pytest.mark.parametrize("content", ['{"confusable_homoglyphs": "0.0.1", "classes": {"a": "b"}}', "not json", ""])
def test_confusable_classes_of_another_version_are_derived_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str) -> None:
    from govreg import identity

    planted = tmp_path / "classes.json"
    planted.write_text(content, encoding="utf-8")
    monkeypatch.setattr(identity, "CLASSES_FILE", planted)
    identity.confusable_classes.cache_clear()
    try:
        assert identity.confusable_classes() == identity.derive_confusable_classes()
    finally:
        identity.confusable_classes.cache_clear()
