"""`--runner ray` on a local Ray instance: the local runner's summaries, item for item, and no article
lost or written twice when an actor dies, an article fails or a finished run is resumed.

One Ray instance (2 CPUs) serves every test here; the LLM engine talks to the scripted
test server in this process.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from llm_server import LlmServer, requested_model

from seeds import ARTICLES, DEV_ARTICLES

ray = pytest.importorskip("ray", reason="the ray extra is not installed: pip install '.[ray]'")
pq = pytest.importorskip("pyarrow.parquet")

from summarizer.eval.bench_responders import SeedResponder, load_seeds

from summarizer.batch import run_batch
from summarizer.cli.main import cli
from summarizer.inputs import gather_inputs
from summarizer.runners.ray_runner import run_on_ray
from summarizer.settings import Settings

OFFLINE = Settings(engine="offline", cache=False)


@pytest.fixture(scope="module", autouse=True)
def ray_instance() -> Iterator[Any]:
    ray.init(num_cpus=2, logging_level="WARNING")
    yield ray
    ray.shutdown()


def linked_articles(folder: Path, count: int, *, documents: list[Path]) -> Path:
    """`count` articles cycling through `documents`, each under a name of its own: links to the
    files where they are, so both runners read the very same bytes."""
    folder.mkdir()
    for number in range(count):
        document = documents[number % len(documents)]
        (folder / f"r{number:03d}-{document.name}").symlink_to(document)
    return folder


def without_timings(summary_json: str) -> dict[str, Any]:
    summary = json.loads(summary_json)
    summary.get("meta", {}).pop("timings", None)
    return summary


def index_records(out_dir: Path) -> list[dict[str, Any]]:
    index = json.loads((out_dir / "index.json").read_text(encoding="utf-8"))
    return [{k: v for k, v in record.items() if k != "seconds"} for record in index["articles"]]


def shard_rows(out_dir: Path) -> list[dict[str, Any]]:
    return pq.read_table(out_dir).to_pylist()


def test_two_hundred_articles_come_out_as_the_local_runner_writes_them(tmp_path: Path) -> None:
    documents = ARTICLES + DEV_ARTICLES  # the seeds, and the dev documents when ../shared is there
    articles = linked_articles(tmp_path / "articles", 200, documents=documents)
    local, on_ray = tmp_path / "local", tmp_path / "ray"
    run_batch(gather_inputs([str(articles)]).sources, settings=OFFLINE, out_dir=local)
    result = run_on_ray([str(articles)], settings=OFFLINE, out_dir=on_ray, actors=2)

    assert result.counts.articles == 200 and result.counts.ok == 200 and result.all_ok
    assert result.plan.actors == 2
    written = sorted(path.name for path in on_ray.iterdir())
    assert written == sorted(path.name for path in local.iterdir())
    assert len(written) == 201  # a summary per article, and the index
    for name in written:
        if name != "index.json":
            mine, theirs = (folder / name for folder in (on_ray, local))
            assert without_timings(mine.read_text("utf-8")) == without_timings(theirs.read_text("utf-8")), (
                name
            )
    assert index_records(on_ray) == index_records(local)

    summaries = {path: path.stat().st_mtime_ns for path in on_ray.glob("*.json") if path.name != "index.json"}
    again = run_on_ray([str(articles)], settings=OFFLINE, out_dir=on_ray, actors=2, resume=True)
    assert again.counts.reused == 200 and again.all_ok  # every summary current: kept, none made again
    assert {path: path.stat().st_mtime_ns for path in summaries} == summaries


def test_parquet_shards_hold_the_same_summaries_and_read_back_with_pandas(tmp_path: Path) -> None:
    articles = linked_articles(tmp_path / "articles", 12, documents=ARTICLES)
    local, shards = tmp_path / "local", tmp_path / "shards"
    run_batch(gather_inputs([str(articles)]).sources, settings=OFFLINE, out_dir=local)
    result = run_on_ray([str(articles)], settings=OFFLINE, out_dir=shards, output_format="parquet")

    import pandas

    frame = pandas.read_parquet(shards)
    assert sorted(frame["id"]) == sorted(path.stem for path in articles.iterdir())
    assert set(frame["status"]) == {"ok"} and frame["error"].isna().all()
    assert (frame["seconds"] > 0).all()
    assert result.shards == len(list(shards.glob("part-*.parquet"))) >= 1
    for row in frame.itertuples():
        local_summary = (local / f"{row.id}.json").read_text("utf-8")
        assert without_timings(row.summary) == without_timings(local_summary), row.id
    assert ray.data.read_parquet(str(shards)).count() == 12


def _headline_or_nothing(request: dict[str, Any]) -> dict[str, Any]:
    if requested_model(request) == "Headline":
        return {"title": "标题", "overview": "概述"}
    return {"tasks": [], "figures": [], "highlights": []}


def _process_holding(port: int) -> int:
    """The process whose TCP socket on 127.0.0.1 has local port `port` (a client of the test server)."""
    inode = next(
        fields[9]
        for fields in (line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:])
        if int(fields[1].split(":")[1], 16) == port
    )
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                links = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
            except OSError:  # gone, or not ours to read
                continue
            if f"socket:[{inode}]" in links:
                return int(entry.name)
    raise LookupError(f"no process holds port {port}")


@pytest.mark.parametrize("output_format", ["parquet", "files"])
def test_an_actor_killed_mid_run_is_replaced_and_nothing_is_lost_or_written_twice(
    tmp_path: Path, output_format: str
) -> None:
    articles = linked_articles(tmp_path / "articles", 24, documents=ARTICLES)
    killed: list[int] = []
    lock = threading.Lock()

    with LlmServer(delay=0.02) as server:

        def respond(request: dict[str, Any]) -> dict[str, Any]:
            with lock:  # at the tenth request, the actor that sent it dies with its batch unfinished
                if server.request_count >= 10 and not killed:
                    actor = _process_holding(server.peer.address[1])
                    assert b"ArticleWorker" in Path(f"/proc/{actor}/cmdline").read_bytes()
                    os.kill(actor, signal.SIGKILL)
                    killed.append(actor)
            return _headline_or_nothing(request)

        server.responder = respond
        settings = Settings(engine="llm", model="m", base_url=server.url, cache=False, concurrency=4)
        out = tmp_path / "out"
        result = run_on_ray(
            [str(articles)], settings=settings, out_dir=out, output_format=output_format, batch_size=4
        )

    assert killed, "the run ended before an actor could be killed"
    assert result.counts.articles == 24 and result.counts.ok == 24
    expected = sorted(path.stem for path in articles.iterdir())
    if output_format == "parquet":
        ids = [row["id"] for row in shard_rows(out)]
    else:
        ids = [record["key"] for record in index_records(out)]
        assert sorted(path.stem for path in out.glob("*.json") if path.name != "index.json") == expected
    assert sorted(ids) == expected  # every article once: none lost, none twice
    if output_format == "parquet":
        summaries = [json.loads(row["summary"]) for row in shard_rows(out)]
    else:
        summaries = [json.loads((out / f"{name}.json").read_text("utf-8")) for name in expected]
    kept = sum(summary["meta"]["usage"]["requests"] for summary in summaries)
    assert server.request_count > kept  # the killed actor's batch was asked again, on a new actor


def _articles_parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    import pyarrow as pa

    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_a_failing_record_is_a_row_with_its_error_and_the_others_go_on(tmp_path: Path) -> None:
    good = [{"id": f"a{number}", "text": ARTICLES[number].read_text("utf-8")} for number in range(3)]
    bad = [{"id": "empty", "text": "   "}, {"id": "no-text", "text": None}]
    source = _articles_parquet(tmp_path / "archive.parquet", good + bad)
    out = tmp_path / "out"

    result = CliRunner().invoke(
        cli,
        ["summarize", str(source), "-o", str(out), "--runner", "ray", "--engine", "offline"]
        + ["--output-format", "parquet", "--ray-actors", "2"],
        catch_exceptions=False,
    )

    assert result.exit_code == 1, result.stderr  # some article failed
    rows = {row["id"]: row for row in shard_rows(out)}
    assert sorted(rows) == ["a0", "a1", "a2", "empty", "no-text"]
    assert all(rows[name]["status"] == "ok" and rows[name]["summary"] for name in ("a0", "a1", "a2"))
    assert rows["empty"]["status"] == "failed" and "empty" in rows["empty"]["error"]
    assert rows["no-text"]["status"] == "failed" and '"text"' in rows["no-text"]["error"]
    assert rows["no-text"]["summary"] is None
    assert "5 articles: 3 ok, 2 failed" in result.stderr.splitlines()[-1]
    assert "failed no-text: " in result.stderr  # each failure said as it comes


def test_resume_does_no_work_on_finished_shards_and_redoes_only_failed_rows(tmp_path: Path) -> None:
    seeds = load_seeds()
    texts = [{"id": f"s{number}", "text": seeds[number % len(seeds)].text} for number in range(8)]
    source = _articles_parquet(tmp_path / "archive.parquet", texts)
    out = tmp_path / "out"
    responder = SeedResponder(seeds)

    def refusing_one_seed(request: dict[str, Any]) -> Any:
        """Requests of the fourth seed's article (id s3) are refused: it fails, the others do not."""
        from llm_server import unauthorized

        return unauthorized() if responder.seed_of(request) is seeds[3] else responder(request)

    with LlmServer(refusing_one_seed) as server:
        settings = Settings(engine="llm", model="m", base_url=server.url, cache=False, concurrency=4)

        def run() -> Any:
            return run_on_ray(
                [str(source)], settings=settings, out_dir=out, output_format="parquet", resume=True
            )

        first = run()
        assert first.counts.failed == 1 and first.counts.ok == 7
        assert [row["id"] for row in shard_rows(out) if row["status"] == "failed"] == ["s3"]

        server.responder = responder
        server.reset_counts()
        second = run()  # only the failed article is summarised again
        asked = server.request_count
        shards = {path: path.stat().st_mtime_ns for path in out.glob("part-*.parquet")}
        server.reset_counts()
        third = run()  # nothing left to do
        asked_again = server.request_count

    assert asked > 0 and second.counts.ok == 8 and second.counts.reused == 7
    rows = shard_rows(out)
    assert sorted(row["id"] for row in rows) == [f"s{number}" for number in range(8)]  # s3 once, now ok
    assert {row["status"] for row in rows} == {"ok"}
    assert asked_again == 0 and third.counts.reused == 8 and third.shards == 0
    assert {path: path.stat().st_mtime_ns for path in out.glob("part-*.parquet")} == shards


