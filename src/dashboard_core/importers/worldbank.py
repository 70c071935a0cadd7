"""World Bank DataBank exports and bulk-download CSVs -> population rows.

Layouts: DataBank ("Country Name, Country Code, Series Name, Series Code, 2000 [YR2000], ...",
`..` for no value, footer lines "Data from database: ..." and "Last Updated: ...") and the
bulk API CSV (API_<indicator>_DS2_en_csv_v2_*.csv: four lines of metadata, then "Country
Name","Country Code","Indicator Name","Indicator Code","1960", ..., a trailing comma). Countries
are keyed by the file's Country Code ("Kyrgyz Republic" is KGZ whatever its label).

Only SP.POP.TOTL (total population) has a table in the data contract; rows of other series are
set aside with their code. Footer and blank lines are not data rows and are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import numbers
from dashboard_core.importers.tables import csv_frames

SERIES = "SP.POP.TOTL"
_YEAR = re.compile(r"((?:19|20)\d\d)(?: \[YR\d{4}\])?")
LAYOUTS = ("World Bank DataBank CSV export and the bulk API CSV (data.worldbank.org "
           "indicator downloads), as in ../shared/realdata/wdi")  # fmt: skip


def _header(records: list[list[str]]) -> tuple[int, str] | None:
    for i, record in enumerate(records[:10]):
        cells = [c.strip().lstrip("\ufeff") for c in record]
        if "Country Code" not in cells or not any(_YEAR.fullmatch(c) for c in cells):
            continue
        if "Series Code" in cells:
            return i, "Series Code"
        if "Indicator Code" in cells:
            return i, "Indicator Code"
    return None


@dataclass
class WorldBankImporter:
    format: Format

    def matches(self, probe: Probe) -> bool:
        found = _header(probe.records) if probe.kind == "csv" else None
        return found is not None and (found[1] == "Series Code") == (
            self.format.name == "worldbank-databank"
        )

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        at, series_column = _header(ctx.probe.records)  # type: ignore[misc]
        header = [c.strip().lstrip("\ufeff") for c in ctx.probe.records[at]]
        years = {c: int(_YEAR.fullmatch(c).group(1)) for c in header if _YEAR.fullmatch(c)}
        if at:
            ctx.report.note(f"{at} line(s) of metadata before the header skipped")
        for raw in csv_frames(ctx.probe, at, progress=ctx.progress):
            raw.columns = [*header, ROW]
            code = raw["Country Code"].astype("string").str.strip()
            footer = (code.str.len() != 3) | (raw[series_column].astype("string").str.strip()
                                              == "")  # fmt: skip
            if footer.any():
                ctx.report.note("footer lines (database name, last updated) skipped")
            raw = raw[~footer]
            ctx.report.rows_read += len(raw)
            series = raw[series_column].astype("string").str.strip()
            for other in sorted(set(series[series != SERIES]))[:30]:
                ctx.report.set_rows_aside(
                    f"series {other}: no table in the data contract (only {SERIES})",
                    raw.loc[series == other, ROW],
                )
            raw = raw[series == SERIES]
            parts = []
            for column, year in years.items():
                value = numbers(ctx, raw, column)
                keep = value.notna()
                parts.append(pd.DataFrame({
                    "iso3": raw.loc[keep, "Country Code"].str.strip(), "year": year,
                    "population": value[keep],
                    "name_original": raw.loc[keep, "Country Name"].astype("string"),
                    ROW: "row " + raw.loc[keep, ROW].astype(str) + ", column " + column,
                }))  # fmt: skip
            out = (
                pd.concat(parts, ignore_index=True)
                if parts
                else pd.DataFrame(columns=["iso3", "year", "population", ROW])
            )
            out["year"] = out["year"].astype("int64")
            inside = ctx.scope_mask(out, "population")
            ctx.tally(out.loc[inside, "population"].groupby(_labels(out[inside])).sum())
            yield Chunk("population", out)

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["population"].groupby(_labels(frame)).sum()


def _labels(frame: pd.DataFrame) -> pd.Series:
    return "population summed over years, " + frame["iso3"].astype("string")


def _format(name: str, label: str) -> Format:
    return Format(name, label, "World Bank (World Development Indicators)", ("population",),
                  "CC BY 4.0 (World Bank)", LAYOUTS,
                  attribution="World Bank, World Development Indicators")  # fmt: skip


IMPORTERS = (
    WorldBankImporter(_format("worldbank-databank", "World Bank DataBank export (CSV)")),
    WorldBankImporter(_format("worldbank-bulk", "World Bank bulk download (CSV)")),
)
