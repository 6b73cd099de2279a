"""ClaimReview and Web Annotation output: JSON-LD that pyld expands offline, meeting the models' MUSTs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ops import verdicts as verdict_ops
from annotator.store.project import Project

CONTEXTS = Path(__file__).resolve().parent / "contexts"
# Local copies stand in for the published contexts: the tests run without a network.
LOCAL_CONTEXTS = {
    "http://www.w3.org/ns/anno.jsonld": CONTEXTS / "anno.jsonld",
    "https://www.w3.org/ns/anno.jsonld": CONTEXTS / "anno.jsonld",
    "https://schema.org": CONTEXTS / "schema.org.jsonld",
    "https://schema.org/": CONTEXTS / "schema.org.jsonld",
    "http://schema.org": CONTEXTS / "schema.org.jsonld",
    "http://schema.org/": CONTEXTS / "schema.org.jsonld",
}


def fixed(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
SCHEMA = "http://schema.org/"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"


def load_local(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url not in LOCAL_CONTEXTS:
        raise AssertionError(f"a JSON-LD processor tried to fetch {url}: only local contexts are allowed")
    document = json.loads(LOCAL_CONTEXTS[url].read_text(encoding="utf-8"))
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
        "contentType": "application/ld+json",
    }


OPTIONS = {"documentLoader": load_local}
# Our own terms, from the file the package ships (resources/annotator-context.jsonld).
OUR_TERMS = json.loads(
    (Path(__file__).resolve().parents[2] / "resources" / "annotator-context.jsonld").read_text(
        encoding="utf-8"
    )
)["@context"]


def expand(document: Any) -> list[dict[str, Any]]:
    return jsonld.expand(document, dict(OPTIONS))


def values(node: dict[str, Any], iri: str) -> list[Any]:
    return [v.get("@value", v.get("@id", v)) if isinstance(v, dict) else v for v in node.get(iri, [])]


def test_claimreview_expands_and_every_review_is_complete(sample: Project) -> None:
    verdict_ops.add_verdict(sample, fixed(5), "mixed", "2024-01-01", verdict_id=fixed(17))
    text = export(
        sample, "claimreview", ReportFilter(verified_only=False), generated_at="2024-05-01T12:00:00+00:00"
    )
    document = json.loads(text)
    assert document["@context"] == "https://schema.org"
    assert set(document) == {"@context", "@graph"}
    graph = document["@graph"]
    # Every claim with a verdict, in reading order (dated ones first).
    assert [review["@id"][-2:] for review in graph] == ["15", "12", "14", "17", "16", "13"]

    expanded = expand(document)
    reviews = [node for node in expanded if f"{SCHEMA}ClaimReview" in node.get("@type", [])]
    assert len(reviews) == len(graph)
    for node in reviews:
        assert values(node, f"{SCHEMA}claimReviewed")
        [rating] = node[f"{SCHEMA}reviewRating"]
        assert rating["@type"] == [f"{SCHEMA}Rating"]
        assert values(rating, f"{SCHEMA}bestRating") == [5]
        assert values(rating, f"{SCHEMA}worstRating") == [1]
        assert values(rating, f"{SCHEMA}alternateName")
        [item] = node[f"{SCHEMA}itemReviewed"]
        assert item["@type"] == [f"{SCHEMA}Claim"]
        [appearance] = item[f"{SCHEMA}appearance"]
        assert appearance["@type"] == [f"{SCHEMA}CreativeWork"]
        assert values(appearance, f"{SCHEMA}headline")
        assert values(node, f"{SCHEMA}datePublished")

    by_id = {review["@id"]: review for review in graph}
    confirmed = by_id["urn:uuid:00000000-0000-4000-8000-000000000012"]
    assert confirmed["reviewRating"]["ratingValue"] == 5
    assert confirmed["reviewRating"]["alternateName"] == "Confirmed"
    assert confirmed["itemReviewed"]["author"] == {"@type": "Person", "name": "Alexander Lukashenka"}
    assert confirmed["itemReviewed"]["datePublished"] == "2022-03-17"
    # When the desk published it: Rita's acceptance of Fiona's verdict.
    assert confirmed["datePublished"] == "2024-01-02"
    refuted = by_id["urn:uuid:00000000-0000-4000-8000-000000000013"]
    assert refuted["reviewRating"]["ratingValue"] == 1
    # Off-scale labels: no rating value, but the name of the label is kept.
    for off_scale, name in (("15", "Unverifiable"), ("16", "Pending")):
        rating = by_id[f"urn:uuid:00000000-0000-4000-8000-0000000000{off_scale}"]["reviewRating"]
        assert "ratingValue" not in rating and rating["alternateName"] == name
    assert confirmed["author"] == {"@type": "Person", "name": "Fiona Factchecker"}
    # The paper is the one source with a URL; a verdict recorded with no author names none.
    paper = by_id["urn:uuid:00000000-0000-4000-8000-000000000017"]
    assert paper["itemReviewed"]["appearance"]["url"] == "https://doi.org/10.1080/25739638.2023.2263221"
    assert paper["reviewRating"]["ratingValue"] == 3 and "author" not in paper

    # And it reads back: compacted again with schema.org's context, it means exactly the same.
    assert expand(jsonld.compact(expanded, "https://schema.org", dict(OPTIONS))) == expanded


def _annotations(sample: Project) -> dict[str, Any]:
    text = export(sample, "w3c", generated_at="2024-05-01T12:00:00+00:00")
    return json.loads(text)


def test_web_annotation_collection_meets_the_model_musts(sample: Project) -> None:
    collection = _annotations(sample)
    # The model's context first (a MUST), then ours, inline, for the terms it lacks.
    assert collection["@context"] == ["http://www.w3.org/ns/anno.jsonld", OUR_TERMS]
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"].startswith("urn:uuid:")
    assert collection["total"] == 6  # data exports cover every claim by default
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["id"] == collection["last"]
    assert page["partOf"] == {"id": collection["id"], "label": collection["label"], "total": 6}
    assert page["startIndex"] == 0 and page["@context"] == collection["@context"]
    items = page["items"]
    assert len(items) == collection["total"]
    for annotation in items:
        assert annotation["@context"] == collection["@context"]
        assert annotation["type"] == "Annotation"
        assert annotation["id"].startswith("urn:uuid:00000000-0000-4000-8000-")
        assert annotation["created"].endswith("Z") and annotation["modified"].endswith("Z")
        creator = annotation["creator"]
        assert creator["id"].startswith("urn:uuid:") and creator["type"] == "Person"
        assert creator["name"] == creator["nickname"] == "Ana Analyst"
        assert annotation["generator"]["type"] == "Software" and annotation["generator"]["id"]
        assert annotation["motivation"] in ("tagging", "assessing")
        target = annotation["target"]
        source = target["source"]
        assert ":" in source["id"] and (source["type"], source["format"]) == ("Text", "text/plain")
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"]
        assert position["type"] == "TextPositionSelector"
        assert 0 <= position["start"] < position["end"]
        assert position["end"] - position["start"] == len(quote["exact"])  # code points
        for body in annotation["body"]:
            assert body["type"] == "TextualBody" and isinstance(body["value"], str) and body["value"]
            assert body["format"] == "text/plain"
            # A body with an id and a purpose would have to be a SpecificResource (with a source).
            assert "id" not in body
        purposes = [body["purpose"] for body in annotation["body"]]
        assert purposes[0] == "tagging"
        assert (annotation["motivation"] == "assessing") == ("assessing" in purposes)

    by_id = {a["id"][-2:]: a for a in items}
    prediction = by_id["01"]
    assert [(b["purpose"], b["value"]) for b in prediction["body"]] == [
        ("tagging", "prediction"),
        ("tagging", "belarus-army"),
        ("describing", "Belarus will not join Russia’s war against Ukraine"),
        ("assessing", "Confirmed (as of 2023-10-05): Belarus kept its army out of the war"),
    ]
    assert prediction["target"]["source"]["id"].startswith("urn:sha256:")  # the digest has no URL
    chinese = by_id["05"]
    assert chinese["target"]["source"]["id"] == "https://doi.org/10.1080/25739638.2023.2263221"
    assert chinese["target"]["selector"][0]["exact"] == "白俄罗斯虽然是俄罗斯的战略伙伴之一"


def test_web_annotations_expand_with_every_term_known(sample: Project) -> None:
    collection = _annotations(sample)
    [expanded] = expand(collection)
    assert expanded["@type"] == [f"{AS}OrderedCollection"]
    assert values(expanded, f"{AS}totalItems") == [6]
    [page] = expanded[f"{AS}first"]
    annotations = page[f"{AS}items"][0]["@list"]
    assert len(annotations) == 6
    for node in annotations:
        assert node["@type"] == [f"{OA}Annotation"]
        [target] = node[f"{OA}hasTarget"]
        selectors = {s["@type"][0]: s for s in target[f"{OA}hasSelector"]}
        assert values(selectors[f"{OA}TextQuoteSelector"], f"{OA}exact")
        assert values(selectors[f"{OA}TextPositionSelector"], f"{OA}start")
        purposes = {p for body in node[f"{OA}hasBody"] for p in values(body, f"{OA}hasPurpose")}
        assert f"{OA}tagging" in purposes
        assert all(values(body, RDF_VALUE) for body in node[f"{OA}hasBody"])
    # Every one of our terms is defined: none is dropped by expansion (JSON-LD drops unknown keys).
    ours = {f"urn:annotator:terms#{name}" for name in ("claimKind", "claimant", "verdict", "evidence")}
    assert ours <= {key for node in annotations for key in node}
    # Parses back: compaction with the same contexts gives the same annotations.
    compacted = jsonld.compact(expanded, {"@context": collection["@context"]}, dict(OPTIONS))
    original = [{k: v for k, v in a.items() if k != "@context"} for a in collection["first"]["items"]]
    assert compacted["first"]["items"] == original


def test_an_empty_collection_has_no_pages(sample: Project) -> None:
    empty = json.loads(export(sample, "w3c", ReportFilter(verified_only=False, kind="promise")))
    assert empty["total"] == 0 and "first" not in empty and "last" not in empty
    assert expand(empty)


@pytest.mark.parametrize("fmt", ["claimreview", "w3c"])
def test_json_ld_outputs_name_only_contexts_we_can_resolve_offline(sample: Project, fmt: str) -> None:
    document = json.loads(export(sample, fmt))
    contexts = document["@context"] if isinstance(document["@context"], list) else [document["@context"]]
    assert all(context in LOCAL_CONTEXTS for context in contexts if isinstance(context, str))
