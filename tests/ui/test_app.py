"""Ring 3: the app through streamlit.testing (AppTest) against the repo's clean data.

Every page renders without an exception under the default filters and under edge filters (no
country, a single year, a hostile URL); the URL follows the widgets; downloads are keyed
`dl-<dataset>-<format>`.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import filters, loading, paths
from dashboard_core.data.contract import FOCUS_ISO3
from tests.helpers import app_on_page

PAGES = [
    "pages/overview.py",
    "pages/trade.py",
    "pages/displacement.py",
    "pages/incidents.py",
    "pages/corridors.py",
    "pages/compare.py",
    "pages/import.py",
    "pages/data.py",
]


TIMEOUT = 60


pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists() or not paths.datapackage_path().exists(),
        reason="data/clean is not built: run `uv run python -m dashboard_core build`",
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def bounds() -> tuple[int, int]:
    return filters.year_bounds({n: loading.load_table(n) for n in filters.YEAR_COLUMNS})


def app(
    query: dict[str, list[str] | str] | None = None,
    page: str | None = None,
    opened: tuple[str, ...] = (),
) -> AppTest:
    """`opened`: keys of lazy expanders to open (their content is drawn only once open)."""
    return app_on_page(page, query, opened, TIMEOUT)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not [e for e in at.error if "not built" in str(e.value)], "data missing"


def query_of(at: AppTest) -> dict[str, list[str]]:
    """The app's URL query after the run (AppTest keeps it as a plain dict)."""
    return {k: [v] if isinstance(v, str) else list(v) for k, v in at.query_params.items()}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_default_filters(page):
    at = app(page=page if page != "pages/overview.py" else None)
    assert_clean(at)
    assert at.title, "each page has a title"


