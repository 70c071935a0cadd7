"""Displacement: refugees, asylum seekers, returns, repatriations and hosts.

- `transforms`: row selection, series of stocks and flows, map flows, repatriation operations,
  hosts compared, and `DisplacementView` for one selection
- `charts`, `map`: Altair charts and the origin-to-host flow map
"""
