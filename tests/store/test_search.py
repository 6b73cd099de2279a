"""Full-text search on the sample corpus: kept up to date by triggers, safe on any query, migrated from v2."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.models import ImportedDocument
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops import history
from annotator.ops import verdicts as verdict_ops
from annotator.ops.documents import add_document, update_metadata
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store import search as search_module
from annotator.store.project import Project, open_project
from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from annotator.store.search import (
    Snippet,
    first_match,
    match_expression,
    parse_query,
    search,
)

PAPER = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"
CONCESSIONS = (
    "New Concessions for Putin: Is Lukashenko Ready to Involve the Belarusian Army in the War in Ukraine?"
)
BELARUS_DIGEST = "Will Lukashenka join Putin in invading Ukraine?"
PROMISE = "we are not going to join the war"


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path) -> Iterator[Project]:
    with open_project(tmp_path / "p.sqlite") as opened:
        import_paths(opened, [seeds_dir])
        yield opened


def _document_id(project: Project, title: str) -> str:
    return next(s.id for s in queries.document_summaries(project) if s.title == title)


def _titles(project: Project, query: str, kind: str = "document") -> set[str]:
    return {hit.title for hit in search(project, query).hits[kind]}


def _ids(project: Project, query: str, kind: str) -> list[str]:
    return [hit.id for hit in search(project, query).hits[kind]]


def _tag(project: Project, title: str, phrase: str, kind: str = "prediction") -> str:
    document_id = _document_id(project, title)
    text = queries.get_document(project, document_id).text
    start = text.index(phrase)
    return claim_ops.tag_claim(project, document_id, start, start + len(phrase), kind=kind).id


def _assert_index_healthy(project: Project) -> None:
    project.conn.execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')")
    entries = project.conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    refs = project.conn.execute("SELECT count(*) FROM search_refs").fetchone()[0]
    rows = sum(
        project.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("documents", "claims", "events", "verdicts", "evidence")
    )
    assert entries == refs == rows


def test_a_romanian_name_is_found_with_or_without_its_diacritics(project: Project) -> None:
    for query in ("Țicălău", "Ticalau", "ȚICĂLĂU", "ticălău", "Ţicălău"):  # the last with a cedilla Ţ
        assert _titles(project, query) == {PAPER}, query
    [hit] = search(project, "Ticalau").hits["document"]
    text = queries.get_document(project, hit.document_id or "").text
    assert hit.start is not None and text[hit.start : hit.end] == "Țicălău"
    assert "Țicălău" in hit.snippet.text
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights] == ["Țicălău"]


def test_document_metadata_is_searchable_and_follows_edits(project: Project) -> None:
    blog = _document_id(project, "Will Belarus join the war now?")
    assert search(project, "Știrbu").is_empty()
    previous = update_metadata(project, blog, {"authors": ["Ana Știrbu"], "publisher": "Wix Blog"})
    [hit] = search(project, "Stirbu").hits["document"]
    # Only the metadata matched: there is no place in the text to open, and the snippet shows the author.
    assert (hit.id, hit.start, hit.end) == (blog, None, None)
    assert hit.snippet.marked() == "Ana «Știrbu» Wix Blog"
    assert _titles(project, '"wix blog"') == {"Will Belarus join the war now?"}
    update_metadata(project, blog, previous)
    assert search(project, "Stirbu").is_empty()
    update_metadata(project, blog, {"title": "Minsk neutrality blog"})
    assert _titles(project, "neutrality") == {"Minsk neutrality blog"}
    _assert_index_healthy(project)


def test_prefix_finds_both_spellings_of_a_name(project: Project) -> None:
    everything = {s.title for s in queries.document_summaries(project)}
    assert _titles(project, "Lukashenk*") == everything
    assert BELARUS_DIGEST in _titles(project, "Lukashenka")
    assert BELARUS_DIGEST not in _titles(project, "Lukashenko")
    hit = next(h for h in search(project, "Lukashenk*").hits["document"] if h.title == BELARUS_DIGEST)
    text = queries.get_document(project, hit.id).text
    # The span covers the whole word, as FTS5 highlights the whole token, not just the prefix typed.
    assert hit.start is not None and text[hit.start : hit.end] == "Lukashenka"
    assert text.find("Lukashenka") == hit.start
    assert all(hit.snippet.text[s:e] == "Lukashenka" for s, e in hit.snippet.highlights)


def test_a_quoted_phrase_needs_its_words_together(project: Project) -> None:
    assert _titles(project, '"joint regional group"') == {CONCESSIONS}
    # The Belarus Digest article has all three words, but apart: found only without the quotes.
    assert {CONCESSIONS, BELARUS_DIGEST} <= _titles(project, "joint regional group")
    [hit] = search(project, '"Joint  Regional group"').hits["document"]
    text = queries.get_document(project, hit.id).text
    assert hit.start is not None and text[hit.start : hit.end].lower() == "joint regional group"
    assert "«joint regional group»" in hit.snippet.marked()


def test_claim_statement_edits_delete_and_undo_are_reflected(project: Project) -> None:
    claim = _tag(project, BELARUS_DIGEST, PROMISE)
    assert _ids(project, '"not going to join"', "claim") == [claim]
    claim_ops.update_claim(project, claim, {"statement": "Belarus will keep its soldiers at home"})
    assert _ids(project, "soldiers home", "claim") == [claim]
    claim_ops.update_claim(project, claim, {"statement": "Minsk promises neutrality"})
    assert _ids(project, "neutrality", "claim") == [claim]
    assert _ids(project, "soldiers", "claim") == []
    claim_ops.update_claim(
        project, claim, {"tags": ["red-line", "TBS interview"], "note": "said on Japanese TV"}
    )
    assert _ids(project, '"red line"', "claim") == _ids(project, "japanese", "claim") == [claim]

    verdict = verdict_ops.add_verdict(
        project, claim, "confirmed", "2023-10-05", "Kept out", reasoning="No Belarusian battalion crossed"
    )
    assert _ids(project, "battalion", "verdict") == [verdict.id]
    done = claim_ops.delete(project, claim)
    assert _ids(project, "neutrality", "claim") == []
    assert _ids(project, "battalion", "verdict") == []
    _assert_index_healthy(project)
    history.undo(project, done)
    assert _ids(project, "neutrality", "claim") == [claim]
    assert _ids(project, "battalion", "verdict") == [verdict.id]
    _assert_index_healthy(project)


def test_a_claim_hit_opens_its_span_and_is_found_by_its_claimant(project: Project) -> None:
    claim = _tag(project, BELARUS_DIGEST, PROMISE)
    lukashenka = actor_ops.create_actor(project, "Alexander Lukashenka")
    claim_ops.update_claim(project, claim, {"claimant_id": lukashenka.id})
    [hit] = search(project, "Alexander Lukashenka").hits["claim"]
    text = queries.get_document(project, hit.document_id or "").text
    assert (hit.id, hit.claim_id, hit.title, hit.context) == (claim, claim, PROMISE, BELARUS_DIGEST)
    assert hit.start is not None and text[hit.start : hit.end] == PROMISE
    # A new alias or a new name re-indexes the claims of that claimant.
    assert _ids(project, "Lukashenko", "claim") == []
    actor_ops.add_alias(project, lukashenka.id, "Lukashenko")
    assert _ids(project, "Lukashenko", "claim") == [claim]
    with project.transaction() as db:
        db.execute("UPDATE actors SET name = 'Aliaksandr Lukashenka' WHERE id = ?", [lukashenka.id])
    assert _ids(project, "Aliaksandr", "claim") == [claim]
    assert _ids(project, "Alexander", "claim") == []
    _assert_index_healthy(project)


def test_events_verdicts_and_evidence_are_found(project: Project) -> None:
    claim = _tag(project, BELARUS_DIGEST, PROMISE)
    event = event_ops.create_event(
        project,
        "Joint regional group of forces deployed",
        "10 October 2022",
        description="Russia and Belarus announce a combined force",
        place="Vitebsk",
    )
    [hit] = search(project, "Vitebsk").hits["event"]
    assert (hit.id, hit.title, hit.context, hit.document_id) == (
        event.id,
        event.title,
        "10 October 2022",
        None,
    )
    assert _ids(project, "combined", "event") == [event.id]
    event_ops.update_event(project, event.id, {"title": "Regional grouping announced"})
    assert _ids(project, "deployed", "event") == []
    assert _ids(project, "grouping", "event") == [event.id]

    verdict = verdict_ops.add_verdict(
        project, claim, "confirmed", "2023-10-05", "Belarus stayed out", reasoning="Țicălău's paper shows it"
    )
    [hit] = search(project, "Ticalau paper").hits["verdict"]
    assert (hit.id, hit.claim_id, hit.title) == (
        verdict.id,
        claim,
        "Confirmed: Belarus stayed out (as of 2023-10-05)",
    )
    assert hit.context == PROMISE and hit.start is not None

    paper = _document_id(project, PAPER)
    paper_text = queries.get_document(project, paper).text
    quote = "avoiding at all costs the direct involvement of the Belarusian army in the war"
    start = paper_text.index(quote)
    evidence = verdict_ops.add_span_evidence(
        project, claim, paper, start, start + len(quote), "supports", note="cautious Minsk"
    )
    url = verdict_ops.add_url_evidence(project, claim, "https://example.org/kyiv-report", "context")
    [hit] = search(project, '"direct involvement"').hits["evidence"]
    assert (hit.id, hit.document_id, hit.start, hit.end) == (evidence.id, paper, start, start + len(quote))
    assert (hit.title, hit.claim_id) == ("cautious Minsk", claim)
    [hit] = search(project, "kyiv-report").hits["evidence"]
    assert (hit.id, hit.document_id, hit.start) == (url.id, None, None)
    verdict_ops.remove_evidence(project, evidence.id)
    assert _ids(project, '"direct involvement"', "evidence") == []
    _assert_index_healthy(project)


def test_a_title_match_ranks_above_a_single_mention_in_the_body(tmp_path: Path) -> None:
    filler = "Some sentence about the weather and the harvest. " * 40
    with open_project(tmp_path / "p.sqlite") as project:
        for title, text in [
            ("Minsk talks", filler),
            ("Weather report", filler + "Talks were held in Minsk. " + filler),
            ("Harvest", filler),
            ("Rain", filler),
        ]:
            add_document(
                project,
                ImportedDocument(text=text, source_format="text", source_filename="x.txt", title=title),
            )
        hits = search(project, "Minsk").hits["document"]
        assert [hit.title for hit in hits] == ["Minsk talks", "Weather report"]
        assert hits[0].score < hits[1].score
        assert hits[0].start is None  # the title matched, the text never says Minsk


def test_limits_and_totals(project: Project) -> None:
    results = search(project, "Lukashenk*", limit_per_kind=2)
    assert results.totals["document"] == 5 and len(results.hits["document"]) == 2
    assert results.total == 5 and not results.is_empty()
    counted = search(project, "Lukashenk*", limit_per_kind=0)
    assert counted.totals["document"] == 5 and counted.hits["document"] == []


def test_a_short_page_holds_each_kinds_best_hits_in_rank_order(project: Project) -> None:
    for number, phrase in enumerate(("Minsk said", "Lukashenka in Minsk", "Minsk Minsk", "Minsk again")):
        document_id = queries.document_summaries(project)[number].id
        text = queries.get_document(project, document_id).text
        claim = claim_ops.tag_claim(project, document_id, 0, min(40, len(text)))
        claim_ops.update_claim(project, claim.id, {"statement": phrase})
    everything = search(project, "Minsk", limit_per_kind=1000)
    page = search(project, "Minsk", limit_per_kind=2)
    assert page.totals == everything.totals and page.totals["claim"] == 4
    for kind in ("document", "claim"):
        assert everything.hits[kind] == sorted(everything.hits[kind], key=lambda hit: hit.score)
        assert [hit.score for hit in page.hits[kind]] == [hit.score for hit in everything.hits[kind][:2]]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "AND",
        "NEAR(",
        "-",
        ":",
        "*",
        "",
        "   ",
        "OR",
        "NOT",
        "a OR",
        "(",
        ")",
        "^",
        '""',
        "\x00",
        "title:Minsk",
        "col : x",
        "Lukashenko NEAR/2 Putin",
        "'single'",
        '"a" "b',
        "{x}",
        "-Putin",
        "--",
        "**",
    ],
)
def test_any_typed_text_is_a_valid_query(project: Project, query: str) -> None:
    results = search(project, query)
    assert set(results.hits) == set(results.totals) == {"document", "claim", "event", "verdict", "evidence"}


def test_query_translation() -> None:
    assert match_expression("Lukashenk*") == '"Lukashenk"*'
    assert match_expression('"joint regional group"') == '"joint regional group"'
    assert match_expression('"unbalanced phrase') == '"unbalanced phrase"'
    assert match_expression("AND") == '"AND"'
    assert match_expression("NEAR(") == '"NEAR("'
    assert match_expression("Minsk AND Kyiv") == '"Minsk" AND "Kyiv"'
    assert match_expression("Lukashenko OR Lukashenka Putin") == '("Lukashenko" OR "Lukashenka") AND "Putin"'
    assert match_expression("Putin -Kyiv") == '("Putin") NOT "Kyiv"'
    assert match_expression("Putin NOT Kyiv") == '("Putin") NOT "Kyiv"'
    assert match_expression('say "hi"*') == '"say" AND "hi"*'
    for nothing in ("", "-", ":", "*", "-Kyiv", "  \t "):
        assert match_expression(nothing) == ""
    assert [t.text for t in parse_query('a "b c" d*').positive] == ["a", "b c", "d"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab Ț"*-:()^+{}ORNDTA\x00 '), max_size=20) | st.text(max_size=20))
def test_no_typed_text_makes_fts5_raise(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute('CREATE VIRTUAL TABLE t USING fts5(x, tokenize = "unicode61 remove_diacritics 2")')
    conn.execute("INSERT INTO t VALUES ('a b Ticalau or and not near')")
    expression = match_expression(query)
    if expression:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", [expression]).fetchall()


def test_first_match_folds_like_fts5() -> None:
    assert first_match("Andrei Țicălău wrote", "ticalau") == (7, 14)
    decomposed = "by T\u0326ica\u0306la\u0306u."
    assert first_match(decomposed, "Țicălău") == (3, len(decomposed) - 1)
    assert first_match("Лукашенко и Путин", "лукашенко") == (0, 9)
    assert first_match("мой", "мои") is None  # FTS5 folds only Latin diacritics
    assert first_match("Lukashenkaite", "Lukashenka") is None
    assert first_match("joint\nregional - group", '"joint regional group"') == (0, 22)
    assert first_match("nothing here", "-nothing") is None


def test_snippet_markers_do_not_depend_on_the_text() -> None:
    snippet = Snippet("a «quoted» [Minsk] word", ((12, 17),))
    assert snippet.marked() == "a «quoted» [«Minsk»] word"
    assert snippet.marked("<b>", "</b>") == "a «quoted» [<b>Minsk</b>] word"


def test_a_version_2_project_is_indexed_when_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0] + MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    text = "Robert Gabriel Țicălău writes that Lukashenka avoided the war."
    conn.execute(
        "INSERT INTO documents (id, text, sha256, length, title, authors, created_at, updated_at) "
        "VALUES ('doc-1', ?, 'x', ?, 'Old paper', '[\"R. G. Țicălău\"]', '2024-01-01', '2024-01-01')",
        [text, len(text)],
    )
    conn.execute(
        'INSERT INTO claims (id, document_id, start, "end", exact, kind, statement, created_at, updated_at) '
        "VALUES ('claim-1', 'doc-1', 35, 44, 'Lukashenka', 'factual', 'He stayed out', '2024', '2024')"
    )
    conn.close()
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [hit] = search(project, "Ticalau").hits["document"]
        assert (hit.id, hit.title, hit.start, hit.end) == ("doc-1", "Old paper", 15, 22)
        assert _ids(project, "stayed", "claim") == ["claim-1"]
        _assert_index_healthy(project)


def _newest_matching(project: Project, query: str, count: int) -> set[tuple[str, str]]:
    """(kind, id) of the `count` most recently added index entries matching `query`, read independently."""
    rows = project.conn.execute(
        "SELECT r.kind, r.ref_id FROM search_refs r WHERE r.id IN (SELECT rowid FROM search_index "
        "WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?)",
        [match_expression(query), count],
    )
    return {(kind, ref_id) for kind, ref_id in rows}


def test_a_common_query_ranks_the_most_recent_matches_and_counts_them_all(project: Project) -> None:
    # Claims made after the import are the newest entries; one says "Minsk" in its statement.
    document_id = _document_id(project, BELARUS_DIGEST)
    for number in range(6):
        claim = claim_ops.tag_claim(project, document_id, number * 10, number * 10 + 8)
        claim_ops.update_claim(project, claim.id, {"statement": f"Minsk claim {number}" + " Minsk" * number})
    everything = search(project, "Minsk", limit_per_kind=1000, rank_window=None)
    assert everything.ranked_among is None
    matched = everything.total
    window = 4
    assert matched > window

    page = search(project, "Minsk", limit_per_kind=2, rank_window=window)
    assert page.ranked_among == window and page.total == window
    newest = _newest_matching(project, "Minsk", window)
    assert sum(page.totals.values()) == window == len(newest)
    for kind in ("document", "claim"):
        # Each kind's page: the best (bm25, as the full ranking orders them) of its entries in the window.
        expected = [hit.id for hit in everything.hits[kind] if (kind, hit.id) in newest][:2]
        assert [hit.id for hit in page.hits[kind]] == expected
    assert [hit.title for hit in page.hits["claim"]][0] == "Minsk claim 5 Minsk Minsk Minsk Minsk Minsk"
    # The counts of every kind, as the full search gives them.
    assert search_module.count_matches(project, "Minsk") == everything.totals
    # A query matching no more than the window is ranked over all its matches.
    assert search(project, "Minsk", rank_window=matched).ranked_among is None


def test_a_prefix_query_gets_its_snippets(project: Project) -> None:
    # Snippets are read with the wanted rows kept from FTS5 (a prefix query re-run per row took seconds).
    results = search(project, "Lukashenk*", rank_window=None)
    hits = results.hits["document"]
    assert len(hits) == 5
    for hit in hits:
        assert hit.snippet.highlights, hit.title
        start, end = hit.snippet.highlights[0]
        assert hit.snippet.text[start:end].lower().startswith("lukashenk")
