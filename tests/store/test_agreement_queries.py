"""Agreement figures from a project: current verdict labels per annotator, and claim spans per document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.store.agreement_queries import agreement_figures
from annotator.store.project import Project, open_project
from annotator.store.statistics import project_statistics

TEXT = "".join(f"Sentence number {n} says something checkable. " for n in range(20))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with open_project(tmp_path / "agreement.sqlite") as opened:
        yield opened


def _document(project: Project, name: str) -> str:
    text = f"{name}: {TEXT}"
    return add_document(project, ImportedDocument(text=text, source_format="text", source_filename=name))[0]


def test_an_empty_project_has_no_figures(project: Project) -> None:
    assert agreement_figures(project) == {
        "verdicts": {"claims": 0, "annotators": [], "krippendorff_alpha": None, "cohens_kappa": []},
        "spans": [],
    }


def test_kappa_per_pair_and_alpha_on_each_annotators_current_label(project: Project) -> None:
    alice, bob, carol = (ensure_annotator(project, name) for name in ("Alice", "Bob", "Carol"))
    document_id = _document(project, "doc.txt")
    claims = [
        claim_ops.tag_claim(project, document_id, 10 * n, 10 * n + 5, created_by=alice).id for n in range(5)
    ]
    c1, c2, c3, c4, only_alice = claims
    labels = {
        alice: {c1: "confirmed", c2: "refuted", c3: "confirmed", c4: "pending", only_alice: "refuted"},
        bob: {c1: "confirmed", c2: "confirmed", c3: "confirmed"},
        carol: {c2: "refuted", c3: "refuted", c4: "pending"},
    }
    for annotator, judged in labels.items():
        for claim_id, label in judged.items():
            verdict_ops.add_verdict(project, claim_id, label, "2023-01-01", created_by=annotator)
    # An earlier verdict is history, not the annotator's current judgement.
    verdict_ops.add_verdict(project, c1, "refuted", "2022-01-01", created_by=bob)

    verdicts = agreement_figures(project)["verdicts"]
    assert verdicts["claims"] == 4 and verdicts["annotators"] == ["Alice", "Bob", "Carol"]
    assert [(pair["annotators"], pair["claims"]) for pair in verdicts["cohens_kappa"]] == [
        (["Alice", "Bob"], 3),
        (["Alice", "Carol"], 3),
        (["Bob", "Carol"], 2),
    ]
    # Worked by hand: Alice/Bob p_o = 2/3 = p_e; Alice/Carol p_o = 2/3, p_e = 1/3; Bob/Carol p_o = p_e = 0.
    assert [pair["kappa"] for pair in verdicts["cohens_kappa"]] == pytest.approx([0.0, 0.5, 0.0])
    # Coincidences: diagonal 6 of n = 10 pairable values (confirmed 5, refuted 3, pending 2).
    assert verdicts["krippendorff_alpha"] == pytest.approx((9 * 6 - 28) / (90 - 28))


def test_unanimous_labels_give_undefined_figures_not_perfect_ones(project: Project) -> None:
    alice, bob = ensure_annotator(project, "Alice"), ensure_annotator(project, "Bob")
    claim = claim_ops.tag_claim(project, _document(project, "doc.txt"), 0, 5, created_by=alice).id
    verdict_ops.add_verdict(project, claim, "pending", "2023-01-01", created_by=alice)
    verdict_ops.add_verdict(project, claim, "pending", "2023-01-01", created_by=bob)
    verdicts = agreement_figures(project)["verdicts"]
    assert verdicts["claims"] == 1
    assert verdicts["krippendorff_alpha"] is None and verdicts["cohens_kappa"][0]["kappa"] is None


def test_span_agreement_per_document_for_annotators_who_both_tagged_it(project: Project) -> None:
    alice, bob, carol = (ensure_annotator(project, name) for name in ("Alice", "Bob", "Carol"))
    shared = _document(project, "shared.txt")
    alone = _document(project, "alone.txt")
    for start, end in ((0, 10), (20, 30)):
        claim_ops.tag_claim(project, shared, start, end, created_by=alice)
    for start, end in ((2, 9), (40, 50), (60, 70)):
        claim_ops.tag_claim(project, shared, start, end, created_by=bob)
    claim_ops.tag_claim(project, alone, 0, 10, created_by=carol)
    claim_ops.tag_claim(project, shared, 100, 110, created_by=None)  # no author: no one to compare

    [entry] = agreement_figures(project)["spans"]
    assert (entry["document"], entry["reference"], entry["candidate"]) == ("shared", "Alice", "Bob")
    assert (entry["reference_claims"], entry["candidate_claims"], entry["matched"]) == (2, 3, 1)
    assert (entry["precision"], entry["recall"], entry["f1"]) == pytest.approx((1 / 3, 1 / 2, 2 / 5))


def test_project_statistics_carry_the_agreement(project: Project) -> None:
    assert project_statistics(project, "2024-01-01")["agreement"] == agreement_figures(project)
