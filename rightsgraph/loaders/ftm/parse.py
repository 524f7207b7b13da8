r"""FtM JSON lines parsed and checked value by value with followthemoney, before any record is made.

An invalid value is left out and listed (as ignorable when rightsgraph does not import that
property: followthemoney itself drops it and keeps the entity); a line that is not an entity is
listed whole.

>>> from rightsgraph.loaders.rejects import Rejected
>>> rejected: list[Rejected] = []
>>> entities, read = parse_entities("x.ftm.json", '{"id": "p1", "schema": "Person", "properties": {"name": ["Ann"]}}\nnot json', rejected)
>>> [(e.line, e.schema, e.props) for e in entities], read, [r.line for r in rejected]
([(1, 'Person', {'name': ['Ann']})], 2, [2])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from rightsgraph.loaders.ftm.tables import INTERVALS, LINK_SCHEMATA, model, used_properties
from rightsgraph.loaders.rejects import Rejected


@dataclass
class ParsedEntity:
    """One line of the file: its JSON object (with the values FtM accepts) and the raw text."""

    line: int
    data: dict[str, Any]
    raw: str

    @property
    def schema(self) -> str:
        return str(self.data["schema"])

    @property
    def props(self) -> dict[str, list[str]]:
        props: dict[str, list[str]] = self.data.get("properties", {})
        return props

    def original(self) -> dict[str, str]:
        return {"id": str(self.data.get("id", "")), "schema": str(self.data.get("schema", "")), "entity": self.raw}



UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters and unpaired surrogates (JSON's ``\\ud800``): not text."""


def _clean_values(values: object) -> object:
    """Property values cleaned as FtM cleans them (control characters and unpaired surrogates
    removed, empty values dropped): a file FtM accepts is not refused, and no such character
    reaches a terminal or an XML output."""
    from followthemoney.util import sanitize_text

    if not isinstance(values, list):
        return values
    cleaned = [sanitize_text(value) if isinstance(value, str) and UNSAFE_TEXT.search(value) else value for value in values]
    return [value for value in cleaned if value is not None]


def parse_entities(name: str, text: str, rejected: list[Rejected]) -> tuple[list[ParsedEntity], int]:
    """The entities of the file, each value checked by FtM; what is invalid is left out and listed."""
    ftm = model()
    entities: list[ParsedEntity] = []
    read = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        read += 1

        def refuse(message: str, column: str | None = None) -> None:
            rejected.append(Rejected(name, number, None, "", message, {"entity": raw}, column))  # noqa: B023

        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            refuse(f"not a JSON object: {err.msg}")
            continue
        except RecursionError:
            refuse("JSON nested too deeply (an FtM entity is a flat object of lists)")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("schema"), str):
            refuse("an FtM entity is a JSON object with 'id', 'schema' and 'properties'")
            continue
        unsafe = UNSAFE_TEXT.search(data["id"])
        if unsafe:
            refuse(f"contains U+{ord(unsafe.group()):04X}, which is not text", "id")
            continue
        if isinstance(data.get("properties"), dict):
            data["properties"] = {key: _clean_values(values) for key, values in data["properties"].items()}
        schema = ftm.get(data["schema"])
        if schema is None:
            refuse(f"unknown FtM schema '{data['schema']}'", "schema")
            continue
        properties = data.get("properties", {})
        if not isinstance(properties, dict) or not all(isinstance(v, list) for v in properties.values()):
            refuse("must map each property to a list of values", "properties")
            continue
        entity = ParsedEntity(number, {**data, "properties": {}}, raw)
        used = used_properties(schema.name)
        for prop_name, values in properties.items():
            prop = schema.properties.get(prop_name)
            kept = []
            for value in values:
                if prop is not None and isinstance(value, str) and prop.type.validate(value):
                    kept.append(value)
                    continue
                problem = f"not a property of an FtM {schema.name}" if prop is None else f"'{value}' is not a valid {prop.type.name}"
                ignorable = prop_name not in used or prop is None
                rejected.append(Rejected(name, number, prop_name, str(value), problem, entity.original(), ignorable=ignorable))
            if kept:
                entity.props[prop_name] = kept
        # A link (a family, a membership, a sanction) cannot be made without both of its ends. It is
        # counted and left out, never a reason to refuse the file: followthemoney's own validation
        # accepts a link with an end missing (a partial record is common in real exports).
        ends = sorted(schema.required) if schema.name in (*INTERVALS, *(LINK_SCHEMATA - {"UnknownLink"}), "Sanction") else []
        missing = [p for p in ends if not entity.props.get(p)]
        if missing:
            problem = f"this {schema.name} links nothing: it needs {', '.join(missing)}"
            rejected.append(Rejected(name, number, None, "", problem, entity.original(), ignorable=True))
            continue
        entities.append(entity)
    return entities, read


__all__ = ["ParsedEntity", "parse_entities"]
