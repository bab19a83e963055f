"""What a summary costs in model calls and prompt characters, side by side with google/langextract.

Both tools read the five seed articles from the same scripted server on 127.0.0.1, which
plays a perfect model (the gold items of each chunk) in each tool's own answer format,
and counts every request and its prompt characters (message texts plus any tool or
response-format JSON). langextract is asked for the same three kinds of item (key task,
figure, highlight) with one example each and the same rules as our system prompt, at its
defaults (``max_char_buffer=1000``, one extraction pass), through its OpenAI provider in
JSON mode (``use_schema_constraints=False``). The ``wrong number`` rows spoil one figure
value per article in the first answer that has one: our checker re-asks, langextract
accepts it (it does not check numbers), so its calls do not change.

Characters are counted at the server; tokens over the same text with DeepSeek-V4's
tokenizer (`summarizer.eval.tokens`: the ``bench`` extra ships it, nothing is downloaded), because
langextract's extra characters are mostly ASCII, which costs fewer tokens per character.

    python -m summarizer.eval.bench_cost                    # both tools, every seed, our four modes
    python -m summarizer.eval.bench_cost --modes tools      # our default mode only
"""

from __future__ import annotations

import argparse
import logging
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from summarizer.eval import tokens
from summarizer.eval.bench_responders import (
    LangextractResponder,
    Seed,
    SeedResponder,
    WrongNumberOnce,
    load_seeds,
)

MODES = ("tools", "json_schema", "json", "md_json")

# langextract's instructions: the rules of prompts/v1/system.md, for its three extraction classes.
LANGEXTRACT_PROMPT = """从中文新闻或政府报告中抽取要点，只依据原文，按出现顺序。
- key_task：计划、措施、目标（正在做或将要做的事）。extraction_text 逐字摘自原文，不超过一句；属性 task 用简短中文概括。
- figure：每条只含一个数字。extraction_text 照抄原文的数字，连同单位和修饰语（如“近30%”“200余万元”）；属性 metric 用几个字说明衡量什么，period 填原文写明的时间，没有就留空。
- highlight：读者应记住的成果或突出事实。extraction_text 逐字摘自原文，不超过一句；属性 text 用简短中文表述。
不写原文没有的数字：不换算、不取整、不求和。年份、日期、序数、编号和口号不是数据。"""


def langextract_examples() -> list[Any]:
    import langextract as lx

    def example(sentence: str, kind: str, quote: str, **attributes: str) -> Any:
        extraction = lx.data.Extraction(extraction_class=kind, extraction_text=quote, attributes=attributes)
        return lx.data.ExampleData(text=sentence, extractions=[extraction])

    return [
        example(
            "下一步，全区将新建改造老旧小区供热管网12公里，年底前完工。",
            "key_task",
            "新建改造老旧小区供热管网12公里",
            task="年底前新建改造老旧小区供热管网12公里",
        ),
        example(
            "今年前三季度，全市规模以上工业增加值同比增长6.2%。",
            "figure",
            "6.2%",
            metric="规模以上工业增加值同比增长",
            period="今年前三季度",
        ),
        example(
            "该项目投产后，可带动周边2000余人就业。",
            "highlight",
            "可带动周边2000余人就业",
            text="项目投产可带动2000余人就业",
        ),
    ]


@dataclass(frozen=True)
class CostRow:
    tool: str
    variant: str
    articles: int
    requests: int
    reasks: int
    prompt_chars: int
    completion_chars: int
    requests_sent: tuple[dict[str, Any], ...] = ()
    completions_sent: tuple[str, ...] = ()

    def per_article(self, value: int) -> float:
        return value / self.articles

    @property
    def prompt_tokens(self) -> int:
        return sum(tokens.request_tokens(request) for request in self.requests_sent)

    @property
    def completion_tokens(self) -> int:
        return sum(tokens.count(text) for text in self.completions_sent)

    @property
    def article_tokens(self) -> int:
        """Tokens of the article text the requests carry (chunks; a re-ask's quoted sentences
        are not counted here); the rest of the prompt is what the tool adds."""
        from summarizer.eval.bench_responders import langextract_chunk

        from tests.llm_server import chunk_of, is_followup

        if self.tool == "langextract":
            return sum(tokens.count(langextract_chunk(request)) for request in self.requests_sent)
        return sum(
            tokens.count(chunk_of(request)) for request in self.requests_sent if not is_followup(request)
        )


def _spoiling(
    responder: Callable[[dict[str, Any]], Any], wrong_number: bool
) -> Callable[[dict[str, Any]], Any]:
    # Each article runs against a server of its own, so "the article" is simply this server's.
    return (
        WrongNumberOnce(responder, article_of=lambda request: "this article") if wrong_number else responder
    )


