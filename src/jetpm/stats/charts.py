"""Server-rendered SVG charts: no script, no style attribute, no external asset. Each chart is an image
for assistive technology (``role="img"`` with a ``<title>`` and a ``<desc>``), carries its figures as
text labels, and scales with its ``viewBox``. Every label is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1a1a1a"  # text
TOTAL = "#1f4e79"  # dark blue, 8.6:1 on white
NEW = "#b35900"  # dark orange, 4.6:1 on white
ALT = "#2e6b30"  # dark green, 6.4:1 on white
APPLICANTS = "#6a2c70"  # dark purple, 9.6:1 on white
SERIES_COLOURS = (NEW, ALT, TOTAL, APPLICANTS)  # new participants, ALTs, participants, applicants
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


def _text(x: int, y: int, content: object, anchor: str = "start") -> str:
    """A text label in ink; ``content`` is escaped here."""
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" {FONT} fill="{INK}">{_e(content)}</text>'


def _legend(x: int, y: int, series: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for label, colour in series:
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{y}" {FONT} fill="{INK}">{_e(label)}</text>')
        x += 16 + 13 * len(label) + 24
    return out


def horizontal_bars(chart_id: str, *, title: str, desc: str, items: Sequence[tuple[str, int]]) -> SafeString:
    """One bar per (label, value), labels on the left, values at the end of each bar."""
    label_w, bar_w, row_h, top = 200, 320, 24, 8
    width = label_w + bar_w + 60
    height = top * 2 + row_h * max(len(items), 1)
    peak = max([v for _l, v in items] + [1])
    body: list[str] = []
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        w = round(bar_w * value / peak)
        body.append(_text(label_w - 8, y + 16, _clip(label), "end"))
        body.append(f'<rect x="{label_w}" y="{y + 4}" width="{w}" height="{row_h - 8}" fill="{TOTAL}"/>')
        body.append(f'<text x="{label_w + w + 6}" y="{y + 16}" {FONT} fill="{INK}">{value}</text>')
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
        body.append(
            f'<text x="{cx}" y="{base - h - 6}" text-anchor="middle" {FONT} fill="{INK}">{value}</text>'
        )
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
    None (no records) draws no column and writes ``missing`` above the group, never a made-up zero."""
    col_w, inner, gap, plot_h, top, bottom = 20, 2, 24, 200, 56, 36
    n = max(len(series), 1)
    group = n * col_w + (n - 1) * inner
    width = max(gap + (group + gap) * max(len(items), 1), 520)
    height = top + plot_h + bottom
    peak = max([v for _l, values in items for v in values if v is not None] + [1])
    base = top + plot_h
    colours = SERIES_COLOURS[: len(series)]
    body = _legend(gap, 18, list(zip(series, colours, strict=True))[:2])
    body += _legend(gap, 40, list(zip(series, colours, strict=True))[2:])
    body.append(f'<line x1="{gap // 2}" y1="{base}" x2="{width - gap // 2}" y2="{base}" stroke="{GRID}"/>')
    for i, (label, values) in enumerate(items):
        x = gap + i * (group + gap)
        if all(v is None for v in values):
            body.append(_text(x + group // 2, base - 8, missing, "middle"))
        for j, (value, colour) in enumerate(zip(values, colours, strict=True)):
            if value is None:
                continue
            bx = x + j * (col_w + inner)
            h = round(plot_h * value / peak)
            body.append(f'<rect x="{bx}" y="{base - h}" width="{col_w}" height="{h}" fill="{colour}"/>')
            body.append(
                f'<text x="{bx + col_w // 2}" y="{base - h - 4}" text-anchor="middle" '
                f'font-family="sans-serif" font-size="9" fill="{INK}">{value}</text>'
            )
        body.append(_text(x + group // 2, base + 18, label, "middle"))
    return _svg(chart_id, width, height, title, desc, body)
