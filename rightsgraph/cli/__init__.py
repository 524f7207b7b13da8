"""The ``rightsgraph`` command line: parses arguments, calls the library, prints.

Errors a user can cause print one line each (``file:line: field: message``) and exit with
status 2; nothing is written when a command fails. Each module of this package holds the
commands of one topic and registers them on :data:`main` when imported.
"""

from rightsgraph.cli import build, linking, query, serve, views  # noqa: F401  (registers the commands)
from rightsgraph.cli.common import main

__all__ = ["main"]
