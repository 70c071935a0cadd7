"""National statistics offices' country-pair tables -> trade rows.

The Statistics Agency of Uzbekistan's SDMX downloads (stat.uz, tables 1105 exports and 1176
imports by partner): a `Code` column of ISO 3166 numeric partner codes, the partner's name in
Uzbek, Russian and English (`Klassifikator`, `_ru`, `_en`), then one column per year, values in
thousand US dollars (the unit the pipeline established for these tables, see
pipeline/statuz.py). The reporter is Uzbekistan.

The file does not say whether it holds exports or imports (only the table number in the
download's name does), so the flow is stated by the user (`--flow export|import`); without it
the file is refused rather than guessed. Code 0 ("other countries") is an unallocated remainder
and is set aside. Explicit zeros are kept: the tables publish one decimal, so 0.0 is a figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from dashboard_core.importers import countries
from dashboard_core.importers.base import ROW, Chunk, Format, ReadContext
from dashboard_core.importers.files import Probe
from dashboard_core.importers.mapping import numbers, set_aside, year_periods
from dashboard_core.importers.tables import csv_frames

KEY_COLUMNS = ["Code", "Klassifikator", "Klassifikator_ru", "Klassifikator_en"]
_YEAR = re.compile(r"(19|20)\d\d")
FLOWS = ("export", "import")


def _header_at(probe: Probe) -> int | None:
    for i, record in enumerate(probe.records[:5]):
        cells = [c.strip().lstrip("\ufeff") for c in record]
        if cells[:4] == KEY_COLUMNS and any(_YEAR.fullmatch(c) for c in cells[4:]):
            return i
    return None


@dataclass
class StatUzImporter:
    format: Format

    def matches(self, probe: Probe) -> bool:
        return probe.kind == "csv" and _header_at(probe) is not None

    def chunks(self, ctx: ReadContext) -> Iterator[Chunk]:
        flow = ctx.options.get("flow", "")
        if flow not in FLOWS:
            raise ctx.fail(
                "does not say whether it holds exports or imports",
                expected="--flow export or --flow import (stat.uz table 1105 is exports, "
                "1176 imports)",
            )
        at = _header_at(ctx.probe) or 0
        header = [c.strip().lstrip("\ufeff") for c in ctx.probe.records[at]]
        year_columns = [c for c in header if _YEAR.fullmatch(c)]
        for raw in csv_frames(ctx.probe, at, progress=ctx.progress):
            raw.columns = [*header, ROW]
            ctx.report.rows_read += len(raw)
            code = raw["Code"].astype("string").str.strip()
            raw = set_aside(
                raw,
                code.isin(["0", "00", "000"]),
                "code 0: other countries (an unallocated remainder)",
                ctx.report,
            )
            partner = raw["Code"].map(countries.iso3_from_numeric).astype("string")
            partner = partner.fillna(
                raw["Code"].map(lambda c: "SDN" if str(c).strip() == "736" else None)
            )
            raw = set_aside(
                raw, partner.isna(), "partner code is not an ISO 3166 numeric code", ctx.report
            )
            partner = partner[raw.index]
            parts = []
            for column in year_columns:
                value = numbers(ctx, raw, column)
                keep = value.notna()
                year = pd.Series(int(column), index=raw.index[keep], dtype="int64")
                start, end = year_periods(year)
                parts.append(pd.DataFrame({
                    "reporter_iso3": "UZB", "partner_iso3": partner[keep], "flow": flow,
                    "commodity": "TOTAL", "period_start": start, "period_end": end,
                    "year": year, "measure": "observed", "value_usd": value[keep] * 1000,
                    "value_original": value[keep], "currency_original": "USD",
                    "unit_original": "thousand", "partner_name_original":
                    raw.loc[keep, "Klassifikator_en"].astype("string"),
                    ROW: raw.loc[keep, ROW].astype(str) + "", "_column": column,
                }))  # fmt: skip
            out = pd.concat(parts, ignore_index=True)
            out[ROW] = "row " + out[ROW] + ", column " + out.pop("_column")
            inside = ctx.scope_mask(out, "trade")
            ctx.tally(out.loc[inside, "value_original"].groupby(_labels(out[inside])).sum())
            yield Chunk("trade", out)

    def imported_totals(self, frame: pd.DataFrame) -> pd.Series:
        return frame["value_original"].groupby(_labels(frame)).sum()


def _labels(frame: pd.DataFrame) -> pd.Series:
    return "thousand USD, " + frame["flow"].astype("string") + "s, " + frame["year"].astype(str)


IMPORTERS = (
    StatUzImporter(
        Format(
            "statuz-sdmx",
            "Statistics Agency of Uzbekistan, trade by partner (SDMX CSV)",
            "Statistics Agency of Uzbekistan (stat.uz)",
            ("trade",),
            "licence not stated (official statistics)",
            "stat.uz SDMX data download (tables 1105, 1176), as in ../shared/realdata/trade",
        )
    ),
)