def run_ours(
    seeds: list[Seed], *, mode: str = "tools", chunk_size: int | None = None, wrong_number: bool = False
) -> CostRow:
    from summarizer.api import summarize
    from summarizer.load import load_bytes
    from summarizer.settings import Settings
    from tests.llm_server import LlmServer

    requests = reasks = prompt = completion = 0
    sent: list[dict[str, Any]] = []
    answers: list[str] = []
    for seed in seeds:
        with LlmServer(_spoiling(SeedResponder([seed]), wrong_number)) as server:
            sizing = {"chunk_size": chunk_size} if chunk_size else {}
            settings = Settings.model_validate(
                {
                    "engine": "llm",
                    "model": "bench-model",
                    "base_url": server.url,
                    "cache": False,
                    "mode": mode,
                }
                | sizing
            )
            summary = summarize(load_bytes(seed.text.encode("utf-8"), name=seed.name), settings=settings)
            assert summary.meta is not None and summary.meta.usage is not None
            assert summary.meta.usage.requests == server.request_count, "the engine and the server disagree"
            reasks += summary.meta.usage.reasks
            requests += server.request_count
            prompt += server.prompt_chars
            completion += server.completion_chars
            sent += server.requests
            answers += server.completions
    variant = (
        mode + (f", chunk {chunk_size}" if chunk_size else "") + (", wrong number" if wrong_number else "")
    )
    return CostRow(
        "summarizer", variant, len(seeds), requests, reasks, prompt, completion, tuple(sent), tuple(answers)
    )


