"""The tool's own work, without any model: per seed article, and for the whole command line.

- clean + chunk: `summarizer.article.prepare` on the loaded document;
- check: the number checker on the gold summary against the article (a fresh `CleanText`
  each run, so its index is built every time, as in a real run);
- offline: `summarize(..., engine="offline")`, the whole pipeline (prepare, engine, ground,
  check);
- cold start, side by side with ``python -c pass`` (the interpreter's own start): wall
  time of ``summarizer --help``, ``summarizer summarize --help`` and ``summarizer summarize
  ARTICLE`` (the first seed, offline engine) in fresh processes, run round-robin so the
  machine's noise falls on every command alike; median and range of `--cold-repeat` runs;
- which modules ``--help`` imports (none of jieba, openai, instructor);
- peak memory (max RSS of a fresh process) of a 50-article offline batch.

Timings are medians of `--repeat` runs. What happens once per process is reported apart:
the first clean builds the OpenCC converter and, when a line break needs the word test,
loads the word lexicon; the first offline summary compiles the rules.

    python -m summarizer.eval.bench_tool
    python -m summarizer.eval.bench_tool --repeat 3 --cold-repeat 5 --batch-articles 10
    python -m summarizer.eval.bench_tool --before /tmp/before   # cold starts of an earlier tree beside ours:
                                                     # git archive COMMIT | tar -x -C /tmp/before
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from summarizer.eval.bench_responders import ROOT, Seed, load_seeds
from summarizer.eval.tree_view import import_root

HEAVY = ("jieba", "openai", "instructor")
# Also worth knowing about, though allowed: what the CLI itself needs to show help.
NOTED = ("pydantic", "opencc", "trafilatura", "rich", "httpx2", "httpx")


def median_seconds(action: Callable[[], object], *, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def seed_row(seed: Seed, *, repeat: int) -> str:
    from summarizer.schemas import Summary

    from summarizer.api import summarize
    from summarizer.article import prepare
    from summarizer.checker import check
    from summarizer.clean import clean
    from summarizer.load import load_bytes

    document = load_bytes(seed.text.encode("utf-8"), name=seed.name)
    gold = Summary.model_validate(seed.gold)
    chunks = len(prepare(document, chunk_size=1500).chunks)
    prepare_s = median_seconds(lambda: prepare(document, chunk_size=1500), repeat=repeat)
    # A fresh CleanText for every check, so its number index is built each time, as in a real run.
    check_times = []
    for _ in range(repeat):
        text = clean(seed.text)
        started = time.perf_counter()
        report = check(gold, text)
        check_times.append(time.perf_counter() - started)
    offline_s = median_seconds(lambda: summarize(document, engine="offline"), repeat=repeat)
    return (
        f"| {seed.name} | {len(seed.text):,} | {chunks} | {prepare_s * 1000:.1f} "
        f"| {statistics.median(check_times) * 1000:.1f} | {len(report.numbers)} | {offline_s * 1000:.1f} |"
    )


def per_article(seeds: list[Seed], *, repeat: int) -> tuple[str, tuple[float, float]]:
    """The per-seed table, and what the first clean and the first offline summary cost in a process."""
    from summarizer.api import summarize
    from summarizer.clean import clean

    started = time.perf_counter()
    clean(seeds[0].text)  # builds the simplified-Chinese converter
    cold_clean = time.perf_counter() - started
    started = time.perf_counter()
    summarize(text=seeds[0].text, engine="offline")
    cold_offline = time.perf_counter() - started

    header = (
        "| article | chars | chunks | clean + chunk (ms) | check gold summary (ms) | numbers checked "
        "| offline summary (ms) |"
    )
    lines = [header, "|---|---|---|---|---|---|---|"]
    lines += [seed_row(seed, repeat=repeat) for seed in seeds]
    return "\n".join(lines), (cold_clean, cold_offline)


_PROBE = """
import json, sys, time
started = time.perf_counter()
from summarizer.cli.main import cli
try:
    cli(ARGS)
except SystemExit:
    pass
