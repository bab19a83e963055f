"""Import boundaries and start-up cost, checked on the source rather than trusted."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _offenders(paths: list[Path], forbidden, allowed_prefixes: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(allowed_prefixes) if allowed_prefixes else False:
            continue
        found += [f"{relative}: {name}" for name in sorted(_imports(path)) if forbidden(name)]
    return found


def test_schemas_import_nothing_from_the_pipeline():
    assert _modules("schemas")
    assert _offenders(_modules("schemas"), lambda name: name.split(".")[0] == "summarizer") == []


def test_only_the_llm_engine_imports_the_model_sdks():
    sdks = {"openai", "instructor", "httpx", "httpx2"}
    paths = _modules("summarizer") + _modules("eval")
    allowed = ("summarizer/engines/llm/", "eval/bench_")
    assert _offenders(paths, lambda name: name.split(".")[0] in sdks, allowed) == []
    assert _offenders(_modules("summarizer/engines/llm"), lambda name: name.split(".")[0] in sdks)


def test_nothing_outside_the_cli_imports_the_cli():
    paths = _modules("summarizer") + _modules("eval")
    assert _offenders(paths, lambda name: name.startswith("summarizer.cli"), ("summarizer/cli/",)) == []


def test_help_loads_neither_jieba_nor_the_model_sdks():
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from summarizer.cli.main import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(sorted(m for m in ('jieba', 'openai', 'instructor', 'opencc') if m in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert output.stdout.strip() == "[]"


def test_public_api_is_what_all_says():
    import summarizer

    for name in summarizer.__all__:
        assert getattr(summarizer, name) is not None, name
    assert callable(summarizer.summarize) and callable(summarizer.check)
