"""Generic row <-> dataclass conversion for tables whose columns mirror a dataclass's fields."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from typing import Any, TypeVar

from annotator.store.project import Project

T = TypeVar("T")

# Columns that hold JSON text in the database and lists or dicts in Python.
JSON_COLUMNS = frozenset({"tags", "sources", "authors", "metadata"})


def to_row(record: Any) -> dict[str, Any]:
    row = dataclasses.asdict(record)
    for name in JSON_COLUMNS & row.keys():
        row[name] = json.dumps(row[name], ensure_ascii=False)
    return row


def insert_record(project: Project, table: str, record: Any) -> None:
    """Insert a dataclass as one row, exactly as given: how creating and restoring (redo, undo) write."""
    with project.transaction() as db:
        db.table(table).insert(to_row(record))


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {name: row[name] for name in names if name in row}
    for name in JSON_COLUMNS & values.keys():
        values[name] = json.loads(values[name] or ("{}" if name == "metadata" else "[]"))
    return cls(**values)


def from_rows(cls: type[T], rows: Iterable[dict[str, Any]]) -> list[T]:
    return [from_row(cls, row) for row in rows]


def columns(cls: type[Any]) -> str:
    """The SELECT list for a dataclass's columns ("end" quoted: it is an SQL keyword)."""
    return ", ".join(f'"{f.name}"' for f in dataclasses.fields(cls))
