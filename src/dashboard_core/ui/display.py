"""Figures and tables on screen: charts and maps with their source captions, legends, tables,
headline cards, lazy expanders and the notices that say in words when nothing matches."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

import altair as alt
import pandas as pd
import pyarrow as pa
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard_core.data import filters, loading, paths, presentation, provenance
from dashboard_core.data.formatting import EMPTY_CELL, count_text, escape_html, escape_markdown
from dashboard_core.data.memo import IdentityMemo
from dashboard_core.data.store import Rows
from dashboard_core.ui import imports, presenter, routes
from dashboard_core.ui.loaders import country_names, data_version
from dashboard_core.ui.session_keys import APP_TITLE, FIGURE_COUNTS, PAGE_KEY
from dashboard_core.ui.state import page_choices, page_filters
from dashboard_core.viz import basemap, charts, images
from dashboard_core.viz.flows import MAX_CHART_ROWS

TABLE_PAGE_ROWS = 500  # rows per page of an on-screen table (downloads always hold every row)
P = ParamSpec("P")
R = TypeVar("R")


def _presenting() -> bool:
    return page_filters().present


def empty_notice(what: str) -> None:
    """Say in words that nothing matches (instead of an empty chart or table)."""
    text = f"No {what} for the current filters. Widen the years or add countries."
    st.info(escape_markdown(text), icon="🔎")


def unavailable(error: loading.DatasetUnavailable) -> None:
    """Say in words that a dataset is unavailable and what an operator does about it. The
    server path and the error stay in the server log (`loaders` logs them)."""
    st.warning(
        f"**Data unavailable: {escape_markdown(error.label)}.** This part of the page cannot "
        "be shown right now; the rest of the dashboard is not affected. Operators: run "
        "`uv run python -m dashboard_core validate` on the server (the server log names the "
        "file), then rebuild with `uv run python -m dashboard_core build`.",
        icon=":material/database:",
    )


def too_many_points(error: charts.TooManyPoints) -> None:
    """Say in words that a chart would hold more separate figures than can be read (imported
    files can bring thousands a chart does not add up)."""
    st.info(
        f"This chart would draw {error.count:,} separate figures, more than can be read "
        f"({MAX_CHART_ROWS:,} at most). Narrow the filters (countries, years, types) to see it; "
        "the table below holds every row.",
        icon=":material/filter_alt:",
    )


def needs_data(section: Callable[P, R]) -> Callable[P, R | None]:
    """Decorate a page section: if a dataset it reads is unavailable, the section says so
    (`unavailable`), and if a chart would draw too many separate figures it says that; the
    page goes on with its next section."""

    @functools.wraps(section)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return section(*args, **kwargs)
        except loading.DatasetUnavailable as error:
            unavailable(error)
        except charts.TooManyPoints as error:
            too_many_points(error)
        return None

    return guarded


def caption(text: str) -> None:
    """A caption shown exactly as written: text from data, URLs or uploads never becomes a
    link, an image or markup (`st.caption` reads Markdown)."""
    if text:
        st.caption(escape_markdown(text))


def heading(text: str) -> None:
    """A subheader shown exactly as written (for names from data)."""
    st.subheader(escape_markdown(text))


def _sources() -> tuple[pd.DataFrame, str]:
    """The sources table, or (without it) an empty one: captions then name sources by id."""
    try:
        return imports.table("sources"), ""
    except loading.DatasetUnavailable:
        empty = pd.DataFrame(columns=["source_id", "title", "publisher"])
        return empty, " (Source titles are unavailable right now; sources are named by id.)"


def import_notes(rows: pd.DataFrame | Rows | Sequence[str] | None) -> str:
    """The words a view owes to the imported files it draws from: each file's source entry
    (who imported it, file name, format, SHA-256, time) and, for a publisher whose terms
    forbid passing raw rows on (ACLED), its attribution, access date and this view's filters."""
    if rows is None or not imports.every_file():
        return ""
    if isinstance(rows, Rows):  # a table left where it lies: only the sources it cites
        rows = rows.store.distinct(rows.table, ["source_id"], rows.where)
    lines = imports.notes(rows, filters.describe_choices(page_choices()))
    return " ".join(lines)


def _sources_caption(rows: pd.DataFrame | Sequence[str] | None) -> str:
    if rows is None:
        return ""
    sources, note = _sources()
    return provenance.source_caption(rows, sources) + note


