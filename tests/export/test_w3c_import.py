"""W3C Web Annotation import: our export round-trips, Hypothesis quotes anchor, misses are reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.export.formats import export
from annotator.ops.importing import import_paths
from annotator.ops.w3c_import import (
    W3CImportError,
    annotations_in,
    import_web_annotations,
    is_web_annotation,
)
from annotator.store import queries
from annotator.store.project import Project, open_project

BLOG_URL = "https://jishiyama8.wixsite.com/blog/post/will-belarus-join-the-war-now"


@pytest.fixture
def fresh(tmp_path: Path, seeds_dir: Path) -> Project:
    """Project B: the same seed documents, imported separately (so with other document ids)."""
    with open_project(tmp_path / "b.sqlite") as project:
        import_paths(project, [seeds_dir])
        yield project


def _claims(project: Project) -> dict[str, tuple[str, int, int, str, str, str, list[str], str]]:
    titles = {s.id: s.title for s in queries.document_summaries(project)}
    rows = project.conn.execute("SELECT id FROM claims ORDER BY id").fetchall()
    result = {}
    for (claim_id,) in rows:
        c = queries.get_claim(project, claim_id)
        result[c.id] = (titles[c.document_id], c.start, c.end, c.exact, c.kind, c.statement, c.tags, c.note)
    return result


def test_export_then_import_into_another_project_gives_the_same_claims(
    sample: Project, fresh: Project
) -> None:
    data = json.loads(export(sample, "w3c"))
    assert is_web_annotation(data)
    report = import_web_annotations(fresh, data)
    assert [o.status for o in report.outcomes] == ["imported"] * 6, [o.describe() for o in report.outcomes]
    assert _claims(fresh) == _claims(sample)
    # Who tagged them and when travels too.
    original = queries.get_claim(sample, "00000000-0000-4000-8000-000000000001")
    copy = queries.get_claim(fresh, "00000000-0000-4000-8000-000000000001")
    assert (copy.created_at, copy.updated_at) == (original.created_at, original.updated_at)
    assert fresh.conn.execute("SELECT name FROM annotators WHERE id = ?", [copy.created_by]).fetchone() == (
        "Ana Analyst",
    )

    again = import_web_annotations(fresh, data)
    assert [o.status for o in again.outcomes] == ["already present"] * 6
    assert again.summary() == "0 annotations imported, 6 already present, 0 unmatched"


def _hypothesis(
    exact: str, prefix: str = "", suffix: str = "", uri: str = BLOG_URL, **extra: Any
) -> dict[str, Any]:
    """An annotation as the Hypothesis API exports it: a web page URI and browser-side selectors."""
    return {
        "id": "Zk3bJN8vEe6Yx3v0b1o3Qw",
        "created": "2022-04-20T09:12:01.123456+00:00",
        "updated": "2022-04-21T10:00:00+00:00",
        "user": "acct:reader@hypothes.is",
        "uri": uri,
        "text": "Worth checking later",
        "tags": ["prediction", "belarus"],
        "target": [
            {
                "source": uri,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/div[1]/p[2]",
                        "startOffset": 0,
                        "endContainer": "/div[1]/p[2]",
                        "endOffset": 25,
                    },
                    {"type": "TextPositionSelector", "start": 1234, "end": 1259},
                    {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
                ],
            }
        ],
        **extra,
    }


def test_a_hypothesis_quote_with_an_unknown_url_anchors_on_the_one_document_holding_it(
    fresh: Project,
) -> None:
    annotation = _hypothesis(
        "it likely will not happen", prefix="this has not happened, and ", suffix=" (https"
    )
    assert is_web_annotation([annotation]) and is_web_annotation({"total": 1, "rows": [annotation]})
    report = import_web_annotations(fresh, [annotation], created_by=None)
    [outcome] = report.outcomes
    assert outcome.status == "imported", outcome.describe()
    assert outcome.document_title == "Will Belarus join the war now?"
    claim = queries.get_claim(fresh, outcome.claim_id or "")
    text = queries.get_document(fresh, claim.document_id).text
    assert text[claim.start : claim.end] == claim.exact == "it likely will not happen"
    assert (claim.kind, claim.tags, claim.note) == ("prediction", ["belarus"], "Worth checking later")
    assert claim.created_at == "2022-04-20T09:12:01+00:00"
    assert fresh.conn.execute("SELECT name FROM annotators WHERE id = ?", [claim.created_by]).fetchone() == (
        "reader",
    )
    # The same Hypothesis annotation again is recognised, though its id is not one of ours.
    assert import_web_annotations(fresh, [annotation]).outcomes[0].status == "already present"


def test_a_quote_selector_alone_is_enough(fresh: Project) -> None:
    annotation = {
        "id": "https://hypothes.is/a/quote-only",
        "target": {
            "source": "https://unknown.example/page",
            "selector": {"type": "TextQuoteSelector", "exact": "Since the invasion began on February 24"},
        },
    }
    [outcome] = import_web_annotations(fresh, annotation).outcomes
    assert (outcome.status, outcome.document_title) == ("imported", "003_ecf39437e7890661")
    assert queries.get_claim(fresh, outcome.claim_id or "").kind == "factual"


def test_prefix_and_suffix_choose_between_occurrences_of_a_quote(fresh: Project) -> None:
    summary = next(s for s in queries.document_summaries(fresh) if s.title.startswith("Will Lukashenka"))
    text = queries.get_document(fresh, summary.id).text
    quote = "we are not going to join the war"
    first = text.index(quote)
    second = text.index(quote, first + 1)
    annotation = _hypothesis(
        quote, prefix=text[second - 32 : second], suffix=text[second + len(quote) :][:32]
    )
    annotation["id"] = "second-occurrence"
    [outcome] = import_web_annotations(fresh, [annotation]).outcomes
    assert (outcome.status, outcome.start) == ("imported", second)


def test_quotes_in_no_document_or_in_several_are_reported_never_dropped(fresh: Project) -> None:
    missing = _hypothesis("Belarus annexed the Moon", id="missing")
    everywhere = _hypothesis("Lukashenko", id="everywhere")
    whole_page = {"id": "page-note", "target": BLOG_URL, "body": {"type": "TextualBody", "value": "Nice"}}
    report = import_web_annotations(fresh, [missing, everywhere, whole_page, "urn:x:only-an-iri", 42])
    assert [o.status for o in report.outcomes] == ["unmatched"] * 5
    reasons = [o.describe() for o in report.outcomes]
    assert (
        reasons[0].startswith("unmatched: missing: ")
        and "no document contains “Belarus annexed the Moon”" in reasons[0]
    )
    assert "cannot tell which one is meant" in reasons[1]
    assert "whole document" in reasons[2]
    assert "only referenced by its IRI" in reasons[3]
    assert reasons[4] == "unmatched: #5: not an annotation object"
    assert queries.claim_count(fresh) == 0


def test_a_source_that_names_a_document_whose_text_lacks_the_quote_is_unmatched(fresh: Project) -> None:
    paper = "https://doi.org/10.1080/25739638.2023.2263221"
    annotation = _hypothesis("it likely will not happen", uri=paper, id="wrong-document")
    [outcome] = import_web_annotations(fresh, [annotation]).outcomes
    assert outcome.status == "unmatched"
    assert "the quoted text is not found there" in outcome.reason


def test_white_space_differences_from_a_web_page_still_anchor(fresh: Project) -> None:
    annotation = _hypothesis("it   likely will\nnot happen", id="spaces")
    [outcome] = import_web_annotations(fresh, [annotation]).outcomes
    assert outcome.status == "imported"
    assert queries.get_claim(fresh, outcome.claim_id or "").exact == "it likely will not happen"


def test_recognising_web_annotation_json() -> None:
    assert is_web_annotation({"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage"})
    assert is_web_annotation({"@context": ["http://www.w3.org/ns/anno.jsonld", {"x": "y"}], "id": "a"})
    assert is_web_annotation({"type": "Annotation", "target": "http://example.org/"})
    assert not is_web_annotation({"title": "A paper", "authors": "X", "doi": "10.1/2"})  # a scholarly record
    assert not is_web_annotation([])
    assert not is_web_annotation([{"title": "no target"}])
    assert not is_web_annotation("text")


def test_collections_with_pages_only_referenced_cannot_be_read() -> None:
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": "http://x/p1",
    }
    with pytest.raises(W3CImportError, match="without including it"):
        annotations_in(collection)
    page = {
        "type": "AnnotationPage",
        "id": "p1",
        "items": [{"id": "a"}],
        "next": {"type": "AnnotationPage", "id": "p2", "items": [{"id": "b"}]},
    }
    assert [a["id"] for a in annotations_in(page)] == ["a", "b"]


def test_a_quote_with_a_one_letter_typo_is_imported_as_needing_confirmation(fresh: Project) -> None:
    right = "Since the invasion began on February 24"
    annotation = _hypothesis(right.replace("invasion", "invasoin"), id="typo")
    report = import_web_annotations(fresh, [annotation])
    [outcome] = report.outcomes
    assert outcome.status == "imported" and outcome.needs_confirmation, outcome.describe()
    assert "needs confirmation" in outcome.describe() and "(1 to confirm)" in report.summary()
    claim = queries.get_claim(fresh, outcome.claim_id or "")
    assert (claim.exact, claim.anchor_status) == (right, "needs_confirmation")


def test_a_unique_quote_whose_context_contradicts_the_text_is_imported_to_confirm(fresh: Project) -> None:
    annotation = _hypothesis("it likely will not happen", prefix="the minister insists ", suffix=" at all.")
    [outcome] = import_web_annotations(fresh, [annotation]).outcomes
    assert outcome.status == "imported" and outcome.needs_confirmation
    assert queries.get_claim(fresh, outcome.claim_id or "").anchor_status == "needs_confirmation"


def test_empty_or_impossible_selectors_are_reported_and_the_rest_of_the_file_imports(fresh: Project) -> None:
    empty = _hypothesis("", id="empty")
    position_only = {
        "id": "bad-position",
        "target": {"source": BLOG_URL, "selector": {"type": "TextPositionSelector", "start": 9, "end": 3}},
    }
    good = _hypothesis("it likely will not happen", id="good")
    report = import_web_annotations(fresh, [empty, position_only, good])
    assert [o.status for o in report.outcomes] == ["unmatched", "unmatched", "imported"]
    assert report.outcomes[0].reason == "its TextQuoteSelector quotes nothing (its exact text is empty)"
    assert report.outcomes[1].reason == "its TextPositionSelector 9..3 is not a span"
    assert queries.claim_count(fresh) == 1