def run_langextract(
    seeds: list[Seed], *, wrong_number: bool = False, max_char_buffer: int = 1000, extraction_passes: int = 1
) -> CostRow:
    import langextract as lx

    from tests.llm_server import LlmServer

    requests = prompt = completion = 0
    sent: list[dict[str, Any]] = []
    answers: list[str] = []
    for seed in seeds:
        with LlmServer(_spoiling(LangextractResponder([seed]), wrong_number)) as server:
            config = lx.factory.ModelConfig(
                model_id="bench-model",
                provider="openai",  # explicit: the model name alone would not pick the OpenAI provider
                provider_kwargs={"api_key": "unused", "base_url": server.url},
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lx.extract(
                    seed.text,
                    prompt_description=LANGEXTRACT_PROMPT,
                    examples=langextract_examples(),
                    config=config,
                    use_schema_constraints=False,
                    max_char_buffer=max_char_buffer,
                    extraction_passes=extraction_passes,
                    show_progress=False,
                )
            requests += server.request_count
            prompt += server.prompt_chars
            completion += server.completion_chars
            sent += server.requests
            answers += server.completions
    variant = f"buffer {max_char_buffer}, {extraction_passes} pass" + ("es" if extraction_passes > 1 else "")
    if wrong_number:
        variant += ", wrong number"
    return CostRow(
        "langextract", variant, len(seeds), requests, 0, prompt, completion, tuple(sent), tuple(answers)
    )


def breakdown(row: CostRow, *, with_tokens: bool) -> str:
    """Where our prompt goes, per article: the article itself, what every chunk request
    repeats (system prompt, template, title line, schema), and the title request; in
    characters and, with `with_tokens`, in tokens (each part tokenized on its own)."""
    from tests.llm_server import chunk_of, request_chars, requested_model

    measures: list[tuple[str, Callable[[str], int], Callable[[dict[str, Any]], int]]] = [
        ("chars", len, request_chars)
    ]
    if with_tokens:
        measures.append(("tokens", tokens.count, tokens.request_tokens))
    chunk_requests = [r for r in row.requests_sent if requested_model(r) != "Headline"]
    final_requests = [r for r in row.requests_sent if requested_model(r) == "Headline"]
    names = [
        "article text (chunks)",
        f"system prompt × {len(chunk_requests) / row.articles:.1f} chunk requests",
        "chunk template and title line",
        "response schema (tool / format / in prompt)",
        "title and overview request",
    ]
    columns = []
    for _, text_size, request_size in measures:
        article = sum(text_size(chunk_of(r)) for r in chunk_requests)
        schema = sum(
            request_size({"tools": r.get("tools"), "response_format": r.get("response_format")})
            for r in chunk_requests
        )
        system = sum(
            text_size(m["content"]) for r in chunk_requests for m in r["messages"] if m["role"] == "system"
        )
        template = sum(request_size(r) for r in chunk_requests) - article - schema - system
        final = sum(request_size(r) for r in final_requests)
        columns.append([article, system, template, schema, final])
    header = "| part |" + "".join(f" {unit}/article | share |" for unit, _, _ in measures)
    lines = [header, "|---|" + "---|---|" * len(measures)]
    n = row.articles
    for index, name in enumerate(names):
        cells = "".join(f" {c[index] / n:,.0f} | {c[index] / sum(c):.0%} |" for c in columns)
        lines.append(f"| {name} |{cells}")
    lines.append("| total |" + "".join(f" {sum(c) / n:,.0f} | 100% |" for c in columns))
    return "\n".join(lines)


def overhead_table(rows: list[CostRow]) -> str:
    """Each tool's prompt tokens split into the article text it sends and all it adds
    (instructions, examples, schema, title request, re-asks)."""
    lines = [
        "| tool | variant | prompt tokens/article | article text | added by the tool | added vs langextract |",
        "|---|---|---|---|---|---|",
    ]
    added = {row.tool: row.per_article(row.prompt_tokens - row.article_tokens) for row in rows}
    for row in rows:
        share = added[row.tool] / added["langextract"] if added.get("langextract") else float("nan")
        lines.append(
            f"| {row.tool} | {row.variant} | {row.per_article(row.prompt_tokens):,.0f} "
            f"| {row.per_article(row.article_tokens):,.0f} | {added[row.tool]:,.0f} | {share:.2f}× |"
        )
    return "\n".join(lines)


def table(rows: list[CostRow], *, baseline: CostRow | None, with_tokens: bool) -> str:
    header = (
        "| tool | variant | calls/article | re-asks/article | prompt chars/article "
        "| completion chars/article | prompt chars vs langextract |"
    )
    if with_tokens:
        header += " prompt tokens/article | completion tokens/article | prompt tokens vs langextract |"
    lines = [header, "|" + "---|" * (header.count(" | ") + 1)]
    base_tokens = baseline.per_article(baseline.prompt_tokens) if baseline and with_tokens else None
    for row in rows:
        share = (
            row.per_article(row.prompt_chars) / baseline.per_article(baseline.prompt_chars)
            if baseline
            else None
        )
        line = (
            f"| {row.tool} | {row.variant} | {row.per_article(row.requests):.2f} "
            f"| {row.per_article(row.reasks):.2f} | {row.per_article(row.prompt_chars):,.0f} "
            f"| {row.per_article(row.completion_chars):,.0f} | {'' if share is None else f'{share:.2f}×'} |"
        )
        if with_tokens:
            prompt_tokens = row.per_article(row.prompt_tokens)
            token_share = "" if base_tokens is None else f"{prompt_tokens / base_tokens:.2f}×"
            line += f" {prompt_tokens:,.0f} | {row.per_article(row.completion_tokens):,.0f} | {token_share} |"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.bench_cost", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--modes", nargs="+", choices=MODES, default=list(MODES), help="our request modes to run"
    )
    parser.add_argument(
        "--chunk-sizes",
        type=int,
        nargs="*",
        default=[3000, 6000],
        help="extra rows at these chunk sizes (tools mode)",
    )
    parser.add_argument("--articles", type=int, default=5, help="how many seed articles (default all 5)")
    parser.add_argument("--no-langextract", action="store_true", help="our rows only")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # langextract logs alignment notes; our engine logs dropped items
    seeds = load_seeds()[: args.articles]

    rows: list[CostRow] = []
    baseline = None
    if not args.no_langextract:
        baseline = run_langextract(seeds)
        rows += [baseline, run_langextract(seeds, wrong_number=True)]
    for mode in args.modes:
        rows.append(run_ours(seeds, mode=mode))
    rows.append(run_ours(seeds, mode=args.modes[0], wrong_number=True))
    rows += [run_ours(seeds, mode=args.modes[0], chunk_size=size) for size in args.chunk_sizes]

    with_tokens = tokens.available()
    chars = sum(len(seed.text) for seed in seeds) / len(seeds)
    print(
        f"Cost per article: {len(seeds)} seed articles, {chars:,.0f} characters on average; counted at the server"
    )
    if with_tokens:
        print(f"Tokens: {tokens.tokenizer_name()}, over the same text as the characters")
        article_tokens = sum(tokens.count(seed.text) for seed in seeds) / len(seeds)
        print(
            f"The articles alone: {article_tokens:,.0f} tokens on average ({article_tokens / chars:.2f} per character)"
        )
    else:
        print("Tokens: not counted (install the bench extra: pip install '.[bench]')")
    print()
    print(table(rows, baseline=baseline, with_tokens=with_tokens))
    ours = next(row for row in rows if row.tool == "summarizer")
    if baseline is not None:
        share = ours.per_article(ours.prompt_chars) / baseline.per_article(baseline.prompt_chars)
        verdict = "met" if share <= 0.7 else "MISSED"
        print(
            f"\nTarget: our prompt characters ≤ 0.70 × langextract's at its defaults: {share:.2f}× ({verdict})"
        )
        if with_tokens:
            token_share = ours.per_article(ours.prompt_tokens) / baseline.per_article(baseline.prompt_tokens)
            verdict = "met" if token_share <= 0.5 else "MISSED"
            print(
                f"Target: our prompt tokens ≤ 0.50 × langextract's at its defaults: {token_share:.2f}× ({verdict})"
            )
            print(
                f"\nPrompt tokens per article beyond the article text ({ours.variant} against langextract):\n"
            )
            print(overhead_table([ours, baseline]))
    print(f"\nWhere our prompt goes ({ours.variant}, default chunk size):\n")
    print(breakdown(ours, with_tokens=with_tokens))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
