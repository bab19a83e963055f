"""A source tree laid out as its wheel installs it, for tools that read the files themselves.

The checkout keeps schemas/, prompts/ and eval/ beside summarizer/, and setuptools'
``package-dir`` installs them inside it (summarizer.schemas is ./schemas). The editable
install resolves that with an import hook, which a fresh interpreter given ``PYTHONPATH``
(the cold-start benchmark) or a static checker reading files (mypy) cannot follow. A view
of symlinks gives both the installed layout while every file stays the checkout's own.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

# Folders of the repository that install as subpackages of summarizer.
INSTALLED_INSIDE = ("schemas", "prompts", "eval")


@cache
def import_root(tree: Path) -> Path:
    """A directory that, put on ``PYTHONPATH``, imports `tree`'s code laid out as its wheel
    installs it: schemas/, prompts/ and eval/ inside summarizer/ (and beside it too, for a
    tree from before they moved there). Links only; removed when the process ends."""
    view = Path(tempfile.mkdtemp(prefix="summarizer-tree-"))
    atexit.register(shutil.rmtree, view, ignore_errors=True)
    package = view / "summarizer"
    package.mkdir()
    for entry in (tree / "summarizer").iterdir():
        (package / entry.name).symlink_to(entry)
    for folder in INSTALLED_INSIDE:
        if (tree / folder).is_dir():
            (package / folder).symlink_to(tree / folder, target_is_directory=True)
            (view / folder).symlink_to(tree / folder, target_is_directory=True)
    return view
