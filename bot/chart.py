"""The /progress chart: statements that landed per day, stacked by level, as a PNG."""

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
