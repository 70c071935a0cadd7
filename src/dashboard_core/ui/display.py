"""Figures and tables on screen: charts and maps with their source captions, legends, tables,
headline cards, lazy expanders and the notices that say in words when nothing matches."""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard_core.data import presentation, provenance
from dashboard_core.data.formatting import EMPTY_CELL, count_text
from dashboard_core.ui import presenter
from dashboard_core.ui.loaders import country_names, table
from dashboard_core.ui.state import page_filters

TABLE_PAGE_ROWS = 500  # rows per page of an on-screen table (downloads always hold every row)


def _presenting() -> bool:
    return page_filters().present


def empty_notice(what: str) -> None:
    """Say in words that nothing matches (instead of an empty chart or table)."""
    st.info(f"No {what} for the current filters. Widen the years or add countries.", icon="🔎")


def _sources_caption(rows: pd.DataFrame | Sequence[str] | None) -> str:
    if rows is None:
        return ""
    return provenance.source_caption(rows, table("sources"))


def show_chart(chart: alt.TopLevelMixin, sources_df: pd.DataFrame | Sequence[str]) -> None:
    """Draw an Altair chart full width, then a caption naming the sources of `sources_df` (the
    rows the chart draws from, with `source_id` and `verification`; or a list of source ids)."""
    if _presenting():
        chart = presenter.presenter_chart(chart)
    _skip_schema_validation(chart)
    st.altair_chart(chart, width="stretch")
    st.caption(_sources_caption(sources_df))


def _skip_schema_validation(chart: alt.TopLevelMixin) -> None:
    """Altair checks the whole spec against the Vega-Lite JSON schema on every to_dict(), which
    costs several times the conversion itself on each rerun. The unit tests validate every chart
    spec; on screen Streamlit's conversion skips the check."""
    unvalidated = functools.partial(type(chart).to_dict, chart, validate=False)
    object.__setattr__(chart, "to_dict", unvalidated)


def legend_chips(items: Sequence[tuple[str, str]]) -> None:
    """A row of colour chips: (label, CSS colour)."""
    chips = "".join(
        f'<span><span class="chip" style="background:{html.escape(colour)}"></span>'
        f"{html.escape(label)}</span>"
        for label, colour in items
    )
    st.html(f'<div class="cam-legend">{chips}</div>')


# pydeck's "no style chosen" value. Streamlit's frontend draws no basemap for it, but for a
# missing style (map_style=None) it injects a CARTO basemap fetched from the internet.
PYDECK_NO_STYLE = "__MAP_STYLE__"


def _keep_offline(deck: pdk.Deck) -> None:
    if getattr(deck, "map_provider", None) is None and getattr(deck, "map_style", None) is None:
        deck.map_style = PYDECK_NO_STYLE


class CompactDeck:
    """A Deck whose JSON is compact. pydeck serialises with indent=2, which forces Python's slow
    pure-Python JSON encoder and pads the page payload; the C encoder is ~10x faster."""

    def __init__(self, deck: pdk.Deck) -> None:
        self._deck = deck

    def to_json(self) -> str:
        return json.dumps(
            self._deck, sort_keys=True, default=default_serialize, separators=(",", ":")
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deck, name)


def show_deck(
    deck: pdk.Deck,
    sources_df: pd.DataFrame | Sequence[str],
    height: int | None = None,
    legend: str | Sequence[tuple[str, str]] | None = None,
) -> None:
    """Draw an offline deck full width (taller for presenters), its legend and a source caption.
    `legend` is Markdown/HTML text or (label, colour) pairs."""
    _keep_offline(deck)
    st.pydeck_chart(
        CompactDeck(deck), height=height or (680 if _presenting() else 520), width="stretch"
    )
    if isinstance(legend, str):
        st.markdown(legend, unsafe_allow_html=True)
    elif legend:
        legend_chips(legend)
    st.caption(_sources_caption(sources_df))


def lazy_expander(label: str, key: str, icon: str | None = None) -> Any:
    """An expander whose content is drawn only once it is opened (`if box.open:`, which
    reruns the page): closed, it costs the page nothing, neither data nor the browser scripts
    of what it holds (the code viewer alone is 1.5 MB)."""
    return st.expander(label, key=key, icon=icon, on_change="rerun")


