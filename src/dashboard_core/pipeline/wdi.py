"""World Bank WDI DataBank exports -> population table (series SP.POP.TOTL).

DataBank files are wide (one column per year, '2019 [YR2019]'), mark gaps with '..' and end in
footer lines ('Data from database: ...', 'Last Updated: ...'). Countries are keyed by the file's
Country Code, so 'Kyrgyz Republic' is KGZ whatever the label says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from dashboard_core.data import contract

PATTERN = "wdi/databank_wdi_*.csv"
SERIES = "SP.POP.TOTL"
SOURCE_ID = "wdi-population"
_YEAR = re.compile(r"(\d{4}) \[YR\d{4}\]")
EXTRA_COLUMNS: tuple[str, ...] = ("name_original",)


def _read_databank(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame["_line"] = frame.index + 2
    # Footer and blank lines have no series code or no country code.
    return frame[(frame["Series Code"].str.strip() != "") & (frame["Country Code"].str.len() == 3)]


def _long(path: Path) -> pd.DataFrame:
    frame = _read_databank(path)
    frame = frame[frame["Series Code"] == SERIES]
    rows = []
    for _, record in frame.iterrows():
        for column in frame.columns:
            match = _YEAR.fullmatch(column)
            cell = record[column].strip() if match else ""
            if not match or cell in ("", ".."):
                continue
            rows.append(
                {
                    "iso3": record["Country Code"],
                    "year": int(match[1]),
                    "population": int(cell),
                    "locator": f"{path.name}#L{record['_line']}/YR{match[1]}",
                    "name_original": record["Country Name"],
                }
            )
    return pd.DataFrame(rows, columns=["iso3", "year", "population", "locator", "name_original"])


def load_wdi_population(realdata: Path) -> pd.DataFrame:
    """Total population by country and year from every DataBank file that carries it."""
    paths = sorted(realdata.glob(PATTERN))
    if not paths:
        raise FileNotFoundError(f"no {PATTERN} under {realdata}")
    long = pd.concat([_long(p) for p in paths], ignore_index=True)
    repeated = long[long.duplicated(["iso3", "year"], keep=False)]
    if repeated.groupby(["iso3", "year"])["population"].nunique().gt(1).any():
        raise ValueError("WDI files disagree on a population figure")
    long = long.sort_values(["iso3", "year", "locator"], kind="mergesort")
    long = long.drop_duplicates(["iso3", "year"], keep="first").reset_index(drop=True)
    out = pd.DataFrame(
        {
            "iso3": long["iso3"].astype("string"),
            "year": long["year"].astype("int64"),
            "population": long["population"].astype("int64"),
            "source_id": pd.Series(SOURCE_ID, index=long.index, dtype="string"),
            "locator": long["locator"].astype("string"),
            "verification": pd.Series("official_release", index=long.index, dtype="string"),
            "name_original": long["name_original"].astype("string"),
        }
    )
    return out[[*contract.TABLE_COLUMNS["population"], *EXTRA_COLUMNS]]