def test_the_llm_engine_over_two_endpoints_gives_the_local_summaries_within_one_limit(tmp_path: Path) -> None:
    articles = linked_articles(tmp_path / "articles", 10, documents=ARTICLES)
    responder = SeedResponder(load_seeds())
    in_flight = {"now": 0, "most": 0}
    lock = threading.Lock()

    def counted(request: dict[str, Any]) -> Any:
        """The seed responder, counting the requests both endpoints hold at once."""
        with lock:
            in_flight["now"] += 1
            in_flight["most"] = max(in_flight["most"], in_flight["now"])
        try:
            time.sleep(0.03)
            return responder(request)
        finally:
            with lock:
                in_flight["now"] -= 1

    local, on_ray = tmp_path / "local", tmp_path / "ray"
    with LlmServer(counted) as first, LlmServer(counted) as second:
        settings = Settings(engine="llm", model="m", base_url=first.url, cache=False, concurrency=4)
        run_batch(gather_inputs([str(articles)]).sources, settings=settings, out_dir=local)
        first.reset_counts()
        in_flight["most"] = 0
        # The first endpoint stands for both in the settings' fingerprint, as for the local run.
        result = run_on_ray(
            [str(articles)],
            settings=settings,
            out_dir=on_ray,
            endpoints=(first.url, second.url),
            actors=2,
            batch_size=5,
        )

    assert result.all_ok and result.plan.actors == 2 and result.plan.per_actor == 2
    assert first.request_count > 0 and second.request_count > 0  # one actor on each endpoint
    assert first.max_in_flight <= 2 and second.max_in_flight <= 2  # each actor's share of --concurrency 4
    assert in_flight["most"] <= 4  # and the cluster's total
    for path in sorted(local.glob("*.json")):
        if path.name != "index.json":
            mine = (on_ray / path.name).read_text("utf-8")
            assert without_timings(mine) == without_timings(path.read_text("utf-8")), path.name
    assert index_records(on_ray) == index_records(local)


