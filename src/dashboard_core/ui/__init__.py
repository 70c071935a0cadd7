"""The Streamlit layer: the only package (with app.py and pages/) that imports streamlit.

`state` (filters and URL), `frame` (page frame, presenter mode), `loaders` (cached data),
`display` (figures and tables on screen), `downloads` (downloads, citation), `server` (start-up).
See API.md next to this file.
"""
