"""Stored values as people read them: relation names and counted nouns."""

from __future__ import annotations

from annotator.domain.models import EVENT_RELATIONS
from annotator.domain.wording import count_of, relation_name


def test_every_relation_has_a_readable_name() -> None:
    names = [relation_name(relation) for relation in EVENT_RELATIONS]
    assert names == ["About", "Predicts", "Reports", "Denies", "Confirmed by", "Refuted by"]
    assert all("_" not in name for name in names)
    assert relation_name("contradicted_by") == "Contradicted by"  # one a newer project may hold


def test_counts_agree_with_their_nouns() -> None:
    assert count_of(1, "piece of evidence", "pieces of evidence") == "1 piece of evidence"
    assert count_of(3, "piece of evidence", "pieces of evidence") == "3 pieces of evidence"
    assert count_of(0, "result") == "0 results"
    assert count_of(1, "result") == "1 result"
    assert count_of(12_000, "claim") == "12,000 claims"
