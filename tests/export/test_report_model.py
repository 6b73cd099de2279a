"""What the report gathers for each filter: which claims, in what order, with what around them."""

from __future__ import annotations

from annotator.export.gather import build_report
from annotator.export.model import ClaimEntry, ReportFilter
from annotator.store.project import Project


def ids(entries: list[ClaimEntry]) -> list[str]:
    """The claims by the last digit of their fixed ids (see conftest.build_sample)."""
    return [entry.claim.id[-1] for entry in entries]


def test_verified_only_is_the_default_and_pending_or_unjudged_claims_are_left_out(sample: Project) -> None:
    report = build_report(sample)
    assert report.filter.verified_only
    assert ids(report.claims) == ["4", "1", "3", "2"]  # claim 5 has no verdict, claim 6 only "pending"
    assert ids(build_report(sample, ReportFilter(verified_only=False)).claims) == [
        "4",
        "1",
        "3",
        "5",
        "6",
        "2",
    ]


def test_each_filter(sample: Project) -> None:
    def only(**criteria: str) -> list[str]:
        return ids(build_report(sample, ReportFilter(verified_only=False, **criteria)).claims)

    invasion = "00000000-0000-4000-8000-000000000081"
    assert only(event_id=invasion) == ["4", "1"]
    scope = build_report(sample, ReportFilter(event_id=invasion)).scope
    assert scope == ["verified claims only", "linked to the event “Russia invades Ukraine”"]
    assert only(kind="prediction") == ["1", "3", "2"]
    assert only(date_from="2022-03-01") == ["1"]  # only stated dates count; undated claims drop out
    assert only(date_to="2022-02-28") == ["4"]
    assert only(date_from="2022-02-24", date_to="2022-03-17") == ["4", "1"]
    assert only(annotator="ana analyst") == ["4", "1", "3", "5", "6", "2"]
    assert only(annotator="Fiona Factchecker") == []
    assert only(annotator="nobody") == []


def test_a_claim_entry_carries_everything_the_report_shows(sample: Project) -> None:
    report = build_report(sample, generated_at="2024-05-01T12:00:00+00:00")
    entry = next(e for e in report.claims if e.claim.id.endswith("1"))
    assert entry.headline == "Belarus will not join Russia’s war against Ukraine"
    assert entry.stated() == "17 March (2022-03-17)"
    assert entry.claimant is not None and entry.claimant.aliases == ["Lukashenko", "Лукашенко"]
    assert entry.document.title == "Will Lukashenka join Putin in invading Ukraine?"
    assert [(event.title, relation) for event, relation in entry.events] == [
        ("Russia invades Ukraine", "about")
    ]
    assert [(step.verdict.label, step.label.display, step.author) for step in entry.history] == [
        ("pending", "Pending", "Fiona Factchecker"),
        ("confirmed", "Confirmed", "Fiona Factchecker"),
    ]
    assert entry.current is not None and entry.current.verdict.as_of == "2023-10-05"
    span, url = entry.evidence
    assert span.source is not None and span.source.title.startswith("From strategic partner")
    assert span.evidence.exact.startswith("avoiding at all costs")
    assert url.source is None and url.evidence.archived_url.startswith("https://web.archive.org/")
    # The latest review wins, whether it was of the claim or of one of its verdicts.
    assert entry.review.display() == "verdict accepted by Rita Reviewer on 2024-01-02"
    unreviewed = next(e for e in report.claims if e.claim.id.endswith("3"))
    assert unreviewed.review.display() == "not reviewed"


def test_title_block_and_summary(sample: Project) -> None:
    report = build_report(sample, generated_at="2024-05-01T12:00:00+00:00")
    assert report.project_name == "sample.sqlite"
    assert report.authors == ["Ana Analyst"]
    assert [(label, count) for label, _, count in report.summary.by_label] == [
        ("confirmed", 1),
        ("mostly_confirmed", 1),
        ("mixed", 0),
        ("mostly_refuted", 0),
        ("refuted", 1),
        ("unverifiable", 1),
        ("pending", 0),
    ]
    [nobody, lukashenka] = report.summary.claimants
    assert (lukashenka.name, lukashenka.count("confirmed"), lukashenka.count("refuted")) == (
        "Alexander Lukashenka",
        1,
        1,
    )
    assert nobody.name == "(no claimant)"
    assert [(item.event.title, item.claim_count) for item in report.summary.timeline] == [
        ("Russia invades Ukraine", 2),
        ("Joint regional group of forces", 1),
    ]
    everything = build_report(sample, ReportFilter(verified_only=False))
    assert everything.summary.by_label[-2:] == [("pending", "Pending", 1), ("", "No verdict yet", 1)]
