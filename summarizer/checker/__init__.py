"""Cross-validation of a summary's numbers against its source.

    report = check(summary, article_text)            # -> summarizer.schemas.CheckReport
    check_numbers("同比增长5.4%", path="figures[3].value", source=clean_text,
                  metric="一般公共预算收入同比增长")   # -> list[summarizer.schemas.NumberCheck]

Every number anywhere in a summary (title, overview, tasks, figure value, metric and
period, highlights) must have a source number with the same value after scale, the
same kind and a compatible unit, and an agreeing hedge; a figure's number must also
belong to the figure's metric in the source. Each evidence quote must be found in the
original text. Years, dates, ordinals, codes and slogans are not quantities: skipped in
the summary and never used as support. `support` explains matching and the rounding
policy (exact by default; `allow_rounding` accepts values rounded to the summary's
decimals), `bounds` the hedge table, `direction` rises and falls, `frames` what each
source number measures, `terms` how a metric is read, `belonging` the decision, and
`rules` the table of rules and tolerances. See docs/checker.md.
"""

from summarizer.checker.report import check, check_text
from summarizer.checker.support import check_numbers

__all__ = ["check", "check_numbers", "check_text"]
