"""The Ray runner's parts that need no cluster: sharing out calls and endpoints, rows, shards, inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import ConfigError, InputError, OutputError
from summarizer.inputs import ArticleSource
from summarizer.runners.ray_endpoints import _Ledger, plan_endpoints
from summarizer.runners.ray_rows import article_rows, source_of


@pytest.mark.parametrize(
    ("actors", "concurrency", "endpoints", "expected"),
    [
        (4, 10, ("http://a/v1",), (4, 2)),  # 8 calls in flight: the remainder stays unused
        (8, 3, ("http://a/v1",), (3, 1)),  # no more actors than calls
        (1, 4, ("http://a/v1", "http://b/v1"), (2, 2)),  # an actor for each endpoint at least
        (2, 16, (), (2, 8)),  # the settings' own endpoint (or OpenAI's)
    ],
)
def test_each_actor_gets_a_share_and_the_cluster_never_exceeds_concurrency(
    actors: int, concurrency: int, endpoints: tuple[str, ...], expected: tuple[int, int]
) -> None:
    plan = plan_endpoints(actors=actors, concurrency=concurrency, endpoints=endpoints, llm=True)
    assert (plan.actors, plan.per_actor) == expected
    assert plan.in_flight <= concurrency
    assert plan.with_actors(1).in_flight <= plan.in_flight  # a small input only lowers it


def test_endpoints_go_round_the_actors_and_the_offline_engine_has_none() -> None:
    plan = plan_endpoints(actors=4, concurrency=8, endpoints=("http://a/v1", "http://b/v1"), llm=True)
    assert [plan.endpoint(place) for place in range(4)] == ["http://a/v1", "http://b/v1"] * 2
    assert "4 actors × 2 model calls = 8 in flight, to http://a/v1, http://b/v1" == plan.describe()
    offline = plan_endpoints(actors=3, concurrency=4, endpoints=("http://a/v1",), llm=False)
    assert (offline.actors, offline.endpoint(2), offline.describe()) == (3, None, "3 actors")


def test_more_endpoints_than_calls_or_no_actor_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="3 endpoints need --concurrency 3"):
        plan_endpoints(actors=2, concurrency=2, endpoints=("http://a", "http://b", "http://c"), llm=True)
    with pytest.raises(ConfigError, match="--ray-actors must be at least 1"):
        plan_endpoints(actors=0, concurrency=2, endpoints=(), llm=False)


def test_a_restarted_actor_gets_its_place_back() -> None:
    ledger = _Ledger()
    assert [ledger.place(actor) for actor in ("a", "b", "a", "c", "b")] == [0, 1, 0, 2, 1]


def test_rows_carry_an_article_there_and_back() -> None:
    sources = [
        ArticleSource(name="docs/a.html", key="a", path=Path("docs/a.html"), is_html=True),
        ArticleSource(name="feed.jsonl:2", key="feed-2", data="今年增长5%。".encode()),
        ArticleSource(name="feed.jsonl:3", key="feed-3", problem="not valid JSON (Expecting value)"),
    ]
    assert [source_of(row) for row in article_rows(sources)] == sources


@pytest.mark.parametrize(
    ("row", "key", "problem"),
    [
        ({"id": 7, "text": "正文"}, "7", None),  # a numeric id, as a JSONL record's
        ({"id": None, "text": "正文"}, "", 'a record needs an "id"'),
        ({"id": "x", "text": None}, "x", 'a record needs a "text" string'),
    ],
)
def test_a_parquet_row_without_id_or_text_is_an_article_that_knows_its_problem(
    row: dict[str, object], key: str, problem: str | None
) -> None:
    source = source_of(row)
    assert (source.key, source.problem) == (key, problem)
    if problem is not None:
        with pytest.raises(InputError, match=problem):
            source.read()


def _row(identifier: str, status: str, fingerprint: str = "f1") -> dict[str, object]:
    return {
        "id": identifier,
        "status": status,
        "summary": "{}" if status == "ok" else None,
        "error": None if status == "ok" else "failed",
        "engine": "offline",
        "failed_chunks": 0,
        "unsupported": 0,
        "warnings": 0,
        "seconds": 0.1,
        "input_sha256": "0" * 64,
        "settings_fingerprint": fingerprint,
    }


def test_shards_are_written_whole_and_resume_keeps_only_the_rows_that_stand(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    from summarizer.runners.shards import ShardWriter, keep_standing_rows

    writer = ShardWriter(tmp_path, rows_per_shard=2)
    for row in [
        _row("a", "ok"),
        _row("b", "failed"),
        _row("c", "failed"),
        _row("d", "ok", "f0"),
        _row("e", "ok"),
    ]:
        writer.add(row)
    writer.flush()
    assert len(writer.shards) == 3 and writer.rows_written == 5
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(path.name for path in writer.shards)

    assert keep_standing_rows(tmp_path, fingerprint="f1") == {"a", "e"}
    remaining = sorted(row["id"] for row in pq.read_table(tmp_path).to_pylist())
    assert remaining == ["a", "e"]  # failed rows and rows of other settings are gone, to be done again
    assert len(list(tmp_path.glob("part-*.parquet"))) == 2  # the shard of b and c, left empty, is removed


def test_a_shard_that_cannot_be_read_stops_the_resume_with_its_name(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from summarizer.runners.shards import keep_standing_rows

    (tmp_path / "part-broken-00000.parquet").write_bytes(b"not parquet")
    with pytest.raises(OutputError, match="part-broken-00000.parquet: cannot be read as a shard"):
        keep_standing_rows(tmp_path, fingerprint="f1")


def test_parquet_input_is_known_by_its_files_and_must_have_id_and_text(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from summarizer.runners.ray_inputs import is_parquet_input, read_articles

    archive = tmp_path / "archive"
    archive.mkdir()
    pq.write_table(pa.table({"id": ["a"], "body": ["正文"]}), archive / "part-0.parquet")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("正文", encoding="utf-8")

    assert is_parquet_input([str(archive)]) and is_parquet_input([str(archive / "part-0.parquet")])
    assert not is_parquet_input([str(articles)])
    with pytest.raises(InputError, match="cannot be mixed"):
        is_parquet_input([str(archive), str(articles)])
    with pytest.raises(InputError, match=r"needs the columns id and text; missing text \(it has id, body\)"):
        read_articles([str(archive)], skip=None)


def test_ray_actors_zero_is_refused_on_one_line(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    from click.testing import CliRunner

    from summarizer.cli.main import cli

    (tmp_path / "a.txt").write_text("今年投资1.2亿元。\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["summarize", str(tmp_path), "-o", str(tmp_path / "out"), "--runner", "ray", "--ray-actors", "0"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --ray-actors must be at least 1, not 0"
