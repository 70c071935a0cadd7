"""Key events: the Overview timeline and an annotation layer for any time-series chart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import altair as alt
import pandas as pd

from dashboard_core.data.contract import VERIFICATION_LABELS
from dashboard_core.data.filters import Filters, apply_filters
from dashboard_core.data.naming import map_source_titles
from dashboard_core.data.vocabulary import EVENT_CATEGORY_WORDS
from dashboard_core.viz.palette import OKABE_ITO

# Categories that make a good annotation on a trade/displacement/incident chart, most telling
# first; the rest still appear on the Overview timeline.
ANNOTATION_PRIORITY: tuple[str, ...] = (
    "shutdown",
    "agreement",
    "summit",
    "recognition",
    "security",
    "infrastructure",
    "trade",
    "humanitarian",
    "political",
    "un_vote",
    "visit",
    "incident",
    "other",
)
CATEGORY_LABELS: dict[str, str] = EVENT_CATEGORY_WORDS
LABEL_CHARS = 34
ANNOTATION_COLOUR = "#555555"


def _label(text: object, limit: int = LABEL_CHARS) -> str:
    value = "" if text is None or pd.isna(text) else str(text)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def timeline_frame(
    events: pd.DataFrame, source_titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The columns the timeline draws, one row per event, with readable labels (vectorised: this
    runs on every rerun); `source`: the source's title (`naming.map_source_titles`), the id only
    where no title is given."""
    dates = pd.to_datetime(events["date"], errors="coerce")
    precision = events["date_precision"].fillna("day").astype(str)
    out = pd.DataFrame(
        {
            "date": dates,
            "category": events["category"].fillna("other").astype(str),
            "title": events["title"].astype(str),
            "countries": events["countries"].fillna("").astype(str).str.replace(";", ", "),
            "source_id": events["source_id"].astype(str),
            "source": events["source_id"]
            .astype(str)
            .map(lambda s: (source_titles or {}).get(s, s)),
            "verification": events["verification"]
            .astype(object)
            .map(VERIFICATION_LABELS)
            .fillna("Unknown"),
            "precision": precision,
        }
    )
    out["category_label"] = out["category"].map(CATEGORY_LABELS).fillna(out["category"])
    when = dates.dt.strftime("%d %b %Y").str.lstrip("0")
    when = when.where(~precision.isin(["month", "quarter"]), dates.dt.strftime("%b %Y"))
    when = when.where(precision != "year", dates.dt.year.astype("Int64").astype(str))
    out["when"] = when.fillna("undated").astype(str)
    return out.dropna(subset=["date"]).reset_index(drop=True)


YEAR_TICKS = alt.Axis(
    format="%Y", labelOverlap=True, tickCount={"interval": "year", "step": 1}, grid=True
)


def events_timeline(
    events: pd.DataFrame, presenter: bool = False, sources: pd.DataFrame | None = None
) -> alt.Chart:
    """Every event as a point on a date axis, one lane per category; hover for the title and
    the source's title (from the clean `sources` table)."""
    frame = timeline_frame(events, map_source_titles(sources))
    lanes = [CATEGORY_LABELS[c] for c in ANNOTATION_PRIORITY if c in set(frame["category"])]
    size = 160 if presenter else 80
    return (
        alt.Chart(frame)
        .mark_point(filled=True, size=size, opacity=0.85)
        .encode(
            # Ticks on 1 January only: a tick every half year printed "2015 2015 2016 2016".
            x=alt.X("date:T", title=None, axis=YEAR_TICKS),
            y=alt.Y("category_label:N", title=None, sort=lanes),
            color=alt.Color(
                "category_label:N",
                scale=alt.Scale(domain=lanes, range=_colours(len(lanes))),
                legend=None,
            ),
            shape=alt.Shape(
                "verification:N",
                title="Verification",
                scale=alt.Scale(
                    domain=list(VERIFICATION_LABELS.values()),
                    range=["circle", "diamond", "triangle-up"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("category_label:N", title="Category"),
                alt.Tooltip("countries:N", title="Countries"),
                alt.Tooltip("verification:N", title="Verification"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .properties(height=alt.Step(30 if presenter else 24))
    )


def _colours(n: int) -> list[str]:
    palette = [c for c in OKABE_ITO if c != "#F0E442"]  # yellow is unreadable on white
    return [palette[i % len(palette)] for i in range(n)]


def key_events(events: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most `limit` events, the most telling categories first, then the most recent."""
    if events.empty:
        return events
    rank = {c: i for i, c in enumerate(ANNOTATION_PRIORITY)}
    ranked = events.assign(
        _rank=events["category"].map(rank).fillna(len(rank)),
        _date=pd.to_datetime(events["date"], errors="coerce"),
    ).dropna(subset=["_date"])
    picked = ranked.sort_values(["_rank", "_date"], ascending=[True, False]).head(limit)
    return picked.sort_values("_date").drop(columns=["_rank", "_date"])


def annotation_frame(
    events: pd.DataFrame,
    years: tuple[int, int],
    countries: Sequence[str],
    limit: int = 8,
    x_field: str = "date",
    x_type: Literal["temporal", "year"] = "temporal",
    source_titles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The events to annotate: filtered like every events view, capped at `limit`, each with a
    staggered label row so neighbouring labels do not overprint."""
    chosen = key_events(apply_filters(events, "events", Filters(tuple(countries), years)), limit)
    frame = timeline_frame(chosen, source_titles)
    if x_type == "year":
        frame[x_field] = frame["date"].dt.year
    else:
        frame[x_field] = frame["date"]
    frame["label"] = frame["title"].map(_label)
    frame["label_y"] = [6 + 13 * (i % 3) for i in range(len(frame))]
    return frame


def event_annotations(
    events_df: pd.DataFrame,
    years: tuple[int, int],
    countries: Sequence[str],
    *,
    limit: int = 8,
    x_field: str = "date",
    x_type: Literal["temporal", "year"] = "temporal",
    presenter: bool = False,
    source_titles: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """A rule + label layer of key events to put over a time-series chart:

        chart = alt.layer(my_line_chart, event_annotations(events, f.years, f.countries))

    `x_field`/`x_type` must match the host chart's x axis: `x_type="temporal"` puts the rule at
    the event date (`<x_field>:T`), `x_type="year"` at its year (`<x_field>:Q`). Events are
    filtered with the shared rules (years, any listed country), at most `limit` of them."""
    frame = annotation_frame(events_df, years, countries, limit, x_field, x_type, source_titles)
    x_encoding = f"{x_field}:{'T' if x_type == 'temporal' else 'Q'}"
    base = alt.Chart(frame)
    tooltip = [
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("countries:N", title="Countries"),
        alt.Tooltip("source:N", title="Source"),
    ]
    rules = base.mark_rule(color=ANNOTATION_COLOUR, strokeDash=[4, 3], opacity=0.7).encode(
        x=alt.X(x_encoding), tooltip=tooltip
    )
    labels = base.mark_text(
        align="left",
        baseline="top",
        dx=3,
        fontSize=14 if presenter else 10,
        color=ANNOTATION_COLOUR,
    ).encode(
        x=alt.X(x_encoding),
        y=alt.Y("label_y:Q", scale=None, axis=None),
        text="label:N",
        tooltip=tooltip,
    )
    return alt.layer(rules, labels)


def events_in_view(events: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The key events the shared filters keep (the Overview's timeline and its table)."""
    return apply_filters(events, "events", filters)
