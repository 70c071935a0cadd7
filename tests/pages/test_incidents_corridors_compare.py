"""Ring 3 for the Incidents, Corridors and Compare pages: AppTest under default, edge (one
country, one year) and empty filters; page widgets set through session state; the table each page
shows equals the core's answer for the same filters on the clean data."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_core.compare import measures, summary
from dashboard_core.corridors import transforms as corridors_transforms
from dashboard_core.data import loading, naming, paths
from dashboard_core.data.filters import Filters, apply_filters
from dashboard_core.data.formatting import escape_markdown
from dashboard_core.incidents import transforms

REPO = paths.PROJECT_ROOT


TIMEOUT = 90


pytestmark = [
    pytest.mark.skipif(
        not all(
            (paths.clean_dir() / f"{name}.parquet").exists()
            for name in ("incidents", "corridors", "trade", "displacement", "events")
        ),
        reason="data/clean is not built: run `uv run python -m dashboard_core build`",
    ),
    pytest.mark.usefixtures("navigation_like_the_server"),
]


def open_page(page: str, query: dict | None = None, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def download_count(at: AppTest, dataset: str) -> int | None:
    found = re.search(rf"Download ([\d,]+) {dataset} rows?\b", texts(at))
    return int(found.group(1).replace(",", "")) if found else None


def shown_tables(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def heads(at: AppTest) -> list[str]:
    return [h.value for h in at.subheader]


def download_keys(at: AppTest, dataset: str) -> set[str]:
    ids = [b.proto.id for b in at.get("download_button")]
    return {
        f
        for f in ("csv", "xlsx", "parquet", "geojson")
        if any(f"dl-{dataset}-{f}" in i for i in ids)
    }


EDGE = {"countries": ["TJK"], "years": ["2022", "2022"]}


EMPTY = {"countries": [""]}


def expected_incidents(filters: Filters, **page) -> pd.DataFrame:
    prepared = transforms.prepare(loading.load_table("incidents"))
    shared = apply_filters(prepared, "incidents", filters)
    return transforms.display_table(transforms.filter_incidents(shared, **page))


def test_incidents_default():
    at = open_page("pages/incidents.py")
    assert heads(at) == [
        "Map",
        "Over time",
        "By border pair",
        "Conflict context (UCDP/PRIO)",
        "Table",
    ]
    assert len(at.get("deck_gl_json_chart")) == 1
    assert len(at.get("vega_lite_chart")) == 4
    expected = expected_incidents(Filters())
    assert download_count(at, "incidents") == len(expected)
    table = shown_tables(at)[-1]
    assert list(table["incident_id"]) == list(expected["incident_id"])
    assert "Sources:" in texts(at) and "curated record" in texts(at)
    assert download_keys(at, "incidents") == {"csv", "xlsx", "parquet", "geojson"}


def test_incidents_edge_one_country_one_year():
    at = open_page("pages/incidents.py", EDGE)
    expected = expected_incidents(Filters(("TJK",), (2022, 2022)))
    if expected.empty:
        assert "No incidents" in texts(at)
    else:
        assert download_count(at, "incidents") == len(expected)
        assert set(shown_tables(at)[-1]["incident_id"]) == set(expected["incident_id"])


def test_incidents_empty():
    at = open_page("pages/incidents.py", EMPTY)
    assert "No incidents for the current filters" in texts(at)
    assert not at.get("deck_gl_json_chart")


def test_incidents_page_filters_apply():
    state = {"type": ["armed_clash"], "casualties": "one_plus", "view": "pairs", "per": "month"}
    at = open_page("pages/incidents.py", state=state)
    expected = expected_incidents(Filters(), event_types=["armed_clash"], casualties="one_plus")
    assert download_count(at, "incidents") == len(expected)
    assert set(shown_tables(at)[-1]["event_type"]) <= {"Armed clash"}  # codes shown in words
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert "incident-pairs" in deck and "__MAP_STYLE__" in deck


def expected_corridors(filters: Filters, **page) -> pd.DataFrame:
    prepared = corridors_transforms.prepare(loading.load_table("corridors"))
    return corridors_transforms.display_table(
        corridors_transforms.filter_corridors(apply_filters(prepared, "corridors", filters), **page)
    )


def test_corridors_default():
    at = open_page("pages/corridors.py")
    assert heads(at) == ["Map", "Schedule", "Table"]
    expected = expected_corridors(Filters())
    assert download_count(at, "corridors") == len(expected)
    assert list(shown_tables(at)[-1]["corridor_id"]) == list(expected["corridor_id"])
    assert f"All {len(expected)} corridors listed" in texts(at) or len(expected) < 2
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert "PathStyleExtension" in deck and "__MAP_STYLE__" in deck
    assert download_keys(at, "corridors") == {"csv", "xlsx", "parquet", "geojson"}


def test_corridors_card_from_state():
    corridors = loading.load_table("corridors")
    pick = str(corridors["corridor_id"].iloc[0])
    at = open_page("pages/corridors.py", state={"corridor": pick, "km": 200})
    name = corridors.set_index("corridor_id").loc[pick, "name"]
    assert heads(at)[:2] == ["Map", escape_markdown(name)]  # a name from the data, as written
    assert "**Mode:**" in texts(at) and "Incidents within 200 km" in texts(at)


def test_corridors_edge_and_modes():
    at = open_page("pages/corridors.py", EDGE, state={"mode": ["rail"], "status": []})
    expected = expected_corridors(Filters(("TJK",), (2022, 2022)), modes=["rail"])
    if expected.empty:
        assert "No corridors" in texts(at)
    else:
        assert download_count(at, "corridors") == len(expected)
        assert set(shown_tables(at)[-1]["mode"]) == {"Rail"}


def test_corridors_empty():
    at = open_page("pages/corridors.py", EMPTY)
    assert "No corridors for the current filters" in texts(at)


def test_compare_default():
    at = open_page("pages/compare.py")
    assert heads(at)[:3] == ["Side by side", "Conflict context (UCDP/PRIO)", "Over time"]
    assert heads(at)[-1] == "Table"
    ucdp = next(t for t in shown_tables(at) if "intensity" in t.columns)
    kgz = ucdp[ucdp["country"] == "Kyrgyzstan"].iloc[0]  # the 2021 and 2022 border clashes
    assert kgz["conflict"].startswith("Kyrgyzstan – Tajikistan: interstate conflict")
    assert (kgz["years"], kgz["source"]) == (
        "2021–2022",
        "UCDP/PRIO Armed Conflict Dataset version 25.1",
    )
    assert "25 to 999 battle-related deaths" in kgz["intensity"]
    wide = shown_tables(at)[0]
    assert list(wide.columns) == [
        "Measure", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan",
        "Afghanistan",
    ]  # fmt: skip
    assert (
        download_count(at, "compare") == len(shown_tables(at)[-1])
        or download_count(at, "compare") > 500
    )  # long tables are paged on screen


def test_compare_two_countries_one_year_and_rank():
    query = {"countries": ["TJK", "AFG"], "years": ["2022", "2022"]}
    at = open_page("pages/compare.py", query, state={"rank": "hosted"})
    assert "Ranked: People hosted (refugees, asylum seekers, others in need)" in heads(at)
    table = shown_tables(at)[-1]
    assert set(table["iso3"]) <= {"Tajikistan (TJK)", "Afghanistan (AFG)"}
    years = set(table["year"].dropna().astype(int))
    assert years <= {2022}
    assert download_count(at, "compare") == len(table)


def test_compare_one_country_and_empty():
    for query in (EMPTY, {"countries": ["TJK"]}):
        at = open_page("pages/compare.py", query)
        assert "pick at least two countries" in texts(at)
        assert not at.get("vega_lite_chart")


def test_compare_table_matches_core():
    query = {"countries": ["KAZ", "UZB", "AFG"], "years": ["2015", "2023"]}
    at = open_page("pages/compare.py", query)
    names = naming.known_country_names(loading.load_table("countries"))
    tables = {n: loading.load_table(n) for n in (*measures.TABLES, "sources")}
    inputs = summary.CompareInputs(tables, names)
    view = summary.build_view(inputs, ["KAZ", "UZB", "AFG"], (2015, 2023))
    shown = shown_tables(at)[-1]
    assert download_count(at, "compare") == len(view.table)
    assert list(shown["measure"]) == list(view.table["measure"].head(len(shown)))
