"""The pictures Closer draws: the /progress chart (statements that landed per day, stacked by
level) and a circle's recap (members who practised on each day), as PNGs.

Drawn with matplotlib's object API (`Figure`), never `pyplot`: charts are drawn in worker threads
(asyncio.to_thread), and pyplot keeps global state that is not safe there. The four colours are
from the Okabe-Ito palette, told apart with the common kinds of colour blindness; text is sized
for a phone, where a 7-inch-wide picture is shown about 4 inches wide.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported by the functions that draw, not here: it costs about 0.4 s and 50 MB,
# and most runs of the bot never draw a chart.

COLOURS = {"fact": "#E69F00", "others": "#56B4E9", "self": "#009E73", "immediate": "#CC79A7"}
TODAY = "#555555"
MIN_DAYS = 7  # a first week is drawn as a week, not as one bar at the end of a month
TEXT_SIZE = 11


def shown_days(dates: Sequence[date], series: dict[str, list[int]]) -> int:
    """How many of the last days to draw: from the first day with anything in it, at least a
    week, so a newcomer's chart is not a month of empty space with one bar at the end."""
    totals = [sum(counts[i] for counts in series.values()) for i in range(len(dates))]
    first = next((i for i, total in enumerate(totals) if total), len(dates) - 1)
    return max(len(dates) - first, min(MIN_DAYS, len(dates)))


def draw(
    dates: list[date], series: dict[str, list[int]], labels: dict[str, str], today_label: str
) -> bytes:
    from matplotlib.dates import DateFormatter, DayLocator, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    keep = shown_days(dates, series)
    dates = dates[-keep:]
    series = {level: counts[-keep:] for level, counts in series.items()}
    figure = Figure(figsize=(7, 3.6), dpi=110)
    axes = figure.add_subplot()
    days = [float(date2num(d)) for d in dates]
    bottom = [0] * len(dates)
    for level, counts in series.items():
        axes.bar(days, counts, bottom=bottom, color=COLOURS[level], label=labels[level], width=0.8)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.axvline(days[-1], color=TODAY, linestyle=":", linewidth=1.2, zorder=0)
    axes.annotate(
        today_label,
        (days[-1], 1),
        xycoords=("data", "axes fraction"),
        ha="right",
        va="bottom",
        fontsize=TEXT_SIZE - 2,
        color=TODAY,
    )
    # Even ticks: every day in a short chart, every week (counted back from today) in a long one.
    step = 1 if len(dates) <= 10 else 7
    axes.set_xticks([days[-1] - step * k for k in range((len(days) + step - 1) // step)])
    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
    axes.xaxis.set_minor_locator(DayLocator())
    axes.set_xlim(days[0] - 0.6, days[-1] + 0.6)
    axes.set_ylim(0, max(max(bottom, default=0), 3) + 0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=TEXT_SIZE - 1)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(
        loc="lower center", ncols=2, fontsize=TEXT_SIZE, frameon=False, bbox_to_anchor=(0.5, 0)
    )
    figure.tight_layout(rect=(0, 0.18, 1, 1))
    return _png(figure)


def draw_participation(counts: list[int], members: int, title: str) -> bytes:
    """A circle's recap: how many members practised on each challenge day, on the scale of the
    whole circle, with the number on each bar."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(7, 3.4), dpi=110)
    axes = figure.add_subplot()
    days = list(range(1, len(counts) + 1))
    bars = axes.bar(days, counts, color=COLOURS["others"], width=0.7)
    axes.bar_label(bars, fontsize=TEXT_SIZE, padding=2)
    axes.set_title(title, fontsize=TEXT_SIZE + 1)
    axes.set_xlabel("day", fontsize=TEXT_SIZE)
    axes.set_ylabel("practised", fontsize=TEXT_SIZE)
    axes.set_xticks(days)
    axes.set_ylim(0, max(members, max(counts, default=0), 1) * 1.15)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=TEXT_SIZE - 1)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return _png(figure)


def _png(figure: Figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    out = io.BytesIO()
    FigureCanvasAgg(figure).print_png(out)
    return out.getvalue()
