"""People's mentions on the sample corpus: tagging one, tagging every occurrence of a person in one
undoable step, untagging, merging a colleague's tags, a merged person's mentions, and the upgrade."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.mentions import mention_id
from annotator.domain.suggestions import GENERATOR
from annotator.ops import actors as actor_ops
from annotator.ops import history
from annotator.ops import mentions as mention_ops
from annotator.ops import suggestions as suggestion_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.mentions import MentionError
from annotator.ops.merge import merge_project, unmerge
from annotator.sample import create_sample_project
from annotator.store import mention_queries, queries, schema
from annotator.store.project import Project, open_project
from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

TITLE = "Will Lukashenka join Putin in invading Ukraine?"
NAME = "Alexander Lukashenka"


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    create_sample_project(path, "Anna")
    with open_project(path) as project:
        actor_ops.create_actor(project, NAME, aliases=["Lukashenko", "Aliaksandr Lukashenka"])
        actor_ops.create_actor(project, "Vladimir Putin", aliases=["Putin"])
    return path


def _copy(sample_file: Path, path: Path) -> Path:
    path.write_bytes(sample_file.read_bytes())
    return path


@pytest.fixture
def project(sample_file: Path, tmp_path: Path) -> Project:
    with open_project(_copy(sample_file, tmp_path / "project.sqlite")) as opened:
        yield opened


def _document(project: Project) -> str:
    return next(d.id for d in queries.document_summaries(project) if d.title == TITLE)


def _actor(project: Project, name: str = NAME) -> str:
    return next(a.id for a in queries.actors(project) if a.name == name)


def _expected_spans(text: str) -> list[tuple[int, int]]:
    """Every place the text names him, found independently of the suggester: full name or surname."""
    pattern = re.compile(r"(?<!\w)(?:Alexander Lukashenka|Aliaksandr Lukashenka|Lukashenko|Lukashenka)(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _rows(project: Project, table: str) -> list[tuple[object, ...]]:
    return sorted(map(tuple, project.conn.execute(f"SELECT * FROM {table}")), key=repr)


def test_tag_all_occurrences_tags_every_name_and_surname_in_one_undoable_step(project: Project) -> None:
    anna = ensure_annotator(project, "Anna")
    document_id, actor_id = _document(project), _actor(project)
    text = queries.get_document(project, document_id).text
    expected = _expected_spans(text)
    assert len(expected) >= 5 and any(text[a:b] == NAME for a, b in expected)
    before = {table: _rows(project, table) for table in ("mentions", "tombstones", "suggestion_decisions")}

    done = mention_ops.tag_all_occurrences(project, document_id, actor_id, anna)

    tagged = mention_queries.mentions_for_document(project, document_id)
    assert [(m.start, m.end) for m in tagged] == expected
    assert {m.actor_id for m in tagged} == {actor_id}
    assert all(m.exact == text[m.start : m.end] and m.prefix and m.created_by == anna for m in tagged)
    assert all(m.generator == GENERATOR for m in tagged)
    assert done.changes.mentions == {document_id} and len(done.value) == len(expected)
    # Person suggestions for what is tagged are gone; the other person's remain.
    people = suggestion_ops.document_suggestions(project, document_id, ["person"])
    assert people and all(s.speaker_id != actor_id for s in people)

    history.undo(project, done)
    assert {table: _rows(project, table) for table in before} == before
    history.redo(project, done)
    assert [(m.id, m.start) for m in mention_queries.mentions_for_document(project, document_id)] == [
        (m.id, m.start) for m in tagged
    ]
    # Tagging all again finds nothing left to tag.
    assert mention_ops.tag_all_occurrences(project, document_id, actor_id, anna).value == []


def test_accepting_a_person_suggestion_tags_that_one_mention(project: Project) -> None:
    document_id, actor_id = _document(project), _actor(project)
    suggestion = next(
        s
        for s in suggestion_ops.document_suggestions(project, document_id, ["person"])
        if s.speaker_id == actor_id
    )
    done = mention_ops.accept_person_suggestion(project, suggestion, None)
    [mention] = mention_queries.mentions_for_document(project, document_id)
    assert (mention.start, mention.end, mention.actor_id) == (suggestion.start, suggestion.end, actor_id)
    assert suggestion.key not in {s.key for s in suggestion_ops.document_suggestions(project, document_id)}
    history.undo(project, done)
    assert mention_queries.mentions_for_document(project, document_id) == []
    with pytest.raises(MentionError):
        mention_ops.accept_person_suggestion(
            project, suggestion_ops.document_suggestions(project, document_id, ["quote"])[0], None
        )


def test_a_namesake_is_not_taken_for_the_person(project: Project) -> None:
    """Against every known person at once: "Viktor Lukashenka" is his son, not a mention of him."""
    document_id = _document(project)
    actor_ops.create_actor(project, "Viktor Lukashenka")
    spans = mention_ops.occurrences(project, document_id, _actor(project))
    text = queries.get_document(project, document_id).text
    assert all(text[a:b] != "Viktor Lukashenka" for a, b in spans)
    assert spans == [span for span in _expected_spans(text) if not text[: span[0]].endswith("Viktor ")]


def test_untagging_leaves_a_tombstone_and_bad_input_is_refused(project: Project) -> None:
    document_id, actor_id = _document(project), _actor(project)
    mention_ops.tag_all_occurrences(project, document_id, actor_id, None)
    first = mention_queries.mentions_for_document(project, document_id)[0]
    done = mention_ops.untag_mention(project, first.id, None)
    assert first.id not in {m.id for m in mention_queries.mentions_for_document(project, document_id)}
    assert project.conn.execute(
        "SELECT 1 FROM tombstones WHERE table_name = 'mentions' AND row_id = ?", [first.id]
    ).fetchone()
    history.undo(project, done)
    assert first.id in {m.id for m in mention_queries.mentions_for_document(project, document_id)}
    with pytest.raises(MentionError, match="no person"):
        mention_ops.tag_all_occurrences(project, document_id, "nobody", None)
    with pytest.raises(MentionError, match="no document"):
        mention_ops.tag_mention(project, "no-such-document", 0, 3, actor_id, None)
    with pytest.raises(MentionError, match="span"):
        mention_ops.tag_mention(project, document_id, 5, 5, actor_id, None)


def test_merging_brings_a_colleagues_mentions_once(sample_file: Path, tmp_path: Path) -> None:
    ours_path = _copy(sample_file, tmp_path / "ours.sqlite")
    theirs_path = _copy(sample_file, tmp_path / "theirs.sqlite")
    with open_project(theirs_path) as theirs:
        boris = ensure_annotator(theirs, "Boris")
        mention_ops.tag_all_occurrences(theirs, _document(theirs), _actor(theirs), boris)
        expected = _rows(theirs, "mentions")
    with open_project(ours_path) as ours:
        document_id = _document(ours)
        # We tagged one of the same mentions already: it stays ours, and is no conflict.
        mine = mention_ops.tag_mention(ours, document_id, *_expected_spans(_text(ours))[0], _actor(ours))
        summary = merge_project(ours, theirs_path)
        assert summary.changes.mentions == {document_id}
        merged = mention_queries.mentions_for_document(ours, document_id)
        assert len(merged) == len(expected) and mine.value in merged
        assert not summary.conflict_ids
        assert merge_project(ours, theirs_path).count("mentions") == 0  # idempotent
        unmerge(ours, summary)
        assert mention_queries.mentions_for_document(ours, document_id) == [mine.value]


def _text(project: Project) -> str:
    return queries.get_document(project, _document(project)).text


def test_merging_two_people_moves_the_mentions(project: Project) -> None:
    document_id, actor_id = _document(project), _actor(project)
    mention_ops.tag_all_occurrences(project, document_id, actor_id, None)
    double = actor_ops.create_actor(project, "A. Lukashenka").id
    span = _expected_spans(_text(project))[0]
    mention_ops.tag_mention(project, document_id, *span, double, None)
    mention_ops.tag_mention(project, document_id, span[0], span[0] + 3, double, None)
    actor_ops.merge_actors(project, actor_id, double)
    tagged = mention_queries.mentions_for_document(project, document_id)
    assert {m.actor_id for m in tagged} == {actor_id}
    assert len(tagged) == len(_expected_spans(_text(project))) + 1  # the span tagged as both is kept once
    assert mention_queries.mentions_per_actor(project) == {actor_id: len(tagged)}


def test_the_id_is_derived_from_text_span_and_person() -> None:
    assert mention_id("abc", 1, 5, "p") == mention_id("abc", 1, 5, "p") != mention_id("abc", 1, 6, "p")


def test_a_project_of_the_previous_version_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[: MIGRATIONS.index(schema._V13_MENTIONS)]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS.index(schema._V13_MENTIONS)}")
    conn.close()
    with open_project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert mention_queries.mentions_per_actor(project) == {}
    # Run again over a project that has it (IF NOT EXISTS): nothing changes.
    with open_project(path) as project, project.transaction():
        for statement in schema._V13_MENTIONS:
            project.conn.execute(statement)
