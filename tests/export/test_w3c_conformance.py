"""The W3C export keeps the annotation-model rules the W3C test suite found broken or asked for (issue 13).

Each rule is checked on a real export of the sample project (claims with every kind of data). The suite
itself is not part of the repository: scripts/check_w3c_suite.py runs it by hand on the same export.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.store.project import Project

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The model's dates are xsd:dateTime in UTC; we write the "Z" form.
UTC_Z = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@pytest.fixture
def collection(sample: Project) -> dict[str, Any]:
    return json.loads(export(sample, "w3c", ReportFilter(verified_only=False)))


@pytest.fixture
def items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    annotations: list[dict[str, Any]] = collection["first"]["items"]
    return annotations


def test_the_sample_export_has_every_kind_of_data(items: list[dict[str, Any]]) -> None:
    # So the rules below run on every kind of body and on every term we add.
    assert len(items) == 6
    for term in ("claimant", "stated", "eventLinks", "verdicts", "evidence"):
        assert any(term in item for item in items), term
    purposes = {body["purpose"] for item in items for body in item["body"]}
    assert purposes == {"tagging", "describing", "commenting", "assessing"}


def test_the_page_repeats_the_context_and_describes_its_collection(collection: dict[str, Any]) -> None:
    # A page taken out of its collection must still be JSON-LD with the model's context (5.2), and
    # partOf describes the collection: its id, label and total, as in the model's example 44.
    page = collection["first"]
    assert page["@context"] == collection["@context"]
    assert page["@context"][0] == ANNO_CONTEXT
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == {"id": collection["id"], "label": collection["label"], "total": 6}
    assert isinstance(page["partOf"]["label"], str) and page["partOf"]["label"]


def test_every_annotation_has_the_required_keys(items: list[dict[str, Any]]) -> None:
    ids = set()
    for item in items:
        assert item["@context"][0] == ANNO_CONTEXT
        assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", item["id"]), item["id"]
        assert item["type"] == "Annotation"
        assert item["target"]["type"] == "SpecificResource" and item["target"]["source"]["id"]
        assert UTC_Z.fullmatch(item["created"]) and UTC_Z.fullmatch(item["modified"])
        ids.add(item["id"])
    assert len(ids) == len(items)


def test_no_body_has_both_an_id_and_a_purpose(items: list[dict[str, Any]]) -> None:
    # The model's bodyEWRNoPurpose rule: a body with an id and a purpose would have to be a
    # SpecificResource; ours are TextualBody items with a value, a purpose and no id.
    for item in items:
        assert "bodyValue" not in item  # never both body and bodyValue
        for body in item["body"]:
            assert "id" not in body, body
            assert body["type"] == "TextualBody" and body["format"] == "text/plain"
            assert isinstance(body["value"], str) and body["purpose"]


def test_every_body_has_its_creator_and_dates(items: list[dict[str, Any]]) -> None:
    verdict_bodies = 0
    for item in items:
        for body in item["body"]:
            creator = body["creator"]
            assert creator["type"] == "Person" and creator["id"].startswith("urn:uuid:")
            assert creator["name"] and creator["nickname"]
            assert UTC_Z.fullmatch(body["created"]) and UTC_Z.fullmatch(body["modified"])
            if body["purpose"] == "assessing":
                # The verdict is its author's, written when the verdict was, not with the claim.
                verdict_bodies += 1
                [verdict] = [
                    v
                    for v in item["verdicts"]
                    if body["value"].startswith(f"{v['labelDisplay']} (as of {v['asOf']})")
                ]
                assert (body["creator"], body["created"], body["modified"]) == (
                    verdict["creator"],
                    verdict["created"],
                    verdict["modified"],
                )
            else:
                assert body["creator"] == item["creator"]
                assert (body["created"], body["modified"]) == (item["created"], item["modified"])
    assert verdict_bodies > 0


def test_the_generator_has_a_name_and_a_nickname(
    collection: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    for generator in [collection["generator"], *(item["generator"] for item in items)]:
        assert generator["type"] == "Software"
        assert generator["id"] == "urn:annotator:software"
        assert generator["name"].startswith("annotator ") and generator["nickname"] == "annotator"