print("\\n@@" + json.dumps([time.perf_counter() - started, sorted(m for m in NAMES if m in sys.modules)]))
"""


def _executable() -> list[str]:
    installed = shutil.which("summarizer", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-c", "from summarizer.cli.main import cli; cli()"]


def cold_start(arguments: list[str], *, repeat: int) -> dict[str, object]:
    """Wall time of the command in a fresh process, and the heavy modules imported in one."""
    env = {**os.environ, "PYTHONPATH": str(import_root(ROOT))}
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([*_executable(), *arguments], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    probe = _PROBE.replace("ARGS", repr(arguments)).replace("NAMES", repr(HEAVY + NOTED))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    in_process, loaded = json.loads(done.stdout.rsplit("@@", 1)[1])
    imported = {
        line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    }
    return {
        "wall": statistics.median(times),
        "in_process": in_process,
        "heavy_loaded": [name for name in HEAVY if name in loaded or name in imported],
        "also_loaded": [name for name in NOTED if name in loaded],
        "modules": len(imported),
    }


# Targets of a fresh process on a 2-core machine, in seconds.
COLD_TARGETS = {"summarizer --help": 0.2, "summarizer summarize ARTICLE": 0.8}


def cold_commands(seed: Seed) -> list[tuple[str, list[str]]]:
    article = str(ROOT / "seeds" / "articles" / seed.name)
    return [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("summarizer --help", [*_executable(), "--help"]),
        ("summarizer summarize --help", [*_executable(), "summarize", "--help"]),
        ("summarizer summarize ARTICLE", [*_executable(), "summarize", article, "--engine", "offline"]),
    ]


def cold_walls(
    commands: list[tuple[str, list[str]]], *, repeat: int, trees: dict[str, Path]
) -> dict[tuple[str, str], list[float]]:
    """Wall seconds of each command in a fresh process, for each source tree (run from it,
    ``PYTHONPATH`` set to its `import_root`), `repeat` rounds, round-robin over trees and commands."""
    walls: dict[tuple[str, str], list[float]] = {(tree, label): [] for tree in trees for label, _ in commands}
    for _ in range(repeat):
        for tree, root in trees.items():
            env = {**os.environ, "PYTHONPATH": str(import_root(root))}
            for label, argv in commands:
                started = time.perf_counter()
                subprocess.run(argv, env=env, cwd=root, capture_output=True, check=True)
                walls[(tree, label)].append(time.perf_counter() - started)
    return walls


def cold_start_table(seed: Seed, *, repeat: int, before: Path | None = None) -> str:
    """Cold starts of this tree; with `before` (another checkout, such as a `git archive` of
    an earlier commit), of that tree too, interleaved round by round."""
    trees = {"this tree": ROOT} if before is None else {"before": before, "this tree": ROOT}
    walls = cold_walls(cold_commands(seed), repeat=repeat, trees=trees)
    title = (
        f"\nCold start in a fresh process, side by side with the interpreter alone (ARTICLE = "
        f"{seed.name}, {len(seed.text):,} characters, offline engine; {repeat} runs each, round-robin)\n"
    )
    lines = [
        title,
        "| command | median (ms) | range (ms) | above python -c pass (ms) | target | |",
        "|---|---|---|---|---|---|",
    ]
    for (tree, label), times in walls.items():
        baseline = statistics.median(walls[(tree, "python -c pass")])
        median = statistics.median(times)
        target = COLD_TARGETS.get(label)
        verdict = "" if target is None else ("met" if median <= target else "MISSED")
        name = label if tree == "this tree" else f"{label} (before)"
        lines.append(
            f"| {name} | {median * 1000:.0f} | {min(times) * 1000:.0f}–{max(times) * 1000:.0f} "
            f"| {(median - baseline) * 1000:.0f} | {'' if target is None else f'≤ {target * 1000:.0f} ms'} "
            f"| {verdict} |"
        )
    return "\n".join(lines)


_BATCH = """
import json, resource, sys, time
from pathlib import Path


def peak_kib():
    # VmHWM is this program's own peak; ru_maxrss would also count the parent's pages
    # that the forked child mapped before exec.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss



from summarizer.batch import run_batch
from summarizer.inputs import ArticleSource
from summarizer.settings import Settings
texts = [path.read_bytes() for path in sorted(Path(sys.argv[1]).glob("*.txt"))]
count = int(sys.argv[2])
sources = [ArticleSource(name=f"{i:03d}.txt", key=f"{i:03d}", data=texts[i % len(texts)]) for i in range(count)]
before = peak_kib()
started = time.perf_counter()
result = run_batch(sources, settings=Settings(engine="offline", cache=False))
wall = time.perf_counter() - started
after = peak_kib()
print(json.dumps({"ok": result.index.ok, "wall": wall, "rss_before_kib": before, "rss_peak_kib": after}))
"""


def batch_memory(*, articles: int, repeat: int) -> dict[str, float]:
    """Max RSS of a fresh process running an offline batch of `articles` (medians over `repeat`)."""
    env = {**os.environ, "PYTHONPATH": str(import_root(ROOT))}
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", _BATCH, str(ROOT / "seeds" / "articles"), str(articles)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert all(run["ok"] == articles for run in runs), "some articles failed"
    return {
        "wall": statistics.median(run["wall"] for run in runs),
        "rss_before_mib": statistics.median(run["rss_before_kib"] for run in runs) / 1024,
        "rss_peak_mib": statistics.median(run["rss_peak_kib"] for run in runs) / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.bench_tool", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--repeat", type=int, default=7, help="runs per timing; the median is shown (default 7)"
    )
    parser.add_argument(
        "--cold-repeat", type=int, default=9, help="fresh processes per cold-start command (default 9)"
    )
    parser.add_argument(
        "--before",
        type=Path,
        metavar="TREE",
        help="also time the cold starts of another source tree, interleaved (git archive of a commit)",
    )
    parser.add_argument(
        "--batch-articles", type=int, default=50, help="articles in the memory run (default 50)"
    )
    parser.add_argument("--batch-repeat", type=int, default=3, help="memory runs (default 3)")
    args = parser.parse_args(argv)
    seeds = load_seeds()

    print(f"The tool's own work (medians of {args.repeat} runs)\n")
    articles, cold = per_article(seeds, repeat=args.repeat)
    print(articles)
    print(
        f"\nOnce per process: first clean {cold[0] * 1000:.0f} ms (the OpenCC converter, the word lexicon), "
        f"then first offline summary {cold[1] * 1000:.0f} ms (the rules, the unknown-word model)"
    )

    print(cold_start_table(seeds[0], repeat=args.cold_repeat, before=args.before))

    print(
        "\n| command | cold start, fresh process (ms) | in-process import + run (ms) | modules imported "
        "| jieba / openai / instructor imported | also imported |"
    )
    print("|---|---|---|---|---|---|")
    problems = []
    for arguments in (["--help"], ["summarize", "--help"]):
        start = cold_start(arguments, repeat=args.repeat)
        heavy = ", ".join(start["heavy_loaded"]) or "none"  # type: ignore[arg-type]
        if start["heavy_loaded"]:
            problems.append(f"summarizer {' '.join(arguments)} imports {heavy}")
        print(
            f"| summarizer {' '.join(arguments)} | {start['wall'] * 1000:.0f} | {start['in_process'] * 1000:.0f} "  # type: ignore[operator]
            f"| {start['modules']} | {heavy} | {', '.join(start['also_loaded']) or 'none'} |"  # type: ignore[arg-type]
        )

    memory = batch_memory(articles=args.batch_articles, repeat=args.batch_repeat)
    print("\n| offline batch | articles | wall (s) | max RSS after imports (MiB) | max RSS peak (MiB) |")
    print("|---|---|---|---|---|")
    print(
        f"| seeds repeated, cache off | {args.batch_articles} | {memory['wall']:.2f} "
        f"| {memory['rss_before_mib']:.0f} | {memory['rss_peak_mib']:.0f} |"
    )
    for problem in problems:
        print(f"\nPROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
