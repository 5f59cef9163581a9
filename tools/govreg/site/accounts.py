"""账号名录 (by unit, filterable by platform) and one page per account."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from typing import Protocol

from . import paths
from .content import items_table
from .data import EVENT_LABELS, PURPOSE_LABELS, PublicData, Record, closing_event, opened_on, status_text
from .escape import cell, link, md, safe_url
from .incidents import incident_notice
from .markup import a, head, heading, notice, page, table

LIST_HEADERS = ("账号名称", "平台", "账号 ID", "认证主体", "状态")


def _status_cell(account: Record) -> str:
    text = status_text(account)
    return text if account["status"] == "active" else f"**{text}**"


def _list(data: PublicData, src: str, accounts: list[Record] | None, intro: str) -> str:
    blocks = [intro, _platform_filter(data, src)]
    for unit_id, group in data.accounts_by_unit(accounts).items():
        blocks.append(heading(2, md(data.unit_name(unit_id)), f"unit-{unit_id}"))
        rows = (
            (
                a(md(acc["name"]), src, paths.account(acc["id"])),
                cell(data.platform_name(acc["platform"])),
                cell(acc["handle"]),
                cell(acc["certified_subject"]),
                _status_cell(acc),
            )
            for acc in group
        )
        blocks.append(table(LIST_HEADERS, rows))
    return page(*blocks)


def _platform_filter(data: PublicData, src: str) -> str:
    counts: dict[str, int] = {}
    for account in data.accounts.values():
        counts[account["platform"]] = counts.get(account["platform"], 0) + 1
    links = [a(f"全部（{len(data.accounts)}）", src, paths.ACCOUNTS)]
    for platform_id in sorted(counts, key=lambda p: (list(data.platforms).index(p) if p in data.platforms else len(data.platforms), p)):
        label = f"{md(data.platform_name(platform_id))}（{counts[platform_id]}）"
        links.append(a(label, src, paths.platform(platform_id)))
    return "按平台筛选：" + " · ".join(links)


CLOSED_NOTE = (
    "已关停、已注销的账号仍保留在名录中并标明日期：如果您关注的账号显示为“已关停”或“已注销”，"
    "它已不再是政务新媒体账号，其后发布的内容不代表政府。"
)


def render(data: PublicData) -> Iterator[tuple[str, str]]:
    yield (
        paths.ACCOUNTS,
        _list(
            data,
            paths.ACCOUNTS,
            None,
            page(
                head("账号名录"),
                f"全市登记在册的政务新媒体账号共 {len(data.accounts)} 个，按主办单位分组。{CLOSED_NOTE}",
            ),
        ),
    )
    platforms = sorted({acc["platform"] for acc in data.accounts.values()})
    for platform_id in platforms:
        group = [acc for acc in data.accounts.values() if acc["platform"] == platform_id]
        raw_name = data.platform_name(platform_id)
        name = md(raw_name)
        src = paths.platform(platform_id)
        yield (
            src,
            _list(
                data,
                src,
                group,
                page(head(f"账号名录：{raw_name}"), f"{name}账号共 {len(group)} 个，按主办单位分组。{CLOSED_NOTE}"),
            ),
        )
    by_channel = data.content_by_channel()
    for account in data.accounts.values():
        yield paths.account(account["id"]), account_page(data, account, by_channel.get(account["id"], []))


# Every QR code uses this data mask.  segno otherwise scores all eight masks for every code
# (ISO/IEC 18004 lets the encoder choose any), which was a third of a large site build; a fixed
# mask keeps each code valid and readable, and the output stable from build to build.
QR_MASK = 0


# Every setting that shapes a code: the cache of earlier builds' codes is keyed by them (and segno's version).
QR_SETTINGS = f"mask={QR_MASK};error=m;scale=4;border=2;class=govreg-qr;oneline"


class QrStore(Protocol):
    """Codes kept between builds (a :class:`govreg.site.segment.TextCache`, opened by the MkDocs glue)."""

    def get(self, text: str) -> str | None: ...

    def put(self, text: str, value: str) -> None: ...


_store: list[QrStore] = []
_QR_SHAPE = re.compile(r'<svg viewBox="0 0 [0-9]+ [0-9]+" class="govreg-qr"><path transform="scale\(4\)" stroke="#000" d="[Mmhv0-9 .-]+"/></svg>')


@contextlib.contextmanager
def qr_store(store: QrStore) -> Iterator[None]:
    """While open, :func:`qr_svg` takes codes from ``store`` and adds the ones it makes (``""``: too long)."""
    _store.append(store)
    try:
        yield
    finally:
        _store.remove(store)


def qr_svg(url: str) -> str | None:
    """The account's link as a QR code, an inline SVG on one line (made at build time, nothing stored here).

    ``None`` when the link is too long for a QR code.  Made once per URL per process, and taken
    from the build cache when the MkDocs glue opened one (:func:`qr_store`).
    """
    store = _store[-1] if _store else None
    if store is not None:
        kept = store.get(url)
        # a kept code goes into the page as HTML: only the exact shape segno writes is taken, else it is made again
        if kept is not None and (kept == "" or _QR_SHAPE.fullmatch(kept)):
            return kept or None
    svg = _qr_svg(url)
    if store is not None:
        store.put(url, svg or "")
    return svg


@functools.lru_cache(maxsize=4096)  # bounded: an SVG is ~2 KB
def _qr_svg(url: str) -> str | None:
    import segno  # imported here: only the site build draws QR codes

    from .qrfast import matrix

    try:
        modules = matrix(url, "m", QR_MASK)  # segno.make(url, error="m", mask=QR_MASK).matrix, placed through a table per version
    except segno.DataOverflowError:
        return None
    return _svg(modules) or segno.make(url, error="m", mask=QR_MASK).svg_inline(scale=4, border=2, omitsize=True, svgclass="govreg-qr", lineclass=None).replace("\n", "")


_QR_SCALE = 4
_QR_BORDER = 2
_DARK_RUNS = re.compile(b"\x01+").finditer


def _svg(matrix: tuple[bytearray, ...]) -> str | None:
    """What ``svg_inline(scale=4, border=2, omitsize=True, svgclass="govreg-qr", lineclass=None)`` writes, without segno's writer.

    segno draws each run of dark modules as a relative ``m dx dy h length`` (``utils.matrix_to_lines``
    then ``writers.write_svg``), through general code for colours and options; this is the same path
    for our one setting, a third of the cost of a code.  ``None`` (use segno) for a matrix whose first
    module is light, where segno starts with an empty run (no QR code does: a finder pattern is there).
    """
    size = len(matrix)
    if not matrix or matrix[0][:1] != b"\x01" or any(len(row) != size or row.translate(None, b"\x00\x01") for row in matrix):
        return None  # a light first module, or not a square of 0/1 modules: segno's own writer
    # the first run starts at (border, border + 0.5); every later move is a whole number of modules
    parts = [f"M{_QR_BORDER} {_QR_BORDER + 0.5}h"]
    last_x, last_y = _QR_BORDER, 0
    first = True
    for y, row in enumerate(matrix):
        for run in _DARK_RUNS(row):
            at, stop = run.span()
            if first:
                parts[0] += str(stop - at)
                first = False
            else:
                parts.append(f"m{_QR_BORDER + at - last_x} {y - last_y}h{stop - at}")
            last_x, last_y = _QR_BORDER + stop, y
    side = (size + 2 * _QR_BORDER) * _QR_SCALE
    return f'<svg viewBox="0 0 {side} {side}" class="govreg-qr"><path transform="scale({_QR_SCALE})" stroke="#000" d="{"".join(parts)}"/></svg>'


def account_page(data: PublicData, account: Record, items: list[Record]) -> str:
    src = paths.account(account["id"])
    name = md(account["name"])
    platform = data.platforms.get(account["platform"], account["platform"])
    # the platform in the title and heading: search results show the heading, tabs the title
    blocks = [head(f"{account['name']} · {platform}", boost=3)]
    ended = closing_event(account)
    if ended is not None:
        verb = "注销" if ended["type"] == "cancel" else "关停"
        blocks.append(
            notice(
                "danger",
                f"此账号已{verb}",
                f"“{name}”已于 {ended['date']} {verb}，不再是政务新媒体账号；此后以其名义发布的信息不代表政府。",
            )
        )
    elif account["status"] != "active":
        blocks.append(notice("danger", "此账号已停止运行", f"“{name}”已不再是政务新媒体账号。"))
    else:
        blocks.append(notice("success", "这是登记在册的政务新媒体账号", f"主办单位：{md(data.unit_name(account['owner']))}。"))
    blocks.append(incident_notice(data, account["id"]))
    handle_label = md(data.handle_labels.get(account["platform"], "账号 ID"))
    rows: list[tuple[str, str]] = [
        ("账号名称", name),
        ("平台", md(platform)),
        (handle_label, cell(account["handle"])),
        ("链接", _link_cell(account, ended is not None or account["status"] != "active")),
        ("主办单位", a(md(data.unit_name(account["owner"])), src, paths.unit_anchor(account["owner"]))),
        ("认证主体", cell(account["certified_subject"])),
        ("类型", PURPOSE_LABELS.get(account["purpose"], md(account["purpose"]))),
        ("开设日期", opened_on(account) or "—"),
        ("状态", f"**{status_text(account)}**" if ended else status_text(account)),
    ]
    approval = account.get("approval")
    if approval:
        rows.append(("批准文号", f"{md(approval['number'])}（{approval['date']}）"))
    operation = account.get("operation") or {}
    if operation.get("mode") == "outsourced":
        rows.append(("运维方式", f"委托第三方运维：{cell(operation.get('vendor'))}（内容审核不外包，第九条）"))
    else:
        rows.append(("运维方式", "主办单位自行运维"))
    if account.get("description"):
        rows.append(("简介", md(account["description"])))
    blocks.append(table(("项目", "内容"), rows))
    # a closed or cancelled handle can be taken over by anyone: no QR code, no live link, only the history
    url = safe_url(account.get("url")) if account["status"] == "active" else None
    svg = qr_svg(url) if url is not None else None
    if svg is not None:
        blocks.append(heading(2, "二维码", "qr"))
        blocks.append(
            f'<figure class="govreg-qr" role="img" aria-label="{name}的二维码">{svg}<figcaption>扫码访问“{name}”</figcaption></figure>'
        )
    blocks.append(heading(2, "开设、变更、关停、注销记录", "lifecycle"))
    blocks.append(
        "开设、变更、关停、注销后 3 个工作日内在全国政务新媒体信息报送系统备案；变更、关停、注销还须向社会公告不少于 15 个工作日（第八条）。"
    )
    blocks.append(table(("事项", "日期", "备案日期", "公告期", "公告", "说明"), (_event_row(event) for event in account["lifecycle"])))
    blocks.append(heading(2, "本账号发布的信息", "published"))
    blocks.append(items_table(data, items))
    blocks.append(a("返回账号名录", src, paths.ACCOUNTS))
    return page(*blocks)


def _link_cell(account: Record, ended: bool) -> str:
    if not account.get("url"):
        return "—"
    if ended:
        return "（账号已不再由政府运营，不提供链接，谨防冒用）"
    return link(account.get("url"), account.get("url")) or "—"


def _event_row(event: Record) -> tuple[str, ...]:
    notice_ = event.get("announcement") or {}
    period = f"{notice_['from']} 至 {notice_['to']}" if notice_ else "—"
    title = notice_.get("title") or ("公告" if notice_.get("url") else "")
    return (
        EVENT_LABELS.get(event["type"], md(event["type"])),
        str(event["date"]),
        str(event.get("filed") or "—"),
        period,
        link(title, notice_.get("url")) or "—",
        cell(event.get("note")),
    )
