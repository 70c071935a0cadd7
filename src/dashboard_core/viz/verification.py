"""The chart of verification shares on the Data & sources page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard_core.data.contract import FACT_TABLES, VERIFICATION_LABELS, VERIFICATION_LEVELS

VERIFICATION_COLOURS: dict[str, str] = {
    "official_release": "#0072B2",
    "seed_verified": "#009E73",
    "reported": "#D55E00",
}


def verification_chart(shares: pd.DataFrame) -> alt.Chart:
    """Stacked 100% bars: how each dataset's rows are verified."""
    levels = [*VERIFICATION_LEVELS, "unknown"]
    labels = [VERIFICATION_LABELS.get(level, "Unknown") for level in levels]
    colours = [VERIFICATION_COLOURS.get(level, "#7F7F7F") for level in levels]
    return (
        alt.Chart(shares[shares["rows"] > 0])
        .mark_bar()
        .encode(
            y=alt.Y("dataset:N", title=None, sort=list(FACT_TABLES)),
            x=alt.X("share:Q", stack="normalize", title="Share of rows", axis=alt.Axis(format="%")),
            color=alt.Color(
                "label:N",
                title="Verification",
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="bottom", labelLimit=320),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("dataset:N"),
                alt.Tooltip("label:N", title="verification"),
                alt.Tooltip("rows:Q", format=","),
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
        .transform_calculate(order=f"indexof({levels!r}, datum.verification)".replace("'", '"'))
        .properties(height=alt.Step(34))
    )