def _captions(rows: pd.DataFrame | Sequence[str] | None) -> str:
    """The source caption and, on a line of its own, the imported files' notes; returns both
    as one line for the figure's image."""
    sources_line, notes = _sources_caption(rows), import_notes(rows)
    caption(sources_line)
    caption(notes)
    return f"{sources_line} {notes}".strip()


def show_chart(
    chart: alt.TopLevelMixin,
    sources_df: pd.DataFrame | Sequence[str],
    name: str | None = None,
    title: str = "",
) -> None:
    """Draw an Altair chart full width, then a caption naming the sources of `sources_df` (the
    rows the chart draws from, with `source_id` and `verification`; or a list of source ids),
    then its image downloads (keyed `img-<page>-<name>-png|svg`)."""
    if _presenting():
        chart = presenter.presenter_chart(chart)
    _skip_schema_validation(chart)
    st.altair_chart(chart, width="stretch")
    sources_line = _captions(sources_df)
    figure = figure_name(name, "chart")
    image_buttons(figure, chart_builders(chart, _caption(title or name or "chart", sources_line)))


def figure_name(name: str | None, kind: str) -> str:
    """`<page>-<name>`: a figure's key part, stable across reruns (unnamed figures are counted in
    the order the page draws them)."""
    page = st.session_state.get(PAGE_KEY, {}).get("url_path") or "overview"
    if name:
        return f"{page}-{name}"
    counts = st.session_state.setdefault(FIGURE_COUNTS, {})  # reset by frame.frame_page
    counts[kind] = counts.get(kind, 0) + 1
    return f"{page}-{kind}-{counts[kind]}"


def _caption(figure: str, sources_line: str, legend_text: str = "", legend=()) -> images.Caption:
    page = st.session_state.get(PAGE_KEY, {}).get("title") or APP_TITLE
    words = figure.replace("-", " ").strip()
    return images.Caption(
        title=f"{page}: {words[:1].upper()}{words[1:]}" if words else page,
        sources=images.plain_legend(sources_line),
        version=data_version(),
        date=datetime.now(UTC).date().isoformat(),
        legend=tuple(legend),
        legend_text=images.plain_legend(legend_text),
    )


def chart_builders(chart: alt.TopLevelMixin, caption: images.Caption) -> dict:
    def spec() -> dict:
        return chart.to_dict(validate=False)

    return {
        "png": ("PNG", lambda: images.chart_png(spec(), caption, images.SLIDE)),
        "print-png": ("PNG for print", lambda: images.chart_png(spec(), caption, images.PRINT)),
        "svg": ("SVG", lambda: images.chart_svg(spec(), caption, images.SLIDE)),
    }


def deck_builders(deck: pdk.Deck, caption: images.Caption) -> dict:
    frame = basemap.frame_for(_presenting())

    def draw(size: tuple[int, int]) -> bytes:  # on click only: never slows the page's rerun
        deck_json = CompactDeck(deck).to_json()
        return images.map_png(deck_json, caption, paths.clean_dir(), frame, routes.tiles(), size)

    return {
        "png": ("PNG", lambda: draw(images.SLIDE)),
        "print-png": ("PNG for print", lambda: draw(images.PRINT)),
    }


def image_buttons(figure: str, builders: dict) -> None:
    """Download buttons for a figure's images, built only when clicked (keys
    `img-<figure>-png`, `img-<figure>-svg`, `img-<figure>-print-png`)."""
    row = st.container(horizontal=True, gap="small", key=f"images-{figure}")
    mime = {"png": "image/png", "print-png": "image/png", "svg": "image/svg+xml"}
    size = {"png": "1920x1080", "print-png": "A4-300dpi", "svg": "1920x1080"}
    for fmt, (label, build) in builders.items():
        row.download_button(
            label,
            data=build,
            file_name=f"{figure}_{size[fmt]}.{fmt.split('-')[-1]}",
            mime=mime[fmt],
            key=f"img-{figure}-{fmt}",
            on_click="ignore",
            icon=":material/image:",
            type="tertiary",
            help=f"Download as {label} ({size[fmt]}) with title, legend, sources, data version "
            "and date",
        )


def _skip_schema_validation(chart: alt.TopLevelMixin) -> None:
    """Altair checks the whole spec against the Vega-Lite JSON schema on every to_dict(), which
    costs several times the conversion itself on each rerun. The unit tests validate every chart
    spec; on screen Streamlit's conversion skips the check."""
    unvalidated = functools.partial(type(chart).to_dict, chart, validate=False)
    object.__setattr__(chart, "to_dict", unvalidated)


