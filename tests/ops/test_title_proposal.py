"""Documents imported without a title get one proposed (heading, PDF metadata, first sentence)."""

from __future__ import annotations

from pathlib import Path

from annotator.ingest.metadata import propose_title
from annotator.ops.documents import edit_details, is_untitled, title_proposal
from annotator.ops.importing import import_paths
from annotator.sample import create_sample_project
from annotator.store import queries
from annotator.store.project import open_project


def test_a_heading_like_line_is_proposed_before_the_first_sentence() -> None:
    heading = propose_title("The Crazy Ones\nOctober 14, 1998\nHeres to the crazy ones. The misfits.\n")
    assert heading is not None and heading.value == "The Crazy Ones"
    sentence = propose_title(
        "No other State in the world has supported Russia more vigorously in its operation than Belarus. "
        "Since the invasion began, the pariah State has allowed the Kremlin to deploy its troops."
    )
    assert sentence is not None
    assert sentence.value == "No other State in the world has supported Russia more vigorously in…"
    assert propose_title("") is None
    assert propose_title("ok\n\n  \n") is None


def test_untitled_sample_document_gets_its_first_sentence_and_titled_ones_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sample.sqlite"
    create_sample_project(path, "Tester")
    with open_project(path) as project:
        summaries = {s.source_filename: s for s in queries.document_summaries(project)}
        untitled = summaries["003_ecf39437e7890661.txt"]
        assert is_untitled(untitled.title, untitled.source_filename)
        proposal = title_proposal(project, untitled.id)
        assert proposal is not None and proposal.value.startswith("No other State in the world")
        assert proposal.evidence.startswith("No other State in the world has supported Russia")
        # The window hands over the document it has just read, with or without its text: the same.
        for with_text in (True, False):
            read = queries.get_document(project, untitled.id, with_text=with_text)
            assert title_proposal(project, untitled.id, read) == proposal
        titled = summaries["004_8f9e010c70d96ada.txt"]
        assert title_proposal(project, titled.id) is None
        assert title_proposal(project, titled.id, queries.get_document(project, titled.id)) is None
        # A document read for another id is not taken for this one.
        assert title_proposal(project, untitled.id, queries.get_document(project, titled.id)) == proposal
        # Confirmed by the user: the document has a title now, and nothing more is proposed.
        edit_details(project, untitled.id, {"title": proposal.value})
        assert queries.get_document(project, untitled.id, with_text=False).title == proposal.value
        assert title_proposal(project, untitled.id) is None


def test_encrypted_pdf_without_metadata_title_gets_its_heading(tmp_path: Path, realworld_dir: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(
            project,
            [realworld_dir / "pdf" / "crazyones-encrypted-256.pdf"],
            password_for=lambda _path: "password",
        )
        assert outcome.ok and outcome.document_id is not None
        assert outcome.title == "crazyones-encrypted-256"  # only its file name, as imported
        proposal = title_proposal(project, outcome.document_id)
        assert proposal is not None and proposal.value == "The Crazy Ones"
