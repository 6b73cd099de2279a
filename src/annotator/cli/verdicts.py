"""`annotator verdicts PROJECT [CLAIM_ID] [--json]`: verdicts with their state and reviews, oldest first."""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any

from annotator.cli._common import open_or_report
from annotator.cli._desk import BAD_INPUT, InputError, fail, find_id, print_json, short
from annotator.domain import verdicts as verdict_rules
from annotator.store import findings, review_queries

NAME = "verdicts"
HELP = "list verdicts (of one claim, or all): id, label, as-of, author, state (published, ...), reviews"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("claim", metavar="CLAIM_ID", nargs="?", help="only this claim's verdicts")
    parser.add_argument("--json", action="store_true", help="print JSON (full ids) instead of text")


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        try:
            claim_id = find_id(project, "claims", "claim", options.claim) if options.claim else None
        except InputError as error:
            return fail(str(error))
        names = review_queries.annotator_names(project)
        views = findings.desk_views(project, claim_id)
        reviews: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for target, decision, comment, by, at in project.conn.execute(
            "SELECT target_id, decision, comment, created_by, created_at FROM reviews "
            "WHERE target_type = 'verdict' ORDER BY created_at, rowid"
        ):
            reviews[target].append(
                {"decision": decision, "by": names.get(by or "", ""), "at": at, "comment": comment}
            )
    listed: list[dict[str, Any]] = []
    for claim, view in views.items():
        for entry in view.history:
            verdict = entry.verdict
            listed.append(
                {
                    "id": verdict.id,
                    "claim": claim,
                    "label": verdict.label,
                    "as_of": verdict.as_of,
                    "author": names.get(verdict.created_by or "", ""),
                    "state": entry.state,
                    "decided_by": names.get(entry.decided_by or "", ""),
                    "conclusion": verdict.conclusion,
                    "reviews": reviews.get(verdict.id, []),
                }
            )
    if options.json:
        print_json(listed)
        return 0
    for item in listed:
        state = verdict_rules.STATE_DISPLAY.get(item["state"], item["state"])
        decided = f" ({item['decided_by']})" if item["decided_by"] else ""
        print(
            f"{short(item['id'])}  claim {short(item['claim'])}  {item['label']} as of {item['as_of']}  "
            f"by {item['author'] or 'unknown'}  {state}{decided}"
        )
        for review in item["reviews"]:
            comment = f": {review['comment']}" if review["comment"] else ""
            print(f"    {review['decision']} by {review['by']} on {review['at'][:10]}{comment}")
    print(f"{len(listed)} verdict{'' if len(listed) == 1 else 's'}")
    return 0
