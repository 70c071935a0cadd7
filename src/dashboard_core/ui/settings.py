"""The operator's switches, read from the app's environment (README, "Bringing your own files").

CAM_IMPORT_PAGE=off   (or 0, false, no) takes the Import page out of the app: out of the
                      navigation, and its URL answers 404 like any path naming no page
"""

from __future__ import annotations

import os

IMPORT_PAGE = "CAM_IMPORT_PAGE"
_OFF = {"0", "off", "false", "no"}


def import_page_enabled() -> bool:
    return os.environ.get(IMPORT_PAGE, "on").strip().lower() not in _OFF


def hidden_pages() -> frozenset[str]:
    """URL paths of pages the operator switched off."""
    return frozenset() if import_page_enabled() else frozenset({"import"})
