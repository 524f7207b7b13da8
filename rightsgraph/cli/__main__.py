"""``python -m rightsgraph.cli``: the same as the ``rightsgraph`` command."""

from rightsgraph.cli import main

main()
