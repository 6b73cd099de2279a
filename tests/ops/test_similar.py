"""Seen this claim before? Similar claims and imported fact-checks, "same claim" links, cited verdicts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from annotator.export.claimreview import render_claimreview
from annotator.export.gather import build_report
from annotator.export.model import ReportFilter
from annotator.ops import history, matching
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.ops.matching import MatchError
from annotator.ops.merge import merge_project, unmerge
from annotator.store import findings, schema
from annotator.store.project import open_project
from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION
from annotator.store.similar import find_similar, find_similar_to_claim
from similar_support import SimilarWorld, build_similar_world

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/belarus-troops",
    "claimReviewed": "Belarusian troops have crossed into Ukraine to fight alongside Russia",
    "datePublished": "2022-03-02",
    "author": {"@type": "Organization", "name": "Example Check"},
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    },
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A viral post"},
        "datePublished": "2022-03-01",
        "appearance": [{"@type": "CreativeWork", "url": "https://social.example/post/1"}],
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> SimilarWorld:
    return build_similar_world(tmp_path_factory.mktemp("similar") / "sample.sqlite")


@pytest.fixture
def world(built: SimilarWorld, tmp_path: Path) -> SimilarWorld:
    path = tmp_path / "project.sqlite"
    shutil.copyfile(built.path, path)
    return SimilarWorld(path, built.me, dict(built.ids))


def test_the_2023_paper_claim_lists_the_2022_claims_that_belarus_would_not_send_troops(
    world: SimilarWorld,
) -> None:
    """The issue's "done when": a claim in the 2023 paper about Belarus not sending troops."""
    with open_project(world.path) as project:
        hits = find_similar_to_claim(project, world.ids["paper"])
    ids = [hit.id for hit in hits]
    troop_claims = {world.ids[key] for key in ("join", "soldiers", "troops")}
    assert set(ids[:3]) == troop_claims
    assert world.ids["paper"] not in ids
    assert world.ids["referendum"] not in ids  # nothing in common but the country
    assert all(later.score <= earlier.score for earlier, later in zip(hits, hits[1:], strict=False))
    first = hits[0]
    assert first.kind == "claim" and first.source and first.quote and 0 < first.score <= 1


def test_each_hit_shows_the_published_verdict_not_a_proposal(world: SimilarWorld) -> None:
    with open_project(world.path) as project:
        verdict_ops.add_verdict(project, world.ids["troops"], "confirmed", "2023-10-05", created_by=world.me)
        verdict_ops.add_verdict(
            project, world.ids["join"], "refuted", "2023-10-05", created_by=world.me, publish=False
        )
        hits = {hit.id: hit for hit in find_similar_to_claim(project, world.ids["paper"])}
    assert (hits[world.ids["troops"]].verdict, hits[world.ids["troops"]].verdict_as_of) == (
        "Confirmed",
        "2023-10-05",
    )
    assert hits[world.ids["join"]].verdict == ""  # only a proposal: not what the desk published


def _write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def test_claimreview_files_import_once_and_are_found_with_their_rating(
    world: SimilarWorld, tmp_path: Path
) -> None:
    other = dict(REVIEW, url="https://factcheck.example/referendum", claimReviewed="The referendum was fair")
    file = _write(tmp_path / "reviews.jsonld", [REVIEW, {"@graph": [other, {"@type": "WebPage"}]}])
    with open_project(world.path) as project:
        [outcome] = import_paths(project, [file], world.me)
        assert outcome.ok and outcome.fact_checks is not None and len(outcome.fact_checks.added) == 2
        assert "2 fact-checks imported" in outcome.describe()
        [again] = import_paths(project, [file], world.me)
        assert again.fact_checks is not None and (again.fact_checks.added, again.fact_checks.known) == ((), 2)
        hits = find_similar(project, "Belarus sent troops to fight in Ukraine")
    [fact] = [hit for hit in hits if hit.kind == "factcheck"]
    assert (fact.text, fact.verdict, fact.verdict_as_of) == (REVIEW["claimReviewed"], "False", "2022-03-02")
    assert (fact.source, fact.claimant, fact.url) == ("Example Check", "A viral post", REVIEW["url"])


