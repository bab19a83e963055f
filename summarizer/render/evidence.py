"""Where each item's evidence lies in the original article, for linking and highlighting."""

from __future__ import annotations

from summarizer.render.items import ItemView

Span = tuple[int, int]


def evidence_spans(views: list[ItemView], original: str) -> dict[str, Span]:
    """Span of each item's evidence in `original`, keyed by `ItemView.ref`; items not found are absent.

    A span the summary carries is trusted when it holds the evidence verbatim. Otherwise
    the evidence is searched for, verbatim first, then as the locator normalises it
    (script, digit and punctuation widths), so a summary written before grounding, or
    grounded on a normalised quote, still links. A span that cannot be confirmed either
    way is used as given when it lies inside the text.
    """
    from summarizer.locate import locate, span_holds

    spans: dict[str, Span] = {}
    clean_text = None
    for view in views:
        given = view.item.span
        inside = given if given is not None and 0 <= given[0] < given[1] <= len(original) else None
        if inside is not None and span_holds(original, inside, view.item.evidence, loose=True):
            spans[view.ref] = (inside[0], inside[1])
            continue
        quote = view.item.evidence.strip()
        if quote:
            if clean_text is None:
                from summarizer.clean import clean

                clean_text = clean(original)
            located = locate(quote, clean_text)  # verbatim first, then normalised
            if located is not None:
                spans[view.ref] = (located.start, located.end)
                continue
        if inside is not None:
            spans[view.ref] = (inside[0], inside[1])
    return spans
