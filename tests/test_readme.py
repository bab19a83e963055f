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
    from schemas import Figure, Summary
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
        assert "pip install -q '.[test]'" in ci and "python -m pytest" in ci
    else:
        assert "summarizer summarize seeds/articles/000_0dc9005291e5be66.txt" in command