def test_jsonl_through_the_cli_records_a_bad_line_as_the_local_runner_does(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"n{number}", "text": ARTICLES[number].read_text("utf-8")}) for number in range(3)
    ]
    source = tmp_path / "feed.jsonl"
    source.write_text("\n".join([*lines, '{"id": "broken", "text": 5}', "not json"]) + "\n", encoding="utf-8")
    runs = {}
    for runner in ("local", "ray"):
        out = tmp_path / runner
        runs[runner] = CliRunner().invoke(
            cli,
            ["summarize", str(source), "-o", str(out), "--engine", "offline", "--runner", runner],
            catch_exceptions=False,
        )

    ray_run = runs["ray"]
    assert ray_run.exit_code == runs["local"].exit_code == 1, ray_run.stderr
    assert index_records(tmp_path / "ray") == index_records(tmp_path / "local")
    failed = [record for record in index_records(tmp_path / "ray") if record["status"] == "failed"]
    assert [record["name"] for record in failed] == [f"{source}:4", f"{source}:5"]
    lines_said = ray_run.stderr.splitlines()
    assert lines_said[0] == "engine: offline" and lines_said[1].startswith("ray: 2 actors")
    assert (
        lines_said[-1]
        == f"5 articles: 3 ok, 2 failed, 0 flagged numbers; index: {tmp_path / 'ray' / 'index.json'}"
    )
    assert lines_said[-1].replace("ray", "local") == runs["local"].stderr.splitlines()[-1]


