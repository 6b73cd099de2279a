"""`annotator claims PROJECT [--json]`: every claim with its document, claimant and published verdict."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli._common import open_or_report
from annotator.cli._desk import BAD_INPUT, print_json, short
from annotator.store import findings

NAME = "claims"
HELP = "list a project's claims: id, document, quote, kind, claimant, stated date, published verdict"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("--json", action="store_true", help="print JSON (full ids) instead of text")


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        lines = findings.claim_lines(project)
    if options.json:
        print_json(lines)
        return 0
    for line in lines:
        quote = " ".join(line.quote.split())
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        verdict = (
            f"{line.published} as of {line.published_as_of}" if line.published else "no published verdict"
        )
        waiting = (
            f"; {line.waiting} newer proposal{'' if line.waiting == 1 else 's'} waiting"
            if line.waiting
            else ""
        )
        who = f" — {line.claimant}" if line.claimant else ""
        stated = f", stated {line.stated}" if line.stated else ""
        where = f"[{line.document}]"
        print(f"{short(line.id)}  {line.kind}  “{quote}”{who}{stated}  {where}  {verdict}{waiting}")
    print(f"{len(lines)} claim{'' if len(lines) == 1 else 's'}")
    return 0
