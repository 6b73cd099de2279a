"""The claim list's text filter ignores case in every script, not only in ASCII: "минск" finds "Минск"
and "МИНСК", "ελλάδα" finds "ΕΛΛΆΔΑ", in quotes and in claimants' names, also after an edit (the held
rows are refreshed through the same test)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops.documents import add_document
from annotator.store.claim_list_queries import ClaimListRows
from annotator.store.project import Project, open_project

SENTENCES = (
    "Минск закрыл границу.",
    "Власти МИНСКА молчат.",
    "В минске тихо.",
    "Η ΕΛΛΆΔΑ διαφωνεί.",
    "Éclat à Paris.",
    "Minsk said nothing.",
    "Kyiv disagreed.",
)


def _tagged(project: Project) -> tuple[str, dict[str, str]]:
    text = " ".join(SENTENCES)
    imported = ImportedDocument(text=text, source_format="text", source_filename="scripts.txt")
    document_id = add_document(project, imported)[0]
    ids = {}
    for sentence in SENTENCES:
        start = text.index(sentence)
        ids[sentence] = claim_ops.tag_claim(project, document_id, start, start + len(sentence), text=text).id
    return document_id, ids


def _listed(rows: ClaimListRows, text: str) -> list[str]:
    rows.set_text(text)
    return [row.exact for row in rows.page(0, 100)]


def test_a_needle_in_any_script_is_matched_whatever_its_case(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        document_id, _ids = _tagged(project)
        rows = ClaimListRows(project)
        rows.set_document(document_id)
        russian = ["Минск закрыл границу.", "Власти МИНСКА молчат.", "В минске тихо."]
        assert _listed(rows, "минск") == russian
        assert _listed(rows, "МИНСК") == russian
        assert rows.count == 3
        assert _listed(rows, "ελλάδα") == ["Η ΕΛΛΆΔΑ διαφωνεί."]
        assert _listed(rows, "ÉCLAT") == ["Éclat à Paris."]
        assert _listed(rows, "MINSK") == ["Minsk said nothing."]  # ASCII: Latin letters only
        assert _listed(rows, "kyiv disagreed") == ["Kyiv disagreed."]
        assert _listed(rows, "минский") == [] and rows.count == 0
        rows.set_text("")
        assert rows.count == len(SENTENCES)


def test_a_claimant_named_in_cyrillic_is_found_in_lower_case(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite") as project:
        document_id, ids = _tagged(project)
        claim_ops.set_claimant(project, ids["Kyiv disagreed."], "Лукашенко")
        rows = ClaimListRows(project)
        rows.set_document(document_id)
        assert _listed(rows, "лукашенко") == ["Kyiv disagreed."]
        # An edit to a listed claim is checked against the filter again, through the same fold.
        claim_ops.set_claimant(project, ids["Minsk said nothing."], "ЛУКАШЕНКО")
        rows.refresh([ids["Minsk said nothing."]])
        assert [row.exact for row in rows.page(0, 100)] == ["Minsk said nothing.", "Kyiv disagreed."]
        assert rows.count == 2
