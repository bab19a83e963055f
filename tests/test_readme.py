"""The README's Python examples run as written, and its claims about the checker hold."""

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_python_examples_run(monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README is ours


def test_the_swap_the_readme_names_is_flagged():
    from summarizer.schemas import Figure, Summary

    from summarizer import check

    source = "全市GDP增长5%，一般公共预算收入增长5.4%。"
    summary = Summary(
        figures=[
            Figure(metric="预算收入增长", value="5%", evidence="全市GDP增长5%"),
            Figure(metric="GDP增长", value="5%", evidence="全市GDP增长5%"),
        ]
    )
    statuses = [n.status for n in check(summary, source).numbers]
    assert statuses == ["unsupported", "supported"]


@pytest.mark.parametrize("command", re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE))
def test_quick_start_commands_are_the_ones_ci_runs(command):
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    if "pytest" in command:
        extras = re.search(r"pip install -e '(\.\[[\w,]+\])'", command)
        assert (
            extras is not None and f"pip install -q -e '{extras.group(1)}'" in ci and "python -m pytest" in ci
        )
        assert ("-m summarizer.eval.typecheck" in command) == ("-m summarizer.eval.typecheck" in ci)
    else:
        assert "summarizer summarize seeds/articles/000_0dc9005291e5be66.txt" in command


def test_the_error_section_has_a_row_for_every_exit_status():
    from summarizer import errors
    from summarizer.cli.entry import INTERRUPTED_EXIT

    section = README.split("## Errors and exit codes", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `(\d+)` \|", section, flags=re.MULTILINE))
    error_classes = [value for value in vars(errors).values() if isinstance(value, type)]
    used = {cls.exit_code for cls in error_classes if issubclass(cls, errors.SummarizerError)}
    assert {str(code) for code in {0, 1, INTERRUPTED_EXIT, *used}} == rows
