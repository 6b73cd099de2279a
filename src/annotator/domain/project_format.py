"""The shape of the project JSON export ("annotator-project"): its sections and their tables.

Shared by the export (export/project_json.py) and the restore from it (ops/backup.py).
"""

from __future__ import annotations

FORMAT = "annotator-project"
# Version 2 added fact-checks, same-claim links, suggestion decisions and provenance, anchor history,
# deletions (tombstones) and conflicts. A version 1 file is read as one that has none of those.
VERSION = 2
READABLE_VERSIONS = (1, 2)

# Output key -> (table, ORDER BY). Settings (whose values are per-installation, such as who "I" am) are
# not project content and stay out; tests/export/test_tables_covered.py lists every other table left out.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("annotators", "annotators", "rowid"),
    # Each imported file's original bytes (the evidence copy), before the documents that point at them.
    ("originals", "originals", "rowid"),
    ("documents", "documents", "rowid"),
    ("actors", "actors", "rowid"),
    ("claims", "claims", "rowid"),
    ("mentions", "mentions", "rowid"),
    ("events", "events", "rowid"),
    ("links", "claim_events", "rowid"),
    ("verdict_labels", "verdict_labels", "position, label"),
    ("verdicts", "verdicts", "rowid"),
    ("verdict_publications", "verdict_publications", "rowid"),
    ("evidence", "evidence", "rowid"),
    ("reviews", "reviews", "rowid"),
    ("custody", "custody", "rowid"),
    ("factchecks", "factchecks", "rowid"),
    ("claim_links", "claim_links", "rowid"),
    ("suggestion_decisions", "suggestion_decisions", "rowid"),
    ("claim_provenance", "claim_provenance", "rowid"),
    ("anchor_history", "anchor_history", "id"),
    # Deletions that must keep travelling with merges, and disagreements still waiting for a reviewer.
    ("tombstones", "tombstones", "rowid"),
    ("conflicts", "conflicts", "rowid"),
)
# BLOB columns, written as base64 text (JSON has no bytes).
BASE64_COLUMNS = {"originals": "content"}
JSON_TEXT_COLUMNS = {
    "documents": ("authors", "metadata"),
    "claims": ("tags",),
    "events": ("sources",),
    "factchecks": ("appearance", "review"),
    "suggestion_decisions": ("features",),
}
# What an empty JSON text column stands for, where it is not an empty list. (Tombstones' and conflicts'
# row images stay JSON text: a merge compares them as text, so they must come back byte for byte.)
JSON_OBJECT_COLUMNS = frozenset({"metadata", "review"})
