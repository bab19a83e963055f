"""Where each item's evidence lies in the original article, for linking and highlighting."""

from __future__ import annotations

from summarizer.render.items import ItemView

Span = tuple[int, int]


def evidence_spans(views: list[ItemView], original: str) -> dict[str, Span]:
    """Span of each item's evidence in `original`, keyed by `ItemView.ref`; items not found are absent.

    A span the summary carries is trusted when it lies inside the text; otherwise the
    evidence is searched for, verbatim first, then as the locator normalises it (script,
    digit and punctuation widths), so a summary written before grounding still links.
    """
    spans: dict[str, Span] = {}
    clean_text = None
    for view in views:
        span = view.item.span
        if span is not None and 0 <= span[0] < span[1] <= len(original):
            spans[view.ref] = (span[0], span[1])
            continue
        quote = view.item.evidence.strip()
        if not quote:
            continue
        position = original.find(quote)
        if position >= 0:
            spans[view.ref] = (position, position + len(quote))
            continue
        if clean_text is None:
            from summarizer.clean import clean

            clean_text = clean(original)
        from summarizer.locate import locate

        located = locate(quote, clean_text)
        if located is not None:
            spans[view.ref] = (located.start, located.end)
    return spans
