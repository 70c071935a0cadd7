"""Global Energy Monitor trackers -> the energy table."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard_core.data import contract, paths
from dashboard_core.pipeline import energy

REALDATA = paths.DEFAULT_REALDATA
pytestmark = pytest.mark.skipif(
    not (REALDATA / "energy").is_dir(), reason=f"GEM extracts not found at {REALDATA}"
)


@pytest.fixture(scope="module")
def assets() -> pd.DataFrame:
    return energy.load_energy(REALDATA)


def test_every_asset_is_sourced_and_in_the_six(assets: pd.DataFrame) -> None:
    assert len(assets) == 63 + 241 + 95
    assert set(assets["country_iso3"]) <= set(contract.FOCUS_ISO3)
    assert (assets["verification"] == "official_release").all()
    assert assets["locator"].notna().all() and assets["asset_id"].is_unique
    assert set(assets["status"]) <= set(contract.ENERGY_STATUSES)


def test_capacities_are_the_trackers_own(assets: pd.DataFrame) -> None:
    naghlu = assets[assets["asset_id"] == "G600002"].iloc[0]
    assert naghlu["capacity_mw"] == 94.0 and naghlu["start_year"] == 1967
    fields = assets[assets["kind"] == "extraction_field"]
    assert fields["capacity_mw"].isna().all()  # fields have no MW: none invented


def test_a_field_shared_with_russia_belongs_to_kazakhstan(assets: pd.DataFrame) -> None:
    fields = assets[assets["kind"] == "extraction_field"]
    assert (fields["country_iso3"] == "KAZ").sum() == 57 + 2


def test_unknown_status_words_are_refused() -> None:
    with pytest.raises(ValueError, match="status not understood"):
        energy._status(pd.Series(["operating", "mothballed"]))
