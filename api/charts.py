"""Bar charts as SVG drawn on the server: no chart library and no script in the browser (the
CSP allows images from the app itself). Every text is escaped; the caller decides what may be
shown (the statistics page passes only published, small-cell-suppressed figures)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

BAR_WIDTH = 36
GAP = 18
PLOT_HEIGHT = 200
TOP = 40
LEFT = 48
LABEL_SPACE = 86


@dataclass(frozen=True)
class Bar:
    label: str
    group: str  # bars of one group share a colour
    value: int  # drawn height
    caption: str  # printed above the bar (e.g. "42", or "<11" for a suppressed group)


PALETTE = ("#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d")


def bar_chart(title: str, bars: list[Bar], empty_text: str) -> str:
    """An SVG document: one bar per item, scaled to the tallest, with a legend of the groups."""
    groups = list(dict.fromkeys(bar.group for bar in bars))
    colour = {group: PALETTE[i % len(PALETTE)] for i, group in enumerate(groups)}
    width = max(LEFT + len(bars) * (BAR_WIDTH + GAP) + GAP, 420)
    legend_top = TOP + PLOT_HEIGHT + LABEL_SPACE
    height = legend_top + 20 * len(groups) + 10
    tallest = max((bar.value for bar in bars), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label={quoteattr(title)} '
        'font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{LEFT}" y="20" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + PLOT_HEIGHT}" x2="{width - GAP}" '
        f'y2="{TOP + PLOT_HEIGHT}" stroke="#333"/>',
    ]
    if not bars:
        parts.append(
            f'<text x="{LEFT}" y="{TOP + PLOT_HEIGHT // 2}" fill="#666">{escape(empty_text)}</text>'
        )
    for index, bar in enumerate(bars):
        x = LEFT + GAP + index * (BAR_WIDTH + GAP)
        drawn = round(PLOT_HEIGHT * bar.value / tallest) if tallest else 0
        y = TOP + PLOT_HEIGHT - drawn
        middle = x + BAR_WIDTH // 2
        parts.append(
            f'<rect class="bar" x="{x}" y="{y}" width="{BAR_WIDTH}" height="{drawn}" '
            f'fill="{colour[bar.group]}"><title>{escape(f"{bar.label}: {bar.caption}")}</title>'
            "</rect>"
        )
        parts.append(
            f'<text x="{middle}" y="{y - 4}" text-anchor="middle">{escape(bar.caption)}</text>'
        )
        label_y = TOP + PLOT_HEIGHT + 12
        parts.append(
            f'<text x="{middle}" y="{label_y}" text-anchor="end" '
            f'transform="rotate(-45 {middle} {label_y})">{escape(bar.label)}</text>'
        )
    for index, group in enumerate(groups):
        y = legend_top + 20 * index
        parts.append(f'<rect x="{LEFT}" y="{y}" width="12" height="12" fill="{colour[group]}"/>')
        parts.append(f'<text x="{LEFT + 18}" y="{y + 11}">{escape(group)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
