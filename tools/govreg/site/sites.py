"""网站名录: each government website with its identifiers, owner and columns."""

from __future__ import annotations

from collections.abc import Iterator

from . import paths
from .data import SITE_KIND_LABELS, PublicData, Record
from .escape import cell, md
from .incidents import incident_notice
from .markup import a, head, heading, page, table

COLUMN_KINDS = {
    "news": "动态要闻",
    "notice": "通知公告",
    "policy": "政策文件",
    "service": "办事服务",
    "interaction": "互动交流",
    "other": "其他",
}


def _status(site: Record) -> str:
    return "正常运行" if site["status"] == "active" else "**已关停**"


def render(data: PublicData) -> Iterator[tuple[str, str]]:
    src = paths.SITES
    rows = (
        (
            a(md(site["name"]), src, paths.site(site["id"])),
            cell(site["domain"]),
            cell(site["site_code"]),
            cell(site["icp"]),
            cell(site["psb"]),
            cell(data.unit_name(site["owner"])),
            _status(site),
        )
        for site in data.sites.values()
    )
    yield (
        src,
        page(
            head("网站名录"),
            f"全市登记在册的政府网站共 {len(data.sites)} 个。网站标识码、ICP 备案号和公安机关备案号应与网站底部的标注一致；"
            "如发现不一致，或发现未在名录中的“政府网站”，请向市政务公开办公室反映。",
            table(("网站名称", "域名", "网站标识码", "ICP 备案号", "公安机关备案号", "主办单位", "状态"), rows),
        ),
    )
    for site in data.sites.values():
        yield paths.site(site["id"]), site_page(data, site)


def site_page(data: PublicData, site: Record) -> str:
    src = paths.site(site["id"])
    counts: dict[str, int] = {}
    for item in data.content_by_channel().get(site["id"], []):
        column_id = item.get("column") or ""
        counts[column_id] = counts.get(column_id, 0) + 1
    details = [
        ("网站名称", md(site["name"])),
        ("域名", cell(site["domain"])),
        ("类型", SITE_KIND_LABELS.get(site["kind"], md(site["kind"]))),
        ("网站标识码", cell(site["site_code"])),
        ("ICP 备案号", cell(site["icp"])),
        ("公安机关备案号", cell(site["psb"])),
        ("主办单位", cell(data.unit_name(site["owner"]))),
        ("状态", _status(site)),
    ]
    approval = site.get("approval")
    if approval:
        details.append(("批准文号", f"{md(approval['number'])}（{approval['date']}）"))
    seen: set[str] = set()
    column_rows = []
    for column in site["columns"]:
        if column["id"] in seen:
            continue
        seen.add(column["id"])
        every = column.get("update_every_days")
        column_rows.append(
            (
                md(column["name"]),
                COLUMN_KINDS.get(column["kind"], md(column["kind"])),
                cell(data.unit_name(column["responsible_unit"])),
                f"{every} 天" if every else "—",
                a(f"{counts.get(column['id'], 0)} 条", src, paths.column(site["id"], column["id"])),
            )
        )
    return page(
        head(site["name"], boost=2),
        incident_notice(data, site["id"], "网站"),
        table(("项目", "内容"), details),
        heading(2, "栏目", "columns"),
        "每个栏目写明内容保障责任单位（第五条）。",
        table(("栏目", "类型", "内容保障责任单位", "更新时限", "已发布信息"), column_rows, empty="该网站未登记栏目。"),
        a("返回网站名录", src, paths.SITES),
    )
