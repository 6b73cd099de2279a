"""Search in Chinese, Japanese and Thai: words inside runs without spaces, of any length, from two indexes."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops.documents import add_document
from annotator.ops.importing import import_paths
from annotator.store import queries, schema
from annotator.store import search as search_module
from annotator.store.project import Project, open_project
from annotator.store.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    SCHEMA_VERSION,
    SPACELESS_RANGES,
    TRIGRAM_INDEXED_RANGES,
    _has_trigram_text,
)
from annotator.store.script_search import is_spaceless
from annotator.store.search import search

PAPER = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"
# Written for these tests: a short news paragraph in each language about the seeds' subject. The Japanese
# one starts with 𠮷 (U+20BB7, outside the BMP: two UTF-16 units), so offsets must be code points.
JAPANESE = (
    "𠮷野記者の報告。ベラルーシのルカシェンコ大統領は、ロシアのウクライナ侵攻に自国軍を参加させないと"
    "述べた。しかし、ロシア軍はベラルーシ領内からキーウに向けて進軍した。"
)
THAI = (
    "ประธานาธิบดีลูกาเชนโกแห่งเบลารุสกล่าวว่าเบลารุสจะไม่ส่งทหารไปยูเครน "
    "แต่กองทัพรัสเซียใช้ดินแดนเบลารุสเพื่อบุกยูเครนในเดือนกุมภาพันธ์"
)


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path) -> Iterator[Project]:
    with open_project(tmp_path / "p.sqlite") as opened:
        import_paths(opened, [seeds_dir])
        for title, text, language in (("ルカシェンコと侵攻", JAPANESE, "ja"), ("Thai report", THAI, "th")):
            add_document(
                opened,
                ImportedDocument(
                    text=text, source_format="text", source_filename=f"{language}.txt", title=title
                ),
            )
        yield opened


def _document_hits(project: Project, query: str) -> dict[str, tuple[int | None, int | None]]:
    return {hit.title: (hit.start, hit.end) for hit in search(project, query).hits["document"]}


def _text_of(project: Project, title: str) -> str:
    summary = next(s for s in queries.document_summaries(project) if s.title == title)
    return queries.get_document(project, summary.id).text


def _assert_found_at_first_occurrence(project: Project, query: str, title: str) -> None:
    [hit] = [hit for hit in search(project, query).hits["document"] if hit.title == title]
    text = _text_of(project, title)
    assert (hit.start, hit.end) == (text.index(query), text.index(query) + len(query)), query
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights][0] == query
    assert query in hit.snippet.text


@pytest.mark.parametrize("query", ["白", "白俄", "战争", "白俄罗斯", "卢卡申科", "俄乌战争"])
def test_chinese_words_of_any_length_are_found_in_the_seed_translation(project: Project, query: str) -> None:
    assert set(_document_hits(project, query)) == {PAPER}
    _assert_found_at_first_occurrence(project, query, PAPER)


@pytest.mark.parametrize("query", ["軍", "侵攻", "キーウ", "ベラルーシ", "ルカシェンコ大統領", "野記者"])
def test_japanese_words_are_found_with_code_point_offsets(project: Project, query: str) -> None:
    # The title also matches "侵攻": the document is listed once, at its first match in the text.
    assert list(_document_hits(project, query)) == ["ルカシェンコと侵攻"]
    _assert_found_at_first_occurrence(project, query, "ルカシェンコと侵攻")


@pytest.mark.parametrize("query", ["ไป", "ทหาร", "ยูเครน", "เบลารุส", "กองทัพรัสเซีย"])
def test_thai_words_are_found_inside_unspaced_text(project: Project, query: str) -> None:
    assert list(_document_hits(project, query)) == ["Thai report"]
    _assert_found_at_first_occurrence(project, query, "Thai report")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def test_an_excerpt_keeps_a_chinese_match_as_near_its_start_as_a_latin_one(project: Project) -> None:
    # Wide characters count as two columns, so the excerpt does not open with 60 Chinese characters (as
    # wide as 120 Latin ones) and push the match out of a result list's column.
    for query in ("战争", "Ticalau"):
        [hit] = search(project, query).hits["document"]
        before = hit.snippet.text[: hit.snippet.highlights[0][0]]
        assert 0 < _columns(before) <= 61, (query, before)


def test_absent_words_find_nothing_and_the_word_index_still_serves_latin(project: Project) -> None:
    for absent in ("日本", "鳥", "東京都", "ญี่ปุ่น"):
        assert search(project, absent).is_empty(), absent
    assert PAPER in _document_hits(project, "Ticalau")
    # A query mixing scripts needs every term, each from its own index; - and OR work as for words.
    assert set(_document_hits(project, "战争 Putin")) == {PAPER}
    assert search(project, "战争 Kyiv-Hulevich-nowhere").is_empty()
    assert search(project, "战争 -Putin").is_empty()
    assert set(_document_hits(project, "战争 OR 侵攻")) == {PAPER, "ルカシェンコと侵攻"}
    assert set(_document_hits(project, "侵攻 OR ยูเครน")) == {"ルカシェンコと侵攻", "Thai report"}


def test_a_title_match_ranks_first_and_totals_count_every_row(project: Project) -> None:
    results = search(project, "侵攻 OR 白", limit_per_kind=1)
    assert results.totals["document"] == 2 and len(results.hits["document"]) == 1
    # "侵攻" is in the Japanese document's title, which weighs more than one mention in a long text.
    assert results.hits["document"][0].title == "ルカシェンコと侵攻"


def test_claims_in_chinese_follow_edits_deletion_undo_and_aliases(project: Project) -> None:
    text = _text_of(project, PAPER)
    paper = next(s.id for s in queries.document_summaries(project) if s.title == PAPER)
    quote = "不惜一切代价避免白俄罗斯军队直接卷入战争"
    start = text.index(quote)
    claim = claim_ops.tag_claim(project, paper, start, start + len(quote), kind="factual").id
    [hit] = search(project, "卷入").hits["claim"]
    assert (hit.id, hit.start, hit.end) == (claim, start, start + len(quote))
    assert hit.snippet.marked().count("«卷入»") == 1
    claim_ops.update_claim(project, claim, {"statement": "明斯克保持中立"})
    assert [h.id for h in search(project, "中立").hits["claim"]] == [claim]
    assert search(project, "中立").hits["claim"][0].title == "明斯克保持中立"
    claim_ops.update_claim(project, claim, {"statement": "Minsk stays out"})
    assert search(project, "中立").hits["claim"] == []
    lukashenko = actor_ops.create_actor(project, "Alexander Lukashenko")
    claim_ops.update_claim(project, claim, {"claimant_id": lukashenko.id})
    assert search(project, "卢卡").hits["claim"] == []
    actor_ops.add_alias(project, lukashenko.id, "卢卡申科")
    assert [h.id for h in search(project, "卢卡").hits["claim"]] == [claim]
    done = claim_ops.delete(project, claim)
    assert search(project, "卷入").hits["claim"] == []
    history.undo(project, done)
    assert [h.id for h in search(project, "卷入").hits["claim"]] == [claim]
    _assert_trigram_index_healthy(project)


@pytest.mark.parametrize(
    ("query", "documents"),
    [
        ("白俄罗斯", {PAPER}),
        ("白俄", {PAPER}),
        ("白俄罗斯 OR 卢卡申科", {PAPER}),
        ("白俄罗斯 军队", {PAPER}),
        ("军队 -卢卡申科", set()),
        ("白俄 OR 侵攻", {PAPER, "ルカシェンコと侵攻"}),
    ],
)
def test_a_common_chinese_query_ranks_the_most_recent_matches_and_counts_them_all(
    project: Project, query: str, documents: set[str]
) -> None:
    # Five claims made after the import say it in their statements: the newest entries. Terms of three
    # characters or more: ranked inside the trigram index; any shorter: a scan of the newest texts.
    text = _text_of(project, PAPER)
    paper = next(s.id for s in queries.document_summaries(project) if s.title == PAPER)
    quote = "不惜一切代价避免白俄罗斯军队直接卷入战争"
    start = text.index(quote)
    claims = []
    for number in range(5):
        claim = claim_ops.tag_claim(project, paper, start + number, start + len(quote), kind="factual")
        claim_ops.update_claim(project, claim.id, {"statement": "白俄罗斯军队" + "白俄罗斯" * number})
        claims.append(claim.id)
    everything = search(project, query, limit_per_kind=1000, rank_window=None)
    assert everything.ranked_among is None
    assert set(_document_hits(project, query)) == documents
    assert {hit.id for hit in everything.hits["claim"]} == set(claims)
    window = 3
    page = search(project, query, limit_per_kind=2, rank_window=window)
    assert page.ranked_among == window and sum(page.totals.values()) == window
    newest = set(claims[-window:])
    expected = [hit.id for hit in everything.hits["claim"] if hit.id in newest][:2]
    assert [hit.id for hit in page.hits["claim"]] == expected and page.hits["document"] == []
    first_term = query.split()[0]
    assert all(f"«{first_term}" in hit.snippet.marked() for hit in page.hits["claim"])
    assert search_module.count_matches(project, query) == everything.totals
    # A query matching no more than the window is ranked over all its matches.
    assert search(project, query, rank_window=everything.total).ranked_among is None


def _assert_trigram_index_healthy(project: Project) -> None:
    conn = project.conn
    conn.execute("INSERT INTO search_trigram (search_trigram) VALUES ('integrity-check')")
    entries = conn.execute("SELECT count(*) FROM search_trigram").fetchone()[0]
    refs = conn.execute("SELECT count(*) FROM search_trigram_refs").fetchone()[0]
    # Exactly the word-index entries with a character of such a script have a trigram entry.
    indexed = re.compile(f"[{TRIGRAM_INDEXED_RANGES}]")
    expected = [
        rowid
        for rowid, title, meta, body in conn.execute("SELECT rowid, title, meta, body FROM search_index")
        if indexed.search(title + meta + body)
    ]
    assert entries == refs == len(expected) > 0


def test_latin_only_text_costs_the_trigram_index_nothing(tmp_path: Path) -> None:
    with open_project(tmp_path / "latin.sqlite") as project:
        add_document(
            project,
            ImportedDocument(text="Minsk and Kyiv, 2022.", source_format="text", source_filename="a.txt"),
        )
        assert project.conn.execute("SELECT count(*) FROM search_trigram").fetchone()[0] == 0
        assert search(project, "Minsk").total == 1 and search(project, "明斯克").is_empty()


def test_a_project_of_the_previous_version_is_indexed_when_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[: MIGRATIONS.index(schema._V12_TRIGRAM)]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V12_TRIGRAM)}")
    conn.execute(
        "INSERT INTO documents (id, text, sha256, length, title, created_at, updated_at) "
        "VALUES ('doc-1', ?, 'x', ?, 'Old', '2024-01-01', '2024-01-01')",
        [THAI, len(THAI)],
    )
    conn.close()
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        [hit] = search(project, "ทหาร").hits["document"]
        assert (hit.id, hit.start) == ("doc-1", THAI.index("ทหาร"))
        _assert_trigram_index_healthy(project)


def test_the_indexed_ranges_hold_every_routed_script_but_three_supplementary_blocks() -> None:
    indexed = re.compile(f"[{TRIGRAM_INDEXED_RANGES}]")
    routed = re.compile(f"[{SPACELESS_RANGES}]")
    # CJK compatibility ideographs, half-width katakana, CJK extensions B-G: text using them always has
    # ordinary kana or ideographs too, which put it in the index.
    supplementary = re.compile("[\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]")
    routed_chars = [chr(code) for code in range(0x110000) if routed.match(chr(code))]
    assert [c for c in routed_chars if not indexed.match(c) and not supplementary.match(c)] == []
    # The SQL test the triggers use agrees, and says no to Latin text with its usual non-ASCII characters.
    conn = sqlite3.connect(":memory:")
    test = _has_trigram_text("value")
    core = [char for char in routed_chars if not supplementary.match(char)]
    [unseen] = conn.execute(
        f"SELECT count(*) FROM json_each(?) WHERE NOT {test}", [json.dumps(core)]
    ).fetchone()
    assert unseen == 0
    latin = "“Țicălău” — naïve café, ﬁnal 😀\ufe0f € Лукашенко Λευκορωσία"
    assert conn.execute(f"SELECT {test} FROM (SELECT ? AS value)", [latin]).fetchone() == (0,)


def test_which_scripts_go_to_the_trigram_index() -> None:
    for spaceless in ("白", "ひらがな", "カタカナ", "ไทย", "한국어", "ລາວ", "ខ្មែរ", "မြန်မာ", "𠮷"):
        assert is_spaceless(spaceless), spaceless
    for spaced in ("Minsk", "Țicălău", "Лукашенко", "Λευκορωσία", "بيلاروسيا", "בלארוס", "2022", "«»"):
        assert not is_spaceless(spaced), spaced
