"""The Overview page: headline figures and the regional map, joining all four domains.

- `headlines`: one card per domain, each figure with its year and sources
- `map`: boundaries, flows between capitals, incidents and corridors on one map
"""
