"""Every undo command, on the real sample project: redo -> undo leaves the database exactly as before,
and redo -> undo -> redo exactly as after the first redo (same ids, same rows, same timestamps)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoCommand

import annotator.gui.undo
from annotator.domain.models import ImportedDocument
from annotator.gui.operation_command import AlreadyDone, OperationCommand, RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.gui.undo.actors import (
    AddAliasCommand,
    MergeActorsCommand,
    RemoveAliasCommand,
    SplitAliasCommand,
)
from annotator.gui.undo.claims import (
    DeleteClaimCommand,
    EditClaimCommand,
    SetClaimantCommand,
    TagClaimCommand,
)
from annotator.gui.undo.conflicts import ResolveConflictCommand
from annotator.gui.undo.documents import EditDocumentCommand, ImportCommand
from annotator.gui.undo.events import (
    CreateEventCommand,
    DeleteEventCommand,
    EditEventCommand,
    LinkEventCommand,
)
from annotator.gui.undo.matching import CiteVerdictCommand, SameClaimCommand
from annotator.gui.undo.mentions import AcceptPersonSuggestionCommand, TagAllOccurrencesCommand
from annotator.gui.undo.merge import MergeCommand
from annotator.gui.undo.report_settings import ReportSettingsCommand
from annotator.gui.undo.reviews import AddReviewCommand
from annotator.gui.undo.suggestions import (
    AcceptAllSuggestionsCommand,
    AcceptSuggestionCommand,
    RejectSuggestionCommand,
)
from annotator.gui.undo.verdicts import (
    AddEvidenceCommand,
    AddVerdictCommand,
    PublishVerdictCommand,
    RemoveEvidenceCommand,
    SecondReviewerCommand,
)
from annotator.gui.undo.versions import AddVersionCommand, ConfirmAnchorCommand
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import conflicts as conflict_ops
from annotator.ops import events as event_ops
from annotator.ops import merge as merge_ops
from annotator.ops import suggestions as suggestion_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops import versions as version_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import ImportRecord, import_paths
from annotator.sample import create_sample_project
from annotator.store import findings, queries
from annotator.store.project import Project, open_project

QUESTION = "Will Belarus join the war now?"  # the title of seed 004
# A passage of seed 004 that a new version rewords, so its claim is placed by a close match.
EDITED = (
    "It is one thing to offer bases for Russian troops, "
    "it is entirely another thing to deploy your own troops"
)
BASE_CLASSES = {QUndoCommand, OperationCommand, RecordedCommand, AlreadyDone}


def _dump(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted. The full-text index is compared by what it holds, not how: FTS5's
    shadow tables (search_index_data, _idx, _docsize, ...) store b-tree segments whose layout depends on
    the order of writes and merges, and search_refs numbers its entries with rowids the triggers
    assign; so the dump holds, instead, each indexed row's (kind, id) with the text indexed for it."""
    conn = project.conn
    names = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not row[0].startswith("search_")
    ]
    dump = {name: sorted(conn.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}
    dump["search (indexed content)"] = sorted(
        conn.execute(
            "SELECT r.kind, r.ref_id, i.title, i.meta, i.body FROM search_index i "
            "JOIN search_refs r ON r.id = i.rowid"
        ),
        key=repr,
    )
    return dump


def _span(project: Project, document_id: str, phrase: str) -> tuple[int, int]:
    start = queries.get_document(project, document_id).text.index(phrase)
    return start, start + len(phrase)


def _document(project: Project, title: str) -> str:
    return next(d.id for d in queries.document_summaries(project) if d.title == title)


def _tag(project: Project, document_id: str, phrase: str, by: str, kind: str = "prediction") -> str:
    return claim_ops.tag_claim(project, document_id, *_span(project, document_id, phrase), kind, by).id


@dataclass
class World:
    """The base project (a copy per case) and the ids of what it holds."""

    folder: Path
    base: Path
    colleague: Path  # a colleague's copy with new work and one disagreement, not merged yet
    ids: dict[str, str]


def _copy(source: Path, target: Path) -> Path:
    # Every connection to `source` is closed, so its WAL is checkpointed into the file itself.
    shutil.copyfile(source, target)
    return target


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The sample corpus with claims, an event, verdicts, evidence, a claim awaiting confirmation after a
    new version, a colleague's merged work with a conflict, and a colleague's file not merged yet."""
    folder = tmp_path_factory.mktemp("undo")
    base = folder / "base.sqlite"
    create_sample_project(base, "Tester")
    ids: dict[str, str] = {}
    with open_project(base) as project:
        me = ids["me"] = ensure_annotator(project, "Tester")
        question = ids["question"] = _document(project, QUESTION)
        ids["digest"] = _document(
            project,
            "New Concessions for Putin: Is Lukashenko Ready to Involve the "
            "Belarusian Army in the War in Ukraine?",
        )
        digest_text = queries.get_document(project, ids["digest"]).text
        ids["phrase"] = digest_text[100:160]
        ids["claim"] = claim = _tag(project, ids["digest"], digest_text[200:260], me)
        ids["actor"] = actor_ops.create_actor(
            project, "Alexander Lukashenko", ["Lukashenka"], created_by=me
        ).id
        claim_ops.update_claim(project, claim, {"claimant_id": ids["actor"], "stated_text": "17 March"})
        ids["event"] = event_ops.create_event(project, "Invasion", "24 February 2022", created_by=me).id
        event_ops.link_claim(project, claim, ids["event"], "about", me)
        ids["verdict"] = verdict_ops.add_verdict(project, claim, "pending", "2022-04-13", created_by=me).id
        ids["evidence"] = verdict_ops.add_url_evidence(
            project, claim, "https://example.org/a", "supports", verdict_id=ids["verdict"], created_by=me
        ).id
        # A claim a new version placed by a close match, for the user to confirm or reject.
        ids["moved"] = _tag(project, question, EDITED, me)
        ids["actor2"] = actor_ops.create_actor(project, "A. Lukashenko", created_by=me).id
        claim_ops.update_claim(project, ids["moved"], {"claimant_id": ids["actor2"]})
        ids["proposal"] = verdict_ops.add_verdict(
            project, ids["moved"], "mixed", "2023-01-01", created_by=me, publish=False
        ).id
        text = queries.get_document(project, question).text
        edited = ImportedDocument(
            text=text.replace("entirely another thing", "quite another thing"),
            source_format="text",
            source_filename="004 updated.txt",
        )
        ids["question_v2"] = version_ops.add_version(project, question, edited, me).new_document_id
        ids["question_text"] = text

    # Bob's copy: his own claim with a verdict, and another statement for ours (a conflict once merged).
    bob_file = _copy(base, folder / "bob.sqlite")
    with open_project(bob_file) as theirs:
        bob = ids["bob"] = ensure_annotator(theirs, "Bob")
        ids["bob_claim"] = _tag(theirs, ids["digest"], digest_text[300:360], bob, "factual")
        claim_ops.update_claim(theirs, claim, {"statement": "Belarus will stay out (Bob)"})
    with open_project(base) as project:
        claim_ops.update_claim(project, claim, {"statement": "Belarus will stay out"})
        merge_ops.merge_project(project, bob_file, ids["me"])
        [conflict] = [c.id for c in conflict_ops.conflicts(project)]
        ids["conflict"] = conflict

    # Carol's copy, merged only by the MergeCommand case: new rows and one more disagreement.
    colleague = _copy(base, folder / "carol.sqlite")
    with open_project(colleague) as theirs:
        carol = ensure_annotator(theirs, "Carol")
        new_claim = _tag(theirs, ids["digest"], digest_text[400:460], carol, "quote")
        verdict_ops.add_verdict(theirs, new_claim, "confirmed", "2023-10-05", created_by=carol)
        event_ops.update_event(theirs, ids["event"], {"place": "Kyiv"})
    return World(folder, base, colleague, ids)


# Each case: a name, and a function making the command on the session (given the world's ids).
Case = Callable[[ProjectSession, World], QUndoCommand]


def _tag_case(session: ProjectSession, world: World) -> QUndoCommand:
    document_id = world.ids["digest"]
    start, end = _span(session.project, document_id, world.ids["phrase"])
    return TagClaimCommand(
        session, document_id, start, end, "quote", queries.get_document(session.project, document_id).text
    )


def _claim(session: ProjectSession, world: World) -> Any:
    return queries.get_claim(session.project, world.ids["claim"])


def _new_version_case(session: ProjectSession, world: World) -> QUndoCommand:
    text = queries.get_document(session.project, world.ids["digest"]).text
    imported = ImportedDocument(
        text="An editor's note opens this version.\n\n" + text,
        source_format="text",
        source_filename="001 v2.txt",
    )
    return AddVersionCommand(session, world.ids["digest"], imported)


def _url_evidence(session: ProjectSession, world: World) -> QUndoCommand:
    fields = {"url": "https://example.org/b", "stance": "refutes", "accessed": "2023-01-02"}
    return AddEvidenceCommand(session, world.ids["claim"], "url", fields)


def _span_evidence(session: ProjectSession, world: World) -> QUndoCommand:
    document_id = world.ids["question_v2"]
    start, end = _span(session.project, document_id, "quite another thing")
    fields = {"document_id": document_id, "start": start, "end": end, "stance": "context", "note": "n"}
    return AddEvidenceCommand(session, world.ids["claim"], "span", fields)


def _import_case(session: ProjectSession, world: World) -> QUndoCommand:
    # The import runs first (on a worker thread in the app); the command records it.
    path = world.folder / "extra.md"
    path.write_text("# Extra\n\nA document imported during the session.\n", encoding="utf-8")
    outcomes = import_paths(session.project, [path], session.annotator_id)
    assert [outcome.added_document for outcome in outcomes] == [True]
    return ImportCommand(session, ImportRecord.of(outcomes, session.annotator_id))


LUKASHENKA_TITLE = "Will Lukashenka join Putin in invading Ukraine?"


def _suggested(session: ProjectSession, kind: str) -> Any:
    document_id = _document(session.project, LUKASHENKA_TITLE)
    return suggestion_ops.document_suggestions(session.project, document_id, [kind])[0]


CASES: dict[str, tuple[type[QUndoCommand], Case]] = {
    "accept a suggested quote (a claim with its speaker as a new actor)": (
        AcceptSuggestionCommand,
        lambda s, w: AcceptSuggestionCommand(s, _suggested(s, "quote")),
    ),
    "reject a suggestion": (
        RejectSuggestionCommand,
        lambda s, w: RejectSuggestionCommand(s, _suggested(s, "factual")),
    ),
    "accept all suggested predictions of a document": (
        AcceptAllSuggestionsCommand,
        lambda s, w: AcceptAllSuggestionsCommand(s, _document(s.project, LUKASHENKA_TITLE), "prediction"),
    ),
    "accept a suggested person's name (a mention)": (
        AcceptPersonSuggestionCommand,
        lambda s, w: AcceptPersonSuggestionCommand(s, _suggested(s, "person")),
    ),
    "tag all occurrences of a person in a document": (
        TagAllOccurrencesCommand,
        lambda s, w: TagAllOccurrencesCommand(
            s, _document(s.project, LUKASHENKA_TITLE), w.ids["actor"], "Alexander Lukashenko"
        ),
    ),
    "tag claim": (TagClaimCommand, _tag_case),
    "delete claim with links, verdict, evidence": (
        DeleteClaimCommand,
        lambda s, w: DeleteClaimCommand(s, _claim(s, w)),
    ),
    "edit claim": (
        EditClaimCommand,
        lambda s, w: EditClaimCommand(s, _claim(s, w), {"kind": "promise", "tags": ["a", "b"]}, "Edit"),
    ),
    "set a new claimant": (
        SetClaimantCommand,
        lambda s, w: SetClaimantCommand(s, _claim(s, w), "Vladimir Putin"),
    ),
    "set a claimant by alias": (
        SetClaimantCommand,
        lambda s, w: SetClaimantCommand(s, queries.get_claim(s.project, w.ids["moved"]), "Lukashenka"),
    ),
    "clear the claimant": (SetClaimantCommand, lambda s, w: SetClaimantCommand(s, _claim(s, w), "")),
    "take their version of a conflict": (
        ResolveConflictCommand,
        lambda s, w: ResolveConflictCommand(s, w.ids["conflict"], "theirs"),
    ),
    "keep ours in a conflict": (
        ResolveConflictCommand,
        lambda s, w: ResolveConflictCommand(s, w.ids["conflict"], "ours"),
    ),
    "date a document, resolving stated dates": (
        EditDocumentCommand,
        lambda s, w: EditDocumentCommand(
            s, w.ids["digest"], {"published": "2022-03-20", "title": "Concessions"}
        ),
    ),
    "import a file": (ImportCommand, _import_case),
    "create an event from a claim": (
        CreateEventCommand,
        lambda s, w: CreateEventCommand(
            s, {"title": "Referendum", "date_text": "27 February 2022"}, (w.ids["claim"], "reports")
        ),
    ),
    "edit an event": (
        EditEventCommand,
        lambda s, w: EditEventCommand(s, w.ids["event"], {"date_text": "late February 2022"}),
    ),
    "delete an event with its links": (
        DeleteEventCommand,
        lambda s, w: DeleteEventCommand(s, w.ids["event"]),
    ),
    "link a claim to an event": (
        LinkEventCommand,
        lambda s, w: LinkEventCommand(s, w.ids["moved"], w.ids["event"], "predicts"),
    ),
    "unlink a claim from an event": (
        LinkEventCommand,
        lambda s, w: LinkEventCommand(s, w.ids["claim"], w.ids["event"], "about", unlink=True),
    ),
    "merge a colleague's project": (MergeCommand, lambda s, w: MergeCommand(s, w.colleague)),
    "review a colleague's claim": (
        AddReviewCommand,
        lambda s, w: AddReviewCommand(s, "claim", w.ids["bob_claim"], "disputed", "Source?"),
    ),
    "record a verdict": (
        AddVerdictCommand,
        lambda s, w: AddVerdictCommand(
            s, w.ids["claim"], {"label": "refuted", "as_of": "2023-10-05", "confidence": 0.8}
        ),
    ),
    "add an alias": (AddAliasCommand, lambda s, w: AddAliasCommand(s, w.ids["actor"], "Lukashenko")),
    "add another person's name as an alias": (
        AddAliasCommand,
        lambda s, w: AddAliasCommand(s, w.ids["actor"], "A. Lukashenko"),
    ),
    "remove an alias": (RemoveAliasCommand, lambda s, w: RemoveAliasCommand(s, w.ids["actor"], "Lukashenka")),
    "split an alias off as a person": (
        SplitAliasCommand,
        lambda s, w: SplitAliasCommand(s, w.ids["actor"], "Lukashenka"),
    ),
    "merge two people": (
        MergeActorsCommand,
        lambda s, w: MergeActorsCommand(s, w.ids["actor"], w.ids["actor2"]),
    ),
    "publish my own proposal": (
        PublishVerdictCommand,
        lambda s, w: PublishVerdictCommand(s, findings.verdict_history(s.project, w.ids["moved"])[-1]),
    ),
    "require a second reviewer": (SecondReviewerCommand, lambda s, w: SecondReviewerCommand(s, True)),
    "set report settings": (
        ReportSettingsCommand,
        lambda s, w: ReportSettingsCommand(s, {"title": "Desk report", "organisation": "Minsk Fact Desk"}),
    ),
    "add URL evidence": (AddEvidenceCommand, _url_evidence),
    "add span evidence": (AddEvidenceCommand, _span_evidence),
    "remove evidence": (
        RemoveEvidenceCommand,
        lambda s, w: RemoveEvidenceCommand(s, findings.get_evidence(s.project, w.ids["evidence"])),
    ),
    "import a new version": (AddVersionCommand, _new_version_case),
    "link two claims as the same claim": (
        SameClaimCommand,
        lambda s, w: SameClaimCommand(s, w.ids["moved"], w.ids["claim"]),
    ),
    "cite an earlier verdict as evidence": (
        CiteVerdictCommand,
        lambda s, w: CiteVerdictCommand(s, w.ids["moved"], "claim", w.ids["claim"], "supports"),
    ),
    "confirm a fuzzy match": (
        ConfirmAnchorCommand,
        lambda s, w: ConfirmAnchorCommand(s, queries.get_claim(s.project, w.ids["moved"])),
    ),
    "reject a fuzzy match": (
        ConfirmAnchorCommand,
        lambda s, w: ConfirmAnchorCommand(s, queries.get_claim(s.project, w.ids["moved"]), reject=True),
    ),
}


@pytest.fixture
def session(world: World, tmp_path: Path, qapp: Any) -> Iterator[ProjectSession]:
    project = open_project(_copy(world.base, tmp_path / "project.sqlite"))
    session = ProjectSession(project, world.ids["me"])
    yield session
    session.close()


@pytest.mark.parametrize("case", list(CASES))
def test_redo_undo_redo_round_trip(case: str, session: ProjectSession, world: World) -> None:
    project = session.project
    before = _dump(project)
    command = CASES[case][1](session, world)  # an import runs here, before `before`'s state is left
    assert session.push(command)
    assert session.undo_stack.count() == 1
    after = _dump(project)
    assert after != before, "the command changed nothing, so the round trip proves nothing"

    assert session.undo()
    _assert_same(_dump(project), before, "after redo -> undo")
    assert session.redo()
    _assert_same(_dump(project), after, "after redo -> undo -> redo")
    assert session.undo()
    _assert_same(_dump(project), before, "after a second undo")
    assert (session.undo_stack.index(), session.undo_stack.count()) == (0, 1)


def _assert_same(now: dict[str, list[Any]], expected: dict[str, list[Any]], when: str) -> None:
    """Equal dumps, or a message naming each table that differs with its first rows gained and lost."""
    problems = []
    for table in sorted(expected.keys() | now.keys()):
        gained = [row for row in now.get(table, []) if row not in expected.get(table, [])]
        lost = [row for row in expected.get(table, []) if row not in now.get(table, [])]
        if gained or lost or now.get(table) != expected.get(table):
            problems.append(f"{table}: gained {repr(gained)[:300]}, lost {repr(lost)[:300]}")
    assert not problems, f"{when}, the database differs:\n" + "\n".join(problems)


def test_every_undo_command_class_has_a_round_trip_case() -> None:
    """A new command class in gui/undo/ fails here until it gets a case above."""
    found: set[type[QUndoCommand]] = set()
    for module_info in pkgutil.iter_modules(annotator.gui.undo.__path__):
        module = importlib.import_module(f"annotator.gui.undo.{module_info.name}")
        found |= {
            cls
            for _name, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, QUndoCommand) and cls.__module__ == module.__name__
        }
    found |= {
        cls
        for _n, cls in inspect.getmembers(annotator.gui.undo, inspect.isclass)
        if issubclass(cls, QUndoCommand)
    }
    assert found - BASE_CLASSES == {command_class for command_class, _ in CASES.values()}


def test_an_undo_that_would_overwrite_another_programs_change_is_refused(
    session: ProjectSession, world: World, tmp_path: Path
) -> None:
    """Undo checks the rows are as the step left them; a change made since by another process stays."""
    assert session.push(EditClaimCommand(session, _claim(session, world), {"note": "mine"}, "Edit note"))
    other = sqlite3.connect(session.project.path)
    with other:
        other.execute("UPDATE claims SET note = 'theirs' WHERE id = ?", [world.ids["claim"]])
    other.close()
    failures: list[tuple[str, str]] = []
    session.operationFailed.connect(lambda what, why: failures.append((what, why)))
    assert not session.undo()
    assert queries.get_claim(session.project, world.ids["claim"]).note == "theirs"
    assert session.undo_stack.index() == 1  # the step stays where it was
    assert failures and "changed by another window or program" in failures[0][1]
