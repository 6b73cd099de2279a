"""Row conversions: the fast claim reader builds Claims positionally, so the column order must match."""

from __future__ import annotations

import dataclasses

from annotator.domain.models import Claim
from annotator.store.rows import CLAIM_COLUMNS, claim_from_tuple, claim_to_row


def test_claim_columns_follow_the_dataclass_field_order() -> None:
    assert tuple(field.name for field in dataclasses.fields(Claim)) == CLAIM_COLUMNS


def test_a_claim_survives_the_round_trip_through_a_row() -> None:
    claim = Claim(
        id="c", document_id="d", start=3, end=9, exact="quoted", tags=["war", "Țicălău"], due="2022-12-31"
    )
    row = claim_to_row(claim)
    assert claim_from_tuple(tuple(row[name] for name in CLAIM_COLUMNS)) == claim
