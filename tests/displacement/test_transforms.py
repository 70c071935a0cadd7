"""Unit tests of the displacement transforms (dashboard_core.displacement) on small synthetic
frames; a few checks on the real clean data at the end skip where it is not built."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data import naming
from dashboard_core.data.loading import DataNotBuiltError, load_table
from dashboard_core.displacement import flows as displacement_flows
from dashboard_core.displacement import transforms as dsp
from dashboard_core.viz import flows
from tests.displacement.samples import NAMES, SOURCES, frame, rec


@pytest.fixture
def sample() -> pd.DataFrame:
    rows = []
    for y in (2019, 2020, 2022):  # 2021 missing: a gap
        rows.append(rec("AFG", "IRN", "refugees", "stock", y, 700_000))
        rows.append(rec("AFG", "PAK", "refugees", "stock", y, 1_300_000))
        rows.append(rec("AFG", "TJK", "refugees", "stock", y, 5_000))
    rows.append(rec("AFG", "PAK", "returned_refugees", "flow", 2022, 50_000))
    rows.append(rec("AFG", "AFG", "idps", "stock", 2022, 3_000_000))
    rows.append(
        rec(
            "AFG",
            "IRN",
            "returns",
            "flow",
            2020,
            860_000,
            source="seed",
            ver="seed_verified",
            start="2020-01-01",
            end="2020-12-31",
        )
    )
    rows.append(
        rec(
            "AFG",
            "TJK",
            "refugees",
            "stock",
            2021,
            15_000,
            start="2021-10-01",
            end="2021-10-31",
            source="seed",
            ver="seed_verified",
        )
    )
    rows.append(
        rec(
            "AFG",
            "PAK",
            "refugees",
            "stock",
            2020,
            1_500_000,
            source="seed",
            ver="seed_verified",
            start="2020-01-01",
            end="2020-12-31",
        )
    )
    rows.append(
        rec(
            "KAZ",
            "PSE",
            "evacuated",
            "flow",
            2025,
            6,
            start="2025-08-08",
            end="2025-08-08",
            source="seed",
            ver="seed_verified",
        )
    )
    rows.append(
        rec(
            "AFG",
            "DEU",
            "evacuated",
            "flow",
            2021,
            4100,
            start="2021-08-01",
            end="2021-08-31",
            source="seed",
            ver="seed_verified",
        )
    )
    # repatriation: a cumulative report with a split and one single operation
    for g, v in (("total", 725), ("women", 188), ("children", 522)):
        rows.append(
            rec(
                "KAZ",
                "SYR",
                "repatriated_nationals",
                "flow",
                2025,
                v,
                group=g,
                start="2019-01-01",
                source="seed",
                ver="seed_verified",
                operation="Jusan and Rusafa",
            )
        )
    rows.append(
        rec(
            "KAZ",
            "IRQ",
            "repatriated_nationals",
            "flow",
            2019,
            14,
            group="children",
            start="2019-11-27",
            end="2019-11-27",
            source="seed",
            ver="seed_verified",
            operation="Rusafa",
        )
    )
    rows.append(
        rec(
            "TJK",
            "IRQ",
            "repatriated_nationals",
            "flow",
            2023,
            300,
            start="2019-01-01",
            end="2023-12-31",
            source="seed",
            ver="seed_verified",
        )
    )
    # hosted in TJK: two origins summed within UNHCR
    rows.append(rec("UKR", "TJK", "refugees", "stock", 2022, 100))
    rows.append(rec("AFG", "KAZ", "asylum_seekers", "stock", 2022, 40))
    return frame(rows)


@pytest.fixture
def prep(sample) -> pd.DataFrame:
    return dsp.prepared(sample)


def test_prepared_kinds_and_movement(prep):
    by = prep.set_index(["origin_iso3", "location_iso3", "population_type", "year", "source_id"])
    assert by.loc[("AFG", "IRN", "refugees", 2019, "unhcr"), "kind"] == "year"
    assert by.loc[("AFG", "TJK", "refugees", 2021, "seed"), "kind"] == "partial"
    ret = by.loc[("AFG", "PAK", "returned_refugees", 2022, "unhcr")]
    assert (ret["moves_from"], ret["moves_to"]) == ("PAK", "AFG")  # returns run back home
    kz = by.loc[("KAZ", "PSE", "evacuated", 2025, "seed")]
    assert (kz["moves_from"], kz["moves_to"]) == ("PSE", "KAZ")  # nationals brought home
    de = by.loc[("AFG", "DEU", "evacuated", 2021, "seed")]
    assert (de["moves_from"], de["moves_to"]) == ("AFG", "DEU")  # Afghans flown out
    assert prep["official"].dtype == bool


def test_select_rows_direction_and_types(sample):
    from_afg = dsp.select_rows(sample, ["AFG"], ["refugees"], "from")
    assert (from_afg["origin_iso3"] == "AFG").all() and set(from_afg["population_type"]) == {
        "refugees"
    }
    in_tjk = dsp.select_rows(sample, ["TJK"], [], "hosted")
    assert (in_tjk["location_iso3"] == "TJK").all() and "UKR" in set(in_tjk["origin_iso3"])
    with pytest.raises(ValueError):
        dsp.select_rows(sample, ["AFG"], [], "sideways")


def test_counterparts_narrow_the_other_side(sample):
    hosted = dsp.select_rows(sample, ["TJK"], [], "hosted", ["UKR"])
    assert not hosted.empty and set(hosted["origin_iso3"]) == {"UKR"}
    assert (hosted["location_iso3"] == "TJK").all()
    abroad = dsp.select_rows(sample, ["AFG"], ["refugees"], "from", ["PAK"])
    assert set(abroad["location_iso3"]) <= {"PAK"} and (abroad["origin_iso3"] == "AFG").all()
    options = dsp.counterpart_options(sample, "hosted", {"UKR": "Ukraine"})
    assert options[0] in ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG") and "UKR" in options


def test_type_options_and_defaults(sample):
    opts = dsp.type_options(sample)
    assert opts.index("refugees") < opts.index("repatriated_nationals")
    assert dsp.default_types(opts) == ["refugees", "asylum_seekers", "returned_refugees", "returns"]
    assert dsp.default_types(["idps"]) == ["idps"]
    assert dsp.type_label("refugees", "stock") == "Refugees (stock)"
    assert dsp.type_label("returns", "flow") == "Returns (flow in year)"


def test_series_sums_official_only_and_keeps_gaps(prep):
    rows = dsp.select_rows(prep, ["AFG"], ["refugees", "returns"], "from")
    s = dsp.series_frame(rows, "from", NAMES, SOURCES)
    annual = s[(s["mark"] == "annual") & (s["series"] == "Refugees (stock)")].set_index("year")
    assert annual.loc[2019, "value"] == 2_005_000  # IRN + PAK + TJK, one dataset
    assert annual.loc[2020, "value"] == 2_005_000  # the seed's 1.5 m for PAK is not added
    assert annual.loc[2019, "segment"] == annual.loc[2020, "segment"]
    assert annual.loc[2020, "segment"] != annual.loc[2022, "segment"]  # 2021 stays a gap
    other = s[s["mark"] != "annual"]
    assert set(zip(other["year"], other["mark"], strict=True)) == {
        (2020, "other"),
        (2021, "partial"),
        (2020, "other"),
    }
    assert len(other) == 3 and other["segment"].isna().all()
    assert "in Pakistan" in " ".join(other["tooltip"])


def test_series_hosted_panels(prep):
    rows = dsp.select_rows(prep, ["TJK"], ["refugees"], "hosted")
    s = dsp.series_frame(rows, "hosted", NAMES, SOURCES)
    assert set(s["country"]) == {"Tajikistan"}
    assert s.loc[(s["year"] == 2022) & (s["mark"] == "annual"), "value"].item() == 5_100
    assert dsp.series_frame(rows.iloc[0:0], "hosted", NAMES, SOURCES).empty


def test_map_flows_arcs_inside_and_no_double_count(prep):
    rows = dsp.select_rows(prep, ["AFG"], [], "from")
    arcs, here, total = displacement_flows.map_flows(rows, 2020, NAMES, SOURCES)
    by = arcs.set_index(["from_iso3", "to_iso3"])
    assert by.loc[("AFG", "PAK"), "value"] == 1_300_000  # official; the seed's 1.5 m not added
    assert by.loc[("IRN", "AFG"), "value"] == 860_000  # returns drawn back to Afghanistan
    assert "Digest (document)" in by.loc[("IRN", "AFG"), "tip_source"]
    assert here.empty and total == len(arcs)
    arcs22, here22, _ = displacement_flows.map_flows(rows, 2022, NAMES, SOURCES)
    assert list(here22["iso3"]) == ["AFG"] and here22.iloc[0]["value"] == 3_000_000
    assert ("PAK", "AFG") in set(zip(arcs22["from_iso3"], arcs22["to_iso3"], strict=True))
    top, _, n = displacement_flows.map_flows(rows, 2022, NAMES, SOURCES, top_n=1)
    assert len(top) == 1 and n > 1
    assert dsp.map_years(rows) == [2019, 2020, 2021, 2022]


def test_repatriations_never_summed(sample):
    table, seg = dsp.repatriations(sample, ["KAZ", "TJK"], NAMES, SOURCES)
    assert len(table) == 3  # one row per report
    jusan = table[table["operation"] == "Jusan and Rusafa"].iloc[0]
    assert (jusan["women"], jusan["children"], jusan["total"]) == (188, 522, 725)
    assert jusan["men"] is None or pd.isna(jusan["men"])
    js = seg[seg["label"] == jusan["label"]].set_index("group")["value"]
    assert js["not broken down"] == 15  # 725 stated, 710 split
    assert js.sum() == 725
    tjk = seg[seg["country"] == "Tajikistan"]
    assert list(tjk["group"]) == [dsp.UNSPLIT] and tjk["value"].item() == 300
    rusafa = seg[seg["label"].str.contains("Rusafa, from Iraq")]
    assert rusafa["total_text"].item() == "" and "no total given" in rusafa["tooltip"].item()
    assert seg.groupby("label")["is_end"].sum().eq(1).all()
    assert (
        table["label"].iloc[0].startswith("Kazakhstan: Jusan and Rusafa, from Syria (since 2019)")
    )
    empty, no_seg = dsp.repatriations(sample, ["UZB"], NAMES, SOURCES)
    assert empty.empty and no_seg.empty


def test_hosts_compared_rates_and_year(prep):
    population = pd.DataFrame(
        {
            "iso3": ["TJK", "KAZ", "TJK"],
            "year": [2022, 2022, 2019],
            "population": [10_000_000, 20_000_000, 9_000_000],
            "source_id": "wdi",
        }
    )
    hosts, year, notes = dsp.hosts_compared(
        prep, ["TJK", "KAZ", "KGZ"], ["refugees", "asylum_seekers", "returns"], population, NAMES
    )
    assert year == 2022
    tjk = hosts[(hosts["location_iso3"] == "TJK") & (hosts["population_type"] == "refugees")]
    assert tjk["value"].item() == 5_100  # AFG + UKR, both UNHCR
    assert tjk["per_1000"].item() == pytest.approx(0.51)
    assert "returns" not in set(hosts["population_type"])  # flows are not hosted people
    assert any("Kyrgyzstan: no figure" in n for n in notes)
    srcs = dsp.hosts_sources(hosts, population)
    assert set(srcs["source_id"]) == {"unhcr", "wdi"}
    assert "2022" in dsp.hosts_note(year, notes)
    none, none_year, _ = dsp.hosts_compared(prep, ["UZB"], ["refugees"], population, NAMES)
    assert none.empty and none_year is None


def test_hosts_compared_uses_latest_year_with_population(prep):
    population = pd.DataFrame(
        {"iso3": ["TJK"], "year": [2019], "population": [9e6], "source_id": "wdi"}
    )
    hosts, year, notes = dsp.hosts_compared(prep, ["TJK"], ["refugees"], population, NAMES)
    assert year == 2019 and any("latest year with both" in n for n in notes)


def test_build_view(sample):
    prep_all = dsp.prepared(sample)
    view = dsp.build_view(
        sample,
        prep_all,
        None,
        ["AFG", "KAZ"],
        (2019, 2025),
        ["refugees", "returns"],
        "from",
        NAMES,
        SOURCES,
    )
    assert len(view.rows) == len(
        dsp.select_rows(sample, ["AFG", "KAZ"], ["refugees", "returns"], "from")
    )
    assert not view.series.empty and view.years == [2019, 2020, 2021, 2022]
    assert not view.operations.empty  # repatriations do not depend on the type filter
    empty = dsp.build_view(
        sample, prep_all, None, ["AFG"], (1990, 1991), ["refugees"], "from", NAMES, SOURCES
    )
    assert empty.prep.empty and empty.series.empty and empty.years == []


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    try:
        return load_table("displacement")
    except DataNotBuiltError as exc:
        pytest.skip(str(exc))


def test_real_views_small_and_repatriations_present(real):
    prep_all = dsp.prepared(real)
    names = naming.country_names(load_table("countries"))
    view = dsp.build_view(
        real,
        prep_all,
        load_table("population"),
        ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"),
        (1972, 2025),
        dsp.type_options(real),
        "from",
        names,
        SOURCES,
    )
    assert len(view.series) <= flows.MAX_CHART_ROWS
    assert {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"} <= set(
        view.operations["country"]
    )
    assert view.hosts_year is not None and view.hosts["per_1000"].notna().any()
    # UNHCR stocks are end-year figures: every official row is a full-year figure
    assert (prep_all.loc[prep_all["official"], "kind"] == "year").all()


def test_operations_display_says_not_given(sample):
    table, _ = dsp.repatriations(sample, ["KAZ"], NAMES, SOURCES)
    shown = dsp.operations_display(table)
    assert list(shown.columns) == list(dsp.OPERATION_COLUMNS)
    rusafa = shown[shown["operation"] == "Rusafa"].iloc[0]
    assert rusafa["children"] == "14" and rusafa["total"] == "not given"


def test_view_computes_sections_only_when_read(sample):
    view = dsp.build_view(
        sample, dsp.prepared(sample), None, ["AFG", "KAZ"], (2019, 2025), [], "from", NAMES, SOURCES
    )
    assert not {"_linear_series", "_operations", "_hosts", "period"} & set(vars(view))
    assert not view.operations.empty and "_operations" in vars(view)


def test_series_cut_from_whole_span_equals_fresh_series(real):
    """The page cuts a year range out of the whole span's series instead of recomputing it."""
    prep_all = dsp.prepared(real)
    names = naming.country_names(load_table("countries"))
    args = (("KAZ", "TJK", "UZB", "AFG"), dsp.type_options(real), "from")
    whole = dsp.build_view(real, prep_all, None, args[0], (1972, 2025), *args[1:], names, SOURCES)
    for years in ((2000, 2010), (2015, 2025), (2021, 2021)):
        view = dsp.build_view(real, prep_all, None, args[0], years, *args[1:], names, SOURCES)
        for log in (False, True):
            cut = dsp.series_in_years(whole.series_for(log), years)
            fresh = view.series_for(log)
            cols = [c for c in fresh.columns if c != "segment"]  # run ids are numbered apart
            order = ["country_iso3", "series", "source_id", "year", "mark", "tooltip"]
            pd.testing.assert_frame_equal(
                cut[cols].sort_values(order).reset_index(drop=True),
                fresh[cols].sort_values(order).reset_index(drop=True),
            )
            # the same runs of consecutive years: segments map one to one
            a, b = cut.sort_values(order)["segment"], fresh.sort_values(order)["segment"]
            pairs = {(x, y) for x, y in zip(a, b, strict=True) if x is not None or y is not None}
            assert len(pairs) == a.nunique() == b.nunique()


