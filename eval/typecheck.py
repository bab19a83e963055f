"""mypy over the checkout's code, read as the wheel installs it.

mypy maps files to modules by their place on disk, and cannot see through setuptools'
``package-dir`` (./schemas is summarizer.schemas) or the editable install's import hook,
so it checks a `tree_view` of the checkout: summarizer/ with schemas/, prompts/ and eval/
linked inside, and tests/ beside it for the checkout-only modules of eval/ that import
its servers. Paths in mypy's report are put back as the checkout spells them.

    python -m summarizer.eval.typecheck              # configured in pyproject.toml [tool.mypy]
    python -m summarizer.eval.typecheck --no-incremental   # further arguments go to mypy
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from summarizer.eval.tree_view import INSTALLED_INSIDE, import_root

ROOT = Path(__file__).resolve().parents[1]
# summarizer/schemas/check.py:12: error: ... -> schemas/check.py:12: error: ...
_LINKED_INSIDE = re.compile(rf"^summarizer/({'|'.join(INSTALLED_INSIDE)})/", re.MULTILINE)


def typecheck(tree: Path, mypy_args: list[str]) -> int:
    """Run mypy on `tree`'s code as installed; print its report; return its exit status."""
    view = import_root(tree)
    if not (view / "tests").exists():
        (view / "tests").symlink_to(tree / "tests", target_is_directory=True)
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(tree / "pyproject.toml"),
        # The view is new every run; the cache stays with the checkout.
        "--cache-dir",
        str(tree / ".mypy_cache"),
        *mypy_args,
        "summarizer",
    ]
    ran = subprocess.run(command, cwd=view, capture_output=True, text=True, check=False)
    sys.stdout.write(_LINKED_INSIDE.sub(r"\1/", ran.stdout))
    sys.stderr.write(ran.stderr)
    return ran.returncode


def main() -> None:
    sys.exit(typecheck(ROOT, sys.argv[1:]))


if __name__ == "__main__":
    main()
