"""Renderers of a summary: JSON (`json_out`), a Markdown brief (`markdown`), a self-contained HTML report (`html`)."""
