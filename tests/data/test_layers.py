"""Imported rows beside the clean tables (data/layers.py): combined tables, preference over both,
corridor lines and ids, the words under a view and the per-row marker."""

from __future__ import annotations

import pandas as pd

from dashboard_core.data import layers

SOURCES = pd.DataFrame(
    {
        "source_id": ["statkz", "imported-imp-aaa", "imported-imp-bbb"],
        "title": ["Kazakhstan trade", "ACLED event export (CSV): acled.csv",
                  "UN Comtrade (CSV): c.csv"],
        "publisher": ["stat.gov.kz", "ACLED", "UN Comtrade"],
        "kind": ["publisher_dataset", "imported_file", "imported_file"],
        "file_name": [None, "acled.csv", "c.csv"],
        "sha256": [None, "a" * 64, "b" * 64],
        "imported_at": [None, "2026-12-03T07:38:08+00:00", "2026-12-01T10:00:00+00:00"],
        "attribution": [None, "Armed Conflict Location & Event Data (ACLED)", "UN Comtrade"],
        "raw_rows_downloadable": [None, False, True],
        "imported_by": [None, "you", "operator"],
        "accessed": [None, "2026-11-30", None],
        "format_label": [None, "ACLED event export (CSV)", "UN Comtrade (CSV)"],
    }
)  # fmt: skip


def trade_row(reporter, partner, year, value, source, verification):
    return {
        "reporter_iso3": reporter, "partner_iso3": partner, "flow": "export",
        "commodity": "TOTAL", "period_start": pd.Timestamp(f"{year}-01-01"),
        "period_end": pd.Timestamp(f"{year}-12-31"), "year": year, "measure": "observed",
        "value_usd": value, "source_id": source, "locator": "row 2",
        "verification": verification,
    }  # fmt: skip


def test_combine_puts_imported_rows_after_and_recomputes_the_preferred_reading():
    clean = pd.DataFrame([trade_row("KAZ", "AFG", 2022, 900.0, "statkz", "official_release")])
    clean = clean.assign(preferred=True, not_preferred_reason="")
    imported = pd.DataFrame(
        [
            trade_row("KAZ", "AFG", 2022, 950.0, "imported-imp-bbb", "imported"),  # same question
            trade_row("TKM", "AFG", 2022, 40.0, "imported-imp-bbb", "imported"),  # a gap filled
        ]
    ).assign(valuation="FOB")
    out = layers.combine("trade", clean, [imported], SOURCES)
    assert len(out) == 3 and list(out["source_id"][:1]) == ["statkz"]
    assert list(out["preferred"]) == [True, False, True]
    assert "stat.gov.kz" in out.loc[1, "not_preferred_reason"]
    assert out.loc[2, "not_preferred_reason"] == ""
    assert out["valuation"].isna().iloc[0] and out.loc[1, "valuation"] == "FOB"
    assert clean["preferred"].tolist() == [True]  # the cached clean table is never touched


def test_combine_without_imported_rows_returns_the_clean_table_itself():
    clean = pd.DataFrame([trade_row("KAZ", "AFG", 2022, 900.0, "statkz", "official_release")])
    assert layers.combine("trade", clean, [pd.DataFrame()], SOURCES) is clean


def test_corridor_ids_are_tagged_in_rows_and_lines_alike():
    frames = {"corridors": pd.DataFrame({"corridor_id": ["route-1"], "name": ["A"]})}
    lines = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"corridor_id": "route-1"},
                      "geometry": {"type": "LineString", "coordinates": [[67, 37], [67, 36]]}}],
    }  # fmt: skip
    tagged, doc = layers.tag_corridors(frames, lines, "abcd1234")
    assert tagged["corridors"]["corridor_id"].tolist() == ["route-1-abcd1234"]
    assert doc["features"][0]["properties"]["corridor_id"] == "route-1-abcd1234"
    assert lines["features"][0]["properties"]["corridor_id"] == "route-1"  # input untouched
    merged = layers.merge_lines({"type": "FeatureCollection", "features": [{"id": 0}]}, [doc])
    assert len(merged["features"]) == 2


