"""Claims from a spreadsheet: a CSV with the columns of our CSV export, each row placed like an annotation.

Only `quote` is needed. The document is named by `document_id`, `document_url`, `document_title` or
`document_sha256` (the first that names a document of the project); with none, the quote is looked for
in every document. `prefix`, `suffix`, `start` and `end` help place it, as they do for a W3C annotation
(ops/w3c_import.py places every row, so a close match is imported as needing confirmation). `kind`,
`claimant`, `statement`, `stated_as_written` (with `stated_from`, `stated_to`, `stated_precision`, or
resolved from the text), `due`, `tags` ("; "-separated), `note`, `tagged_by`, `created_at` and
`updated_at` fill the claim; other columns (verdicts, counts) are ignored. A row with `claim_id` keeps
that id, so re-importing our own export recognises its claims; other rows get an id derived from their
content, so importing the same sheet twice changes nothing. Rows that cannot be placed are reported by
their line number.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.domain.dates import parse_stated_date
from annotator.domain.models import CLAIM_KINDS
from annotator.ingest.budget import MAX_CONTENT_BYTES
from annotator.ingest.errors import IngestError
from annotator.ops.w3c_import import AnnotationOutcome, W3CImportReport, import_web_annotations
from annotator.store.project import Project

DOCUMENT_COLUMNS = ("document_id", "document_url", "document_title", "document_sha256")
# The starts our CSV export neutralises with a leading quote (export/csv_export.py; a test keeps the two
# the same: ops may not import export).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_claims_csv(path: Path) -> bool:
    """Whether a .csv file's header row names a `quote` column (and so holds claims)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return "quote" in [name.strip().lower() for name in header]


def _rows(path: Path) -> list[dict[str, str]]:
    if path.stat().st_size > MAX_CONTENT_BYTES:
        raise IngestError(path, f"is larger than {MAX_CONTENT_BYTES // (1024 * 1024)} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(path, "is not UTF-8 text (save the sheet as CSV UTF-8)") from None
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [{(k or "").strip().lower(): _cell(v) for k, v in row.items()} for row in reader]
    except csv.Error as error:
        raise IngestError(path, f"is not readable CSV ({error})") from None
    return rows


def _cell(value: Any) -> str:
    """A cell as typed: our export's quote before a formula-like start taken back off."""
    text = value if isinstance(value, str) else ""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _document(project: Project, row: dict[str, str]) -> tuple[str | None, str]:
    """The sha256 of the document the row names (None when it names none), or why the one it names
    is not in the project."""
    queries = (
        ("document_id", "SELECT sha256 FROM documents WHERE id = ?"),
        ("document_sha256", "SELECT sha256 FROM documents WHERE sha256 = ?"),
        ("document_url", "SELECT sha256 FROM documents WHERE url = ? ORDER BY version DESC"),
        (
            "document_title",
            "SELECT sha256 FROM documents WHERE title = ? COLLATE NOCASE ORDER BY version DESC",
        ),
    )
    named = ""
    for column, sql in queries:
        value = row.get(column, "").strip()
        if not value:
            continue
        found = project.conn.execute(sql, [value]).fetchone()
        if found is not None:
            return str(found[0]), ""
        named = named or f"{column.replace('_', ' ')} “{value}”"
    return None, (f"its {named} is not in the project" if named else "")


def _annotation(row: dict[str, str], sha256: str | None) -> dict[str, Any]:
    """The row as a Web Annotation with our terms, for the W3C importer to place."""
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": row.get("quote", ""),
            "prefix": row.get("prefix", ""),
            "suffix": row.get("suffix", ""),
        }
    ]
    if row.get("start", "").isdigit() and row.get("end", "").isdigit():
        selectors.append({"type": "TextPositionSelector", "start": int(row["start"]), "end": int(row["end"])})
    kind = row.get("kind", "").strip().lower()
    tags = [tag.strip() for tag in row.get("tags", "").split(";") if tag.strip()]
    bodies = [
        {"type": "TextualBody", "purpose": "tagging", "value": kind if kind in CLAIM_KINDS else "factual"}
    ]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags]
    if row.get("statement", "").strip():
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": row["statement"]})
    if row.get("note", "").strip():
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": row["note"]})
    annotation: dict[str, Any] = {
        "id": _row_id(row, sha256),
        "body": bodies,
        "target": {"source": f"urn:sha256:{sha256}" if sha256 else "", "selector": selectors},
    }
    if kind in CLAIM_KINDS:
        annotation["claimKind"] = kind
    for column, term in (("tagged_by", "creator"), ("claimant", "claimant")):
        if row.get(column, "").strip():
            annotation[term] = {"type": "Person", "name": row[column].strip()}
    for column, term in (("created_at", "created"), ("updated_at", "modified"), ("due", "due")):
        if row.get(column, "").strip():
            annotation[term] = row[column].strip()
    stated = _stated(row)
    if stated:
        annotation["stated"] = stated
    return annotation


def _stated(row: dict[str, str]) -> dict[str, str]:
    text = row.get("stated_as_written", "").strip()
    stated = {
        "dateText": text,
        "earliest": row.get("stated_from", "").strip(),
        "latest": row.get("stated_to", "").strip(),
        "precision": row.get("stated_precision", "").strip(),
    }
    if text and not stated["earliest"] and (resolution := parse_stated_date(text)) is not None:
        stated.update(earliest=resolution.lo, latest=resolution.hi, precision=resolution.precision)
    return {name: value for name, value in stated.items() if value}


def _row_id(row: dict[str, str], sha256: str | None) -> str:
    claim_id = row.get("claim_id", "").strip()
    if claim_id:
        try:
            return f"urn:uuid:{uuid.UUID(claim_id)}"
        except ValueError:
            pass
    key = {
        "document": sha256,
        "quote": row.get("quote", ""),
        "start": row.get("start", ""),
        "claim": claim_id,
    }
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'annotator:csv-claim:' + json.dumps(key, sort_keys=True))}"
    )


def import_claims_csv(
    project: Project, path: Path, created_by: str | None = None, step: Callable[[], None] | None = None
) -> W3CImportReport:
    """Place every row of the sheet as a claim, in one transaction; IngestError if it cannot be read."""
    rows = _rows(path)
    outcomes: dict[int, AnnotationOutcome] = {}
    annotations: list[tuple[int, dict[str, Any]]] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        sha256, missing = _document(project, row)
        if missing:
            outcomes[line] = AnnotationOutcome(f"row {line}", "unmatched", missing)
        else:
            annotations.append((line, _annotation(row, sha256)))
    report = import_web_annotations(project, [annotation for _, annotation in annotations], created_by, step)
    for (line, _), outcome in zip(annotations, report.outcomes, strict=True):
        outcomes[line] = replace(outcome, annotation=f"row {line}")
    return W3CImportReport([outcomes[line] for line in sorted(outcomes)])