EDGE_QUERIES = {
    "no-country": {"countries": [""]},
    "one-year": {"years": ["2021", "2021"]},
    "empty-result": {"countries": ["TKM"], "years": ["1991", "1991"]},
    "hostile-country": {"countries": ["XXX"]},
    "hostile-years": {"years": ["2030", "1900"]},
    "letters-years": {"years": "abc"},
    "huge-value": {"countries": "Z" * 10_000, "years": "9" * 10_000},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("case", list(EDGE_QUERIES))
def test_every_page_renders_under_edge_filters(page, case):
    at = app(EDGE_QUERIES[case], page=page if page != "pages/overview.py" else None)
    assert_clean(at)


def test_default_view_writes_explicit_filters_to_the_url():
    at = app()
    lo, hi = bounds()
    query = query_of(at)
    assert query["countries"] == list(FOCUS_ISO3)
    assert query["years"] == [str(lo), str(hi)]
    assert "present" not in query


def test_hostile_url_is_sanitised_with_a_quiet_notice():
    at = app({"countries": ["KAZ", "XXX"], "years": ["2030", "1900"]})
    assert_clean(at)
    lo, hi = bounds()
    assert query_of(at)["countries"] == ["KAZ"]
    assert query_of(at)["years"] == [str(lo), str(hi)]
    notices = " ".join(str(c.value) for c in at.sidebar.caption)
    assert "XXX" in notices and "outside the data" in notices


@pytest.mark.parametrize(
    "query",
    [
        {"years": "[x](//ev.io)"},
        {"years": "![](//ev.io)"},
        {"countries": ["KAZ", "[SIGN IN](", "//ev.io)"]},
        {"present": "<img src=x>"},
        {"countries": ":streamlit:"},
    ],
)
def test_notices_quote_hostile_links_as_text(query):
    """The sidebar quotes bad URL values back: as escaped Markdown, never as a link or image."""
    at = app(query)
    assert_clean(at)
    notices = [str(c.value) for c in at.sidebar.caption]
    assert notices, "a bad value gets a notice"
    for notice in notices:  # a backslash in front makes a character stand for itself
        assert not re.search(r"(?<!\\)(\]\(|!\[|<img)", notice), notice
        assert ":streamlit:" not in notice, notice


def test_changing_widgets_updates_the_url_and_filters():
    at = app()
    at.sidebar.multiselect(key="countries").set_value(["TJK", "AFG"]).run()
    at.sidebar.slider(key="years").set_value((2010, 2020)).run()
    assert_clean(at)
    assert query_of(at)["countries"] == ["TJK", "AFG"]
    assert query_of(at)["years"] == ["2010", "2020"]


def test_quick_groups_and_reset():
    at = app({"countries": ["KAZ"], "years": ["2010", "2012"]})
    at.sidebar.button(key="group-ca5").click().run()
    assert at.session_state["countries"] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    at.sidebar.button(key="group-ca5-afg").click().run()
    assert query_of(at)["countries"] == list(FOCUS_ISO3)
    at.sidebar.button(key="reset-filters").click().run()
    assert tuple(at.session_state["years"]) == bounds()


def test_filters_survive_a_page_switch():
    at = app({"countries": ["UZB"], "years": ["2015", "2020"]})
    at.switch_page("pages/data.py").run()
    assert_clean(at)
    assert query_of(at)["countries"] == ["UZB"]
    assert query_of(at)["years"] == ["2015", "2020"]


def test_presenter_mode_from_url_and_toggle():
    at = app({"present": "1"})
    assert_clean(at)
    assert at.session_state["present"] is True
    assert query_of(at)["present"] == ["1"]
    styles = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "stMainMenu" in styles and "font-size: 3.2rem" in styles
    at.sidebar.toggle(key="present").set_value(False).run()
    assert "present" not in query_of(at)


def test_overview_downloads_are_keyed_and_lazy():
    closed = app({"countries": ["TJK"], "years": ["2015", "2024"]})
    table_buttons = [b for b in closed.get("download_button") if b.key.startswith("dl-")]
    assert not table_buttons  # drawn once opened

    # only the headline figures by country are on the page before the box opens
    assert [set(d.value.columns) >= {"Indicator", "Figure"} for d in closed.dataframe] == [True]
    at = app({"countries": ["TJK"], "years": ["2015", "2024"]}, opened=("overview-tables",))
    keys = {b.key for b in at.get("download_button")}
    for dataset in ("indicators", "headlines", "events"):
        for fmt in ("csv", "xlsx", "parquet"):
            assert f"dl-{dataset}-{fmt}" in keys


def test_overview_events_table_matches_filters():
    at = app({"countries": ["TJK"], "years": ["2015", "2024"]}, opened=("overview-tables",))
    expected = filters.apply_filters(
        loading.load_table("events"),
        "events",
        filters.Filters(("TJK",), (2015, 2024)),
    )
    shown = [d.value for d in at.dataframe if "title" in d.value.columns]
    assert shown, "the events table is on the page"
    assert len(shown[0]) == min(len(expected), 500)
    assert set(shown[0]["title"]) <= set(expected["title"])


def test_data_page_has_catalogue_dictionary_sources_and_full_downloads():
    at = app({"dataset": "incidents"}, page="pages/data.py")
    assert_clean(at)
    frames = [d.value for d in at.dataframe]
    columns = [set(f.columns) for f in frames]
    assert any({"dataset", "rows", "licence", "last_build"} <= c for c in columns)
    assert any({"field", "type", "unit", "description"} <= c for c in columns)
    assert any({"source_id", "licence", "used_by"} <= c for c in columns)
    keys = {b.key for b in at.get("download_button")}
    assert {"dl-incidents-csv", "dl-incidents-xlsx", "dl-incidents-parquet"} <= keys
    assert "dl-incidents-geojson" in keys
    incidents = [f for f in frames if "incident_id" in f.columns]
    assert len(incidents[0]) == len(loading.load_table("incidents"))


def test_tables_flag_reported_rows():
    at = app(page="pages/data.py")
    for frame in (d.value for d in at.dataframe):
        if "verification" in frame.columns and isinstance(frame, pd.DataFrame):
            values = set(frame["verification"].dropna())
            assert not values & {"reported", "seed_verified", "official_release"}, (
                "verification is shown as labels"
            )


def test_cite_box_names_url_and_version():
    assert not app({"countries": ["KGZ"]}).code  # drawn once opened
    at = app({"countries": ["KGZ"], "years": ["2018", "2022"]}, opened=("cite",))
    code = " ".join(str(c.value) for c in at.code)
    version = loading.data_version()
    assert f"Data version {version}" in code
    assert "countries=KGZ" in code and "years=2018&years=2022" in code
