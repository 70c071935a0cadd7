"""Central Asia Monitor core: contract, pipeline, transforms, charts, maps. No Streamlit here."""

__version__ = "0.1.0"
