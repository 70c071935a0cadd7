"""Names the UI modules share: the app's title and the session-state keys the page frame sets
and the display and download helpers read (kept apart so neither imports the other)."""

APP_TITLE = "Central Asia Monitor"
PAGE_KEY = "_cam_page"
FIGURE_COUNTS = "_cam_figure_counts"  # unnamed figures counted per run (display.figure_name)
