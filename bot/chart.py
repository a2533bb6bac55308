"""The pictures Closer draws: the /progress chart (statements that landed per day, stacked by
level) and a circle's recap (members who practised on each day), as PNGs."""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no screen; must precede pyplot

import matplotlib.pyplot as plt

COLOURS = {"fact": "#b8c4d6", "others": "#7fa7c9", "self": "#4f7fb0", "immediate": "#2b4f7c"}


def draw(dates: list[date], series: dict[str, list[int]], labels: dict[str, str]) -> bytes:
    figure, axes = plt.subplots(figsize=(7, 3), dpi=100)
    try:
        bottom = [0] * len(dates)
        for level, counts in series.items():
            axes.bar(
                dates, counts, bottom=bottom, color=COLOURS[level], label=labels[level], width=0.8
            )
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        axes.set_ylabel("statements")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", fontsize=7, frameon=False)
        figure.autofmt_xdate()
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(figure)


def draw_participation(counts: list[int], members: int, title: str) -> bytes:
    """A circle's recap: how many members practised on each challenge day."""
    figure, axes = plt.subplots(figsize=(7, 3), dpi=100)
    try:
        days = list(range(1, len(counts) + 1))
        axes.bar(days, counts, color=COLOURS["others"], width=0.7)
        axes.set_title(title, fontsize=10)
        axes.set_xlabel("day")
        axes.set_ylabel("practised")
        axes.set_xticks(days)
        axes.set_ylim(0, max(members, max(counts, default=0), 1))
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(figure)
