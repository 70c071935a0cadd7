"""Statistics Agency of Uzbekistan (stat.uz) SDMX tables 1105/1176 -> trade rows.

Uzbekistan's exports (1105) and imports (1176) of goods by partner, 2010-2023. Partner codes are
ISO 3166 numeric. Values are in thousand US dollars: the files state no unit, so it was
established from the data (see tests/test_realdata_pipeline.py and UNIT_EVIDENCE).
Explicit zeros are kept: the files publish one decimal, so 0.0 reads "under 50 USD".
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract
from dashboard_core.pipeline import gazetteer

FILES: dict[str, tuple[str, str]] = {
    "export": ("trade/statuz_sdmx_data_1105_UZB_exports_by_partner_2010-2023.csv", "statuz-1105"),
    "import": ("trade/statuz_sdmx_data_1176_UZB_imports_by_partner_2010-2023.csv", "statuz-1176"),
}
UNIT_ORIGINAL = "thousand USD"
UNIT_MULTIPLIER = Decimal(1000)
UNIT_EVIDENCE = (
    "Partner rows summed, thousand-USD reading: exports 2019 = USD 17.46 bn, imports 24.29 bn, "
    "i.e. 29% and 40% of UZB GDP (WDI GDP per capita x population, USD ~60 bn). Mirror check: "
    "imports from the 27 EU members match Eurostat's EU-27 exports to Uzbekistan (EUR x ECB rate) "
    "within a factor 0.86-1.38 in every year 2010-2023. Read as USD or million USD, these "
    "ratios are off by 10^3."
)
# ISO 3166 numeric codes GeoNames no longer carries: 736 was Sudan's code until 2011.
NUMERIC_OVERRIDES: dict[str, str] = {"736": "SDN"}
# Code 0 'Other countries' is an unallocated remainder, not a partner and not the world total.
UNALLOCATED_CODES: tuple[str, ...] = ("0",)
EXTRA_COLUMNS: tuple[str, ...] = ("unit_original", "partner_code_original")


def partner_iso3(code: str) -> str | None:
    """ISO3 for a stat.uz partner code (ISO numeric, maybe zero-padded); None if unknown."""
    code = code.strip()
    if code in UNALLOCATED_CODES:
        return None
    return NUMERIC_OVERRIDES.get(code.lstrip("0")) or gazetteer.iso3_from_numeric(code)


def read_statuz_file(realdata: Path, flow: str) -> pd.DataFrame:
    """One stat.uz table as published, every cell a string (codes keep leading zeros)."""
    path = realdata / FILES[flow][0]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if frame["Code"].duplicated().any():
        raise ValueError(f"{path}: partner codes repeat")
    return frame


def unmapped_codes(realdata: Path) -> dict[str, str]:
    """Partner codes (with English label) that map to no ISO3 and are dropped."""
    out: dict[str, str] = {}
    for flow in FILES:
        frame = read_statuz_file(realdata, flow)
        for code, label in zip(frame["Code"], frame["Klassifikator_en"], strict=True):
            if partner_iso3(code) is None:
                out[code.strip()] = label
    return dict(sorted(out.items()))


def _long(frame: pd.DataFrame, flow: str, unallocated_code: str | None) -> pd.DataFrame:
    source_id = FILES[flow][1]
    year_columns = [c for c in frame.columns if c.strip().isdigit()]
    rows = []
    for _, record in frame.iterrows():
        code = record["Code"].strip()
        iso3 = partner_iso3(code)
        if iso3 is None and code in UNALLOCATED_CODES and unallocated_code:
            iso3 = unallocated_code
        if iso3 is None:
            continue
        for column in year_columns:
            cell = record[column].strip()
            if cell in ("", "-", ".", "..", "x"):
                continue  # a gap stays a gap
            original = Decimal(cell)
            rows.append(
                {
                    "partner_iso3": iso3,
                    "flow": flow,
                    "year": int(column),
                    "value_original": float(original),
                    "value_usd": float(original * UNIT_MULTIPLIER),
                    "source_id": source_id,
                    "locator": f"{source_id}#{code}/{column.strip()}",
                    "partner_code_original": code,
                }
            )
    return pd.DataFrame(rows)


def load_statuz_trade(realdata: Path, unallocated_code: str | None = None) -> pd.DataFrame:
    """Uzbekistan's goods exports and imports by partner, full years, value_usd in USD.

    Rows with partner code 0 ('Other countries', unallocated) are dropped unless
    `unallocated_code` names a code to file them under. There is no world-total row.
    """
    parts = [_long(read_statuz_file(realdata, flow), flow, unallocated_code) for flow in FILES]
    long = pd.concat(parts, ignore_index=True)
    years = long["year"].astype("int64")
    out = pd.DataFrame(
        {
            "reporter_iso3": pd.Series("UZB", index=long.index, dtype="string"),
            "partner_iso3": long["partner_iso3"].astype("string"),
            "flow": long["flow"].astype("string"),
            "commodity": pd.Series("TOTAL", index=long.index, dtype="string"),
            "period_start": pd.to_datetime(years.astype(str) + "-01-01"),
            "period_end": pd.to_datetime(years.astype(str) + "-12-31"),
            "year": years,
            "measure": pd.Series("observed", index=long.index, dtype="string"),
            "value_usd": long["value_usd"].astype("float64"),
            "value_original": long["value_original"].astype("float64"),
            "currency_original": pd.Series("USD", index=long.index, dtype="string"),
            "source_id": long["source_id"].astype("string"),
            "locator": long["locator"].astype("string"),
            "verification": pd.Series("official_release", index=long.index, dtype="string"),
            "unit_original": pd.Series(UNIT_ORIGINAL, index=long.index, dtype="string"),
            "partner_code_original": long["partner_code_original"].astype("string"),
        }
    )
    order = ["partner_iso3", "flow", "year", "source_id", "locator"]
    out = out.sort_values(order, kind="mergesort").reset_index(drop=True)
    return out[[*contract.TABLE_COLUMNS["trade"], *EXTRA_COLUMNS]]
