"""FollowTheMoney: export the graph as FtM entities (JSON lines), and read FtM entities back.

FtM has people, organisations and companies, public bodies, families, memberships, employments,
directorships, positions and occupancies, sanctions, court cases and their parties, events and
documents, but no detention, verdict or resolution; those become Events, CourtCases or Documents
as fits. An imported entity keeps its FtM id and schema (``rg:ftmId``, ``rg:ftmSchema``), so
that an export gives back the same ids and schemata; an entity made by rightsgraph keeps the
record's IRI in ``sourceUrl`` and gets an id derived from it.

The ``followthemoney`` library (the ``ftm`` extra) builds, cleans and validates the entities.
Reading is lenient where FtM is: an invalid value of a property rightsgraph does not import never
refuses an entity, and :func:`read_ftm_file` lists every value and entity it left out.

- :mod:`.tables`: the correspondence of FtM schemata and rightsgraph classes;
- :mod:`.export`: the graph as FtM entities;
- :mod:`.parse`: FtM JSON lines checked value by value;
- :mod:`.reader`: FtM entities as a batch of records.
"""

from __future__ import annotations

from rightsgraph.loaders.ftm.export import export_ftm
from rightsgraph.loaders.ftm.reader import FtmImport, load_ftm_file, read_ftm_file

__all__ = ["FtmImport", "export_ftm", "load_ftm_file", "read_ftm_file"]
