"""Charts as inline SVG: horizontal bars, a column series and a fill-rate grid.

Written out rather than drawn with a plotting library: each chart is a few rectangles
and labels, the page must open offline with nothing to fetch, and matplotlib or a
JavaScript chart library would add tens of megabytes (or an embedded script) for that.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 760
BAR = "#3b6ea5"
MUTED = "#9aa5b1"
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" {FONT}>'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _empty(label: str, message: str) -> str:
    return _svg(40, label, [f'<text x="8" y="24" fill="{MUTED}">{escape(message)}</text>'])


def hbars(
    label: str, items: Sequence[tuple[str, float]], *, percent: bool = False, empty: str = ""
) -> str:
    """One horizontal bar per item, longest scale first as given, value at the bar's end."""
    if not items:
        return _empty(label, empty or "nothing to show")
    row, left, right = 22, 220, 70
    top = max(v for _, v in items) or 1
    body = []
    for i, (name, value) in enumerate(items):
        y = i * row + 4
        width = (WIDTH - left - right) * value / top
        shown = f"{value:.0%}" if percent else f"{value:,.0f}"
        body.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(name[:34])}</text>'
            f'<rect x="{left}" y="{y}" width="{width:.1f}" height="{row - 6}" fill="{BAR}">'
            f"<title>{escape(name)}: {shown}</title></rect>"
            f'<text x="{left + width + 4:.1f}" y="{y + 14}">{shown}</text>'
        )
    return _svg(len(items) * row + 8, label, body)


def columns(label: str, items: Sequence[tuple[str, float]], *, empty: str = "") -> str:
    """A column per item (days, months, length bins), labels under the first, the last
    and a few between, the tallest column's value on the axis."""
    if not items:
        return _empty(label, empty or "nothing to show")
    height, bottom, left = 220, 40, 50
    plot = height - bottom - 10
    top = max(v for _, v in items) or 1
    step = (WIDTH - left - 10) / len(items)
    every = max(1, len(items) // 8)
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{WIDTH - 10}" y2="{height - bottom}" '
        f'stroke="{MUTED}"/>',
        f'<text x="{left - 6}" y="16" text-anchor="end">{top:,.0f}</text>',
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>',
    ]
    for i, (name, value) in enumerate(items):
        h = plot * value / top
        x = left + i * step
        body.append(
            f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - h:.1f}" '
            f'width="{max(step * 0.8, 1):.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{escape(name)}: {value:,.0f}</title></rect>"
        )
        if i % every == 0 or i == len(items) - 1:
            # The last label ends at its column, so that it stays inside the chart.
            anchor, at = ("end", x + step) if i == len(items) - 1 else ("middle", x + step / 2)
            if i and i == len(items) - 1 and i % every and (i % every) < every / 2:
                continue  # too close to the label before it
            body.append(
                f'<text x="{at:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="{anchor}">{escape(name)}</text>'
            )
    return _svg(height, label, body)


def _shade(rate: float) -> str:
    """White (0%) to the bar colour (100%)."""
    r, g, b = (int(255 + (c - 255) * rate) for c in (0x3B, 0x6E, 0xA5))
    return f"#{r:02x}{g:02x}{b:02x}"


def grid(
    label: str, rows: Sequence[str], cols: Sequence[str], rates: dict[tuple[str, str], float]
) -> str:
    """Fill rates: one row per site, one column per field, the share written in each cell."""
    if not rows:
        return _empty(label, "no records")
    # The right margin leaves room for the last column's slanted name.
    left, head, cell_h = 190, 110, 22
    cell_w = (WIDTH - left - 70) / max(len(cols), 1)
    body = []
    for j, name in enumerate(cols):
        x = left + j * cell_w + cell_w / 2
        body.append(
            f'<text transform="translate({x:.1f},{head - 6}) rotate(-45)">{escape(name)}</text>'
        )
    for i, site in enumerate(rows):
        y = head + i * cell_h
        body.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{escape(site[:30])}</text>'
        )
        for j, name in enumerate(cols):
            rate = rates.get((site, name), 0.0)
            x = left + j * cell_w
            ink = "#fff" if rate > 0.6 else "#222"
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                f'fill="{_shade(rate)}" stroke="#e1e5ea"><title>{escape(site)} {escape(name)}: '
                f"{rate:.0%}</title></rect>"
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                f'fill="{ink}">{rate:.0%}</text>'
            )
    return _svg(head + len(rows) * cell_h + 8, label, body)
