"""Report paths name one item each: `ItemPath` parses them, and verdicts stay with their own item."""

from __future__ import annotations

from summarizer.schemas import CheckReport, EvidenceCheck, Figure, ItemPath, Meta, NumberCheck, Summary

from summarizer.render.items import item_views
from summarizer.verdicts import apply_verdicts, failing_items


def test_parse_and_print_round_trip() -> None:
    assert ItemPath.parse("figures[3].value") == ItemPath("figures", 3, "value")
    assert ItemPath.parse("key_tasks[12]") == ItemPath("key_tasks", 12)
    assert str(ItemPath("highlights", 0, "evidence")) == "highlights[0].evidence"
    for outside in ("title", "overview", "text[2]", "figure[1].value", "figures[x].value"):
        assert ItemPath.parse(outside) is None


def _eleven_figures_with_the_last_unfound() -> Summary:
    summary = Summary(
        figures=[Figure(metric=f"指标{i}", value=f"{i + 1}亿元", evidence="") for i in range(11)]
    )
    summary.check = CheckReport(
        ok=False,
        numbers=[
            NumberCheck(
                path="figures[10].value", text="11亿元", status="unsupported", reason="not in the source"
            )
        ],
        evidence=[EvidenceCheck(path="figures[10].evidence", found=False, how="missing")],
    )
    return summary


def test_a_verdict_on_figures_10_leaves_figures_1_alone() -> None:
    summary = _eleven_figures_with_the_last_unfound()
    assert summary.check is not None
    assert failing_items(summary.check) == {("figures", 10)}
    views = {(view.section, view.index): view for view in item_views(summary)}
    assert views["figures", 10].status == "unsupported"
    assert views["figures", 1].status is None and views["figures", 1].reasons == ()


def test_a_dropped_item_gives_only_its_own_reasons() -> None:
    summary = _eleven_figures_with_the_last_unfound()
    summary.meta = Meta(engine="offline")
    assert summary.check is not None
    summary.check.numbers.append(
        NumberCheck(path="figures[1].value", text="2亿元", status="unsupported", reason="not in the source")
    )
    dropped = apply_verdicts(summary, summary.check, policy="drop", recheck=lambda kept: CheckReport(ok=True))
    assert dropped.meta is not None
    records = {record.item["metric"]: record for record in dropped.meta.dropped}
    assert set(records) == {"指标1", "指标10"}
    assert (records["指标1"].stage, records["指标1"].reason) == ("check", "2亿元: not in the source")
    assert records["指标10"].stage == "grounding"
