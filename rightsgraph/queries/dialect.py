"""Engine hints in portable query texts: a group marked ``# LATERAL`` runs as a lateral join on
Oxigraph and as a plain join everywhere else.

The ``.rq`` files are SPARQL 1.1 and run as they are in any SPARQL tool. Oxigraph plans a join
by guessing sizes from the shape of each pattern, not from the data, so a group that should run
once per row of a small sub-select (an event in a date range) is often evaluated over the whole
graph first and joined afterwards. Oxigraph also implements ``LATERAL { ... }`` (SEP-0006), which
evaluates the group once per row before it, with that row's values. A query marks such a group
with a comment on the line of its opening brace::

    { SELECT ?event ... }
    {  # LATERAL: once per event in the range
      ?event rdfs:label ?name .
    }

:func:`for_oxigraph` writes ``LATERAL`` before each marked group; other engines receive the text
unchanged. The hint is only sound when the marked group binds, with its own triple patterns,
every variable it shares with what comes before it (no filter or sub-select in it reads a variable
only the rows before it bind): the lateral join and the plain join then give the same rows. The
row-equality tests run every query of the library both ways on Oxigraph, and on Virtuoso.

>>> print(for_oxigraph("SELECT * WHERE { { SELECT ?e WHERE { ?e a ?c } } {  # LATERAL\\n ?e ?p ?o } }"))
SELECT * WHERE { { SELECT ?e WHERE { ?e a ?c } } LATERAL {  # LATERAL
 ?e ?p ?o } }
>>> for_oxigraph('SELECT * WHERE { ?s ?p "{  # LATERAL" }')  # not a group: a string
'SELECT * WHERE { ?s ?p "{  # LATERAL" }'
"""

from __future__ import annotations

import re

from rightsgraph.queries.binding import brace_positions

_HINT = re.compile(r"[ \t]*#[ \t]*LATERAL\b")


def lateral_groups(text: str) -> list[int]:
    """Positions of the opening braces marked ``# LATERAL`` (outside strings, IRIs and comments)."""
    return [index for index in brace_positions(text) if _HINT.match(text, index + 1)]


def for_oxigraph(text: str) -> str:
    """The text with ``LATERAL`` written before each marked group (see the module's docstring)."""
    for index in reversed(lateral_groups(text)):
        text = f"{text[:index]}LATERAL {text[index:]}"
    return text
