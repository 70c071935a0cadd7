"""Partner names as national statistics offices print them -> ISO3, from a hand table.

`data/raw/reference/trade_partner_names.csv` (publisher, name, iso3, kind, note) lists every
name the stat.kg and stat.gov.kz tables use. `kind` is `country` (kept under `iso3`), `group`
(a bloc, continent or total row: skipped, the partner rows carry the figures) or
`unallocated` / `not_a_country` (no ISO code: skipped and counted). A name the table does not
know stops the build with the file, sheet and row, so a new edition cannot slip a partner in
under the wrong code or drop it silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

TABLE = Path("reference") / "trade_partner_names.csv"
KINDS: tuple[str, ...] = ("country", "group", "unallocated", "not_a_country")


class UnmappedPartnerError(ValueError):
    """Partner rows whose printed name is not in the mapping table."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        listed = "\n  ".join(problems[:40])
        more = f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else ""
        super().__init__(
            f"{len(problems)} partner row(s) with a name missing from {TABLE} "
            f"(add them with publisher, name, iso3, kind):\n  {listed}{more}"
        )


@dataclass(frozen=True)
class Partner:
    iso3: str | None
    kind: str


def normalise_name(name: object) -> str:
    """Whitespace collapsed (line breaks inside cells, non-breaking spaces); case kept."""
    return " ".join(str(name).replace("\xa0", " ").split())


@cache
def _read(path: Path) -> dict[tuple[str, str], Partner]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"publisher", "name", "iso3", "kind"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path}: header lacks {', '.join(sorted(missing))}")
    table: dict[tuple[str, str], Partner] = {}
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        if row.kind not in KINDS:
            raise ValueError(f"{path} line {line}: kind {row.kind!r} is not one of {KINDS}")
        if (row.kind == "country") != bool(row.iso3.strip()):
            raise ValueError(f"{path} line {line}: a country needs an iso3, nothing else has one")
        key = (row.publisher, normalise_name(row.name))
        if key in table:
            raise ValueError(f"{path} line {line}: {key} is listed twice")
        table[key] = Partner(row.iso3.strip() or None, row.kind)
    return table


def partner_table(raw_dir: Path) -> dict[tuple[str, str], Partner]:
    """(publisher, normalised name) -> Partner."""
    return _read((raw_dir / TABLE).resolve())


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet column of a 0-based index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(column: int, row: int) -> str:
    """Spreadsheet cell name of 0-based column and row indices ('AG57')."""
    return f"{column_letter(column)}{row + 1}"
