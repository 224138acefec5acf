"""The forest plot of one quantity, drawn by matplotlib as SVG text to inline in the page.

matplotlib is imported inside `forest_svg` only: the CLI and every other route of the
API never pay for it. The figure is built with matplotlib's object API (no pyplot, no
global figure manager) on the SVG backend, under a lock because rcParams are global.
The same rows give the same bytes: `svg.hashsalt` fixes the generated ids and the
metadata carries no date.

The x axis is logarithmic (equal distances are equal ratios, i.e. it is ln r) and its
ticks are labelled in r, times per year.
"""

import io
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final


class RowKind(StrEnum):
    ESTIMATE = "estimate"
    LEFT_OUT = "left-out"
    POOLED = "pooled"
    PREDICTION = "prediction"
    STATED_ONLY = "stated-only"
    ADJUSTED = "critique-adjusted"


@dataclass(frozen=True)
class PlotRow:
    """One row of the plot, top to bottom; `r` is None for a row with nothing to draw."""

    kind: RowKind
    label: str
    gid: str
    r: float | None = None
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    weight: float | None = None
    note: str | None = None


BASIS_STYLE: Final = {
    "stated": ("o", "#1f5fa8"),
    "range": ("s", "#d9822b"),
    "imputed": ("D", "#2f8f4e"),
    "none": ("X", "#7a7a7a"),
}
"""Marker and colour per uncertainty basis (shape and colour both, for grey printing)."""

LEFT_OUT_COLOUR: Final = "#9a9a9a"
POOLED_COLOUR: Final = "#111111"
ADJUSTED_COLOUR: Final = "#8e3b8e"
NICE_TICKS: Final = (
    0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.1, 1.2, 1.3, 1.5, 2, 2.5, 3, 4, 5, 7, 10, 15, 20, 30, 50,
    100, 200, 500, 1000,
)  # fmt: skip
RC: Final[dict[Any, Any]] = {
    "svg.hashsalt": "claimgraph-forest",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 10,
}
_LOCK: Final = threading.Lock()


def _span(rows: Sequence[PlotRow]) -> tuple[float, float]:
    values = [v for row in rows for v in (row.r, row.low, row.high) if v is not None and v > 0]
    if not values:
        return 0.5, 2.0
    low, high = min(*values, 1.0), max(*values, 1.0)
    pad = (math.log(high) - math.log(low)) * 0.08 or 0.1
    return math.exp(math.log(low) - pad), math.exp(math.log(high) + pad)


def _ticks(low: float, high: float) -> list[float]:
    """Round values of r, at least a tenth of the axis apart (always 1 when in range)."""
    gap = (math.log(high) - math.log(low)) / 10
    kept: list[float] = [1.0] if low <= 1.0 <= high else []
    for tick in NICE_TICKS:
        if low <= tick <= high and all(abs(math.log(tick / k)) >= gap for k in kept):
            kept.append(tick)
    return sorted(kept)


def _diamond(ax: Any, row: PlotRow, y: float, filled: bool, colour: str) -> None:
    assert row.r is not None and row.low is not None and row.high is not None
    points = [(row.low, y), (row.r, y + 0.32), (row.high, y), (row.r, y - 0.32)]
    from matplotlib.patches import Polygon

    patch = Polygon(
        points,
        closed=True,
        facecolor=colour if filled else "white",
        edgecolor=colour,
        linewidth=1.4,
        zorder=3,
    )
    patch.set_gid(row.gid)
    ax.add_patch(patch)