def show_figure(figure: Any, empty: str = "figures") -> None:
    """A core `Figure` (chart or deck, its source rows, caption, legend): drawn with its source
    caption and the words under it; None says in words that nothing matches."""
    if figure is None:
        empty_notice(empty)
        return
    if figure.is_deck:
        show_deck(figure.chart, figure.sources, legend=figure.legend)
    else:
        show_chart(figure.chart, figure.sources)
    if figure.caption:
        st.caption(figure.caption)


TABLE_ROW_PX = 35  # Streamlit's default row height
TABLE_MAX_ROWS_TALL = 18  # the tallest table: about two thirds of a 900-pixel screen


def table_height(rows: int) -> int:
    """Tall enough for every row up to about two thirds of the screen, then it scrolls."""
    return TABLE_ROW_PX * (min(max(rows, 1), TABLE_MAX_ROWS_TALL) + 1) + 3


def _column_config(spec: presentation.ColumnSpec) -> Any:
    settings = {"label": spec.label, "help": spec.help or None}
    if spec.kind == "number":
        return st.column_config.NumberColumn(**settings, format=spec.number_format)
    if spec.kind == "date":
        return st.column_config.DateColumn(**settings, format=spec.number_format)
    if spec.kind == "checkbox":
        return st.column_config.CheckboxColumn(**settings)
    return st.column_config.TextColumn(**settings, width=spec.width, pinned=spec.pinned or None)


def show_table(df: pd.DataFrame, dataset: str, key: str | None = None) -> None:
    """The rows as a reader's table: headers in words with units (from the data dictionary),
    numbers formatted by unit, codes and statuses in words, country names beside codes, lists as
    text, dates as precise as the source, gaps as a dash; `verification` first and flagged.
    Long tables are paged on screen and only the page on screen is put into words (the download
    buttons always hold every row, with the raw field names)."""
    pages = max(1, -(-len(df) // TABLE_PAGE_ROWS))
    page_no = 1
    if pages > 1:
        st.caption(
            f"{count_text(len(df), 'row')}, shown {TABLE_PAGE_ROWS} per page; "
            "downloads hold all of them."
        )
        page_no = st.pagination(pages, key=key or f"page-{dataset}")
    start = (page_no - 1) * TABLE_PAGE_ROWS
    shown = presentation.readable(
        df.iloc[start : start + TABLE_PAGE_ROWS], dataset, country_names()
    )
    config = {spec.name: _column_config(spec) for spec in presentation.column_specs(shown, dataset)}
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=table_height(len(shown)),
        column_config=config,
        placeholder=EMPTY_CELL,
    )


def _headline_lines(item: Any) -> str:
    lines = []
    for line in item.lines:
        text = f"- {line.label}: **{line.value}**"
        if line.year and line.year != item.period:
            text += f" ({line.year})"
        if line.verification == provenance.REPORTED:
            text += " ⚠"
        if line.note:
            text += f"  \n  <small>{html.escape(line.note)}</small>"
        lines.append(text)
    return "\n".join(lines)


def show_headlines(items: Sequence[Any]) -> None:
    """Headline cards (`overview.Headline`): figure, its year, breakdown lines, sources. A figure
    without a single number (`number is None`) shows its lines only."""
    sources = table("sources")
    columns = st.columns(len(items)) if items else []
    for column, item in zip(columns, items, strict=True):
        with column.container(border=True, height="stretch", key=f"headline-{item.key}"):
            st.markdown(f"**{item.title}**", help=item.note or None)
            if item.number is not None:
                # not st.metric: it cuts long numbers ("1,947…") in narrow columns
                st.markdown(
                    f'<div class="cam-figure">{html.escape(item.value)}</div>',
                    unsafe_allow_html=True,
                )
            st.caption(f"**{item.period}**")
            if item.lines:
                st.markdown(_headline_lines(item), unsafe_allow_html=True)
            elif item.number is None:
                st.markdown("No figure for these filters.")
            st.caption(provenance.source_caption(item.rows, sources, max_named=2))
