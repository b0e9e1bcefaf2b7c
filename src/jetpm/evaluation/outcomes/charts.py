"""Server-rendered SVG charts of the evaluation pages, in the house style of the statistics pages
(jetpm/stats/charts.py, which this app may not import: it sits above): no script, no style attribute, an
image for assistive technology with a title and a description, every label escaped, figures as text."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1a1a1a"
BAR = "#1f4e79"  # dark blue, 8.6:1 on white
BEFORE = "#b35900"  # dark orange, 4.6:1 on white
AFTER = "#2e6b30"  # dark green, 6.4:1 on white
SERIES = ("#b35900", "#2e6b30", "#1f4e79", "#6a2c70")
GRID = "#767676"
FONT = 'font-family="sans-serif" font-size="12"'


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}">'
        f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308  (every label is escaped)


def _text(x: float, y: float, content: object, anchor: str = "start") -> str:
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" {FONT} fill="{INK}">{_e(content)}</text>'


def horizontal_bars(chart_id: str, *, title: str, desc: str, items: Sequence[tuple[str, int]]) -> SafeString:
    """One bar per (label, value): the funnel's stages, or the groups."""
    label_w, bar_w, row_h, top = 220, 320, 24, 8
    width = label_w + bar_w + 70
    height = top * 2 + row_h * max(len(items), 1)
    peak = max([v for _l, v in items] + [1])
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = round(bar_w * value / peak)
        body.append(_text(label_w - 8, y + 16, _clip(label), "end"))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{BAR}"/>')
        body.append(_text(label_w + w + 6, y + 16, value))
    return _svg(chart_id, width, height, title, desc, body)


def diverging_pairs(
    chart_id: str,
    *,
    title: str,
    desc: str,
    legend: tuple[str, str],
    items: Sequence[tuple[str, float, float | None]],
    limit: float = 2.0,
) -> SafeString:
    """Per label two bars from a zero line, left negative, right positive: before (orange) and after (green)
    calibration, in standard deviations (clipped at ±``limit``, the figure written beside)."""
    label_w, half, row_h, top = 220, 160, 30, 34
    width = label_w + 2 * half + 70
    height = top + row_h * max(len(items), 1) + 8
    zero = label_w + half
    body = [
        f'<rect x="{label_w}" y="8" width="12" height="12" fill="{BEFORE}"/>',
        _text(label_w + 16, 18, legend[0]),
        f'<rect x="{label_w + 200}" y="8" width="12" height="12" fill="{AFTER}"/>',
        _text(label_w + 216, 18, legend[1]),
        f'<line x1="{zero}" y1="{top - 4}" x2="{zero}" y2="{height - 4}" stroke="{GRID}"/>',
    ]
    for i, (label, before, after) in enumerate(items):
        y = top + i * row_h
        body.append(_text(label_w - 8, y + 17, _clip(label), "end"))
        for j, (value, colour) in enumerate(((before, BEFORE), (after, AFTER))):
            if value is None:
                continue
            w = round(half * min(abs(value), limit) / limit)
            x = zero - w if value < 0 else zero
            by = y + 3 + j * 12
            body.append(f'<rect x="{x}" y="{by}" width="{w}" height="10" fill="{colour}"/>')
            tx = x - 4 if value < 0 else x + w + 4
            body.append(
                f'<text x="{tx}" y="{by + 9}" text-anchor="{"end" if value < 0 else "start"}" '
                f'font-family="sans-serif" font-size="10" fill="{INK}">{value:+.2f}</text>'
            )
    return _svg(chart_id, width, height, title, desc, body)


def grouped_bars(
    chart_id: str,
    *,
    title: str,
    desc: str,
    series: Sequence[str],
    items: Sequence[tuple[str, Sequence[int | None]]],
    missing: str,
) -> SafeString:
    """One group of columns per (label, values); a value None (no records) draws nothing, and a group with
    no value at all says ``missing``: never a made-up zero."""
    col_w, inner, gap, plot_h, top, bottom = 18, 2, 22, 200, 56, 36
    n = max(len(series), 1)
    group = n * col_w + (n - 1) * inner
    width = max(gap + (group + gap) * max(len(items), 1), 560)
    height = top + plot_h + bottom
    peak = max([v for _l, values in items for v in values if v is not None] + [1])
    base = top + plot_h
    body: list[str] = []
    x = gap
    for k, (label, colour) in enumerate(zip(series, SERIES, strict=False)):
        lx, ly = gap + (k % 2) * 260, 18 + (k // 2) * 20
        body.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(lx + 16, ly, label))
    body.append(f'<line x1="{gap // 2}" y1="{base}" x2="{width - gap // 2}" y2="{base}" stroke="{GRID}"/>')
    for i, (label, values) in enumerate(items):
        x = gap + i * (group + gap)
        if all(v is None for v in values):
            body.append(_text(x + group // 2, base - 8, missing, "middle"))
        for j, (value, colour) in enumerate(zip(values, SERIES, strict=False)):
            if value is None:
                continue
            bx = x + j * (col_w + inner)
            h = round(plot_h * value / peak)
            body.append(f'<rect x="{bx}" y="{base - h}" width="{col_w}" height="{h}" fill="{colour}"/>')
        body.append(_text(x + group // 2, base + 18, label, "middle"))
    return _svg(chart_id, width, height, title, desc, body)
