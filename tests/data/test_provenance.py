"""Source captions, verification flags and citations."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard_core.data.provenance import (
    citation_text,
    flag_verification,
    source_caption,
    source_name,
    verification_counts,
    verification_label,
    view_url,
)

SOURCES = pd.DataFrame(
    {
        "source_id": ["unhcr", "statuz", "seed000", "eurostat"],
        "title": ["UNHCR Refugee Population Statistics", "Exports by partner", "Report", "Comext"],
        "publisher": ["UNHCR", "Statistics Agency of Uzbekistan", None, "Eurostat"],
        "licence": ["CC BY 4.0", None, None, "reuse with attribution"],
    }
)


def test_caption_names_sources_most_cited_first():
    rows = pd.DataFrame(
        {
            "source_id": ["statuz", "unhcr", "unhcr"],
            "verification": ["official_release"] * 3,
        }
    )
    caption = source_caption(rows, SOURCES)
    assert caption == (
        "Sources: UNHCR Refugee Population Statistics; "
        "Exports by partner (Statistics Agency of Uzbekistan)."
    )


def test_caption_flags_reported_rows_and_truncates():
    rows = pd.DataFrame(
        {
            "source_id": ["unhcr", "statuz", "seed000", "eurostat", "missing"],
            "verification": ["reported", "reported", "seed_verified", "official_release", None],
        }
    )
    caption = source_caption(rows, SOURCES, max_named=2)
    assert "and 3 more" in caption
    assert "⚠ 2 of 5 figures are reported" in caption


def test_caption_with_no_rows_and_unknown_source():
    assert "none" in source_caption(pd.DataFrame({"source_id": []}), SOURCES)
    assert source_caption(["zzz"], SOURCES) == "Source: zzz."


def test_source_name_falls_back():
    assert source_name({"source_id": "x", "title": "T", "publisher": None}) == "T"
    assert source_name({"source_id": "x"}) == "x"


def test_source_name_shortens_long_titles_and_publishers():
    unhcr = {
        "title": "UNHCR Refugee Population Statistics Database: end-year population figures by "
        "origin and asylum country (refugees R package dataset population; extract)",
        "publisher": "UNHCR",
    }
    assert source_name(unhcr) == "UNHCR Refugee Population Statistics Database"
    statuz = {
        "title": "Uzbekistan: exports of goods by partner country, 2010-2023, thousand USD "
        "(stat.uz SDMX table 1105; copy in a repo)",
        "publisher": "Statistics Agency under the President of the Republic of Uzbekistan "
        "(stat.uz)",
    }
    assert source_name(statuz) == (
        "Uzbekistan: exports of goods by partner country, 2010-2023, thousand USD (stat.uz)"
    )
    anon = {"title": "News digest", "publisher": "not stated in the file"}
    assert source_name(anon) == "News digest"


def test_caption_splits_joined_source_ids():
    caption = source_caption(pd.DataFrame({"source_id": ["unhcr;statuz"]}), SOURCES)
    assert "UNHCR" in caption and "Statistics Agency" in caption
    caption = source_caption(pd.DataFrame({"source_id": ["statuz+eurostat"]}), SOURCES)
    assert "Statistics Agency" in caption and "Comext" in caption


def test_flag_verification_moves_labelled_column_first():
    df = pd.DataFrame({"a": [1, 2, 3], "verification": ["reported", "seed_verified", None]})
    shown = flag_verification(df)
    assert list(shown.columns) == ["verification", "a"]
    assert shown["verification"].tolist()[0].startswith("⚠")
    assert shown["verification"].tolist()[2] == "Unknown"
    assert df["verification"].tolist()[0] == "reported"  # original untouched


def test_verification_helpers():
    assert verification_label("official_release") == "Official release"
    assert verification_label("odd") == "Unknown (odd)"
    assert verification_label("") == "–"  # a row without a figure has nothing verified
    assert verification_label("official_release;reported").startswith("⚠ Reported")
    counts = verification_counts(pd.DataFrame({"verification": ["reported", "reported"]}))
    assert counts == {"official_release": 0, "seed_verified": 0, "reported": 2, "imported": 0}


def test_view_url_and_citation():
    url = view_url(
        "http://localhost:8501/trade", {"countries": ["KAZ", "AFG"], "years": ["2015", "2020"]}
    )
    assert url == "http://localhost:8501/trade?countries=KAZ&countries=AFG&years=2015&years=2020"
    assert view_url("http://h/", {}) == "http://h/"
    text = citation_text("Trade", url, "abc123", "countries: KAZ, AFG", date(2025, 3, 4))
    assert text.startswith("Central Asia Monitor (2025). Trade [countries: KAZ, AFG].")
    assert "Data version abc123." in text
    assert url in text and "accessed 2025-03-04" in text
