"""`annotator suggest PROJECT [DOCUMENT_ID...] [--kind K] [--json]`: the suggested claims, quotes,
predictions and people of documents, best first, as the window shows them (nothing is written)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from annotator.cli._common import open_or_report
from annotator.domain.suggestions import SUGGESTION_KINDS, Suggestion
from annotator.ops import suggestions as suggestion_ops
from annotator.store import queries
from annotator.store.project import ProjectError

NAME = "suggest"
HELP = "print suggested claims, quotes, predictions and people of documents (nothing is written)"
_WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("documents", nargs="*", metavar="DOCUMENT_ID", help="documents (default: all)")
    parser.add_argument(
        "--kind", action="append", choices=SUGGESTION_KINDS, help="only this kind (may be repeated)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "document": suggestion.document_id,
        "start": suggestion.start,
        "end": suggestion.end,
        "exact": suggestion.exact,
        "kind": suggestion.kind,
        "score": suggestion.score,
        "reason": suggestion.reason,
        "generator": suggestion.generator,
        "version": suggestion.version,
    }
    if suggestion.kind in ("quote", "person"):
        data["speaker"] = suggestion.speaker
        data["speaker_id"] = suggestion.speaker_id
    if suggestion.cue:
        data["cue"] = suggestion.cue
    if suggestion.stated_text:
        data["stated"] = {
            "text": suggestion.stated_text,
            "lo": suggestion.stated.lo if suggestion.stated else "",
            "hi": suggestion.stated.hi if suggestion.stated else "",
            "precision": suggestion.stated.precision if suggestion.stated else "",
        }
    if suggestion.due:
        data["due"] = suggestion.due
    return data


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1].rstrip() + "…"


def _print_text(suggestion: Suggestion) -> None:
    where = f"{suggestion.start}-{suggestion.end}"
    print(f"{suggestion.score:5.2f}  {suggestion.kind:<10} {where}  {_short(suggestion.exact)}")
    details = [suggestion.reason]
    if suggestion.kind == "quote" and suggestion.speaker:
        details.append(f"speaker: {suggestion.speaker}")
    if suggestion.stated_text:
        shown = suggestion.stated.display() if suggestion.stated else "unresolved: the document has no date"
        details.append(f"stated: {suggestion.stated_text} ({shown})")
    if suggestion.due:
        details.append(f"due: {suggestion.due}")
    print(f"       {'; '.join(details)}")


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return 2
    with project:
        known = {summary.id: summary for summary in queries.document_summaries(project)}
        unknown = [d for d in options.documents if d not in known]
        if unknown:
            print(f"error: {options.project}: no document {', '.join(unknown)}", file=sys.stderr)
            return 2
        try:
            trained = suggestion_ops.model(project)
            found = {
                document_id: suggestion_ops.document_suggestions(project, document_id, options.kind, trained)
                for document_id in options.documents or list(known)
            }
        except ProjectError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    if options.json:
        rows = [suggestion_json(s) for suggestions in found.values() for s in suggestions]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for document_id, suggestions in found.items():
        print(f"{known[document_id].title or document_id} ({document_id}): {len(suggestions)} suggestions")
        for suggestion in suggestions:
            _print_text(suggestion)
        print()
    return 0
