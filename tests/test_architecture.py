"""Import boundaries and start-up cost, checked on the source rather than trusted."""

import ast
import json
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
    def outside_schemas(name: str) -> bool:
        return name.split(".")[0] == "summarizer" and name.split(".")[:2] != ["summarizer", "schemas"]

    assert _modules("schemas")
    assert _offenders(_modules("schemas"), outside_schemas) == []


def test_the_folders_beside_summarizer_are_imported_as_its_subpackages():
    """schemas/, prompts/ and eval/ install as summarizer.schemas, .prompts and .eval: a
    top-level `import schemas` works nowhere but in a checkout on sys.path, and hides there."""
    paths = [*_modules("summarizer"), *_modules("schemas"), *_modules("prompts"), *_modules("eval")]
    paths += _modules("tests")
    assert _offenders(paths, lambda name: name.split(".")[0] in {"schemas", "prompts", "eval"}) == []


def test_only_the_llm_engine_imports_the_model_sdks():
    sdks = {"openai", "instructor", "httpx", "httpx2"}
    paths = _modules("summarizer") + _modules("eval")
    allowed = ("summarizer/engines/llm/", "eval/bench_")
    assert _offenders(paths, lambda name: name.split(".")[0] in sdks, allowed) == []
    assert _offenders(_modules("summarizer/engines/llm"), lambda name: name.split(".")[0] in sdks)


def test_only_the_runners_import_ray_and_arrow():
    """The ray extra is optional: nothing outside summarizer/runners/ may need it."""
    paths = _modules("summarizer") + _modules("eval") + _modules("schemas")
    extra = {"ray", "pyarrow", "pandas"}
    allowed = ("summarizer/runners/", "eval/bench_ray.py")
    assert _offenders(paths, lambda name: name.split(".")[0] in extra, allowed) == []


def test_only_the_words_module_imports_jieba():
    """Segmentation has one home: every step that needs words asks summarizer.words."""
    paths = _modules("summarizer") + _modules("eval")
    assert _offenders(paths, lambda name: name.split(".")[0] == "jieba", ("summarizer/words.py",)) == []


def test_nothing_outside_the_cli_imports_the_cli():
    paths = _modules("summarizer") + _modules("eval")
    assert _offenders(paths, lambda name: name.startswith("summarizer.cli"), ("summarizer/cli/",)) == []


def _imported_by(code: str) -> list[str]:
    """Modules a fresh interpreter imports to run `code`, beyond those loaded at start-up."""
    probe = (
        f"import json, sys\nbefore = set(sys.modules)\n{code}\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


_RUN_HELP = (
    "from summarizer.cli.main import cli\n"
    "try:\n    cli(['--help'])\nexcept SystemExit as done:\n    assert done.code == 0\n"
)


def test_help_imports_click_and_five_modules_of_ours_only():
    """`summarizer --help` stays instant: no pydantic, no package metadata, no command module,
    nothing heavy (jieba, opencc, openai, instructor, trafilatura, rich)."""
    imported = _imported_by(
        "import io\nsys.stdout = io.StringIO()\n" + _RUN_HELP + "sys.stdout = sys.__stdout__"
    )
    ours = [name for name in imported if name.split(".")[0] in {"summarizer", "schemas", "prompts", "eval"}]
    assert ours == [
        "summarizer",
        "summarizer.cli",
        "summarizer.cli.entry",
        "summarizer.cli.main",
        "summarizer.errors",
    ]
    others = {name.split(".")[0] for name in imported if name not in ours}
    assert others - set(sys.stdlib_module_names) == {"click"}
    assert "importlib.metadata" not in imported


def test_importing_the_package_loads_neither_pydantic_nor_metadata():
    imported = _imported_by("import summarizer")
    heavy = {"pydantic", "jieba", "opencc", "openai", "instructor"}
    assert not [name for name in imported if name.split(".")[0] in heavy]
    assert "importlib.metadata" not in imported


def test_help_lists_each_command_with_its_own_summary():
    from click.testing import CliRunner

    from summarizer.cli.main import COMMANDS, SUMMARIES, cli

    assert sorted(SUMMARIES) == sorted(COMMANDS)
    listing = CliRunner().invoke(cli, ["--help"]).output
    for name in COMMANDS:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.help is not None
        assert command.help.split("\n\n")[0].split() == SUMMARIES[name].split(), name
        assert any(line.split()[:1] == [name] for line in listing.splitlines()), name


def test_version_is_read_when_asked_for():
    from click.testing import CliRunner

    import summarizer
    from summarizer.cli.main import cli

    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"summarizer, version {summarizer.__version__}\n"
