"""Renderers of a summary: JSON (`json_out`), a Markdown brief (`markdown`), a self-contained HTML report (`html`).

`render` picks one by its format name; the CLI and the batch runners both write through it.
Each renderer is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from summarizer.schemas import Summary

Format = Literal["json", "markdown", "html"]


def render(output_format: Format | str, summary: Summary, original: str) -> str:
    """`summary` as a file of `output_format` (json, markdown, or html with the `original` article)."""
    if output_format == "markdown":
        from summarizer.render.markdown import render_markdown

        return render_markdown(summary)
    if output_format == "html":
        from summarizer.render.html import render_html

        return render_html(summary, original)
    from summarizer.render.json_out import render_json

    return render_json(summary)
