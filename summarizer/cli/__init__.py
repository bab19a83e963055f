"""The `summarizer` command: a thin layer over the Python API. Nothing imports this package."""
