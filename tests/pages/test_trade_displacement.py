"""Ring 3 for the Trade and Displacement pages: AppTest under default, edge (one year, one
country) and empty filters, page widgets bound to the URL, tables matching the core filters."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.data import loading, paths
from dashboard_core.data.filters import Filters, apply_filters
from dashboard_core.data.formatting import escape_markdown
from dashboard_core.displacement import transforms as dsp
from dashboard_core.trade import figures, labels

REPO = paths.PROJECT_ROOT


TIMEOUT = 90


pytestmark = [
    pytest.mark.skipif(
        not (paths.clean_dir() / "trade.parquet").exists()
        or not (paths.clean_dir() / "displacement.parquet").exists(),
        reason="data/clean is not built: run `uv run python -m dashboard_core build`",
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def open_page(page: str, query: dict | None = None, state: dict | None = None) -> AppTest:
    """`query`: shared URL filters (read by the shell); `state`: page widgets by key (AppTest
    does not seed `bind="query-params"` widgets from its URL; the browser tests cover that)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def download_count(at: AppTest, dataset: str) -> int | None:
    found = re.search(rf"Download ([\d,]+) {dataset} rows?\b", texts(at))
    return int(found.group(1).replace(",", "")) if found else None


def charts_of(at: AppTest, kind: str) -> list:
    return at.get(kind)


TRADE_SECTIONS = ("Over time", "Partner structure", "Countries compared", "Mirror view")


DISPLACEMENT_SECTIONS = (
    "Stocks and flows over time",
    "Repatriation from Syria and Iraq",
    "Hosts compared",
)


