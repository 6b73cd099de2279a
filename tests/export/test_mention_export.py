"""People's mentions in the exports: W3C "identifying" annotations that import back as mentions, and
the project JSON export, whose restore gives the same rows."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.ingest import read_json
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import mentions as mention_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.backup import restore_backup
from annotator.ops.w3c_import import import_web_annotations
from annotator.sample import create_sample_project
from annotator.store import mention_queries, queries
from annotator.store.project import Project, open_project

TITLE = "Will Lukashenka join Putin in invading Ukraine?"
NAME = "Alexander Lukashenka"


def _tagged(path: Path) -> tuple[str, str]:
    create_sample_project(path, "Anna")
    with open_project(path) as project:
        actor = actor_ops.create_actor(project, NAME, aliases=["Lukashenko"])
        document_id = next(d.id for d in queries.document_summaries(project) if d.title == TITLE)
        anna = ensure_annotator(project, "Anna")
        # A claim in the document, so that an export of every claim draws on it.
        text = queries.get_document(project, document_id).text
        start = text.index("Lukashenka")
        claim_ops.tag(project, document_id, start, start + 40, "factual", anna)
        mention_ops.tag_all_occurrences(project, document_id, actor.id, anna)
        return document_id, actor.id


def _mentions(project: Project, document_id: str) -> list[tuple[int, int, str, str]]:
    return [
        (m.start, m.end, m.exact, m.prefix)
        for m in mention_queries.mentions_for_document(project, document_id)
    ]


def test_w3c_export_identifies_the_person_and_imports_back_as_mentions(tmp_path: Path) -> None:
    document_id, actor_id = _tagged(tmp_path / "ours.sqlite")
    with open_project(tmp_path / "ours.sqlite") as project:
        expected = _mentions(project, document_id)
        data = json.loads(str(export(project, "w3c", ReportFilter(verified_only=False))))
    items = data["first"]["items"]
    identifying = [item for item in items if item["motivation"] == "identifying"]
    assert len(identifying) == len(expected) and data["total"] == len(items)
    first = identifying[0]
    assert first["body"][0] == {
        "type": "SpecificResource",
        "purpose": "identifying",
        "source": f"urn:uuid:{actor_id}",
    }
    assert first["body"][1]["purpose"] == "tagging" and first["body"][1]["value"] == NAME
    assert first["mentionOf"]["name"] == NAME and first["mentionOf"]["alias"] == ["Lukashenko"]
    selectors = {selector["type"]: selector for selector in first["target"]["selector"]}
    position, quote = selectors["TextPositionSelector"], selectors["TextQuoteSelector"]
    assert (position["start"], position["end"], quote["exact"]) == expected[0][:3]
    assert first["generator"]["nickname"] == "annotator-rules"

    # Into a project that has the document but neither the person nor the mentions.
    create_sample_project(tmp_path / "other.sqlite", "Boris")
    with open_project(tmp_path / "other.sqlite") as other:
        report = import_web_annotations(other, identifying)
        assert {outcome.status for outcome in report.outcomes} == {"imported"}
        theirs = next(d.id for d in queries.document_summaries(other) if d.title == TITLE)
        assert _mentions(other, theirs) == expected
        [person] = [a for a in queries.actors(other) if a.name == NAME]
        assert person.aliases == ["Lukashenko"]
        again = import_web_annotations(other, identifying)
        assert {outcome.status for outcome in again.outcomes} == {"already present"}


def test_the_project_json_export_restores_the_mentions(tmp_path: Path) -> None:
    document_id, _ = _tagged(tmp_path / "ours.sqlite")
    path = tmp_path / "backup.json"
    with open_project(tmp_path / "ours.sqlite") as project:
        path.write_text(str(export(project, "json")), encoding="utf-8")
        rows = sorted(map(tuple, project.conn.execute("SELECT * FROM mentions")))
    assert len(json.loads(path.read_text(encoding="utf-8"))["mentions"]) == len(rows) > 0
    with open_project(tmp_path / "restored.sqlite") as restored:
        restore_backup(restored, read_json(path), path)
        assert sorted(map(tuple, restored.conn.execute("SELECT * FROM mentions"))) == rows
