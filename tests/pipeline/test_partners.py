"""The partner-name table: every row well formed, every ISO3 known, unknown names stop the build."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard_core.pipeline import gazetteer, partners

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


def test_every_country_row_has_an_iso3_geonames_knows() -> None:
    table = partners.partner_table(RAW)
    known = set(gazetteer.countries_by_iso3())
    codes = {p.iso3 for p in table.values() if p.kind == "country"}
    assert codes and codes <= known


@pytest.mark.parametrize(
    ("publisher", "name", "iso3"),
    [
        ("stat.kg", "Afghanistan", "AFG"),
        ("stat.kg", "Eastern SAMOA", "ASM"),
        ("stat.kg", "Congo", "COG"),
        ("stat.kg", "Zaire", "COD"),
        ("stat.kg", "Taiwan. China province", "TWN"),
        ("stat.gov.kz", "Афганистан", "AFG"),
        ("stat.gov.kz", "Кыргызстан", "KGZ"),
        ("stat.gov.kz", "Китай", "CHN"),
        ("stat.gov.kz", "Россия", "RUS"),
        ("stat.gov.kz", "Демократическая Республика Конго", "COD"),
        ("stat.gov.kz", "Антигуа И Барбуда", "ATG"),  # second spelling of one partner
        ("stat.gov.kz", "Антигуа и Барбуда", "ATG"),
    ],
)
def test_names_map_to_the_right_country(publisher: str, name: str, iso3: str) -> None:
    assert partners.partner_table(RAW)[(publisher, name)].iso3 == iso3


@pytest.mark.parametrize(
    ("publisher", "name", "kind"),
    [
        ("stat.kg", "Total", "group"),
        ("stat.kg", "The EU", "group"),
        ("stat.kg", "Undefined country", "unallocated"),
        ("stat.kg", "European Union (EU)", "not_a_country"),
        ("stat.gov.kz", "Всего в том числе", "group"),
        ("stat.gov.kz", "Страны ЕС", "group"),
        ("stat.gov.kz", "Остальные страны мира", "group"),
    ],
)
def test_groups_and_remainders_are_not_partners(publisher: str, name: str, kind: str) -> None:
    partner = partners.partner_table(RAW)[(publisher, name)]
    assert partner.kind == kind and partner.iso3 is None


def test_names_are_normalised_for_line_breaks_and_non_breaking_spaces() -> None:
    assert partners.normalise_name("Всего\nв том числе") == "Всего в том числе"
    assert partners.normalise_name("Chile\xa0") == "Chile"


def test_cell_names_match_the_spreadsheet() -> None:
    assert partners.cell_name(0, 0) == "A1"
    assert partners.cell_name(32, 56) == "AG57"
    assert partners.column_letter(26) == "AA"


def test_a_country_without_iso3_is_refused(tmp_path: Path) -> None:
    (tmp_path / "reference").mkdir()
    pd.DataFrame(
        [{"publisher": "stat.kg", "name": "Nowhere", "iso3": "", "kind": "country", "note": ""}]
    ).to_csv(tmp_path / "reference" / "trade_partner_names.csv", index=False)
    with pytest.raises(ValueError, match="needs an iso3"):
        partners.partner_table(tmp_path)
