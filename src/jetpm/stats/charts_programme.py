"""The programme's series as a line chart (server-rendered SVG, as jetpm.stats.charts): one line per series
over the fiscal years, its last value labelled, the value axis in four steps."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from jetpm.stats.charts import FONT, GRID, INK, SERIES_COLOURS, _e, _legend, _svg, _text


def lines(
    chart_id: str,
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    every: int = 5,
) -> SafeString:
    """``labels``: one per point (fiscal years, oldest first); ``series``: (name, one value per label).
    Every ``every``-th label (and the last) is written under the axis."""
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
            body.append(f'<text x="{x + 6}" y="{y + 4}" {FONT} fill="{INK}">{_e(f"{values[-1]:,}")}</text>')
    return _svg(chart_id, width, height, title, desc, body)
