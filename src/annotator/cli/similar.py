"""`annotator similar PROJECT "TEXT" [--limit N] [--json]`: claims and fact-checks like a text, ranked."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from annotator.cli._common import open_or_report
from annotator.domain.similarity import FUZZ_WEIGHT
from annotator.store.similar import DEFAULT_LIMIT, find_similar

NAME = "similar"
HELP = "list the project's claims and imported fact-checks most like a text (seen this claim before?)"
_WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        f"Score (0..1, higher is more alike) = {FUZZ_WEIGHT:g} x word overlap (rapidfuzz) + "
        f"{1 - FUZZ_WEIGHT:g} x BM25 relative to the best match. Fact-checks are imported with "
        "`annotator import PROJECT FILE` from ClaimReview JSON-LD files or saved fact-check pages."
    )
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("text", nargs="+", help="the claim to look up (several words are joined)")
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help=f"hits shown (default: {DEFAULT_LIMIT})"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _short(text: str, width: int = _WIDTH) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def run(options: argparse.Namespace) -> int:
    if options.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    project = open_or_report(options.project)
    if project is None:
        return 2
    text = " ".join(options.text)
    with project:
        hits = find_similar(project, text, limit=options.limit)
    if options.json:
        print(
            json.dumps({"query": text, "hits": [hit.to_json() for hit in hits]}, ensure_ascii=False, indent=2)
        )
        return 0
    if not hits:
        print("nothing similar")
        return 0
    for hit in hits:
        what = "claim" if hit.kind == "claim" else "fact-check"
        print(f"{hit.score:.3f}  {what}: {_short(hit.text)}")
        source = _short(hit.source, _WIDTH - 14) + (f" ({hit.date})" if hit.date else "")
        print(f"       {'document' if hit.kind == 'claim' else 'by'}: {source}")
        if hit.claimant:
            print(f"       claimant: {hit.claimant}")
        verdict = f"{hit.verdict} as of {hit.verdict_as_of}" if hit.verdict else "no published verdict"
        print(f"       {'verdict' if hit.kind == 'claim' else 'rating'}: {verdict}")
        print(f"       id: {hit.id}" + (f"  {hit.url}" if hit.url else ""))
    return 0
