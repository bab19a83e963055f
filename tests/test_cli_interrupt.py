"""Ctrl-C at any moment, start-up included: one line on stderr and exit status 130, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pipeline_stub import INTERRUPT_MARK, PipelineStub

from summarizer.cli.main import cli


def test_ctrl_c_while_a_command_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(name: str) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr("summarizer.cli.main.import_module", interrupted)
    result = CliRunner().invoke(cli, ["summarize", "--help"])
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "Interrupted.\n")


def test_ctrl_c_during_one_article(stub: PipelineStub, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("白塔区今年计划投资1.35亿元。" + INTERRUPT_MARK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["summarize", str(article), "-q"])
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "Interrupted.\n")


# Installed in a child process: Ctrl-C "arrives" when the named module is first imported.
INTERRUPTING_IMPORT = """
import sys

class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupting())
"""


@pytest.mark.parametrize("module", ["click", "pydantic", "summarizer.cli.summarize_cmd", "jieba"])
def test_ctrl_c_during_start_up_of_the_installed_command(tmp_path: Path, module: str) -> None:
    command = Path(sys.executable).parent / "summarizer"
    if not command.is_file():
        pytest.skip(f"no console script at {command}")
    (tmp_path / "sitecustomize.py").write_text(INTERRUPTING_IMPORT.format(module=module), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。", encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}
    finished = subprocess.run(
        [str(command), "summarize", str(article), "--engine", "offline", "-q"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=60,
    )
    assert (finished.returncode, finished.stdout, finished.stderr) == (130, "", "Interrupted.\n")
