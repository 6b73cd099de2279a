"""`annotator search PROJECT QUERY [--json]`: full-text search, results grouped by kind with snippets."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from annotator.cli._common import open_or_report
from annotator.store.search import KINDS, SearchHit, SearchResults, search

NAME = "search"
HELP = "search documents, claims, events, verdicts and evidence"

_HEADINGS = {
    "document": "Documents",
    "claim": "Claims",
    "event": "Events",
    "verdict": "Verdicts",
    "evidence": "Evidence",
}
# What a hit's `context` is, per kind.
_CONTEXT_LABELS = {
    "document": "source",
    "claim": "document",
    "event": "date",
    "verdict": "claim",
    "evidence": "claim",
}
_WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        'Query: words (all must match), "quoted phrases", prefix* (Lukashenk*), -excluded, '
        "OR between two words. Case and diacritics are ignored (Ticalau finds Țicălău). Chinese, Japanese, "
        "Thai, Korean and other text written without spaces is found anywhere, from one character (白). "
        "Put -- before a query that starts with -."
    )
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("query", nargs="+", help="what to search for (several words are joined)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--limit", type=int, default=20, help="hits shown per kind (default: 20)")


def _short(text: str, width: int = _WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    data = asdict(hit)
    data["snippet"] = hit.snippet.text
    data["snippet_marked"] = hit.snippet.marked()
    data["highlights"] = [list(span) for span in hit.snippet.highlights]
    return data


def results_json(results: SearchResults) -> dict[str, Any]:
    """The results as JSON-ready data: per kind, how many matched and the hits shown."""
    return {
        "query": results.query,
        "expression": results.expression,
        "total": results.total,
        "results": {
            kind: {"total": results.totals[kind], "hits": [_hit_json(hit) for hit in results.hits[kind]]}
            for kind in KINDS
        },
    }


def _print_text(results: SearchResults) -> None:
    if results.is_empty():
        print("no results")
        return
    for kind in KINDS:
        hits, total = results.hits[kind], results.totals[kind]
        if not total:
            continue
        shown = f"{total}" if len(hits) == total else f"{len(hits)} of {total}"
        print(f"{_HEADINGS[kind]} ({shown})")
        for hit in hits:
            print(f"  {_short(hit.title)}")
            if hit.context:
                print(f"    {_CONTEXT_LABELS[kind]}: {_short(hit.context)}")
            if hit.snippet.text:
                print(f"    {hit.snippet.marked()}")
            where = f" at {hit.start}-{hit.end}" if hit.start is not None else ""
            print(f"    id: {hit.id}{where}")
        print()


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return 2
    with project:
        # Every match ranked and counted, however common the words: a script wants the whole answer.
        results = search(
            project, " ".join(options.query), limit_per_kind=max(options.limit, 0), rank_window=None
        )
    if options.json:
        print(json.dumps(results_json(results), ensure_ascii=False, indent=2))
    else:
        _print_text(results)
    return 0