def test_the_ray_benchmark_prints_its_tables_on_a_tiny_run(capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.eval import bench_ray

    argv = ["--articles", "0", "--llm-articles", "2", "--actors", "1", "--runs", "1", "--delay", "0.01"]
    assert bench_ray.main([*argv, "--index-records", "1000"]) == 0
    output = capsys.readouterr().out
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in output.splitlines()]
    llm = [row for row in rows if len(row) == 13 and row[0] in {"local", "ray 1"}]
    assert [row[0] for row in llm] == ["local", "ray 1"]
    assert all(row[2] == "2" and row[3] == "0" and float(row[8]) >= 2 for row in llm)  # chunk + title calls
    assert float(llm[1][6]) > 0  # Ray's start-up, measured on its own
    assert "on the Ray instance already running" in output  # the test's own, not a second one
    assert "| Parquet shard | 1,000 |" in output and "| index.json (one rewrite) | 1,000 |" in output


def test_the_benchmark_tables_put_the_overhead_beside_the_work() -> None:
    from summarizer.eval.bench_ray import Run, table

    runs = [
        Run("local", 100, 0, wall=5.0, work=0.045),
        Run("ray 2", 100, 0, wall=4.0, work=0.05, startup=1.5),
    ]
    rows = [line.strip("|").split("|") for line in table(runs).splitlines()[2:]]
    ray_row = [cell.strip() for cell in rows[1]]
    # 2 actors × (4.0 - 1.5) s / 100 articles = 50 ms an article per actor, all of it work
    assert ray_row[0] == "ray 2" and ray_row[7:] == ["40.0", "50.0", "50.0", "0.0"]
    assert [cell.strip() for cell in rows[0]][8:] == ["50.0", "45.0", "5.0"]


def test_an_output_that_would_overwrite_an_input_is_refused(tmp_path: Path) -> None:
    from summarizer.errors import OutputError

    brief = tmp_path / "brief.md"
    brief.write_text("今年全市投资1.2亿元。\n", encoding="utf-8")
    with pytest.raises(OutputError, match="would overwrite the input"):
        run_on_ray([str(brief)], settings=OFFLINE, out_dir=tmp_path, extra="markdown")
    assert brief.read_text(encoding="utf-8") == "今年全市投资1.2亿元。\n"
    assert not (tmp_path / "index.json").exists()


def test_an_input_without_articles_gives_an_empty_complete_index(tmp_path: Path) -> None:
    feed = tmp_path / "empty.jsonl"
    feed.write_text("\n", encoding="utf-8")
    result = run_on_ray([str(feed)], settings=OFFLINE, out_dir=tmp_path / "out")
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert result.counts.articles == 0 and result.all_ok
    assert (index["total"], index["complete"]) == (0, True)
