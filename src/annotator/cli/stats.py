"""`annotator stats PROJECT [--json]`: claims, verdicts, events, predictions due, track record, agreement."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from annotator.cli._common import open_or_report
from annotator.store.statistics import project_statistics

NAME = "stats"
HELP = "print a project's figures: claims, verdicts, events, predictions due, track record, agreement"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--today", default=None, help="the date predictions are due against (default: today)")


def _print_text(figures: dict[str, Any]) -> None:
    out = sys.stdout
    print(f"Documents: {figures['documents']}", file=out)
    claims = figures["claims"]
    kinds = ", ".join(f"{kind} {count}" for kind, count in claims["by_kind"].items())
    print(f"Claims: {claims['total']} ({kinds})", file=out)
    labels = ", ".join(f"{label} {count}" for label, count in figures["verdicts"]["current_by_label"].items())
    print(f"Current verdicts: {labels}", file=out)
    print(f"Events: {figures['events']}", file=out)
    due = figures["predictions_due"]
    print(f"Predictions due for review: {len(due)}", file=out)
    for item in due:
        print(f"  {item['due']}  “{item['quote']}”", file=out)
    for title, key in (("Track record by claimant", "by_claimant"), ("Track record by source", "by_source")):
        print(f"{title}:", file=out)
        for record in figures["track_record"][key]:
            print(
                f"  {record['name']}: {record['confirmed']} confirmed, {record['refuted']} refuted, "
                f"{record['pending']} pending, {record['other']} other",
                file=out,
            )
    _print_agreement(figures["agreement"])


def _figure(value: float | None) -> str:
    # None: no variation to measure (everyone used one label), which is not perfect agreement.
    return "undefined (one label throughout)" if value is None else f"{value:.3f}"


def _print_agreement(agreement: dict[str, Any]) -> None:
    out = sys.stdout
    verdicts = agreement["verdicts"]
    judged = f"{verdicts['claims']} claim{'' if verdicts['claims'] == 1 else 's'} judged by two or more"
    print(f"Agreement on verdict labels ({judged}):", file=out)
    if verdicts["claims"]:
        print(f"  Krippendorff's alpha: {_figure(verdicts['krippendorff_alpha'])}", file=out)
        for pair in verdicts["cohens_kappa"]:
            first, second = pair["annotators"]
            print(
                f"  Cohen's kappa {first} / {second}: {_figure(pair['kappa'])} "
                f"({pair['claims']} claim{'' if pair['claims'] == 1 else 's'})",
                file=out,
            )
    print(
        "Agreement on claim spans:" + ("" if agreement["spans"] else " no document tagged by two annotators"),
        file=out,
    )
    for entry in agreement["spans"]:
        print(
            f"  {entry['document']}: {entry['candidate']} against {entry['reference']}: "
            f"precision {entry['precision']:.2f}, recall {entry['recall']:.2f}, F1 {entry['f1']:.2f}",
            file=out,
        )


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return 2
    with project:
        figures = project_statistics(project, options.today or date.today().isoformat())
    if options.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        _print_text(figures)
    return 0
