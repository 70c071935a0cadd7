"""Compare: two to six countries side by side across trade, displacement, incidents, corridors.

- `measures`: one long table per country, measure and year (never double counting)
- `summary`: the side-by-side summary, series over time, ranking and `CompareView`
- `charts`: small multiples, the ranked chart and corridors by status
"""
