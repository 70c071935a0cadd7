"""Presenter mode styling: bigger type, no developer chrome, maps filling the screen."""

from __future__ import annotations

import altair as alt

# Test ids are Streamlit's own (checked against 1.67). The main menu, deploy button, decoration
# bar and footer are developer chrome; a presenter's audience should see only the content.
_CHROME = (
    '[data-testid="stMainMenu"]',
    '[data-testid="stAppDeployButton"]',
    '[data-testid="stToolbarActions"]',
    '[data-testid="stDecoration"]',
    "footer",
)

# The map fills the screen under the top bar and the title, leaving one line for its legend
# (viz.framing.PRESENTER_FRAME is this box at 1280x720).
MAP_HEIGHT_CSS = "calc(100vh - 205px)"

PRESENTER_CSS = f"""
<style>
{", ".join(_CHROME)} {{ display: none !important; }}
.stMainBlockContainer, .block-container {{
  max-width: 100% !important; padding-left: 2.5rem !important; padding-right: 2.5rem !important;
  padding-top: 3.6rem !important;
}}
.stMainBlockContainer h1, [data-testid="stHeading"] h1 {{
  font-size: 2.2rem !important; line-height: 1.1 !important; padding: 0 0 .2rem 0 !important;
}}
.stMainBlockContainer h2 {{ font-size: 2.3rem !important; }}
.stMainBlockContainer h3 {{ font-size: 1.8rem !important; }}
.stMainBlockContainer p, .stMainBlockContainer li {{ font-size: 1.3rem !important; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  font-size: 1.25rem !important; color: #222 !important;
}}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{
  font-size: 3.2rem !important; line-height: 1.2 !important;
}}
.cam-figure {{ font-size: clamp(2.2rem, 3vw, 3.4rem) !important; }}
[data-testid="stMetricLabel"] p {{ font-size: 1.3rem !important; }}
[data-testid="stDeckGlJsonChart"] {{ height: {MAP_HEIGHT_CSS} !important; min-height: 400px; }}
/* the wrappers keep the height given in Python unless told to follow the map */
[data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]),
[data-testid="stFullScreenFrame"]:has([data-testid="stDeckGlJsonChart"]) {{
  height: auto !important;
}}
.cam-legend, .cam-map-legend {{ font-size: 1.3rem !important; }}
</style>
"""

# Always on: the one piece of chrome we hide for everyone is Streamlit's own table download/copy
# (config also disables data export); the legend chips are ours.
BASE_CSS = """
<style>
.cam-legend { display: flex; flex-wrap: wrap; gap: .4rem 1.1rem; font-size: .9rem;
  margin: .2rem 0 .4rem 0; }
.cam-scene-count { font-size: .95rem; color: #333; white-space: nowrap; }
/* the sea under every map (viz.context.SEA): the land layers draw over it */
[data-testid="stDeckGlJsonChart"] { background: rgb(214, 228, 238); }
.cam-figure { font-size: clamp(1.6rem, 2.2vw, 2.4rem); line-height: 1.15;
  overflow-wrap: anywhere; margin: .1rem 0 .2rem 0; }
.cam-legend span.chip { display: inline-block; width: .9em; height: .9em; border-radius: 2px;
  margin-right: .35em; vertical-align: -0.1em; border: 1px solid #3334; }
</style>
"""

PRESENTER_FONT = {"label": 16, "title": 18, "legend_label": 16, "legend_title": 17, "heading": 22}


def presenter_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The same chart with type sized for a projector."""
    f = PRESENTER_FONT
    return (
        chart.configure_axis(labelFontSize=f["label"], titleFontSize=f["title"])
        .configure_legend(
            labelFontSize=f["legend_label"], titleFontSize=f["legend_title"], symbolSize=180
        )
        .configure_title(fontSize=f["heading"])
        .configure_header(labelFontSize=f["label"], titleFontSize=f["title"])
    )
