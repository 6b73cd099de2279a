"""`annotator verdict PROJECT CLAIM_ID --label L --as-of DATE [...]`: record a verdict, print its id."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.cli._desk import BAD_INPUT, InputError, fail, find_id, print_json
from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import EVIDENCE_STANCES
from annotator.ops import verdicts as verdict_ops
from annotator.ops.verdicts import VerdictError
from annotator.store import findings

NAME = "verdict"
HELP = "record a verdict on a claim (published at once unless the project needs a second reviewer)"

# The stance URL evidence takes when none is given: what the verdict's label says of the claim.
_STANCE_OF_OUTCOME = {"confirmed": "supports", "refuted": "refutes"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("claim", metavar="CLAIM_ID", help="the claim's id (or its first characters)")
    parser.add_argument("--label", required=True, help="a label of the project's scale, e.g. confirmed")
    parser.add_argument(
        "--as-of", dest="as_of", required=True, help="what was known on: 2023-10-01, 1 October 2023, ..."
    )
    parser.add_argument("--conclusion", default="", help="the one-line conclusion")
    parser.add_argument("--reasoning", default="", help="the reasoning")
    parser.add_argument("--confidence", type=float, default=None, help="confidence from 0 to 1")
    parser.add_argument(
        "--evidence-url",
        dest="evidence_urls",
        action="append",
        default=[],
        metavar="URL",
        help="a web page the verdict rests on (repeat for more)",
    )
    parser.add_argument(
        "--evidence-stance",
        choices=EVIDENCE_STANCES,
        default=None,
        help="how the evidence bears on the claim (default: from the label)",
    )
    publishing = parser.add_mutually_exclusive_group()
    publishing.add_argument("--propose", action="store_true", help="leave it a proposal for a colleague")
    publishing.add_argument("--publish", action="store_true", help="publish it now (refused on a desk)")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    add_identity_argument(parser)


def _label(project_labels: dict[str, str], given: str) -> str:
    """A label by its name or its display text ("mostly_confirmed" or "Mostly confirmed")."""
    for label, display in project_labels.items():
        if given.strip().casefold() in (label.casefold(), display.casefold()):
            return label
    raise InputError(f"unknown verdict label {given!r}; the scale has {', '.join(project_labels)}")


def run(options: argparse.Namespace) -> int:
    as_of, shown = verdict_rules.resolve_as_of(options.as_of, date.today())
    if as_of is None:
        return fail(f"--as-of {options.as_of!r}: {shown.lstrip('⚠ ')}")
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        try:
            claim_id = find_id(project, "claims", "claim", options.claim)
            label = _label(
                {entry.label: entry.display for entry in findings.verdict_labels(project)}, options.label
            )
        except InputError as error:
            return fail(str(error))
        who = annotator_id(project, options.user)
        publish = True if options.publish else False if options.propose else None
        stance = options.evidence_stance or _STANCE_OF_OUTCOME.get(verdict_rules.outcome(label), "context")
        fields = {
            "label": label,
            "as_of": as_of,
            "conclusion": options.conclusion,
            "reasoning": options.reasoning,
            "confidence": options.confidence,
        }
        try:
            # The verdict and its evidence in one transaction: all of it is recorded, or none.
            with project.transaction():
                verdict = verdict_ops.record_verdict(project, claim_id, fields, who, publish).value
                for url in options.evidence_urls:
                    verdict_ops.add_evidence(
                        project,
                        claim_id,
                        "url",
                        {"url": url, "stance": stance, "verdict_id": verdict.id},
                        who,
                    )
        except VerdictError as error:
            return fail(str(error))
        entry = next(e for e in findings.desk_view(project, claim_id).history if e.verdict.id == verdict.id)
    if options.json:
        print_json({"verdict": verdict, "state": entry.state, "evidence_urls": options.evidence_urls})
        return 0
    print(verdict.id)
    evidence = f", {len(options.evidence_urls)} URL evidence ({stance})" if options.evidence_urls else ""
    state = verdict_rules.STATE_DISPLAY[entry.state].lower()
    print(f"recorded {label} as of {as_of} on claim {claim_id[:8]}: {state}{evidence}", file=sys.stderr)
    return 0