def legend_chips(items: Sequence[tuple[str, str]]) -> None:
    """A row of colour chips: (label, CSS colour)."""
    chips = "".join(
        f'<span><span class="chip" style="background:{escape_html(colour)}"></span>'
        f"{escape_html(label)}</span>"
        for label, colour in items
    )
    st.html(f'<div class="cam-legend">{chips}</div>')


# pydeck's "no style chosen" value. Streamlit's frontend draws no basemap for it, but for a
# missing style (map_style=None) it injects a CARTO basemap fetched from the internet.
PYDECK_NO_STYLE = "__MAP_STYLE__"


def _keep_offline(deck: pdk.Deck) -> None:
    if getattr(deck, "map_provider", None) is None and getattr(deck, "map_style", None) is None:
        deck.map_style = PYDECK_NO_STYLE


_DECK_JSON: IdentityMemo[str] = IdentityMemo(32)


class CompactDeck:
    """A Deck whose JSON is compact. pydeck serialises with indent=2, which forces Python's slow
    pure-Python JSON encoder and pads the page payload; the C encoder is ~10x faster."""

    def __init__(self, deck: pdk.Deck) -> None:
        self._deck = deck

    def to_json(self) -> str:
        # a cached figure hands back the same deck on every rerun: its JSON is written once
        return _DECK_JSON.get((self._deck,), self._json)

    def _json(self) -> str:
        return json.dumps(
            self._deck, sort_keys=True, default=default_serialize, separators=(",", ":")
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._deck, name)


def map_first(present: bool) -> tuple[Any, Any]:
    """(map area, controls area): the controls above the map, or for presenters below it, so
    the map opens the page. Draw the controls first, then the map into its area."""
    first, second = st.container(), st.container()
    return (first, second) if present else (second, first)


def show_deck(
    deck: pdk.Deck,
    sources_df: pd.DataFrame | Sequence[str],
    height: int | None = None,
    legend: str | Sequence[tuple[str, str]] | None = None,
    name: str = "map",
    legend_items: Sequence[tuple[str, str, str]] = (),
) -> None:
    """Draw an offline deck full width (presenters: the screen's height, see ui/presenter.py),
    its legend, a source caption and its image downloads. `legend`: (label, colour) pairs; or
    HTML (starting with `<`, drawn by st.html, every value in it escaped with `escape_html`); or
    the project's own Markdown, holding no data values. `legend_items` (label, colour, shape)
    feed the image's legend."""
    _keep_offline(deck)
    st.pydeck_chart(CompactDeck(deck), height=height or 520, width="stretch")
    if isinstance(legend, str) and legend.lstrip().startswith("<"):
        st.html(legend)
    elif isinstance(legend, str):
        st.markdown(legend)
    elif legend:
        legend_chips(legend)
        legend_items = legend_items or [(label, colour, "line") for label, colour in legend]
    sources_line = _captions(sources_df)
    text = legend if isinstance(legend, str) and not legend_items else ""
    figure = figure_name(name, "map")
    image_buttons(figure, deck_builders(deck, _caption(name, sources_line, text, legend_items)))


def lazy_expander(label: str, key: str, icon: str | None = None) -> Any:
    """An expander whose content is drawn only once it is opened (`if box.open:`, which
    reruns the page): closed, it costs the page nothing, neither data nor the browser scripts
    of what it holds (the code viewer alone is 1.5 MB)."""
    return st.expander(label, key=key, icon=icon, on_change="rerun")


def show_figure(figure: Any, empty: str = "figures", name: str | None = None) -> None:
    """A core `Figure` (chart or deck, its source rows, caption, legend): drawn with its source
    caption and the words under it; None says in words that nothing matches."""
    if figure is None:
        empty_notice(empty)
        return
    if figure.is_deck:
        show_deck(
            figure.chart,
            figure.sources,
            legend=figure.legend,
            name=name or "map",
            legend_items=figure.legend_items,
        )
    else:
        show_chart(figure.chart, figure.sources, name=name)
    caption(figure.caption)


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


# The page of a table put into words and converted to Arrow once: a store's rows by what they
# are (store, table, condition, data version), so a view built again finds its page; a frame by
# the object (cached views hand the same one to every rerun). Bounded: about 300 kB a page.
_PAGES: IdentityMemo[tuple[Any, dict]] = IdentityMemo(192)


