"""Colours. Okabe-Ito is colour-blind safe; presenter mode uses the same hues, darker outlines."""

from __future__ import annotations

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

COUNTRY_COLOURS: dict[str, str] = {
    "KAZ": "#0072B2",
    "KGZ": "#D55E00",
    "TJK": "#009E73",
    "TKM": "#CC79A7",
    "UZB": "#E69F00",
    "AFG": "#000000",
}

STATUS_COLOURS: dict[str, str] = {
    "operational": "#009E73",
    "under_construction": "#E69F00",
    "planned": "#0072B2",
    "proposed": "#56B4E9",
    "suspended": "#CC79A7",
    "cancelled": "#7F7F7F",
}


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def colour_for(key: str, mapping: dict[str, str], index: int = 0) -> str:
    return mapping.get(key, OKABE_ITO[index % len(OKABE_ITO)])
