"""Provenance audit: re-find every `seed_verified` figure at its locator in the seed documents.

The seeds write numbers many ways ("$700 million", "700 mln", "0.7 billion", "1,000", "forty-seven",
"$622.6 million in 202010" where the trailing 10 is a footnote mark).
`numbers_in_text` reads them all
into plain values, so a figure matches whatever its spelling.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

MULTIPLIERS: dict[str, float] = {
    "thousand": 1e3,
    "thousands": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bln": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip

_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+|\d+)(?:\.(\d+))?"
    r"(?:\s*(?:-|–)?\s*(thousands?|millions?|billions?|trillion|mln|mn|bln|bn|tn|k|m|b)(?![a-z]))?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join(sorted([*UNITS, *TENS], key=len, reverse=True)) + r")"
    r"(?:[-\s](" + "|".join(UNITS) + r"))?"
    r"(?:\s+(hundred|thousand|million|billion))?\b",
    re.IGNORECASE,
)
_LIST_GLUE = re.compile(r"(?:[\s$,;–-]|US|and|to|or)*", re.IGNORECASE)
_LOCATOR = re.compile(r"L(\d+)(?:\s*[-–]\s*L?(\d+))?")


def numbers_in_text(text: str) -> set[float]:
    """Every value a reader could take from `text`, with and without a following multiplier."""
    text = text.replace("\\$", "$")
    values: set[float] = set()
    matches = list(_NUMBER.finditer(text))
    for index, match in enumerate(matches):
        digits, decimals, word = match.group(1), match.group(2), match.group(3)
        base = float(re.sub(r"[,\u202f\u00a0 ]", "", digits) + (f".{decimals}" if decimals else ""))
        values.add(base)
        word = word or _shared_multiplier(text, matches, index)
        if word:
            values.add(base * MULTIPLIERS[word.lower()])
        if not decimals and len(digits) > 4 and digits.isdigit():
            # A year or figure with a footnote mark glued on: "202010" is 2020 + note 10.
            for cut in (1, 2):
                values.add(float(digits[:-cut]))
    for match in _WORD_NUMBER.finditer(text):
        first, second, scale = match.group(1).lower(), match.group(2), match.group(3)
        value = UNITS.get(first, TENS.get(first, 0)) + (UNITS[second.lower()] if second else 0)
        if scale:
            value *= {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}[
                scale.lower()
            ]
        values.add(float(value))
    return values


def _shared_multiplier(text: str, matches: list[re.Match[str]], index: int) -> str | None:
    """The multiplier a list of numbers shares ("$0.6, $0.3 and $1.4 million")."""
    previous_end = matches[index].end()
    for later in matches[index + 1 :]:
        if not _LIST_GLUE.fullmatch(text[previous_end : later.start()]):
            return None
        if later.group(3):
            return later.group(3)
        previous_end = later.end()
    return None


def figure_in_text(value: float, text: str) -> bool:
    """True when `value` is written somewhere in `text`, however it is spelt."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    target = float(value)
    return any(
        math.isclose(target, found, rel_tol=1e-9, abs_tol=1e-6) for found in numbers_in_text(text)
    )


def parse_locator(locator: str) -> list[tuple[int, int]]:
    """'L211', 'L824-825', 'L210-212;L300' -> inclusive 1-based line ranges."""
    ranges = []
    for match in _LOCATOR.finditer(str(locator)):
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else start
        ranges.append((start, max(start, end)))
    return ranges


def lines_at(seed_lines: list[str], locator: str) -> str:
    return "\n".join(
        "\n".join(seed_lines[start - 1 : end]) for start, end in parse_locator(locator)
    )


# Which numbers of a row must stand at its locator.
FIGURE_COLUMNS: dict[str, tuple[str, ...]] = {
    "trade": ("value_original",),
    "displacement": ("value",),
    "incidents": ("fatalities_min", "fatalities_max", "injuries"),
    "corridors": ("length_km", "cost_usd_min", "cost_usd_max", "start_year", "completion_year"),
    "events": ("amount_usd", "_year"),
}
ROW_KEYS: dict[str, str] = {
    "incidents": "incident_id",
    "corridors": "corridor_id",
    "events": "event_id",
}


@dataclass(frozen=True)
class AuditFailure:
    table: str
    row_key: str
    column: str
    value: float
    locator: str
    seed_file: str

    def __str__(self) -> str:
        return (
            f"{self.table} {self.row_key}: {self.column} = {self.value:g} not found at "
            f"{self.locator} in {self.seed_file}"
        )


def _row_key(table: str, index: int, row: pd.Series) -> str:
    key = ROW_KEYS.get(table)
    if key and key in row and pd.notna(row[key]):
        return str(row[key])
    parts = [
        str(row.get(c))
        for c in ("reporter_iso3", "partner_iso3", "origin_iso3", "location_iso3", "year")
        if c in row and pd.notna(row.get(c))
    ]
    return f"row {index} ({' '.join(parts)})"


def audit_table(
    table: str,
    frame: pd.DataFrame,
    sources: pd.DataFrame,
    seeds_dir: Path,
) -> tuple[int, list[AuditFailure]]:
    """Check every seed_verified row of `frame`; return (figures checked, failures)."""
    seed_files = dict(zip(sources["source_id"], sources["seed_file"], strict=True))
    cache: dict[str, list[str]] = {}
    checked = 0
    failures: list[AuditFailure] = []
    rows = frame[frame["verification"] == "seed_verified"]
    for index, row in rows.iterrows():
        seed_file = seed_files.get(row["source_id"])
        if not isinstance(seed_file, str) or not seed_file:
            failures.append(
                AuditFailure(
                    table,
                    _row_key(table, index, row),
                    "source_id",
                    math.nan,
                    str(row["locator"]),
                    f"(source {row['source_id']} has no seed file)",
                )
            )
            continue
        if seed_file not in cache:
            cache[seed_file] = (seeds_dir / seed_file).read_text(encoding="utf-8").splitlines()
        text = lines_at(cache[seed_file], str(row["locator"]))
        for column in FIGURE_COLUMNS.get(table, ()):
            value = _figure(row, column)
            if value is None:
                continue
            checked += 1
            if not figure_in_text(value, text):
                failures.append(
                    AuditFailure(
                        table,
                        _row_key(table, index, row),
                        column,
                        value,
                        str(row["locator"]),
                        seed_file,
                    )
                )
    return checked, failures


def _figure(row: pd.Series, column: str) -> float | None:
    if column == "_year":
        date = row.get("date")
        return float(pd.Timestamp(date).year) if pd.notna(date) else None
    if column not in row or pd.isna(row[column]):
        return None
    return float(row[column])


def audit_all(
    tables: dict[str, pd.DataFrame], sources: pd.DataFrame, seeds_dir: Path
) -> tuple[int, list[AuditFailure]]:
    total = 0
    failures: list[AuditFailure] = []
    for table in FIGURE_COLUMNS:
        if table in tables:
            checked, found = audit_table(table, tables[table], sources, seeds_dir)
            total += checked
            failures.extend(found)
    return total, failures
