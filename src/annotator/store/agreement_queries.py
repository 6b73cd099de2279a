"""Agreement between annotators, for `stats`: kappa and alpha on current verdict labels, span overlap."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

from annotator.domain.agreement import krippendorff_alpha_nominal, pairwise_kappas, span_agreement
from annotator.store.project import Project
from annotator.store.review_queries import annotator_names, current_verdicts_by_annotator


def agreement_figures(project: Project) -> dict[str, Any]:
    """Verdict-label agreement on claims judged by two or more annotators, and claim-span agreement."""
    names = annotator_names(project)
    return {"verdicts": _verdict_agreement(project, names), "spans": _span_agreement(project, names)}


def _verdict_agreement(project: Project, names: dict[str, str]) -> dict[str, Any]:
    """Each annotator's current (latest) label per claim, on the claims at least two annotators judged."""
    labels_by_claim = {
        claim_id: {annotator: verdict.label for annotator, verdict in by_annotator.items()}
        for claim_id, by_annotator in current_verdicts_by_annotator(project).items()
        if len(by_annotator) >= 2
    }
    by_annotator: dict[str, dict[str, str]] = defaultdict(dict)
    for claim_id, labels in labels_by_claim.items():
        for annotator, label in labels.items():
            by_annotator[annotator][claim_id] = label
    pairs: list[tuple[list[str], int, float | None]] = []
    for (first, second), kappa in pairwise_kappas(by_annotator).items():
        shared = len(by_annotator[first].keys() & by_annotator[second].keys())
        if shared:
            pair = sorted((names.get(first, first), names.get(second, second)), key=str.casefold)
            pairs.append((pair, shared, kappa))
    pairs.sort(key=lambda entry: [name.casefold() for name in entry[0]])
    kappas = [{"annotators": pair, "claims": shared, "kappa": kappa} for pair, shared, kappa in pairs]
    alpha_units: dict[str, dict[str, str | None]] = {
        claim_id: dict(labels) for claim_id, labels in labels_by_claim.items()
    }
    return {
        "claims": len(labels_by_claim),
        "annotators": sorted((names.get(a, a) for a in by_annotator), key=str.casefold),
        "krippendorff_alpha": krippendorff_alpha_nominal(alpha_units) if labels_by_claim else None,
        "cohens_kappa": kappas,
    }


def _span_agreement(project: Project, names: dict[str, str]) -> list[dict[str, Any]]:
    """Per document and pair of annotators who both tagged claims in it: the second against the first.

    A pair is compared only where both tagged something: a colleague who did not annotate a document at
    all is not disagreeing with every claim in it. Swapping the pair swaps precision and recall.
    """
    spans: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    display = {annotator_id: name.casefold() for annotator_id, name in names.items()}
    rows = project.conn.execute(
        'SELECT document_id, created_by, start, "end" FROM claims WHERE created_by IS NOT NULL '
        'ORDER BY document_id, start, "end", id'
    )
    for document_id, annotator, start, end in rows:
        spans[document_id][annotator].append((start, end))
    titles = dict(project.conn.execute("SELECT id, title FROM documents").fetchall())
    result = []
    for document_id, by_annotator in spans.items():
        ordered = sorted(by_annotator, key=lambda a: (display.get(a, ""), a))
        for reference, candidate in combinations(ordered, 2):
            figures = span_agreement(by_annotator[reference], by_annotator[candidate])
            result.append(
                {
                    "document_id": document_id,
                    "document": titles.get(document_id, ""),
                    "reference": names.get(reference, reference),
                    "candidate": names.get(candidate, candidate),
                    "reference_claims": figures.reference_count,
                    "candidate_claims": figures.candidate_count,
                    "matched": figures.matched,
                    "precision": figures.precision,
                    "recall": figures.recall,
                    "f1": figures.f1,
                }
            )
    result.sort(key=lambda entry: (entry["document"].casefold(), entry["document_id"], entry["reference"]))
    return result