def _draw_row(ax: Any, row: PlotRow, y: float, x_right: float) -> None:
    if row.r is None:
        if row.note:
            ax.text(1.0, y, row.note, va="center", ha="center", fontsize=8.5,
                    color=LEFT_OUT_COLOUR, parse_math=False, gid=row.gid)  # fmt: skip
        return
    if row.kind is RowKind.ESTIMATE:
        marker, colour = BASIS_STYLE.get(row.basis or "none", BASIS_STYLE["none"])
        size = 4.0 + 14.0 * math.sqrt(row.weight or 0.0)
        container = ax.errorbar(
            [row.r], [y], xerr=_xerr(row), fmt=marker, color=colour, markersize=size,
            markeredgecolor="white", ecolor=colour, elinewidth=1.4, capsize=3, zorder=3,
        )  # fmt: skip
        _name(container, row.gid)
    elif row.kind is RowKind.LEFT_OUT:
        container = ax.errorbar(
            [row.r], [y], xerr=_xerr(row), fmt="x", color=LEFT_OUT_COLOUR, markersize=7,
            ecolor=LEFT_OUT_COLOUR, elinewidth=1, capsize=2, linestyle="none", zorder=2,
        )  # fmt: skip
        _name(container, row.gid)
    elif row.kind is RowKind.PREDICTION:
        assert row.low is not None and row.high is not None
        (line,) = ax.plot([row.low, row.high], [y, y], color=POOLED_COLOUR, linewidth=1.2,
                          linestyle=(0, (4, 2)), marker="|", markersize=10, zorder=2)  # fmt: skip
        line.set_gid(row.gid)
    else:
        filled = row.kind is not RowKind.STATED_ONLY
        colour = ADJUSTED_COLOUR if row.kind is RowKind.ADJUSTED else POOLED_COLOUR
        _diamond(ax, row, y, filled, colour)
    if row.note:
        ax.text(x_right, y, f"  {row.note}", va="center", ha="left", fontsize=8.5,
                color="#555555", parse_math=False, clip_on=False)  # fmt: skip


def _name(container: Any, gid: str) -> None:
    """The marker gets the row's id (one per row); its interval's parts get derived ids."""
    container.lines[0].set_gid(gid)
    parts = [*container.lines[1], *container.lines[2]]
    for number, artist in enumerate(parts):
        artist.set_gid(f"{gid}--interval-{number}")


def _xerr(row: PlotRow) -> list[list[float]] | None:
    if row.r is None or row.low is None or row.high is None:
        return None
    return [[max(row.r - row.low, 0.0)], [max(row.high - row.r, 0.0)]]


def _legend(ax: Any) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    handles: list[Any] = [
        Line2D([], [], marker=m, color=c, linestyle="none", markersize=7, label=f"{basis} basis")
        for basis, (m, c) in BASIS_STYLE.items()
    ]
    handles += [
        Line2D([], [], marker="x", color=LEFT_OUT_COLOUR, linestyle="none", label="left out"),
        Polygon([(0, 0)], facecolor=POOLED_COLOUR, label="pooled (interval)"),
        Line2D([], [], color=POOLED_COLOUR, linestyle=(0, (4, 2)), label="prediction interval"),
        Polygon([(0, 0)], facecolor="white", edgecolor=POOLED_COLOUR, label="stated-only pool"),
        Polygon([(0, 0)], facecolor=ADJUSTED_COLOUR, label="critique-adjusted pool"),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=5,
              fontsize=8, frameon=False, handletextpad=0.4, columnspacing=1.2)  # fmt: skip


def forest_svg(rows: Sequence[PlotRow], title: str) -> str:
    """The plot as an `<svg>` element (no XML prolog), the same bytes for the same rows."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    with _LOCK, matplotlib.rc_context(RC):
        height = 1.9 + 0.36 * len(rows)
        figure = Figure(figsize=(9.5, height))
        FigureCanvasSVG(figure)
        ax = figure.add_axes((0.34, 1.25 / height, 0.46, 1 - 1.65 / height))
        low, high = _span(rows)
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(len(rows) - 0.4, -0.6)
        ax.axvline(1.0, color="#cccccc", linewidth=0.8, zorder=1)
        for y, row in enumerate(rows):
            _draw_row(ax, row, y, high)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([row.label for row in rows])
        for label in ax.get_yticklabels():
            label.set_parse_math(False)
        ax.xaxis.set_major_locator(FixedLocator(_ticks(low, high)))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}×"))
        ax.set_xlabel("r, times per year (log scale: ln r)")
        ax.set_title(title, fontsize=11, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        _legend(ax)
        buffer = io.StringIO()
        figure.savefig(
            buffer, format="svg", metadata={"Date": None, "Creator": None, "Title": title}
        )
    text = buffer.getvalue()
    return text[text.index("<svg") :]