def test_our_own_claimreview_export_imports_as_fact_checks(world: SimilarWorld, tmp_path: Path) -> None:
    with open_project(world.path) as project:
        verdict_ops.add_verdict(
            project, world.ids["soldiers"], "confirmed", "2022-10-10", created_by=world.me
        )
        exported = render_claimreview(build_report(project, ReportFilter()))
    file = tmp_path / "ours.json"
    file.write_text(exported, encoding="utf-8")
    with open_project(tmp_path / "colleague.sqlite", create=True) as project:
        [outcome] = import_paths(project, [file])
        assert outcome.fact_checks is not None and len(outcome.fact_checks.added) == 1
        [hit] = find_similar(project, "Belarus has not sent soldiers to Ukraine")
    assert (hit.kind, hit.text, hit.verdict) == (
        "factcheck",
        "Belarus has not sent soldiers to Ukraine",
        "Confirmed",
    )


def test_a_saved_fact_check_page_imports_as_a_document_with_its_claimreview(
    world: SimilarWorld, tmp_path: Path
) -> None:
    page = tmp_path / "factcheck.html"
    ld = json.dumps({"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, REVIEW]})
    page.write_text(
        "<!doctype html><html><head><title>Did Belarus send troops?</title>"
        '<script type="application/ld+json">{not json</script>'
        f'<script type="application/ld+json">{ld}</script></head><body><article><h1>Did Belarus send troops?'
        "</h1><p>"
        + "We checked the claim that Belarusian troops crossed into Ukraine. "
        * 5
        + "</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    with open_project(world.path) as project:
        outcomes = import_paths(project, [page], world.me)
        [outcome] = outcomes
        assert outcome.added_document and outcome.fact_checks is not None
        assert "1 fact-check imported" in outcome.describe()
        count = "SELECT count(*) FROM factchecks WHERE document_id = ?"
        assert project.conn.execute(count, [outcome.document_id]).fetchone()[0] == 1
        record = ImportRecord.of(outcomes, world.me)
        undone, _ = undo_import(project, record)
        assert project.conn.execute("SELECT count(*) FROM factchecks").fetchone()[0] == 0
        assert not [
            hit for hit in find_similar(project, "Belarusian troops crossed") if hit.kind == "factcheck"
        ]
        redo_import(project, undone)
        assert project.conn.execute(count, [outcome.document_id]).fetchone()[0] == 1
        assert [hit.kind for hit in find_similar(project, "Belarusian troops crossed into Ukraine")][
            0
        ] == "factcheck"


def test_json_ld_that_is_neither_annotations_nor_claimreviews_is_refused_by_name(
    world: SimilarWorld, tmp_path: Path
) -> None:
    file = _write(tmp_path / "page.jsonld", {"@context": "https://schema.org", "@type": "NewsArticle"})
    empty = _write(tmp_path / "empty.jsonld", {"@type": "ClaimReview", "reviewRating": {"ratingValue": 1}})
    with open_project(world.path) as project:
        outcomes = import_paths(project, [file, empty], world.me)
    assert [o.ok for o in outcomes] == [False, False]
    assert "neither W3C Web Annotation nor schema.org ClaimReview" in (outcomes[0].error or "")
    assert "claimReviewed" in (outcomes[1].error or "")


def test_same_claim_links_are_undoable_and_shown_on_hits(world: SimilarWorld) -> None:
    paper, troops = world.ids["paper"], world.ids["troops"]
    with open_project(world.path) as project:
        done = matching.link_same_claim(project, paper, troops, world.me)
        assert done.value and done.changes.links == {paper, troops}
        assert matching.link_same_claim(project, troops, paper, world.me).value is False  # one per pair
        hits = {hit.id: hit for hit in find_similar_to_claim(project, paper)}
        assert hits[troops].same_as and not hits[world.ids["join"]].same_as
        history.undo(project, done)
        assert not {hit.id: hit for hit in find_similar_to_claim(project, paper)}[troops].same_as
        with pytest.raises(MatchError, match="itself"):
            matching.link_same_claim(project, paper, paper)
        history.redo(project, done)
        unlinked = matching.unlink_same_claim(project, troops, paper)
        assert unlinked.value and project.conn.execute("SELECT count(*) FROM claim_links").fetchone()[0] == 0


def test_citing_an_earlier_verdict_adds_dated_evidence_and_never_a_verdict(world: SimilarWorld) -> None:
    paper, troops = world.ids["paper"], world.ids["troops"]
    with open_project(world.path) as project:
        with pytest.raises(MatchError, match="no published verdict"):
            matching.cite(project, paper, "claim", troops)
        earlier = verdict_ops.add_verdict(
            project, troops, "confirmed", "2022-10-10", conclusion="No troops sent", created_by=world.me
        )
        mine = verdict_ops.add_verdict(project, paper, "pending", "2023-10-05", created_by=world.me)
        done = matching.cite(project, paper, "claim", troops, created_by=world.me)
        evidence = done.value
        assert (evidence.verdict_id, evidence.dated, evidence.stance) == (mine.id, "2022-10-10", "context")
        assert evidence.exact == "he would not send Belarusian troops to fight in Ukraine"
        assert "Confirmed as of 2022-10-10: No troops sent" in evidence.note
        assert [v.id for v in findings.verdict_history(project, paper)] == [mine.id]  # nothing copied
        assert done.changes.evidence == {paper}
        history.undo(project, done)
        assert findings.evidence_for_claim(project, paper) == []
        assert earlier.id == findings.desk_view(project, troops).published.id  # type: ignore[union-attr]
        with pytest.raises(MatchError, match="own verdict"):
            matching.cite(project, paper, "claim", paper)


def test_citing_a_fact_check_adds_url_evidence_dated_by_its_publication(
    world: SimilarWorld, tmp_path: Path
) -> None:
    no_url = dict(REVIEW, claimReviewed="Belarus troops seen near Kyiv")
    del no_url["url"]
    file = _write(tmp_path / "reviews.json", [REVIEW, no_url])
    with open_project(world.path) as project:
        import_paths(project, [file], world.me)
        ids = dict(project.conn.execute("SELECT claim_reviewed, id FROM factchecks"))
        done = matching.cite(
            project, world.ids["paper"], "factcheck", ids[REVIEW["claimReviewed"]], "refutes"
        )
        evidence = done.value
        assert (evidence.url, evidence.dated, evidence.stance) == (REVIEW["url"], "2022-03-02", "refutes")
        assert evidence.note.startswith("Example Check rated “Belarusian troops") and "False" in evidence.note
        with pytest.raises(MatchError, match="no URL"):
            matching.cite(project, world.ids["paper"], "factcheck", ids["Belarus troops seen near Kyiv"])
        with pytest.raises(MatchError, match="no fact-check"):
            matching.cite(project, world.ids["paper"], "factcheck", "nope")


def test_a_project_from_before_fact_checks_upgrades(world: SimilarWorld) -> None:
    with open_project(world.path) as project:
        for table in ("claim_links", "search_factchecks", "factchecks"):
            project.conn.execute(f"DROP TABLE {table}")
        project.conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V9_FACTCHECKS)}")
    with open_project(world.path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert len(find_similar_to_claim(project, world.ids["paper"])) >= 3


def test_a_colleagues_fact_checks_and_same_claim_links_merge_once(
    world: SimilarWorld, tmp_path: Path
) -> None:
    colleague = tmp_path / "colleague.sqlite"
    shutil.copyfile(world.path, colleague)
    with open_project(colleague) as theirs:
        bob = ensure_annotator(theirs, "Bob")
        import_paths(theirs, [_write(tmp_path / "reviews.jsonld", [REVIEW])], bob)
        matching.link_same_claim(theirs, world.ids["paper"], world.ids["troops"], bob)
    with open_project(world.path) as project:
        summary = merge_project(project, colleague, world.me)
        assert len(summary.inserted["factchecks"]) == 1 and len(summary.inserted["claim_links"]) == 1
        hits = find_similar_to_claim(project, world.ids["paper"])
        assert {hit.kind for hit in hits} == {"claim", "factcheck"}
        assert next(hit for hit in hits if hit.id == world.ids["troops"]).same_as
        again = merge_project(project, colleague, world.me)
        assert not again.inserted["factchecks"] and not again.inserted["claim_links"]
        unmerge(project, summary)
        assert project.conn.execute("SELECT count(*) FROM factchecks").fetchone()[0] == 0
        assert project.conn.execute("SELECT count(*) FROM claim_links").fetchone()[0] == 0
