"""Country names and codes as publishers write them -> ISO 3166-1 alpha-3.

ISO names and numeric codes come from pycountry; the publishers' own spellings (UNHCR's
"Iran (Islamic Rep. of)", the World Bank's "Kyrgyz Republic", UCDP's "Russia (Soviet Union)"),
UN Comtrade's own reporter codes where they differ from M49 (842 for the United States, 699
for India...) and Gleditsch-Ward numbers (UCDP) are listed here. A name that matches nothing
is not guessed at: the row is set aside and the report says which name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pycountry

# Publisher spellings, normalised by `normalise_name` when looked up.
ALIASES: dict[str, str] = {
    # UNHCR Refugee Data Finder / refugees package
    "Iran (Islamic Rep. of)": "IRN",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United States of America": "USA",
    "Russian Federation": "RUS",
    "Dem. Rep. of the Congo": "COD",
    "Rep. of Korea": "KOR",
    "Dem. People's Rep. of Korea": "PRK",
    "Syrian Arab Rep.": "SYR",
    "Rep. of Moldova": "MDA",
    "United Rep. of Tanzania": "TZA",
    "Lao People's Dem. Rep.": "LAO",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Bolivia (Plurinational State of)": "BOL",
    "Micronesia (Federated States of)": "FSM",
    "China, Hong Kong SAR": "HKG",
    "China, Macao SAR": "MAC",
    "Serbia and Kosovo: S/RES/1244 (1999)": "SRB",
    "Netherlands (Kingdom of the)": "NLD",
    "State of Palestine": "PSE",
    "Czechia": "CZE",
    "Central African Rep.": "CAF",
    "Dominican Rep.": "DOM",
    "Holy See (the)": "VAT",
    # World Bank
    "Kyrgyz Republic": "KGZ",
    "Iran, Islamic Rep.": "IRN",
    "Egypt, Arab Rep.": "EGY",
    "Korea, Rep.": "KOR",
    "Korea, Dem. People's Rep.": "PRK",
    "Yemen, Rep.": "YEM",
    "Venezuela, RB": "VEN",
    "Slovak Republic": "SVK",
    "Lao PDR": "LAO",
    "Hong Kong SAR, China": "HKG",
    "Macao SAR, China": "MAC",
    "Gambia, The": "GMB",
    "Bahamas, The": "BHS",
    "Micronesia, Fed. Sts.": "FSM",
    "Congo, Dem. Rep.": "COD",
    "Congo, Rep.": "COG",
    "West Bank and Gaza": "PSE",
    "Kosovo": "XKX",
    "Russia": "RUS",
    "Iran": "IRN",
    "Turkey": "TUR",
    "Syria": "SYR",
    "Vietnam": "VNM",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Moldova": "MDA",
    "Tanzania": "TZA",
    "Laos": "LAO",
    "Czech Republic": "CZE",
    "Democratic Republic of Congo": "COD",
    "Republic of Congo": "COG",
    "Ivory Coast": "CIV",
    "United States": "USA",
    "USA": "USA",
    "United Kingdom": "GBR",
    "UK": "GBR",
    "Palestine": "PSE",
    "Bosnia-Herzegovina": "BIH",
    "DR Congo": "COD",
    "Myanmar (Burma)": "MMR",
    "Burma": "MMR",
    "eSwatini": "SWZ",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "Cape Verde": "CPV",
    "East Timor": "TLS",
    "Brunei": "BRN",
    "Taiwan": "TWN",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Micronesia": "FSM",
}
# UNHCR's codes for an unknown or stateless origin are not countries: kept as UNHCR gives them.
NON_COUNTRY_NAMES: dict[str, str] = {"Unknown": "UNK", "Stateless": "XXA", "Various": "VAR"}

# UN Comtrade reporter/partner codes that are not the country's M49/ISO numeric code.
COMTRADE_CODES: dict[int, str] = {
    0: "WLD",  # World
    842: "USA",
    251: "FRA",
    757: "CHE",
    699: "IND",
    579: "NOR",
    381: "ITA",
    97: "EU",  # European Union as a reporter: not one country
}
# Comtrade partner codes for areas that are not countries (their rows are set aside).
COMTRADE_NON_COUNTRY: dict[int, str] = {
    490: "Other Asia, nes",
    837: "Bunkers",
    838: "Free zones",
    839: "Special categories",
    899: "Areas, nes",
    97: "European Union",
    568: "Other Europe, nes",
    577: "Other Africa, nes",
    636: "Rest of America, nes",
    637: "North America and Central America, nes",
    527: "Oceania, nes",
    473: "LAIA, nes",
    492: "Europe EU, nes",
    471: "CACM, nes",
    472: "Africa CAMEU region, nes",
    290: "Northern Africa, nes",
    129: "Caribbean, nes",
    221: "Eastern Europe, nes",
    697: "Europe EFTA, nes",
}
# Gleditsch-Ward country numbers (UCDP's country_id, gwno_*) for the region and its
# neighbours; other numbers fall back to the country name.
GLEDITSCH_WARD: dict[int, str] = {
    700: "AFG",
    701: "TKM",
    702: "TJK",
    703: "KGZ",
    704: "UZB",
    705: "KAZ",
    630: "IRN",
    770: "PAK",
    710: "CHN",
    365: "RUS",
    373: "AZE",
    750: "IND",
    640: "TUR",
    2: "USA",
    200: "GBR",
    645: "IRQ",
    652: "SYR",
    771: "BGD",
    712: "MNG",
    372: "GEO",
    371: "ARM",
    369: "UKR",
}

_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")


def normalise_name(name: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"[^\w' ,.()/-]", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index[normalise_name(value)] = country.alpha_3
    for name, code in {**ALIASES, **NON_COUNTRY_NAMES}.items():
        index[normalise_name(name)] = code
    return index


@cache
def _alpha3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


def is_iso3(code: str) -> bool:
    return str(code).strip().upper() in _alpha3()


def iso3_from_name(name: str) -> str | None:
    """ISO3 for a country name as a publisher writes it; None when unknown (never a guess)."""
    if name is None or not str(name).strip():
        return None
    key = normalise_name(name)
    index = _name_index()
    if key in index:
        return index[key]
    bare = normalise_name(_PARENTHESES.sub(" ", str(name)))
    return index.get(bare)


def iso3_from_numeric(code: object) -> str | None:
    """ISO 3166 numeric (as text or number, with or without leading zeros) -> ISO3."""
    try:
        number = int(str(code).strip())
    except ValueError:
        return None
    country = pycountry.countries.get(numeric=f"{number:03d}")
    return country.alpha_3 if country else None


def iso3_from_comtrade(code: object) -> str | None:
    """UN Comtrade's reporter/partner code -> ISO3 (WLD for the world); None for areas that
    are not countries ('Other Asia, nes', 'Bunkers'...) and for unknown codes."""
    try:
        number = int(float(str(code).strip()))
    except ValueError:
        return None
    if number in COMTRADE_CODES:
        code3 = COMTRADE_CODES[number]
        return None if code3 == "EU" else code3
    if number in COMTRADE_NON_COUNTRY:
        return None
    return iso3_from_numeric(number)


def iso3_from_gleditsch_ward(code: object, name: str = "") -> str | None:
    try:
        number = int(float(str(code).strip()))
    except ValueError:
        number = -1
    return GLEDITSCH_WARD.get(number) or iso3_from_name(name)


def map_names(values, cache_: dict[str, str | None] | None = None) -> list[str | None]:
    """Vectorised iso3_from_name over repeated names (each distinct name looked up once)."""
    lookup = cache_ if cache_ is not None else {}
    out = []
    for value in values:
        if value not in lookup:
            lookup[value] = iso3_from_name(value)
        out.append(lookup[value])
    return out