def test_year_span_follows_the_filter_rules():
    frames = {
        "incidents": pd.DataFrame({"date_start": pd.to_datetime(["2026-03-01", "2019-05-02"])}),
        "trade": pd.DataFrame({"year": [2021, 2024]}),
    }
    assert layers.year_span(frames) == (2019, 2026)
    assert layers.year_span({"corridors": pd.DataFrame({"start_year": [pd.NA]})}) is None


def test_notes_name_each_imported_file_and_acled_terms_with_the_filters():
    rows = pd.DataFrame({"source_id": ["statkz", "imported-imp-aaa", "imported-imp-bbb"]})
    notes = layers.import_notes(rows, SOURCES, "countries: Tajikistan (TJK); years: 2020–2024")
    assert notes[0] == (
        "⇪ Imported by you: acled.csv (ACLED event export (CSV); publisher ACLED; SHA-256 "
        "aaaaaaaaaaaaaaaa…; imported 2026-12-03 07:38 UTC)."
    )
    assert "Armed Conflict Location & Event Data (ACLED)" in notes[1]
    assert "accessed 2026-11-30" in notes[1]
    assert "filters: countries: Tajikistan (TJK); years: 2020–2024" in notes[1]
    assert "never passed on" in notes[1]
    assert notes[2].startswith("⇪ Imported by the operator: c.csv")
    assert len(notes) == 3  # Comtrade rows may be downloaded: no terms line
    assert layers.import_notes(["statkz"], SOURCES, "") == []
    assert layers.import_notes(["statkz;imported-imp-bbb"], SOURCES, "")[0].startswith("⇪")


def test_row_markers_say_whose_file_a_row_comes_from():
    rows = pd.DataFrame({"source_id": ["statkz", "imported-imp-aaa", "imported-imp-bbb"]})
    marks = layers.row_markers(rows, SOURCES)
    assert marks.tolist() == [
        None,
        "⇪ Imported by you (acled.csv)",
        "⇪ Imported by the operator (c.csv)",
    ]
    assert layers.row_markers(rows.iloc[:1], SOURCES) is None
    assert layers.row_markers(pd.DataFrame({"x": [1]}), SOURCES) is None


def test_the_shown_title_says_imported_and_by_whom():
    entry = {"title": "UN Comtrade (CSV): c.csv", "file_name": "c.csv", "format": "comtrade-csv",
             "imported_at": "2026-12-01T10:00:00+00:00"}  # fmt: skip
    row = layers.as_shown(entry, layers.BY_YOU)
    assert row["title"] == "⇪ c.csv, imported by you (UN Comtrade (CSV))"
    assert row["format_label"] == "UN Comtrade (CSV)" and row["accessed"] is None
    assert layers.as_shown(entry, layers.BY_OPERATOR, "2026-11-02")["accessed"] == "2026-11-02"
    unstated = {**SOURCES.iloc[1].to_dict(), "accessed": None}
    assert "access date not stated (imported 2026-12-03)" in layers.attribution_text(unstated, "")


def test_imported_area_rows_are_each_their_own_reading():
    """Two provinces of an IOM DTM file are two figures, not two readings of one."""
    base = pd.DataFrame(columns=["origin_iso3", "location_iso3", "population_type", "measure",
                                 "group", "year", "period_start", "period_end", "value",
                                 "source_id", "locator", "verification"])  # fmt: skip
    row = {"origin_iso3": "AFG", "location_iso3": "AFG", "population_type": "idps",
           "measure": "stock", "group": "total", "year": 2023,
           "period_start": pd.Timestamp("2023-03-30"), "period_end": pd.Timestamp("2023-03-30"),
           "source_id": "imported-imp-bbb", "verification": "imported"}  # fmt: skip
    dtm = pd.DataFrame([
        {**row, "admin1": "Kabul", "value": 100.0, "locator": "row 3"},
        {**row, "admin1": "Kunar", "value": 50.0, "locator": "row 4"},
    ])  # fmt: skip
    out = layers.combine("displacement", base, [dtm], SOURCES)
    assert out["preferred"].tolist() == [True, True]
