"""Small hand-made SVG charts for the HTML reports (no JavaScript, no external files).

Each function returns one ``<svg>`` element as text, sized in CSS pixels, with a
``<title>`` for screen readers and a ``<title>`` per bar as a tooltip.  Colours
carry meaning only together with text (the value is always printed too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif"
COLOURS = {
    "ok": "#2e7d32",
    "over": "#c62828",
    "blank": "#9e9e9e",
    "new": "#64b5f6",
    "free": "#78909c",
    "veto": "#b71c1c",
    "error": "#ef6c00",
    "warning": "#f9a825",
    "bar": "#1565c0",
}


def _e(text: str) -> str:
    return escape(text, quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(width: int, height: int, title: str, body: list[str], css_class: str) -> str:
    return (
        f'<svg class="chart {css_class}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" font-family="{FONT}" font-size="12">'
        f"<title>{_e(title)}</title>" + "".join(body) + "</svg>"
    )


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int | None  # None: nothing to measure (blank)
    limit: int | None
    state: str  # key of COLOURS
    tooltip: str


def freshness(bars: Sequence[Bar], title: str, width: int = 720) -> str:
    """Horizontal bars: days since the last update per account/column, with each limit marked."""
    label_w, right = 250, 80
    row, top = 22, 26
    x0, x1 = label_w, width - right
    limits = [b.limit for b in bars if b.limit]
    values = [b.value for b in bars if b.value is not None]
    cap = max(max(limits, default=14) * 1.5, 30.0)
    scale_max = min(max([*values, *limits, 14]), cap)
    height = top + row * len(bars) + 24

    def x(v: float) -> float:
        return x0 + (x1 - x0) * min(v, scale_max) / scale_max

    body = [
        f'<text x="{x0}" y="16" fill="#37474f">距上次更新的天数（竖线为时限；红色为超过时限，灰色为空白）</text>',
        f'<line x1="{x0}" y1="{top - 4}" x2="{x0}" y2="{top + row * len(bars)}" stroke="#90a4ae"/>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        body.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="#263238"><title>{_e(bar.label)}</title>{_e(_short(bar.label, 18))}</text>'
        )
        colour = COLOURS.get(bar.state, COLOURS["free"])
        if bar.value is None:
            body.append(
                f'<rect class="bar bar-{bar.state}" x="{x0}" y="{y + 4}" width="{x1 - x0:.1f}" height="14" fill="{colour}" fill-opacity="0.35">'
                f"<title>{_e(bar.tooltip)}</title></rect>"
                f'<text x="{x0 + 6}" y="{y + 15}" fill="#263238">{"空白" if bar.state == "blank" else "暂无发布"}</text>'
            )
            continue
        w = max(x(bar.value) - x0, 1.5)
        clipped = bar.value > scale_max
        body.append(
            f'<rect class="bar bar-{bar.state}" x="{x0}" y="{y + 4}" width="{w:.1f}" height="14" fill="{colour}">'
            f"<title>{_e(bar.tooltip)}</title></rect>"
        )
        if clipped:  # off the scale: a break mark at the end of the bar
            body.append(f'<path d="M{x1 - 6:.1f} {y + 2} l4 9 l-4 9" stroke="#fff" stroke-width="2" fill="none"/>')
        body.append(f'<text x="{x0 + w + 4:.1f}" y="{y + 15}" fill="#263238">{bar.value} 天</text>')
        if bar.limit:
            lx = x(bar.limit)
            body.append(f'<line class="limit" x1="{lx:.1f}" y1="{y + 1}" x2="{lx:.1f}" y2="{y + 21}" stroke="#263238" stroke-width="2"/>')
    axis_y = top + row * len(bars) + 16
    body.append(f'<text x="{x0}" y="{axis_y}" fill="#607d8b">0</text>')
    body.append(f'<text x="{x1}" y="{axis_y}" text-anchor="end" fill="#607d8b">{scale_max:g} 天</text>')
    return _svg(width, height, title, body, "freshness")


def weekly(counts: Sequence[int], end: dt.date, title: str, width: int = 360, height: int = 110) -> str:
    """Columns: items released per week, the last ``len(counts)`` weeks ending on ``end``."""
    left, bottom, top = 28, 24, 18
    n = max(len(counts), 1)
    peak = max([*counts, 1])
    slot = (width - left - 8) / n
    plot_h = height - top - bottom
    body = [f'<text x="{left}" y="12" fill="#37474f">每周发布条数（近 {n} 周）</text>']
    body.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 8}" y2="{height - bottom}" stroke="#90a4ae"/>')
    body.append(f'<text x="{left - 4}" y="{top + 10}" text-anchor="end" fill="#607d8b">{peak}</text>')
    first = end - dt.timedelta(days=7 * n - 1)
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x = left + i * slot + 2
        week_start = first + dt.timedelta(days=7 * i)
        tip = f"{week_start.isoformat()} 起一周：{count} 条"
        body.append(
            f'<rect class="bar bar-week" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{max(slot - 4, 1):.1f}" '
            f'height="{max(h, 0.5):.1f}" fill="{COLOURS["bar"] if count else "#cfd8dc"}"><title>{_e(tip)}</title></rect>'
        )
    body.append(f'<text x="{left}" y="{height - 6}" fill="#607d8b">{first.strftime("%m-%d")}</text>')
    body.append(f'<text x="{width - 8}" y="{height - 6}" text-anchor="end" fill="#607d8b">{end.strftime("%m-%d")}</text>')
    return _svg(width, height, title, body, "weekly")


@dataclass(frozen=True, slots=True)
class Stack:
    label: str
    parts: tuple[tuple[str, int], ...]  # (COLOURS key, count)


def stacked(rows: Sequence[Stack], title: str, legend: Sequence[tuple[str, str]], width: int = 720) -> str:
    """Horizontal stacked bars (e.g. problems per unit: vetoes, errors, warnings)."""
    label_w, right, row, top = 230, 60, 20, 30
    x0, x1 = label_w, width - right
    peak = max([sum(c for _, c in r.parts) for r in rows] + [1])
    height = top + row * len(rows) + 8
    body = []
    lx = x0
    for key, name in legend:
        body.append(f'<rect x="{lx}" y="6" width="12" height="12" fill="{COLOURS[key]}"/><text x="{lx + 16}" y="16" fill="#37474f">{_e(name)}</text>')
        lx += 24 + 13 * len(name)
    for i, r in enumerate(rows):
        y = top + i * row
        body.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" fill="#263238"><title>{_e(r.label)}</title>{_e(_short(r.label, 16))}</text>')
        x = float(x0)
        total = 0
        for key, count in r.parts:
            if count <= 0:
                continue
            w = (x1 - x0) * count / peak
            body.append(f'<rect class="bar bar-{key}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="14" fill="{COLOURS[key]}"><title>{_e(r.label)}:{count}</title></rect>')
            x += w
            total += count
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14}" fill="#263238">{total}</text>')
    return _svg(width, height, title, body, "stacked")


def scores(rows: Sequence[tuple[str, float, float]], title: str, width: int = 720) -> str:
    """Horizontal bars of scores out of ``total``: rows of (label, score, total)."""
    label_w, right, row, top = 230, 60, 20, 8
    x0, x1 = label_w, width - right
    height = top + row * len(rows) + 8
    body = []
    for i, (label, score, total) in enumerate(rows):
        y = top + i * row
        w = (x1 - x0) * max(score, 0) / total if total else 0
        colour = COLOURS["ok"] if score >= total * 0.9 else COLOURS["warning"] if score >= total * 0.6 else COLOURS["over"]
        body.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end" fill="#263238"><title>{_e(label)}</title>{_e(_short(label, 16))}</text>')
        body.append(f'<rect class="bar bar-score" x="{x0}" y="{y + 3}" width="{w:.1f}" height="14" fill="{colour}"><title>{_e(label)}：{score:g} 分</title></rect>')
        body.append(f'<text x="{x0 + w + 4:.1f}" y="{y + 14}" fill="#263238">{score:g}</text>')
    return _svg(width, height, title, body, "scores")
