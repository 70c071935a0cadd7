"""Words for the codes stored in the clean tables: `under_construction` is shown as "Under
construction", `returned_refugees` as "Returned refugees". One place for every page, table,
legend and download README; the domain packages read their labels from here.

`words_for(table, column, code)` answers for any coded column; a code no list knows (one a
later change adds) is still turned into words from its spelling ("oip" -> "Oip", "new_code" ->
"New code") rather than shown raw. Free text (summaries, names, notes) is never touched:
`is_coded(table, column)` says which columns hold codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard_core.data.contract import LIST_SEPARATOR

POPULATION_TYPE_WORDS: dict[str, str] = {
    "refugees": "Refugees",
    "asylum_seekers": "Asylum seekers",
    "returned_refugees": "Returned refugees",
    "idps": "Internally displaced",
    "returned_idps": "Returned IDPs",
    "stateless": "Stateless",
    "others_of_concern": "Others of concern",
    "other_in_need": "Others in need of protection",
    "host_community": "Host community",
    "repatriated_nationals": "Repatriated nationals",
    "deportations": "Deportations",
    "returns": "Returns",
    "new_arrivals": "New arrivals",
    "resettlement": "Resettlement",
    "naturalisation": "Naturalisation",
    "asylum_applications": "Asylum applications",
    "evacuated": "Evacuated",
    "migrants": "Migrants",
}
CORRIDOR_STATUS_WORDS: dict[str, str] = {
    "proposed": "Proposed",
    "planned": "Planned",
    "under_construction": "Under construction",
    "operational": "Operational",
    "suspended": "Suspended",
    "cancelled": "Cancelled",
}
CORRIDOR_MODE_WORDS: dict[str, str] = {
    "rail": "Rail",
    "road": "Road",
    "gas_pipeline": "Gas pipeline",
    "oil_pipeline": "Oil pipeline",
    "power_line": "Power line",
    "canal": "Canal",
    "multimodal": "Multimodal",
}
INCIDENT_TYPE_WORDS: dict[str, str] = {
    "armed_clash": "Armed clash",
    "cross_border_fire": "Cross-border fire",
    "attack": "Attack",
    "rocket_attack": "Rocket attack",
    "drone_strike": "Drone strike",
    "explosion": "Explosion",
    "border_shooting": "Border shooting",
    "smuggling_interdiction": "Smuggling interdiction",
    "protest": "Protest",
    "other": "Other",
}
EVENT_CATEGORY_WORDS: dict[str, str] = {
    "summit": "Summit",
    "agreement": "Agreement",
    "visit": "Visit",
    "recognition": "Recognition",
    "un_vote": "UN vote",
    "shutdown": "Border shutdown",
    "incident": "Incident",
    "political": "Political",
    "infrastructure": "Infrastructure",
    "humanitarian": "Humanitarian",
    "trade": "Trade",
    "security": "Security",
    "other": "Other",
}
GEO_PRECISION_WORDS: dict[str, str] = {
    "place": "At the named place",
    "nearby_place": "Near a named place",
    "admin1": "Province or region only",
    "border_area": "Border area only",
    "country": "Country only",
}
DATE_PRECISION_WORDS: dict[str, str] = {
    "day": "Day",
    "month": "Month",
    "quarter": "Quarter",
    "year": "Year",
}
SOURCE_KIND_WORDS: dict[str, str] = {
    "seed_document": "Source document",
    "publisher_dataset": "Publisher dataset",
    "cited_publication": "Cited publication",
    "reference": "Reference",
    "imported_file": "Imported file",
}
PLACE_KIND_WORDS: dict[str, str] = {
    "capital": "Capital",
    "incident_place": "Incident place",
    "waypoint": "Corridor waypoint",
}

# column -> words, whatever the table; TABLE_WORDS where a table uses a column differently.
COLUMN_WORDS: dict[str, Mapping[str, str]] = {
    "population_type": POPULATION_TYPE_WORDS,
    "status": CORRIDOR_STATUS_WORDS,
    "mode": CORRIDOR_MODE_WORDS,
    "event_type": INCIDENT_TYPE_WORDS,
    "category": EVENT_CATEGORY_WORDS,
    "geo_precision": GEO_PRECISION_WORDS,
    "date_precision": DATE_PRECISION_WORDS,
    "period_type": {"month": "Months", "year": "Year"},
    "flow": {"export": "Export", "import": "Import", "turnover": "Turnover (both ways)"},
    "group": {"total": "Total", "women": "Women", "children": "Children", "men": "Men"},
    "geometry_precision": {"surveyed": "Surveyed", "schematic": "Schematic (through waypoints)"},
    "commodity": {"TOTAL": "All goods"},
    "match": {"tagged": "Tagged with the corridor", "title": "Named in the title"},
    "subtype": {
        "new_applications": "New applications",
        "refugees": "Refugees",
        "refugee_like": "In a refugee-like situation",
        "other_in_need": "Others in need of protection",
    },
}
TABLE_WORDS: dict[tuple[str, str], Mapping[str, str]] = {
    ("trade", "measure"): {"observed": "Observed", "target": "Target"},
    ("displacement", "measure"): {"stock": "Stock (at the end)", "flow": "Flow (during)"},
    ("sources", "kind"): SOURCE_KIND_WORDS,
    ("sources-list", "kind"): SOURCE_KIND_WORDS,
    ("cities", "kind"): PLACE_KIND_WORDS,
    ("countries", "group"): {
        "focus": "Focus country",
        "neighbour": "Neighbour",
        "partner": "Partner",
        "aggregate": "Group of countries",
    },
}
CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def is_coded(table: str, column: str) -> bool:
    """True for a column that stores codes (shown as words)."""
    return (table, column) in TABLE_WORDS or column in COLUMN_WORDS


def code_words(code: str) -> str:
    """Words from a code's spelling: "under_construction" -> "Under construction". Text that is
    not a lower-case code comes back as it is."""
    if not code or not set(code) <= CODE_CHARS:
        return code
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def words_for(table: str, column: str, code: object) -> str:
    """The words for one code of a coded column (a ';' list: each part, joined with ", ")."""
    if code is None:
        return ""
    text = str(code)
    known = TABLE_WORDS.get((table, column)) or COLUMN_WORDS.get(column, {})
    if LIST_SEPARATOR in text:
        parts = [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]
        return ", ".join(known.get(p) or code_words(p) for p in parts)
    return known.get(text) or code_words(text)