# --- the preferred reading of each cell, as the build marks it (data.preference) -------------


@pytest.fixture
def marked(sample) -> pd.DataFrame:
    from dashboard_core.data import preference

    doc = {"end": "2022-12-31", "ver": "seed_verified"}
    rows = [
        # a second document reading of the Afghans in Tajikistan at the end of 2022 (UNHCR: 5,000)
        rec("AFG", "TJK", "refugees", "stock", 2022, 6_000, source="seed", **doc),
        # asylum seekers in Kyrgyzstan: two documents, no UNHCR figure; one is preferred
        rec("AFG", "KGZ", "asylum_seekers", "stock", 2022, 70, source="seed", **doc),
        rec("AFG", "KGZ", "asylum_seekers", "stock", 2022, 90, source="seed2", **doc),
    ]
    table = pd.concat([sample, frame(rows)], ignore_index=True)
    return pd.concat([table, preference.mark_displacement(table, SOURCES)], axis=1)


def test_charts_draw_the_preferred_reading_of_each_cell(marked):
    assert dsp.other_readings(marked) == 3  # the seed's PAK 2020, TJK 2022 and seed2's KGZ
    prep = dsp.prepared(marked)
    afg = dsp.select_rows(prep, ["AFG"], ["refugees", "returns"], "from")
    s = dsp.series_frame(afg, "from", NAMES, SOURCES)
    apart = s[s["mark"] != "annual"]
    # the seed's 1.5 m Afghans in Pakistan in 2020 is another reading of UNHCR's cell: not drawn
    assert sorted(zip(apart["year"], apart["mark"], strict=True)) == [
        (2020, "other"),
        (2021, "partial"),
    ]
    annual = s[(s["mark"] == "annual") & (s["series"] == "Refugees (stock)")].set_index("year")
    assert annual.loc[2022, "value"] == 2_005_000  # UNHCR alone, the 6,000 never added
    arcs, _, _ = displacement_flows.map_flows(afg, 2022, NAMES, SOURCES)
    assert arcs.set_index(["from_iso3", "to_iso3"]).loc[("AFG", "TJK"), "value"] == 5_000
    hosts, _, _ = dsp.hosts_compared(
        prep, ["TJK", "KGZ"], ["refugees", "asylum_seekers"], None, NAMES
    )
    by = hosts.set_index(["location_iso3", "population_type"])["value"]
    assert by[("TJK", "refugees")] == 5_100  # AFG + UKR, both UNHCR
    assert by[("KGZ", "asylum_seekers")] == 70  # the preferred document, never 70 + 90
    note = dsp.other_readings_note(dsp.other_readings(afg))
    assert note.startswith("2 other readings") and "table" in note
    assert dsp.other_readings_note(0) == ""
