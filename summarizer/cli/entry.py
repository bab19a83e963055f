"""The `summarizer` console script: the command group, loaded inside a guard against Ctrl-C.

Loading the command group imports click, pydantic and the schemas; a Ctrl-C that lands
while they load ends the command like one that lands later: one line, exit status 130,
no traceback. This module imports nothing heavy itself.
"""

from __future__ import annotations

import sys

INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report it


def main() -> None:
    try:
        from summarizer.cli.main import cli

        cli.main(prog_name="summarizer")
    except KeyboardInterrupt:
        try:
            sys.stderr.write("Interrupted.\n")
            sys.stderr.flush()
        except (OSError, ValueError):  # stderr gone: the exit status still says it
            pass
        sys.exit(INTERRUPTED_EXIT)
