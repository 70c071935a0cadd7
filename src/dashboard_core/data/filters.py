"""The shared filters: what they are, how they travel in the URL, and which rows they keep.

Pure Python: the UI layer reads `st.query_params`, hands the raw values to `parse_query`, and writes
`to_query(filters)` back. Anything a URL can hold is accepted here without an exception: unknown
values are dropped with a short notice, year ranges are ordered and clamped to the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from dashboard_core.data import store
from dashboard_core.data.contract import CENTRAL_ASIA_5, FOCUS_ISO3, LIST_SEPARATOR

DEFAULT_COUNTRIES: tuple[str, ...] = FOCUS_ISO3
COUNTRY_GROUPS: dict[str, tuple[str, ...]] = {
    "Central Asia 5": CENTRAL_ASIA_5,
    "CA5 + Afghanistan": FOCUS_ISO3,
}
FALLBACK_YEARS: tuple[int, int] = (1991, 2025)

# Query parameter names (part of the public URL contract, see DESIGN.md).
PARAM_COUNTRIES = "countries"
PARAM_YEARS = "years"
PARAM_PRESENT = "present"

# A hostile URL can repeat a parameter thousands of times or make one value huge: look at a
# bounded number of values and quote at most a few characters of each back to the user.
MAX_VALUES_READ = 64
MAX_QUOTED_CHARS = 12
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
_FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})

FILTERABLE_DATASETS: tuple[str, ...] = (
    "trade",
    "displacement",
    "incidents",
    "corridors",
    "events",
    "population",
    "cities",
    "energy",
    "conflicts",
)


@dataclass(frozen=True)
class Filters:
    """The view every page shares: selected ISO3 codes, an inclusive year range, presenter mode."""

    countries: tuple[str, ...] = DEFAULT_COUNTRIES
    years: tuple[int, int] = FALLBACK_YEARS
    present: bool = False

    @property
    def year_from(self) -> int:
        return self.years[0]

    @property
    def year_to(self) -> int:
        return self.years[1]

    def describe(self) -> str:
        """One line for captions, citations and the Excel About sheet."""
        countries = ", ".join(self.countries) if self.countries else "none selected"
        return f"countries: {countries}; years: {years_label(self.years)}"


@dataclass(frozen=True)
class FilterChoice:
    """One active filter in words, for captions, citations, file names and README files:
    `label` ("Population types"), `words` ("Refugees") and `token`, the part of a file name it
    adds when it narrows the default view ("refugees"; empty when it adds none)."""

    label: str
    words: str
    token: str = ""


def file_token(values: Sequence[object], prefix: str = "", most: int = 3) -> str:
    """A file-name part for chosen values: "refugees", "origin-AFG", "KAZ-AFG"; empty for none
    or more than `most` values (the README lists them all)."""
    if not values or len(values) > most:
        return ""
    text = "-".join(re.sub(r"[^A-Za-z0-9]+", "-", str(v)).strip("-") for v in values)
    return f"{prefix}-{text}" if prefix and text else text


def countries_token(countries: Sequence[str]) -> str:
    """ "TJK", "KAZ-AFG", "CA5", "CA5-AFG", "8-countries" or "no-countries"."""
    chosen = set(countries)
    if not chosen:
        return "no-countries"
    if chosen == set(CENTRAL_ASIA_5):
        return "CA5"
    if chosen == set(FOCUS_ISO3):
        return "CA5-AFG"
    return file_token(list(countries)) or f"{len(chosen)}-countries"


def shared_choices(filters: Filters, names: Mapping[str, str]) -> tuple[FilterChoice, ...]:
    """The shared filters in words: the countries by name (with codes) and the years."""
    countries = (
        ", ".join(f"{names.get(c, c)} ({c})" for c in filters.countries)
        if filters.countries
        else "none selected"
    )
    return (
        FilterChoice("Countries", countries, countries_token(filters.countries)),
        FilterChoice("Years", years_label(filters.years), f"{filters.years[0]}-{filters.years[1]}"),
    )


def describe_choices(choices: Sequence[FilterChoice]) -> str:
    """Every active filter on one line: "countries: Tajikistan (TJK); years: 2015–2024; ..."."""
    return "; ".join(f"{c.label[:1].lower() + c.label[1:]}: {c.words}" for c in choices)


@dataclass(frozen=True)
class ParsedQuery:
    filters: Filters
    notices: tuple[str, ...] = field(default_factory=tuple)


def years_label(years: tuple[int, int]) -> str:
    lo, hi = years
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _quote(value: str) -> str:
    shown = value if len(value) <= MAX_QUOTED_CHARS else value[:MAX_QUOTED_CHARS] + "…"
    return repr(shown)


def _values(params: Mapping[str, object], name: str) -> list[str] | None:
    """All values of one parameter as strings (None when absent), at most MAX_VALUES_READ."""
    if name not in params:
        return None
    raw = params[name]
    if raw is None:
        return [""]
    if isinstance(raw, str):
        items: list[object] = [raw]
    elif isinstance(raw, Iterable):
        items = list(raw)[:MAX_VALUES_READ]
    else:
        items = [raw]
    return [str(item) for item in items]


def clamp_years(years: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    """Order the two ends and pull both inside `bounds` (inclusive)."""
    lo_bound, hi_bound = bounds
    lo, hi = sorted(years)
    lo = min(max(lo, lo_bound), hi_bound)
    hi = min(max(hi, lo_bound), hi_bound)
    return lo, hi


def order_countries(codes: Iterable[str], known: Sequence[str]) -> tuple[str, ...]:
    """Deduplicate and put codes in the order of `known` (the order the sidebar lists them)."""
    wanted = set(codes)
    return tuple(code for code in known if code in wanted)


def parse_countries(
    values: list[str] | None, known: Sequence[str], default: Sequence[str] = DEFAULT_COUNTRIES
) -> tuple[tuple[str, ...], list[str]]:
    default_codes = order_countries(default, known)
    if values is None:
        return default_codes, []
    cleaned = [v.strip().upper() for v in values]
    given = [v for v in cleaned if v]
    if not given:  # `?countries=` is an explicit empty selection
        return (), []
    known_set = set(known)
    unknown = [v for v in given if v not in known_set]
    valid = [v for v in given if v in known_set]
    notices = []
    if unknown:
        shown = ", ".join(_quote(v) for v in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        notices.append(f"Ignored unknown country code {shown}{more} in the link.")
    if not valid:
        notices.append("No country in the link was recognised; showing the default selection.")
        return default_codes, notices
    return order_countries(valid, known), notices


def _as_year(value: str) -> int | None:
    text = value.strip()
    if not (1 <= len(text) <= 4 and text.isdigit()):
        return None
    return int(text)


def parse_years(
    values: list[str] | None, bounds: tuple[int, int]
) -> tuple[tuple[int, int], list[str]]:
    if values is None:
        return bounds, []
    parsed = [_as_year(v) for v in values]
    years = [y for y in parsed if y is not None]
    notices = []
    if len(years) < len(values):
        bad = [v for v, y in zip(values, parsed, strict=True) if y is None]
        notices.append(f"Ignored year value {_quote(bad[0])} in the link.")
    if not years:
        notices.append(f"Showing all years ({years_label(bounds)}).")
        return bounds, notices
    if len(years) > 2:
        notices.append("The link gave more than two years; using the earliest and the latest.")
    wanted = (min(years), max(years))
    clamped = clamp_years(wanted, bounds)
    if clamped != wanted:
        notices.append(
            f"Years in the link lie outside the data ({years_label(bounds)}); "
            f"showing {years_label(clamped)}."
        )
    return clamped, notices


def parse_present(values: list[str] | None) -> tuple[bool, list[str]]:
    if values is None:
        return False, []
    word = values[-1].strip().lower()
    if word in _TRUE_WORDS:
        return True, []
    if word in _FALSE_WORDS:
        return False, []
    return False, [f"Ignored present={_quote(values[-1])} in the link (use present=1)."]


def parse_query(
    params: Mapping[str, object],
    known_countries: Sequence[str],
    year_bounds: tuple[int, int],
    default_countries: Sequence[str] = DEFAULT_COUNTRIES,
) -> ParsedQuery:
    """Sanitise raw query parameters (name -> value or list of values) into Filters + notices."""
    countries, c_notes = parse_countries(
        _values(params, PARAM_COUNTRIES), known_countries, default_countries
    )
    years, y_notes = parse_years(_values(params, PARAM_YEARS), year_bounds)
    present, p_notes = parse_present(_values(params, PARAM_PRESENT))
    return ParsedQuery(Filters(countries, years, present), tuple(c_notes + y_notes + p_notes))


def to_query(filters: Filters) -> dict[str, list[str]]:
    """Canonical URL form: explicit countries (`[""]` for none) and years; present only if on."""
    query: dict[str, list[str]] = {
        PARAM_COUNTRIES: list(filters.countries) or [""],
        PARAM_YEARS: [str(filters.years[0]), str(filters.years[1])],
    }
    if filters.present:
        query[PARAM_PRESENT] = ["1"]
    return query


def _years_of(series: pd.Series) -> pd.Series:
    values = series.dropna()
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.year
    return pd.to_numeric(values, errors="coerce").dropna()


# Observed dates only: a corridor's planned completion year (2030) would stretch the slider into
# years no table has figures for.
YEAR_COLUMNS: dict[str, tuple[str, ...]] = {
    "trade": ("year",),
    "displacement": ("year",),
    "incidents": ("date_start",),
    "events": ("date",),
    "corridors": ("start_year",),
}


def year_bounds(tables: Mapping[str, pd.DataFrame]) -> tuple[int, int]:
    """Earliest and latest year across the fact tables (FALLBACK_YEARS when there is nothing)."""
    found: list[int] = []
    for name, columns in YEAR_COLUMNS.items():
        frame = tables.get(name)
        if frame is None:
            continue
        for column in columns:
            if column in frame.columns:
                years = _years_of(frame[column])
                if not years.empty:
                    found += [int(years.min()), int(years.max())]
    if not found:
        return FALLBACK_YEARS
    lo, hi = min(found), max(found)
    return (lo, hi) if hi > lo else (lo, lo + 1)  # a slider needs two distinct ends


def _in_years(years: pd.Series, span: tuple[int, int]) -> pd.Series:
    return years.between(span[0], span[1]).fillna(False).astype(bool)


def _year_of(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.dt.year
    return pd.to_datetime(series, errors="coerce").dt.year


def lists_any(series: pd.Series, selected: Iterable[str]) -> pd.Series:
    """True where a ';'-joined list cell names at least one selected code."""
    wanted = set(selected)
    return series.map(
        lambda cell: (
            isinstance(cell, str)
            and not wanted.isdisjoint(p.strip() for p in cell.split(LIST_SEPARATOR))
        )
    ).astype(bool)


# How the selected countries meet a corridor or an incident (a page filter, URL key `match`).
MATCH_ANY, MATCH_ALL = "any", "all"
MATCH_LABELS: dict[str, str] = {
    MATCH_ANY: "Touches any of the selected countries",
    MATCH_ALL: "Joins all of them",
}


def lists_all(series: pd.Series, selected: Iterable[str]) -> pd.Series:
    """True where a ';'-joined list cell names every selected code (none selected: none)."""
    wanted = set(selected)
    if not wanted:
        return pd.Series(False, index=series.index)
    return series.map(
        lambda cell: (
            isinstance(cell, str) and wanted <= {p.strip() for p in cell.split(LIST_SEPARATOR)}
        )
    ).astype(bool)


def columns_all(df: pd.DataFrame, columns: Sequence[str], selected: Sequence[str]) -> pd.Series:
    """True where the row's `columns` together name every selected code (an incident between
    two countries joins both of them; none selected: none)."""
    wanted = set(selected)
    if not wanted:
        return pd.Series(False, index=df.index)
    values = df[list(columns)].astype(object)
    return pd.Series(
        [wanted <= {v for v in row if isinstance(v, str)} for row in values.itertuples(False)],
        index=df.index,
        dtype=bool,
    )


def _either(df: pd.DataFrame, columns: Sequence[str], selected: Sequence[str]) -> pd.Series:
    mask = pd.Series(False, index=df.index)
    for column in columns:
        mask |= df[column].isin(selected).fillna(False).astype(bool)
    return mask


def corridor_in_years(df: pd.DataFrame, span: tuple[int, int]) -> pd.Series:
    """A corridor is in view once it exists on paper: started (or, lacking that, due for
    completion) no later than the end of the period. Both unknown: kept."""
    first = pd.to_numeric(df["start_year"], errors="coerce").fillna(
        pd.to_numeric(df["completion_year"], errors="coerce")
    )
    return (first.isna() | (first <= span[1])).astype(bool)


def row_mask(df: pd.DataFrame, dataset: str, filters: Filters) -> pd.Series:
    """Boolean mask of the rows of `dataset` that the filters keep (see API.md for the rules)."""
    selected = list(filters.countries)
    span = filters.years
    if dataset == "trade":
        return _either(df, ("reporter_iso3", "partner_iso3"), selected) & _in_years(
            df["year"], span
        )
    if dataset == "displacement":
        countries = _either(df, ("origin_iso3", "location_iso3"), selected)
        return countries & _in_years(df["year"], span)
    if dataset == "incidents":
        countries = _either(df, ("country_iso3", "counterpart_iso3"), selected)
        return countries & _in_years(_year_of(df["date_start"]), span)
    if dataset == "events":
        return lists_any(df["countries"], selected) & _in_years(_year_of(df["date"]), span)
    if dataset == "corridors":
        return lists_any(df["countries"], selected) & corridor_in_years(df, span)
    if dataset == "population":
        return df["iso3"].isin(selected).astype(bool) & _in_years(df["year"], span)
    if dataset == "cities":
        return df["iso3"].isin(selected).astype(bool)
    if dataset == "energy":  # assets, not observations: no year rule
        return df["country_iso3"].isin(selected).astype(bool)
    if dataset == "conflicts":
        return lists_any(df["location_iso3"], selected) & _in_years(df["year"], span)
    raise ValueError(
        f"no filter rule for dataset {dataset!r}; known: {', '.join(FILTERABLE_DATASETS)}"
    )


# The datasets whose rule reads plain columns (either country column, a `year` column), so a
# store can run it where the table lies.
STORE_RULES: dict[str, tuple[str, ...]] = {
    "trade": ("reporter_iso3", "partner_iso3"),
    "displacement": ("origin_iso3", "location_iso3"),
    "population": ("iso3",),
}


def store_where(dataset: str, filters: Filters) -> store.Where:
    """`row_mask` as a store condition (the same rows), for the datasets of STORE_RULES."""
    if dataset not in STORE_RULES:
        raise ValueError(f"no store rule for {dataset!r}; known: {', '.join(STORE_RULES)}")
    countries = store.any_of(*(store.isin(c, filters.countries) for c in STORE_RULES[dataset]))
    return countries & store.between("year", *filters.years)


def apply_filters(df: pd.DataFrame, dataset: str, filters: Filters) -> pd.DataFrame:
    """The rows of `dataset` the filters keep, original index and columns unchanged."""
    if df.empty:
        return df
    return df.loc[row_mask(df, dataset, filters)]
