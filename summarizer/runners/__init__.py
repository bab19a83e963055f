"""Runners beyond the local one: the same per-article work (`summarizer.batch_article`) on a Ray cluster.

Only this package imports ray and pyarrow, and only when a run asks for it, so without
the extra (``pip install 'summarizer[ray]'``) the rest of the tool works as before.
"""
