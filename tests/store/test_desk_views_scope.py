"""A document's desk views are the same whichever side the query starts from: few verdicts beside many
claims (verdicts read first) or many verdicts beside a document's few claims (claims read first)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.documents import add_document
from annotator.store import findings
from annotator.store.project import Project, open_project

TEXT = "One. Two. Three. Four. Five. Six. Seven. Eight."


def _document_with_claims(project: Project, name: str) -> list[str]:
    text = f"{name.capitalize()} document. {TEXT}"
    document = add_document(
        project, ImportedDocument(text=text, source_format="text", source_filename=f"{name}.txt")
    )[0]
    claims = []
    for word in ("One", "Three", "Five", "Seven"):
        start = text.index(word)
        claims.append(claim_ops.tag_claim(project, document, start, start + len(word)).id)
    return claims


def _document_of(project: Project, claim_id: str) -> str:
    return str(project.conn.execute("SELECT document_id FROM claims WHERE id = ?", [claim_id]).fetchone()[0])


def _matches_the_whole_project(project: Project, document_id: str) -> None:
    everything = findings.desk_views(project)
    expected = {
        claim: view for claim, view in everything.items() if _document_of(project, claim) == document_id
    }
    assert findings.desk_views(project, document_id=document_id) == expected


def test_few_verdicts_and_many_verdicts_give_the_same_views(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite", create=True) as project:
        first = _document_with_claims(project, "first")
        second = _document_with_claims(project, "second")
        document = _document_of(project, first[0])
        # Fewer verdicts in the project than the document has claims.
        verdict_ops.add_verdict(project, first[1], "confirmed", "2023-10-01")
        verdict_ops.add_verdict(project, second[0], "refuted", "2023-10-02")
        assert project.conn.execute("SELECT count(*) FROM verdicts").fetchone()[0] < len(first)
        _matches_the_whole_project(project, document)
        assert set(findings.desk_views(project, document_id=document)) == {first[1]}

        # More verdicts than the document has claims: several per claim, in both documents.
        for claim in first + second:
            verdict_ops.add_verdict(project, claim, "mixed", "2023-11-01")
            verdict_ops.add_verdict(project, claim, "confirmed", "2023-12-01")
        assert project.conn.execute("SELECT count(*) FROM verdicts").fetchone()[0] > len(first)
        _matches_the_whole_project(project, document)
        assert set(findings.desk_views(project, document_id=document)) == set(first)
