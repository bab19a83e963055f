"""The wheel: one top-level package, every import resolved inside it, prompts as data.

The wheel is built from a copy of the sources by this environment's setuptools (no
isolated build: nothing is downloaded), then unpacked and run by a fresh interpreter
started with ``-S``. Without site's .pth files the editable install of this checkout is
invisible, so an import that only the checkout could satisfy fails there as it would
in a user's site-packages.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.seeds import ARTICLES

ROOT = Path(__file__).resolve().parents[1]
# Where each folder of the repository lands in the wheel.
INSTALLED_AS = {"summarizer": "summarizer", "schemas": "summarizer/schemas", "prompts": "summarizer/prompts"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip(
        "setuptools", minversion="70.1", reason="the test extra's setuptools builds the wheel"
    )
    tree = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    for name in ("summarizer", "schemas", "prompts", "eval"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    build = "import sys\nfrom setuptools import build_meta\nbuild_meta.build_wheel(sys.argv[1])"
    built = subprocess.run(
        [sys.executable, "-c", build, str(out)],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [found] = out.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_the_wheel_puts_only_summarizer_into_site_packages(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        [info] = {name.split("/")[0] for name in names if name.split("/")[0].endswith(".dist-info")}
        recorded = archive.read(f"{info}/RECORD").decode().splitlines()
        top_level = archive.read(f"{info}/top_level.txt").decode().split()
    assert {name.split("/")[0] for name in names} == {"summarizer", info}
    assert {line.split(",")[0].split("/")[0] for line in recorded if line} == {"summarizer", info}
    assert top_level == ["summarizer"]


def test_every_package_module_and_prompt_is_in_the_wheel_and_no_benchmark(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {
        f"{installed}/{path.relative_to(ROOT / folder).as_posix()}"
        for folder, installed in INSTALLED_AS.items()
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and path.suffix in {".py", ".md", ".css", ".js"} and "__pycache__" not in path.parts
    }
    assert expected - names == set()
    assert "summarizer/prompts/v3/system.md" in names and "summarizer/render/report.js" in names
    shipped = {name.rsplit("/", 1)[1] for name in names if name.startswith("summarizer/eval/")}
    assert {"__init__.py", "runner.py", "report.py", "metrics.py"} <= shipped
    assert [name for name in shipped if name.startswith(("bench_", "checker_", "record"))] == []


def _imported_modules(tree: ast.AST, package: str) -> set[str]:
    """Absolute names of every module `tree` imports, function bodies included."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_every_import_of_the_wheel_resolves_inside_it(unpacked: Path) -> None:
    """Lazy imports in function bodies too: `from summarizer.eval.report import ...` inside a
    command only runs when the command does."""
    modules = {
        ".".join(path.relative_to(unpacked).with_suffix("").parts).removesuffix(".__init__"): path
        for path in (unpacked / "summarizer").rglob("*.py")
    }
    missing = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for imported in _imported_modules(ast.parse(path.read_text(encoding="utf-8")), package):
            top = imported.split(".")[0]
            if (
                top in {"schemas", "prompts", "eval", "tests"}
                or top == "summarizer"
                and imported not in modules
                and imported.rsplit(".", 1)[0] not in modules
            ):
                missing.append(f"{name}: {imported}")
    assert missing == []


def _run_wheel(unpacked: Path, code: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    dependencies = [*site.getsitepackages(), site.getusersitepackages()]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(unpacked), *dependencies])}
    return subprocess.run(
        [sys.executable, "-S", "-c", code, *arguments],
        check=False,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


_IMPORT_ALL = """
import importlib, json, pkgutil, sys
import summarizer
from summarizer import prompts
names = sorted(m.name for m in pkgutil.walk_packages(summarizer.__path__, "summarizer."))
for name in names:
    importlib.import_module(name)
print(json.dumps({"file": summarizer.__file__, "modules": names, "prompts": prompts.versions(),
                  "loaded": [prompts.load(v).version for v in prompts.versions()]}))
"""
_CLI = "from summarizer.cli.entry import main\nmain()"


def test_the_unpacked_wheel_imports_every_module_and_runs_summarize_and_eval(
    unpacked: Path, tmp_path: Path
) -> None:
    done = _run_wheel(unpacked, _IMPORT_ALL, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout)
    assert Path(shown["file"]).is_relative_to(unpacked)
    assert {"summarizer.schemas.summary", "summarizer.eval.runner", "summarizer.cli.eval_cmd"} <= set(
        shown["modules"]
    )
    versions = sorted(path.name for path in (ROOT / "prompts").glob("v*") if path.is_dir())
    assert sorted(shown["prompts"]) == sorted(shown["loaded"]) == versions

    article = ARTICLES[0]
    summary = _run_wheel(unpacked, _CLI, "summarize", str(article), "--engine", "offline", "-q", cwd=tmp_path)
    assert summary.returncode == 0, summary.stderr[-2000:]
    assert json.loads(summary.stdout)["figures"]

    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    shutil.copy2(ROOT / "seeds" / "gold" / f"{article.stem}.json", tmp_path / "gold")
    shutil.copy2(article, tmp_path / "articles")
    scored = _run_wheel(
        unpacked,
        _CLI,
        "eval",
        "--gold",
        "gold",
        "--articles",
        "articles",
        "--engine",
        "offline",
        cwd=tmp_path,
    )
    assert scored.returncode == 0, scored.stderr[-2000:]
    assert article.stem in scored.stdout and "macro" in scored.stdout
