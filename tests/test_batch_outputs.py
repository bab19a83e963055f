"""Where a batch writes: names never shared and never too long, no input overwritten, one run per
directory and an index that keeps every article, resume that checks what it keeps, write failures
as one line, and what an input directory held that was not read."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pipeline_stub import CHUNK_FAIL_MARK, PipelineStub

from summarizer.cli.main import cli
from summarizer.output import directory_lock

GOOD = "白塔区推进老旧小区改造\n白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。\n"


def summarize(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["summarize", *args], input=input, catch_exceptions=False)


def index_of(out: Path) -> dict:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def article(folder: Path, name: str, text: str = GOOD) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def written(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir())


def one_error_line(result: Any) -> str:
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("engine: ", "skipped "))]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# 1. Names that collide once suffixed


def test_files_whose_names_meet_once_suffixed_each_get_an_output(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in ("report.txt", "report.md", "report-2.txt"):
        article(folder, name, GOOD + name)
    out = tmp_path / "out"
    result = summarize(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "3 articles: 3 ok" in result.stderr
    records = index_of(out)["articles"]
    assert sorted(Path(record["name"]).name for record in records) == [
        "report-2.txt",
        "report.md",
        "report.txt",
    ]
    assert len({record["output"] for record in records}) == 3
    assert written(out) == ["index.json", "report-2.json", "report-3.json", "report.json"]
    for record in records:  # each output holds its own article
        summary = json.loads((out / record["output"]).read_text(encoding="utf-8"))
        assert summary["article"] == Path(record["name"]).name


def test_jsonl_ids_that_meet_once_suffixed_each_get_an_output(stub: PipelineStub, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    ids = ["a", "a", "a-2", "A"]
    feed.write_text(
        "".join(json.dumps({"id": i, "text": GOOD + str(n)}) + "\n" for n, i in enumerate(ids)),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = summarize(str(feed), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    keys = [record["key"] for record in index_of(out)["articles"]]
    assert keys == ["a", "a-3", "a-2", "A-4"]  # an id of its own ("a-2") keeps its name
    texts = {json.loads((out / f"{key}.json").read_text(encoding="utf-8"))["title"] for key in keys}
    assert len(texts) == 1 and len(stub.calls) == 4


# 2. Long names


def test_long_ids_are_cut_by_bytes_with_a_hash_and_stop_nothing(stub: PipelineStub, tmp_path: Path) -> None:
    ids = ["x" * 300, "x" * 299 + "y", "长" * 90, "后来的记录"]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": GOOD}) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    result = summarize(str(feed), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    records = index_of(out)["articles"]
    assert [record["name"] for record in records] == ids  # the index names each record in full
    assert [record["status"] for record in records] == ["ok"] * 4
    names = [record["output"] for record in records]
    assert len(set(names)) == 4 and names[3] == "后来的记录.json"
    assert all(len(name.encode("utf-8")) <= 160 for name in names)
    assert names[0].startswith("x" * 100) and names[2].startswith("长" * 40)
    assert all((out / name).is_file() for name in names)


# 3. Outputs that are inputs


def test_an_output_that_is_the_article_is_refused(stub: PipelineStub, tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    for output in (source, link, tmp_path / "." / "a.txt"):
        result = summarize(str(source), "-o", str(output))
        assert result.exit_code == 2
        assert "is the article itself" in one_error_line(result)
    assert source.read_text(encoding="utf-8") == GOOD and stub.calls == []


def test_a_batch_that_would_overwrite_an_input_is_refused(stub: PipelineStub, tmp_path: Path) -> None:
    out = tmp_path / "out"
    brief = article(out, "a.md", "# 已有的简报\n今年新增就业3000人。")
    other = article(tmp_path, "b.txt")
    result = summarize(str(brief), str(other), "-o", str(out), "-f", "markdown")
    assert result.exit_code == 2
    assert f"would overwrite the input {brief}" in one_error_line(result)
    summary = article(out, "c.json", "{}")
    result = summarize(str(summary), "-o", str(out))  # c.json would be written as c.json
    assert result.exit_code == 2 and "would overwrite the input" in one_error_line(result)
    assert brief.read_text(encoding="utf-8").startswith("# 已有的简报") and summary.read_text() == "{}"
    assert stub.calls == []


# 4. Resume checks what it keeps


def test_resume_redoes_damaged_outputs_and_partial_summaries(
    stub: PipelineStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    for name in ("truncated", "not-a-summary", "partial", "good"):
        article(folder, f"{name}.txt", GOOD + name + (CHUNK_FAIL_MARK if name == "partial" else ""))
    out = tmp_path / "out"
    assert summarize(str(folder), "-o", str(out)).exit_code == 1  # the partial one failed a chunk
    (out / "truncated.json").write_text((out / "truncated.json").read_text(encoding="utf-8")[:40])
    (out / "not-a-summary.json").write_text('{"figures": "none"}', encoding="utf-8")

    real = stub.summary_of

    def chunks_answer_now(document: Any, settings: Any) -> Any:  # the endpoint is back
        return real(
            document.model_copy(update={"text": document.text.replace(CHUNK_FAIL_MARK, "")}), settings
        )

    monkeypatch.setattr(stub, "summary_of", chunks_answer_now)
    stub.calls.clear()
    result = summarize(str(folder), "-o", str(out), "--resume")
    assert sorted(stub.calls) == ["not-a-summary.txt", "partial.txt", "truncated.txt"]
    assert result.exit_code == 0, result.stderr  # nothing left failing: the run can end well
    records = {record["key"]: record for record in index_of(out)["articles"]}
    assert [records[key]["reused"] for key in ("truncated", "not-a-summary", "partial", "good")] == [
        False,
        False,
        False,
        True,
    ]
    assert json.loads((out / "truncated.json").read_text(encoding="utf-8"))["article"] == "truncated.txt"


def test_resume_redoes_a_missing_or_cut_report(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    article(folder, "a.txt")
    article(folder, "b.txt", GOOD + "b")
    out = tmp_path / "out"
    assert summarize(str(folder), "-o", str(out), "-f", "html").exit_code == 0
    page = (out / "a.html").read_text(encoding="utf-8")
    (out / "a.html").write_text(page[: len(page) // 2], encoding="utf-8")
    stub.calls.clear()
    assert summarize(str(folder), "-o", str(out), "-f", "html", "--resume").exit_code == 0
    assert stub.calls == ["a.txt"]
    assert (out / "a.html").read_text(encoding="utf-8") == page


# 5 and 6. One run per directory; the index keeps every article


def test_a_second_run_into_a_directory_in_use_is_refused(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    article(folder, "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    with directory_lock(out):  # as another run holds it
        result = summarize(str(folder), "-o", str(out))
        assert result.exit_code == 2
        assert "another summarizer run is writing into this directory" in one_error_line(result)
        assert written(out) == [] and stub.calls == []
    assert summarize(str(folder), "-o", str(out)).exit_code == 0  # once it is done, the directory is free


def test_runs_into_one_directory_keep_each_others_articles(stub: PipelineStub, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = tmp_path / "first"
    article(first, "a.txt")
    article(first, "b.txt", GOOD + "b")
    assert summarize(str(first), "-o", str(out)).exit_code == 0
    second = tmp_path / "second"
    article(second, "c.txt", GOOD + "c")
    article(second, "a.txt", GOOD + "new a")  # the same key: this run's replaces the earlier
    result = summarize(str(second), "-o", str(out))
    assert result.exit_code == 0
    assert "2 articles: 2 ok" in result.stderr and "(with 1 articles of earlier runs)" in result.stderr
    index = index_of(out)
    assert [record["key"] for record in index["articles"]] == ["a", "b", "c"]
    assert (index["total"], index["ok"]) == (3, 3)
    assert index["articles"][0]["name"] == str(second / "a.txt")
    assert {record["output"] for record in index["articles"]} <= set(written(out))


def test_one_article_into_a_batch_directory_keeps_the_batch_in_the_index(
    stub: PipelineStub, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    for name in ("a", "b", "c"):
        article(folder, f"{name}.txt", GOOD + name)
    out = tmp_path / "out"
    assert summarize(str(folder), "-o", str(out)).exit_code == 0
    extra = article(tmp_path, "d.txt", GOOD + "d")
    result = summarize(str(extra), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert [record["key"] for record in index_of(out)["articles"]] == ["a", "b", "c", "d"]


# 8. Output errors: one line, exit 2, nothing half-written, the index consistent


def test_an_output_under_a_file_is_one_line(stub: PipelineStub, tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt")
    folder = tmp_path / "in"
    article(folder, "b.txt")
    blocker = article(tmp_path, "blocker.txt", "a file")
    for arguments in (
        [str(source), "-o", str(blocker / "a.json")],
        [str(folder), "-o", str(blocker / "out/")],
    ):
        result = summarize(*arguments)
        assert result.exit_code == 2, result.output
        line = one_error_line(result)
        assert str(blocker) in line and ("directory" in line or "Not a directory" in line)
    assert blocker.read_text(encoding="utf-8") == "a file"


def test_a_directory_that_cannot_be_created_is_one_line(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    article(folder, "a.txt")
    impossible = tmp_path / ("长" * 100) / "out"  # 300 bytes: longer than any file name may be
    result = summarize(str(folder), "-o", str(impossible))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "cannot create the directory" in line and "File name too long" in line


def failing_writes(monkeypatch: pytest.MonkeyPatch, code: int, *, names: tuple[str, ...] = ()) -> None:
    """Make creating an output file fail with `code` (for the files named, or every file)."""
    from summarizer import output

    real = output.mkstemp

    def refusing(*, dir: Any, prefix: str, suffix: str) -> Any:
        if not names or any(prefix == f".{name}." for name in names):
            raise OSError(code, os.strerror(code), str(Path(dir) / prefix))
        return real(dir=dir, prefix=prefix, suffix=suffix)

    monkeypatch.setattr(output, "mkstemp", refusing)


def test_a_read_only_directory_is_one_line_and_the_index_stays(
    stub: PipelineStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    article(folder, "a.txt")
    out = tmp_path / "out"
    assert summarize(str(folder), "-o", str(out)).exit_code == 0
    before = {name: (out / name).read_bytes() for name in written(out)}
    article(folder, "b.txt", GOOD + "b")
    failing_writes(monkeypatch, errno.EROFS)
    result = summarize(str(folder), "-o", str(out))
    assert result.exit_code == 2
    assert f"cannot write {out / 'a.json'}: Read-only file system" in one_error_line(result)
    assert {name: (out / name).read_bytes() for name in written(out)} == before


def test_a_full_disk_stops_the_batch_and_the_index_says_what_is_done(
    stub: PipelineStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    for name in ("a", "b", "c", "d"):
        article(folder, f"{name}.txt", GOOD + name)
    out = tmp_path / "out"
    failing_writes(monkeypatch, errno.ENOSPC, names=("c.json",))
    result = summarize(str(folder), "-o", str(out), "--concurrency", "1")
    assert result.exit_code == 2
    assert f"cannot write {out / 'c.json'}: No space left on device" in one_error_line(result)
    index = index_of(out)
    records = {record["key"]: record for record in index["articles"]}
    assert [records[key]["status"] for key in "abc"] == ["ok", "ok", "pending"] and not index["complete"]
    assert "not finished: cannot write" in records["c"]["reason"] and "No space" in records["c"]["reason"]
    # Consistent: what the index calls done is written whole, and nothing else is there.
    done = sorted(record["output"] for record in records.values() if record["status"] == "ok")
    assert written(out) == sorted([*done, "index.json"]) and "c.json" not in done
    assert all(json.loads((out / name).read_text(encoding="utf-8"))["article"] for name in done)


def test_a_name_the_file_system_refuses_fails_that_article_alone(
    stub: PipelineStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    for name in ("a", "b", "c"):
        article(folder, f"{name}.txt", GOOD + name)
    out = tmp_path / "out"
    failing_writes(monkeypatch, errno.EINVAL, names=("b.json",))
    result = summarize(str(folder), "-o", str(out))
    assert result.exit_code == 1
    records = {record["key"]: record for record in index_of(out)["articles"]}
    assert [records[key]["status"] for key in "abc"] == ["ok", "failed", "ok"]
    assert "cannot write" in records["b"]["reason"] and "Invalid argument" in records["b"]["reason"]


# Edges: what a directory held that was not read; -o - is standard output


def test_files_not_read_are_listed_on_stderr_and_in_the_index(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    article(folder, "a.txt")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    elsewhere = tmp_path / "elsewhere"
    article(elsewhere, "b.md", "# 其他\n今年新增就业3000人。")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")
    (folder / ".hidden.pdf").write_bytes(b"")  # hidden: passed over without a word
    out = tmp_path / "out"

    result = summarize(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(stub.calls) == ["a.txt", "b.md"]  # a linked directory is read
    skipped = {Path(item["path"]).name: item["reason"] for item in index_of(out)["skipped"]}
    assert set(skipped) == {"scan.pdf", "gone.txt", "up", "pipe.txt"}
    assert "not an article file (.pdf" in skipped["scan.pdf"]
    assert "broken link" in skipped["gone.txt"] and "loop" in skipped["up"]
    assert "not a regular file" in skipped["pipe.txt"]
    shown = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(shown) == 4 and any("scan.pdf: not an article file" in line for line in shown)


def test_dash_as_the_output_is_standard_output(stub: PipelineStub, tmp_path: Path) -> None:
    source = article(tmp_path, "a.txt")
    result = summarize(str(source), "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["figures"][0]["value"] == "1.35亿元"
    assert not (tmp_path / "-").exists() and not Path("-").exists()
    other = article(tmp_path, "b.txt", GOOD + "b")
    result = summarize(str(source), str(other), "-o", "-", "-f", "markdown", "-q")
    assert (
        result.exit_code == 0
        and [line for line in result.stdout.splitlines() if line.startswith("# ")]
        == ["# 白塔区推进老旧小区改造"] * 2
    )


def test_a_link_is_written_through_and_a_pipe_is_written_to(stub: PipelineStub, tmp_path: Path) -> None:
    import threading

    source = article(tmp_path, "a.txt")
    target = tmp_path / "kept" / "summary.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert summarize(str(source), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["article"] == "a.txt"

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    result = summarize(str(source), "-o", str(pipe))
    reader.join(timeout=30)
    assert result.exit_code == 0 and pipe.exists() and not pipe.is_file()  # still a pipe
    assert json.loads(received[0])["article"] == "a.txt"
