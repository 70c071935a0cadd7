"""The Streamlit layer: the only package (with app.py and pages/) that imports streamlit.

Pages use `dashboard_core.ui.shell` (see API.md next to this file).
"""
