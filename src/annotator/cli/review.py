"""`annotator review PROJECT accept|dispute|needs-changes ID [--comment TEXT] [--as NAME]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.cli._desk import BAD_INPUT, InputError, fail, find_id, print_json
from annotator.domain import verdicts as verdict_rules
from annotator.ops import reviews as review_ops
from annotator.ops.reviews import ReviewError
from annotator.store import findings
from annotator.store.project import Project

NAME = "review"
HELP = "accept, dispute or ask for changes on a colleague's verdict (or claim); accepting publishes it"

DECISIONS = {"accept": "accepted", "dispute": "disputed", "needs-changes": "needs_changes"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("decision", choices=list(DECISIONS), help="what you decide")
    parser.add_argument(
        "target",
        metavar="VERDICT_OR_CLAIM_ID",
        help="a verdict's id, or a claim's to review the claim itself",
    )
    parser.add_argument("--comment", default="", help="why (required to dispute or ask for changes)")
    parser.add_argument("--json", action="store_true", help="print the review as JSON")
    add_identity_argument(parser)


def _target(project: Project, given: str) -> tuple[str, str]:
    try:
        return "verdict", find_id(project, "verdicts", "verdict", given)
    except InputError:
        pass
    try:
        return "claim", find_id(project, "claims", "claim", given)
    except InputError:
        raise InputError(f"no verdict or claim {given!r} in {project.path.name}") from None


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        try:
            target_type, target_id = _target(project, options.target)
        except InputError as error:
            return fail(str(error))
        who = annotator_id(project, options.user)
        decision = DECISIONS[options.decision]
        try:
            review = review_ops.review(project, target_type, target_id, decision, options.comment, who).value
        except ReviewError as error:
            return fail(str(error))
        outcome = ""
        if target_type == "verdict":
            claim_id = project.conn.execute(
                "SELECT claim_id FROM verdicts WHERE id = ?", [target_id]
            ).fetchone()[0]
            view = findings.desk_view(project, claim_id)
            state = next(e.state for e in view.history if e.verdict.id == target_id)
            outcome = f"; the verdict is now {verdict_rules.STATE_DISPLAY[state].lower()}"
            published = view.published
            outcome += (
                f"; the claim's published verdict: {published.label} as of {published.as_of}"
                if published
                else "; the claim has no published verdict"
            )
    if options.json:
        print_json(review)
    else:
        print(f"{decision.replace('_', ' ')} {target_type} {target_id[:8]}{outcome}")
    return 0
