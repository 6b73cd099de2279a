"""`annotator claim PROJECT CLAIM_ID [--kind K] [--claimant NAME] [--stated TEXT] [--statement TEXT]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.cli._desk import BAD_INPUT, InputError, fail, find_id, print_json
from annotator.domain.dates import parse_stated_date, reference_date
from annotator.domain.models import CLAIM_KINDS
from annotator.ops import claims as claim_ops
from annotator.ops.claims import ClaimError
from annotator.store import queries

NAME = "claim"
HELP = "change a claim's kind, claimant (a name or alias), stated date or normalised statement"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("claim", metavar="CLAIM_ID", help="the claim's id (or its first characters)")
    parser.add_argument("--kind", choices=CLAIM_KINDS, help="what kind of claim it is")
    parser.add_argument("--claimant", help='who made it, by name or alias ("" clears it)')
    parser.add_argument("--stated", help='when it was stated, as written ("17 March", "Apr 13, 2022")')
    parser.add_argument("--statement", help="the claim in a normalised sentence")
    parser.add_argument("--json", action="store_true", help="print the claim as JSON afterwards")
    add_identity_argument(parser)


def _stated_fields(text: str, published: str) -> tuple[dict[str, str], str]:
    """The stored fields for a typed stated date and the line that shows the user what it became."""
    text = text.strip()
    resolution = parse_stated_date(text, reference_date(published)) if text else None
    if resolution is None:
        fields = {"stated_text": text, "stated_lo": "", "stated_hi": "", "stated_precision": ""}
        if not text:
            return fields, "stated date cleared"
        hint = "" if published else " (the document has no date: set it for a date without a year)"
        return fields, f"stated {text!r}: not understood as a date, kept as written{hint}"
    fields = {
        "stated_text": text,
        "stated_lo": resolution.lo,
        "stated_hi": resolution.hi,
        "stated_precision": resolution.precision,
    }
    return fields, f"stated {text!r} → {resolution.display()} ({resolution.precision})"


def run(options: argparse.Namespace) -> int:
    wanted = [options.kind, options.claimant, options.stated, options.statement]
    if all(value is None for value in wanted):
        return fail("nothing to change: give --kind, --claimant, --stated or --statement")
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        try:
            claim_id = find_id(project, "claims", "claim", options.claim)
        except InputError as error:
            return fail(str(error))
        who = annotator_id(project, options.user)
        claim = queries.get_claim(project, claim_id)
        changes: dict[str, Any] = {}
        said = []
        if options.kind is not None:
            changes["kind"] = options.kind
            said.append(f"kind {options.kind}")
        if options.statement is not None:
            changes["statement"] = options.statement.strip()
            said.append("statement set" if changes["statement"] else "statement cleared")
        if options.stated is not None:
            published = queries.get_document(project, claim.document_id, with_text=False).published
            fields, line = _stated_fields(options.stated, published)
            changes.update(fields)
            said.append(line)
        try:
            # One transaction: the claim changes entirely or not at all.
            with project.transaction():
                if options.claimant is not None:
                    claim_ops.set_claimant(project, claim_id, options.claimant, who)
                    said.append(
                        f"claimant {options.claimant!r}" if options.claimant.strip() else "no claimant"
                    )
                if changes:
                    claim_ops.edit(project, claim_id, changes)
        except ClaimError as error:
            return fail(str(error))
        claim = queries.get_claim(project, claim_id)
    if options.json:
        print_json(claim)
    else:
        print(f"claim {claim_id[:8]}: {'; '.join(said)}", file=sys.stdout)
    return 0
