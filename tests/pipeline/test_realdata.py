"""Publisher-file loaders run on the real extracts in ../shared/realdata, one test per quirk."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import shape

from dashboard_core.data import contract
from dashboard_core.pipeline import countries, eurostat, gazetteer, geometry, statuz, unhcr, wdi

REPO = Path(__file__).resolve().parents[2]


REALDATA = REPO.parent / "shared" / "realdata"


FX_PATH = REPO / "data" / "raw" / "reference" / "fx_eur_usd.csv"


if not REALDATA.is_dir():
    pytest.skip(
        f"publisher extracts not found at {REALDATA} (../shared/realdata beside the repo)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def displacement() -> pd.DataFrame:
    return unhcr.load_unhcr_displacement(REALDATA)


@pytest.fixture(scope="module")
def fx() -> pd.DataFrame:
    return eurostat.read_fx(FX_PATH)


@pytest.fixture(scope="module")
def eu_rows() -> pd.DataFrame:
    return eurostat.normalise(REALDATA)


@pytest.fixture(scope="module")
def eu_trade(fx: pd.DataFrame) -> pd.DataFrame:
    return eurostat.load_eurostat_trade(REALDATA, fx)


@pytest.fixture(scope="module")
def uz_trade() -> pd.DataFrame:
    return statuz.load_statuz_trade(REALDATA)


def _contract_columns(frame: pd.DataFrame, table: str) -> None:
    columns = contract.TABLE_COLUMNS[table]
    assert tuple(frame.columns[: len(columns)]) == columns


def test_unhcr_rows_follow_the_contract(displacement: pd.DataFrame) -> None:
    _contract_columns(displacement, "displacement")
    assert set(displacement["population_type"]) <= set(contract.POPULATION_TYPES)
    assert set(displacement["measure"]) <= set(contract.DISPLACEMENT_MEASURES)
    assert (displacement["group"] == "total").all()
    assert displacement["value"].notna().all() and (displacement["value"] > 0).all()
    assert (displacement["period_start"].dt.year == displacement["year"]).all()
    assert (displacement["period_end"].dt.strftime("%m-%d") == "12-31").all()
    keys = ["origin_iso3", "location_iso3", "population_type", "measure", "year", "subtype"]
    assert not displacement.duplicated(keys).any()


def test_unhcr_keeps_every_nonzero_cell(displacement: pd.DataFrame) -> None:
    population = unhcr.read_unhcr_file(REALDATA, "population")
    cells = population[["refugees", "asylum_seekers", "idps", "stateless", "ooc", "oip", "hst"]]
    expected = int((cells.fillna(0) != 0).sum().sum())
    assert (displacement["source_id"] == "unhcr-population").sum() == expected
    # Returns are flows, taken once (from solutions), never as a population stock.
    returns = displacement[displacement["population_type"] == "returned_refugees"]
    assert set(returns["measure"]) == {"flow"} and set(returns["source_id"]) == {"unhcr-solutions"}


def test_unhcr_non_iso_codes_are_kept_as_given(displacement: pd.DataFrame) -> None:
    codes = set(displacement["origin_iso3"]) | set(displacement["location_iso3"])
    iso = set(gazetteer.countries_by_iso3())
    assert codes - iso == {"UNK", "UKN", "XXA", "STA"}
    assert set(unhcr.non_iso_codes(displacement)) == {"UNK", "UKN", "XXA", "STA"}
    # UNHCR's own short codes (coo/coa: 'GFR', 'DEN') never leak into the ISO columns.
    assert not {"GFR", "DEN", "AUL"} & codes


def test_unhcr_flows_file_gives_new_arrivals_and_applications(displacement: pd.DataFrame) -> None:
    flows = displacement[displacement["source_id"] == "unhcr-flows"]
    assert set(flows["population_type"]) == {"new_arrivals", "asylum_applications"}
    arrivals = flows[flows["population_type"] == "new_arrivals"]
    assert set(arrivals["subtype"]) == {"refugees", "refugee_like", "other_in_need"}


def test_statuz_numeric_partner_codes_are_mapped(uz_trade: pd.DataFrame) -> None:
    _contract_columns(uz_trade, "trade")
    code_to_iso3 = dict(
        zip(uz_trade["partner_code_original"], uz_trade["partner_iso3"], strict=True)
    )
    assert code_to_iso3["398"] == "KAZ" and code_to_iso3["008"] == "ALB"
    assert code_to_iso3["643"] == "RUS" and code_to_iso3["736"] == "SDN"
    assert "0" not in code_to_iso3  # 'Other countries' is unallocated, not Kosovo (GeoNames 0)
    assert statuz.unmapped_codes(REALDATA) == {"0": "Other countries"}
    assert not uz_trade.duplicated(["partner_iso3", "flow", "year"]).any()
    assert set(uz_trade["year"]) == set(range(2010, 2024))


def test_statuz_unit_is_thousand_usd(uz_trade: pd.DataFrame, eu_trade: pd.DataFrame) -> None:
    expected = uz_trade["value_original"] * 1000
    assert ((uz_trade["value_usd"] - expected).abs() <= 1e-9 * expected.abs()).all()
    assert set(uz_trade["unit_original"]) == {"thousand USD"}
    # Mirror: UZB imports from EU members vs Eurostat EU-27 exports to UZB, both in USD.
    uz = uz_trade[
        (uz_trade["flow"] == "import") & uz_trade["partner_iso3"].isin(contract.EU27_ISO3)
    ]
    mirror = eu_trade[
        (eu_trade["reporter_iso3"] == "EU27")
        & (eu_trade["partner_iso3"] == "UZB")
        & (eu_trade["period_type"] == "year")
    ].set_index("year")["value_usd"]
    ratio = (uz.groupby("year")["value_usd"].sum() / mirror).dropna()
    assert len(ratio) >= 10
    assert ratio.between(0.5, 2.0).all(), ratio.to_dict()
    # Scale against GDP (WDI GDP per capita x population): exports about a third of GDP.
    exports_2019 = uz_trade.query("flow == 'export' and year == 2019")["value_usd"].sum()
    assert 5e9 < exports_2019 < 60e9


def test_eurostat_kazakhstan_months_deduplicated(
    eu_trade: pd.DataFrame, eu_rows: pd.DataFrame
) -> None:
    _contract_columns(eu_trade, "trade")
    rows = eu_rows
    kaz = rows[rows["partner_iso3"] == "KAZ"]
    assert kaz.duplicated(eurostat.KEY).sum() == 1872
    assert eu_trade.attrs["duplicates_removed"] == 1872
    assert not eu_trade.duplicated(eurostat.KEY).any()
    assert len(eu_trade) == len(rows) - 1872
    assert eurostat.parse_period("201901-Jan. 2019") == eurostat.parse_period("Jan. 2019")


def test_eurostat_conflicting_duplicates_are_refused(eu_rows: pd.DataFrame) -> None:
    rows = eu_rows.head(2).copy()
    twin = rows.iloc[[0]].assign(value_original=rows["value_original"].iloc[0] + 1, _line=0)
    with pytest.raises(ValueError, match="disagree"):
        eurostat.deduplicate(pd.concat([rows, twin], ignore_index=True))


def test_eurostat_eur_converted_with_the_years_rate(
    eu_trade: pd.DataFrame, fx: pd.DataFrame
) -> None:
    assert (eu_trade["currency_original"] == "EUR").all()
    rate = eu_trade["year"].map(fx.set_index("year")["usd_per_eur"])
    pd.testing.assert_series_equal(
        eu_trade["value_usd"], eu_trade["value_original"] * rate, check_names=False
    )
    no_rate = ~eu_trade["year"].isin(fx["year"])
    assert eu_trade.loc[no_rate, "value_usd"].isna().all()
    assert eu_trade.loc[~no_rate, "value_usd"].notna().all()
    reporters = set(eu_trade["reporter_iso3"])
    assert reporters == set(contract.EU27_ISO3) | {"EU27"}
    yearly = eu_trade[eu_trade["period_type"] == "year"]
    assert set(yearly["reporter_iso3"]) == {"EU27"}
    assert set(yearly["partner_iso3"]) == set(contract.FOCUS_ISO3)


def test_fx_table_is_sourced_and_complete_where_given(fx: pd.DataFrame) -> None:
    assert list(fx.columns) == ["year", "usd_per_eur", "source_id", "locator", "verification"]
    assert fx["year"].is_unique and (fx["verification"] == "reported").all()
    assert fx["usd_per_eur"].between(0.8, 1.7).all()
    sources = pd.read_csv(REPO / "data" / "raw" / "sources" / "publishers.csv")
    assert set(fx["source_id"]) <= set(sources["source_id"])


def test_wdi_population_keys_on_codes_not_labels() -> None:
    pop = wdi.load_wdi_population(REALDATA)
    _contract_columns(pop, "population")
    assert set(contract.FOCUS_ISO3) <= set(pop["iso3"])
    kgz = pop[pop["iso3"] == "KGZ"]
    assert set(kgz["name_original"]) == {"Kyrgyz Republic"}
    assert not pop.duplicated(["iso3", "year"]).any()
    assert pop["population"].gt(0).all()


def test_wdi_drops_dots_and_footer(tmp_path: Path) -> None:
    folder = tmp_path / "wdi"
    folder.mkdir()
    (folder / "databank_wdi_test.csv").write_text(
        "Country Name,Country Code,Series Name,Series Code,2021 [YR2021],2022 [YR2022]\n"
        'Kyrgyz Republic,KGZ,"Population, total",SP.POP.TOTL,6773400,..\n'
        "Kyrgyz Republic,KGZ,GDP per capita (current US$),NY.GDP.PCAP.CD,..,1000\n"
        "\n"
        "Data from database: World Development Indicators,,,,,\n"
        "Last Updated: 06/28/2024,,,,,\n",
        encoding="utf-8",
    )
    pop = wdi.load_wdi_population(tmp_path)
    assert pop[["iso3", "year", "population"]].values.tolist() == [["KGZ", 2021, 6773400]]


def test_boundaries_valid_small_and_deterministic(tmp_path: Path) -> None:
    fc = geometry.build_boundaries(REALDATA)
    isos = [f["properties"]["iso3"] for f in fc["features"]]
    assert sorted(isos) == sorted(contract.FOCUS_ISO3 + contract.NEIGHBOUR_ISO3)
    for feature in fc["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid and not geom.is_empty, feature["properties"]["iso3"]
        west, south, east, north = geom.bounds
        assert west >= 44 and south >= 23 and east <= 90 and north <= 56
        assert set(feature["properties"]) == {"iso3", "name", "group", "disputed_note"}
    path = tmp_path / "boundaries.geojson"
    geometry.write_geojson(fc, path)
    first = path.read_bytes()
    assert len(first) < geometry.MAX_BYTES
    geometry.write_geojson(geometry.build_boundaries(REALDATA), path)
    assert path.read_bytes() == first
    assert json.loads(first)["type"] == "FeatureCollection"


def test_capitals_and_missing_places(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gazetteer.capital_city("KAZ")[0] == "Astana"  # GeoNames capital reads 'Nur-Sultan'
    for iso3 in contract.FOCUS_ISO3 + contract.NEIGHBOUR_ISO3:
        assert gazetteer.capital_city(iso3) is not None, iso3
    monkeypatch.setattr(gazetteer, "_CITY_FLOORS", (15000,))  # skip the slow 500 list here
    with pytest.raises(ValueError, match="999999999"):
        gazetteer.cities_by_geonameid([1528675, 999999999])
    assert gazetteer.iso3_from_numeric("008") == "ALB" and gazetteer.iso3_from_numeric(0) is None
    assert gazetteer.iso3_from_iso2("kg") == "KGZ"


def test_countries_groups() -> None:
    frame = countries.build_countries(["UZB", "IRN", "DEU", "EU27", "XXA", "KAZ"])
    _contract_columns(frame, "countries")
    groups = dict(zip(frame["iso3"], frame["group"], strict=True))
    assert groups == {
        "DEU": "partner",
        "EU27": "aggregate",
        "IRN": "neighbour",
        "KAZ": "focus",
        "UZB": "focus",
        "XXA": "aggregate",
    }
    assert frame.loc[frame["iso3"] == "EU27", "capital"].isna().all()
    assert frame.loc[frame["iso3"] == "UZB", "capital"].item() == "Tashkent"


def test_loaders_are_deterministic(displacement: pd.DataFrame, uz_trade: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(displacement, unhcr.load_unhcr_displacement(REALDATA))
    pd.testing.assert_frame_equal(uz_trade, statuz.load_statuz_trade(REALDATA))
