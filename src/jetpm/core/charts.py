"""Server-rendered SVG charts for every page that draws one (statistics, the entrance's evaluation, JETAA
support): no script, no style attribute, no external asset. Each chart is an image for assistive technology
(``role="img"`` with a ``<title>`` and a ``<desc>``), carries its figures as text labels, and scales with its
``viewBox``. Every label is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1a1a1a"  # text
TOTAL = "#1f4e79"  # dark blue, 8.6:1 on white
NEW = "#b35900"  # dark orange, 4.6:1 on white
ALT = "#2e6b30"  # dark green, 6.4:1 on white
APPLICANTS = "#6a2c70"  # dark purple, 9.6:1 on white
SERIES_COLOURS = (NEW, ALT, TOTAL, APPLICANTS)  # the series' colours in order (all ≥ 4.5:1 on white)
BEFORE, AFTER = NEW, ALT  # a before/after pair (calibration)
GRID = "#767676"
FONT = 'font-family="sans-serif" font-size="12"'


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, length: int = 28) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _svg(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart" id="{chart_id}">'
        f'<title id="{chart_id}-title">{_e(title)}</title><desc id="{chart_id}-desc">{_e(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308  (every label above is escaped)


def _text(x: float, y: float, content: object, anchor: str = "start") -> str:
    """A text label in ink; ``content`` is escaped here."""
    return f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}" {FONT} fill="{INK}">{_e(content)}</text>'


def _legend(x: int, y: int, series: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for label, colour in series:
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{y}" {FONT} fill="{INK}">{_e(label)}</text>')
        x += 16 + 13 * len(label) + 24
    return out


def horizontal_bars(
    chart_id: str,
    *,
    title: str,
    desc: str,
    items: Sequence[tuple[str, int]],
    label_width: int = 200,
    clip: int = 28,
) -> SafeString:
    """One bar per (label, value), labels on the left, values at the end of each bar."""
    label_w, bar_w, row_h, top = label_width, 320, 24, 8
    width = label_w + bar_w + 70
    height = top * 2 + row_h * max(len(items), 1)
    peak = max([v for _l, v in items] + [1])
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = round(bar_w * value / peak)
        body.append(_text(label_w - 8, y + 16, _clip(label, clip), "end"))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{TOTAL}"/>')
        body.append(_text(label_w + w + 6, y + 16, f"{value:,}"))
    return _svg(chart_id, width, height, title, desc, body)


def vertical_bars(chart_id: str, *, title: str, desc: str, items: Sequence[tuple[str, int]]) -> SafeString:
    """One column per (label, value), labels below, values above each column."""
    col_w, gap, plot_h, top, bottom = 120, 40, 180, 24, 36
    width = gap + (col_w + gap) * max(len(items), 1)
    height = top + plot_h + bottom
    peak = max([v for _l, v in items] + [1])
    base = top + plot_h
    body = [f'<line x1="{gap // 2}" y1="{base}" x2="{width - gap // 2}" y2="{base}" stroke="{GRID}"/>']
    for i, (label, value) in enumerate(items):
        x = gap + i * (col_w + gap)
        h = round(plot_h * value / peak)
        body.append(f'<rect x="{x}" y="{base - h}" width="{col_w}" height="{h}" fill="{TOTAL}"/>')
        cx = x + col_w // 2
        body.append(_text(cx, base - h - 6, f"{value:,}", "middle"))
        body.append(_text(cx, base + 18, _clip(label, 18), "middle"))
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
    """One group of columns per (label, values), one column per series (colours: SERIES_COLOURS); a value
    None (no records) draws no column and a group with no value at all says ``missing``: never a made-up
    zero."""
    col_w, inner, gap, plot_h, top, bottom = 20, 2, 24, 200, 56, 36
    n = max(len(series), 1)
    group = n * col_w + (n - 1) * inner
    width = max(gap + (group + gap) * max(len(items), 1), 520)
    height = top + plot_h + bottom
    peak = max([v for _l, values in items for v in values if v is not None] + [1])
    base = top + plot_h
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(series))]
    body = _legend(gap, 18, list(zip(series, colours, strict=True))[:2])
    body += _legend(gap, 40, list(zip(series, colours, strict=True))[2:])
    body.append(f'<line x1="{gap // 2}" y1="{base}" x2="{width - gap // 2}" y2="{base}" stroke="{GRID}"/>')
    for i, (label, values) in enumerate(items):
        x = gap + i * (group + gap)
        if all(v is None for v in values):
            body.append(_text(x + group // 2, base - 8, missing, "middle"))
        for j, (value, colour) in enumerate(zip(values, colours, strict=False)):
            if value is None:
                continue
            bx = x + j * (col_w + inner)
            h = round(plot_h * value / peak)
            body.append(f'<rect x="{bx}" y="{base - h}" width="{col_w}" height="{h}" fill="{colour}"/>')
            body.append(
                f'<text x="{bx + col_w // 2}" y="{base - h - 4}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="9" fill="{INK}">{value:,}</text>'
            )
        body.append(_text(x + group // 2, base + 18, label, "middle"))
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
    """Per label two bars from a zero line, left negative, right positive: before (orange) and after (green),
    e.g. calibration in standard deviations (clipped at ±``limit``, the figure written beside)."""
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
        body.append(_text(label_w - 8, y + 17, _clip(label, 30), "end"))
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


def lines(
    chart_id: str,
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    every: int = 5,
) -> SafeString:
    """One line per series over the points: ``labels`` one per point (fiscal years, oldest first), ``series``
    (name, one value per label); every ``every``-th label (and the last) is written under the axis, the
    value axis in four steps, each line's last value labelled."""
    left, right, top, plot_h, bottom = 64, 80, 48, 220, 36
    step = 18
    n = max(len(labels), 1)
    width = left + step * (n - 1) + right
    height = top + plot_h + bottom
    peak = max([v for _name, values in series for v in values] + [1])
    base = top + plot_h
    body = _legend(
        left, 18, [(name, SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i, (name, _v) in enumerate(series)]
    )
    for k in range(5):
        value = round(peak * k / 4)
        y = base - round(plot_h * k / 4)
        body.append(
            f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID}" stroke-width="0.5"/>'
        )
        body.append(_text(left - 6, y + 4, f"{value:,}", "end"))
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            body.append(_text(left + step * i, base + 18, label, "middle"))
    for j, (_name, values) in enumerate(series):
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        points = " ".join(
            f"{left + step * i},{base - round(plot_h * v / peak)}" for i, v in enumerate(values)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        if values:
            x, y = left + step * (len(values) - 1), base - round(plot_h * values[-1] / peak)
            body.append(_text(x + 6, y + 4, f"{values[-1]:,}"))
    return _svg(chart_id, width, height, title, desc, body)