def _as_arrow(shown: pd.DataFrame) -> pa.Table | pd.DataFrame:
    """The page as Arrow (Streamlit would convert the frame again on every rerun); the frame
    itself where Arrow cannot hold a column as it is."""
    try:
        return pa.Table.from_pandas(shown, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return shown


def _readable_page(
    df: pd.DataFrame | Rows, dataset: str, page_no: int, hide: tuple[str, ...] = ()
) -> tuple[pa.Table | pd.DataFrame, dict]:
    def put_into_words() -> tuple[pa.Table | pd.DataFrame, dict]:
        start = (page_no - 1) * TABLE_PAGE_ROWS
        if isinstance(df, Rows):
            page = df.page(start, TABLE_PAGE_ROWS) if len(df) else df.page(0, 0)
        else:
            page = df.iloc[start : start + TABLE_PAGE_ROWS]
        page = page.drop(columns=[c for c in hide if c in page.columns])
        shown = presentation.readable(page, dataset, country_names(), _sources()[0])
        marks = imports.markers(page)
        if marks is not None and provenance.VERIFICATION_COLUMN in shown.columns:
            column = provenance.VERIFICATION_COLUMN  # imported rows say whose file they come from
            shown[column] = marks.where(marks.notna(), shown[column])
        specs = presentation.column_specs(shown, dataset)
        return _as_arrow(shown), {spec.name: _column_config(spec) for spec in specs}

    if isinstance(df, Rows):
        key = (df.table, df.where, imports.data_version(), dataset, page_no, hide)
        return _PAGES.get((df.store,), put_into_words, *key)
    return _PAGES.get((df,), put_into_words, dataset, page_no, hide)


def show_table(
    df: pd.DataFrame | Rows, dataset: str, key: str | None = None, hide: Sequence[str] = ()
) -> None:
    """The rows as a reader's table: headers in words with units (from the data dictionary),
    numbers formatted by unit, codes and statuses in words, country names beside codes, lists as
    text, dates as precise as the source, gaps as a dash; `verification` first and flagged.
    Long tables are paged on screen and only the page on screen is put into words (the download
    buttons always hold every row, with the raw field names). A store's `Rows` is paged where
    the table lies: only the page on screen is read."""
    total = len(df)
    pages = max(1, -(-total // TABLE_PAGE_ROWS))
    page_no = 1
    if pages > 1:
        caption(
            f"{count_text(total, 'row')}, shown {TABLE_PAGE_ROWS} per page; "
            "downloads hold all of them."
        )
        page_no = st.pagination(pages, key=key or f"page-{dataset}")
    shown, config = _readable_page(df, dataset, page_no, tuple(hide))
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=table_height(len(shown)),
        column_config=config,
        placeholder=EMPTY_CELL,
    )
    caption(import_notes(df))


def _headline_lines(item: Any) -> str:
    """The breakdown as a Markdown list; every value escaped (labels are country names)."""
    lines = []
    for line in item.lines:
        text = f"- {escape_markdown(line.label)}: **{escape_markdown(line.value)}**"
        if line.year and line.year != item.period:
            text += f" ({escape_markdown(line.year)})"
        if line.verification == provenance.REPORTED:
            text += " ⚠"
        if line.note:
            text += f"  \n  <small>{escape_markdown(line.note)}</small>"
        lines.append(text)
    return "\n".join(lines)


def show_headlines(items: Sequence[Any]) -> None:
    """Headline cards (`overview.Headline`): figure, its year, breakdown lines, sources. A figure
    without a single number (`number is None`) shows its lines only."""
    sources, note = _sources()
    columns = st.columns(len(items)) if items else []
    for column, item in zip(columns, items, strict=True):
        with column.container(border=True, height="stretch", key=f"headline-{item.key}"):
            st.markdown(
                f"**{escape_markdown(item.title)}**",
                help=escape_markdown(item.note) if item.note else None,
            )
            if item.number is not None:
                # not st.metric: it cuts long numbers ("1,947…") in narrow columns
                st.html(f'<div class="cam-figure">{escape_html(item.value)}</div>')
            st.caption(f"**{escape_markdown(item.period)}**")
            if item.lines:
                st.markdown(_headline_lines(item), unsafe_allow_html=True)
            elif item.number is None:
                st.markdown("No figure for these filters.")
            caption(provenance.source_caption(item.rows, sources, max_named=2) + note)
            caption(import_notes(item.rows))
