"""Record real model answers for the seed articles and the dev documents, round by round.

    python -m summarizer.eval.record RECORDINGS                 # one round: what is still unanswered?
    python -m summarizer.eval.record RECORDINGS --fixtures tests/fixtures/recorded/v3

Starts ``../shared/tools/replay_server.py`` on DIR (read its docstring) and runs the LLM
engine (tools mode, the default prompts, no cache) on every seed article and every dev
document, read where they are (the dev texts are never copied into the project). Each
request the tool sends is answered from ``DIR/answers/KEY.json`` or written to
``DIR/pending/KEY.json``; a model (or a person with one) writes the answers and deletes
the pending files, and the script is run again, until nothing is pending. The chunks of
an article are asked one by one first, so a pending request stops only its own chunk;
the whole article is run (its final request included) once every chunk is answered.

A finished article is run once more on the answers alone, through the project's own test
server, and checked (``summarizer.eval.recorded.check_run``): its summary goes to
``DIR/summaries/<name>.json``, its checks to ``DIR/checks.json``. ``DIR/manifest.json`` lists
the request keys of each article. With ``--fixtures``, the seeds' answers and manifest are
copied there for the tests (``tests/test_recorded.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REPLAY_SERVER = SHARED / "tools" / "replay_server.py"
SEED_ARTICLES = ROOT / "seeds" / "articles"
DEV_ARTICLES = SHARED / "seeds" / "dev" / "articles"
MODEL = "replay"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="the replay directory (answers/, pending/)")
    parser.add_argument("--port", type=int, default=0, help="port of the replay server (default: a free one)")
    parser.add_argument("--replay-server", type=Path, default=REPLAY_SERVER)
    parser.add_argument("--seeds", type=Path, default=SEED_ARTICLES)
    parser.add_argument("--dev", type=Path, default=DEV_ARTICLES)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--fixtures", type=Path, help="copy the seeds' answers here (tests/fixtures/recorded/<version>)"
    )
    args = parser.parse_args(argv)

    directory = args.directory.resolve()
    (directory / "answers").mkdir(parents=True, exist_ok=True)
    (directory / "pending").mkdir(parents=True, exist_ok=True)
    paths = sorted(args.seeds.glob("*.txt")) + (sorted(args.dev.glob("*.txt")) if args.dev.is_dir() else [])
    if not paths:
        print(f"no articles in {args.seeds} or {args.dev}", file=sys.stderr)
        return 2
    port = args.port or _free_port()
    server = subprocess.Popen(
        [sys.executable, str(args.replay_server), str(directory), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        results = asyncio.run(_record_all(paths, directory, port=port, concurrency=args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=10)

    manifest = {name: result["keys"] for name, result in results.items()}
    (directory / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    pending = sorted((directory / "pending").glob("*.json"))
    done = [name for name, result in results.items() if result["status"] == "complete"]
    for name, result in results.items():
        print(f"{name}: {result['status']}")
    print(
        f"{len(done)} of {len(results)} articles complete; {len(pending)} request(s) pending in {directory / 'pending'}"
    )
    if done:
        checks = _verify(paths, directory, done)
        (directory / "checks.json").write_text(
            json.dumps(checks, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        failing = [name for name, check in checks.items() if not check["ok"]]
        print(
            f"checks on the answers alone: {len(checks) - len(failing)} of {len(checks)} articles pass"
            + (f"; failing: {', '.join(failing)}" if failing else "")
            + f" ({directory / 'checks.json'})"
        )
        print(
            f"summaries in {directory / 'summaries'}; score them with: summarizer eval --gold GOLD --pred {directory / 'summaries'}"
        )
    if args.fixtures is not None:
        copied = _copy_fixtures(
            directory, args.fixtures, seeds={p.name for p in args.seeds.glob("*.txt")}, manifest=manifest
        )
        print(f"{copied} seed answer(s) copied to {args.fixtures}")
    return 0


def _settings(port: int, concurrency: int):
    from summarizer.settings import Settings

    return Settings(
        engine="llm",
        model=MODEL,
        base_url=f"http://127.0.0.1:{port}/v1",
        mode="tools",
        cache=False,
        concurrency=concurrency,
        max_attempts=1,
        timeout=600,
    )


async def _record_all(
    paths: list[Path], directory: Path, *, port: int, concurrency: int
) -> dict[str, dict[str, Any]]:
    settings = _settings(port, concurrency)
    results = {}
    for path in paths:  # one article at a time, so the request log says whose requests are whose
        before = _log_lines(directory)
        status = await _record_one(path, settings)
        keys = [json.loads(line)["key"] for line in _log_lines(directory)[len(before) :]]
        results[path.name] = {"status": status, "keys": sorted(set(keys))}
    return results


async def _record_one(path: Path, settings) -> str:
    from summarizer.api import asummarize
    from summarizer.article import prepare
    from summarizer.engines.llm.client import ModelClient, UsageTally
    from summarizer.engines.llm.engine import LlmEngine
    from summarizer.errors import ModelRequestError
    from summarizer.load import load_path

    document = load_path(path)
    engine = LlmEngine(settings)
    article = prepare(document, chunk_size=LlmEngine.default_chunk_size)
    limiter = asyncio.Semaphore(settings.concurrency)
    async with ModelClient(settings) as client:
        outcomes = await engine.extract(
            article, client=client, limiter=limiter, tally=UsageTally(), cache=None, stop_on_refusal=False
        )
    waiting = [o for o in outcomes if o.failure is not None and "pending" in o.failure.reason]
    if waiting:
        return f"{len(waiting)} of {len(outcomes)} chunk(s) waiting for answers"
    try:
        await asummarize(document, settings=settings)
    except ModelRequestError as error:
        if "pending" in str(error):
            return "chunks answered; the final request is waiting for its answer"
        raise
    return "complete"


def _verify(paths: list[Path], directory: Path, names: list[str]) -> dict[str, Any]:
    """Run each finished article on the answers alone (the project's test server) and check it."""
    from summarizer.eval.recorded import AnswerFiles, check_run

    from summarizer import prompts
    from summarizer.api import summarize
    from summarizer.article import prepare
    from summarizer.engines.llm.engine import LlmEngine
    from summarizer.load import load_path
    from summarizer.render.json_out import render_json

    if str(ROOT) not in sys.path:  # the project's test server lives in tests/, beside eval/
        sys.path.insert(0, str(ROOT))
    from tests.llm_server import LlmServer, Reply

    out = directory / "summaries"
    out.mkdir(exist_ok=True)
    checks = {}
    for path in paths:
        if path.name not in names:
            continue
        responder = AnswerFiles(directory, refuse=lambda key: Reply(status=400, error=f"pending {key}"))
        with LlmServer(responder) as server:
            settings = _settings(0, 4).model_copy(update={"base_url": server.url})
            summary = summarize(load_path(path), settings=settings)
        (out / f"{path.stem}.json").write_text(render_json(summary), encoding="utf-8")
        article = prepare(load_path(path), chunk_size=LlmEngine.default_chunk_size)
        result = check_run(article, summary, responder.exchanges, system=prompts.load().system)
        checks[path.name] = {
            "ok": result.ok and not responder.missing,
            "missing": responder.missing,
            **asdict(result),
        }
    return checks


def _copy_fixtures(
    directory: Path, fixtures: Path, *, seeds: set[str], manifest: dict[str, list[str]]
) -> int:
    answers = fixtures / "answers"
    answers.mkdir(parents=True, exist_ok=True)
    kept = {name: keys for name, keys in manifest.items() if name in seeds}
    copied = 0
    for keys in kept.values():
        for key in keys:
            source = directory / "answers" / f"{key}.json"
            if source.is_file():
                shutil.copyfile(source, answers / f"{key}.json")
                copied += 1
    (fixtures / "manifest.json").write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
    return copied


def _log_lines(directory: Path) -> list[str]:
    log = directory / "requests.log"
    return log.read_text(encoding="utf-8").splitlines() if log.is_file() else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the replay server did not start on port {port}") from None
            time.sleep(0.1)


if __name__ == "__main__":
    raise SystemExit(main())
