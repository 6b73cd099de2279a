"""The shape of the project JSON export ("annotator-project"): its sections and their tables.

Shared by the export (export/project_json.py) and the restore from it (ops/backup.py).
"""

from __future__ import annotations

FORMAT = "annotator-project"
VERSION = 1

# Output key -> (table, ORDER BY). Merge bookkeeping (tombstones, conflicts) and settings (whose
# values are per-installation, such as who "I" am) are not project content and stay out.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("annotators", "annotators", "rowid"),
    # Each imported file's original bytes (the evidence copy), before the documents that point at them.
    ("originals", "originals", "rowid"),
    ("documents", "documents", "rowid"),
    ("actors", "actors", "rowid"),
    ("claims", "claims", "rowid"),
    ("events", "events", "rowid"),
    ("links", "claim_events", "rowid"),
    ("verdict_labels", "verdict_labels", "position, label"),
    ("verdicts", "verdicts", "rowid"),
    ("verdict_publications", "verdict_publications", "rowid"),
    ("evidence", "evidence", "rowid"),
    ("reviews", "reviews", "rowid"),
    ("custody", "custody", "rowid"),
)
# BLOB columns, written as base64 text (JSON has no bytes).
BASE64_COLUMNS = {"originals": "content"}
JSON_TEXT_COLUMNS = {
    "documents": ("authors", "metadata"),
    "claims": ("tags",),
    "events": ("sources",),
}