def tab_labels(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


def test_trade_default():
    at = open_page("pages/trade.py")
    assert_clean(at)
    heads = [h.value for h in at.subheader]
    assert heads == ["Headline figures", "Flow map", "Table"]
    assert tab_labels(at) == list(TRADE_SECTIONS)
    assert len(charts_of(at, "deck_gl_json_chart")) == 1
    # Only the open tab (the first) is drawn: the time series.
    assert len(charts_of(at, "vega_lite_chart")) == 1
    f = Filters(years=(1972, 2025))
    expected = figures.select_rows(
        apply_filters(loading.load_table("trade"), "trade", f),
        f.countries,
        (),
        "export",
        labels.MEASURES,
    )
    assert download_count(at, "trade") == len(expected)
    keys = {b.proto.id for b in at.get("download_button")}
    assert all(any(k in key for key in keys) for k in ("dl-trade-csv", "dl-trade-parquet"))


@pytest.mark.parametrize(
    ("section", "charts", "words"),
    [
        ("Partner structure", 2, "Reporter"),
        ("Countries compared", 1, "latest full year"),
        ("Mirror view", 1, "reported twice"),
    ],
)
def test_trade_section_from_url(section, charts, words):
    at = open_page("pages/trade.py", {"section": section})
    assert_clean(at)
    assert len(charts_of(at, "vega_lite_chart")) == charts
    assert words in texts(at) + " ".join(w.label for w in at.selectbox)
    assert len(charts_of(at, "deck_gl_json_chart")) == 1  # the map stays above the tabs
    assert download_count(at, "trade") is not None


@pytest.mark.parametrize("flow", ["import", "turnover"])
def test_trade_flows_from_url(flow):
    at = open_page("pages/trade.py", state={"flow": flow, "partners": ["AFG", "CHN"]})
    assert_clean(at)
    assert at.radio(key="flow").value == flow
    assert at.multiselect(key="partners").value == ["AFG", "CHN"]
    assert "No figures" in texts(at) or at.get("vega_lite_chart")


def test_trade_edge_one_country_one_year():
    query = {"countries": "KAZ", "years": ["2020", "2020"], "section": "Countries compared"}
    at = open_page("pages/trade.py", query)
    assert_clean(at)
    assert "No figures" in texts(at)  # comparison says in words which pairs have nothing
    assert download_count(at, "trade") is not None


def test_trade_empty_years_say_so():
    at = open_page("pages/trade.py", {"years": ["1972", "1975"]})
    assert_clean(at)
    assert any("No exports figures" in i.value for i in at.info)
    assert not at.get("deck_gl_json_chart") and not at.get("vega_lite_chart")


def test_trade_no_country():
    at = open_page("pages/trade.py", {"countries": ""})
    assert_clean(at)
    assert any("No " in i.value for i in at.info)


def test_trade_widget_change_updates_url_and_presenter():
    at = open_page("pages/trade.py", {"present": "1"})
    assert_clean(at)
    at.radio(key="flow").set_value("turnover").run()
    assert_clean(at)
    assert at.radio(key="flow").value == "turnover"
    at.toggle(key="log").set_value(True).run()
    assert_clean(at)


def test_displacement_default():
    at = open_page("pages/displacement.py")
    assert_clean(at)
    heads = [h.value for h in at.subheader]
    assert heads == ["Headline figures", "Movement map", "Table"]
    assert tab_labels(at) == list(DISPLACEMENT_SECTIONS)
    assert len(charts_of(at, "deck_gl_json_chart")) == 1
    assert len(charts_of(at, "vega_lite_chart")) == 1  # the open tab: stocks and flows
    f = Filters(years=(1972, 2025))
    types = dsp.default_types(dsp.type_options(loading.load_table("displacement")))
    expected = dsp.select_rows(
        apply_filters(loading.load_table("displacement"), "displacement", f),
        f.countries,
        types,
        "from",
    )
    assert download_count(at, "displacement") == len(expected)


@pytest.mark.parametrize("section", DISPLACEMENT_SECTIONS[1:])
def test_displacement_section_from_url(section):
    at = open_page("pages/displacement.py", {"section": section})
    assert_clean(at)
    assert len(charts_of(at, "vega_lite_chart")) == 1
    if section.startswith("Repatriation"):  # the operations, one row each, under the chart
        assert len(at.dataframe) == 3  # headline figures, the operations, the table
    else:
        assert at.toggle(key="per1000").value is True


def test_displacement_hosted_one_country_one_year():
    at = open_page(
        "pages/displacement.py",
        {"countries": "TJK", "years": ["2022", "2022"]},
        state={"direction": "hosted"},
    )
    assert_clean(at)
    assert at.radio(key="direction").value == "hosted"
    assert download_count(at, "displacement") is not None


def test_displacement_origin_filter_on_the_host_view():
    """Refugees from Afghanistan hosted in Tajikistan: the table, the caption and the file names
    say so (the question a user could not answer before without reading a tooltip)."""
    at = open_page(
        "pages/displacement.py",
        {"countries": "TJK", "years": ["2015", "2024"]},
        state={"direction": "hosted", "types": ["refugees"], "origin": ["AFG"]},
    )
    assert_clean(at)
    rows = loading.load_table("displacement")
    expected = rows[
        (rows["location_iso3"] == "TJK")
        & (rows["origin_iso3"] == "AFG")
        & (rows["population_type"] == "refugees")
        & rows["year"].between(2015, 2024)
    ]
    assert download_count(at, "displacement") == len(expected) > 0
    assert set(at.dataframe[-1].value["origin_iso3"]) == {"Afghanistan (AFG)"}
    caption = texts(at)
    for words in ("countries: Tajikistan (TJK)", "years: 2015–2024", "population types: Refugees",
                  "direction: Hosted by the selected countries",
                  "origin (nationality): Afghanistan (AFG)"):  # fmt: skip
        assert escape_markdown(words) in caption  # captions show data-derived text escaped
    zipped = at.get("download_button")
    names = {b.proto.id: b for b in zipped}
    assert any("dl-displacement-zip" in key for key in names)
    assert at.multiselect(key="origin").value == ["AFG"]


def test_displacement_empty_says_so():
    at = open_page(
        "pages/displacement.py",
        {"countries": "TKM", "years": ["1972", "1975"]},
        state={"types": ["idps"]},
    )
    assert_clean(at)
    assert sum("No " in i.value for i in at.info) >= 3
    assert not at.get("deck_gl_json_chart") and not at.get("vega_lite_chart")


def test_displacement_widgets_and_presenter():
    at = open_page(
        "pages/displacement.py",
        {"present": "1", "section": "Hosts compared"},
        state={"types": ["refugees", "idps"]},
    )
    assert_clean(at)
    at.radio(key="direction").set_value("hosted").run()
    assert_clean(at)
    assert at.radio(key="direction").value == "hosted"
    at.toggle(key="per1000").set_value(False).run()
    assert_clean(at)
