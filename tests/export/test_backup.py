"""Backup and restore: `annotator import PROJECT backup.json` of the project JSON export restores an
empty project with the same ids, and merges into a project that has data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.export.formats import export
from annotator.export.project_json import project_data
from annotator.ops.importing import ImportRecord, import_paths, redo_import, undo_import
from annotator.store.project import Project, open_project
from cli_support import RunCli


def _content(project: Project, leaving_out: str = "") -> dict[str, Any]:
    """Everything the export holds, without when it was made or from which file; rows in key order (a
    merge adds rows in its own order, and row order carries no meaning)."""
    data = project_data(project)
    for key in ("exported_at", "project"):
        data.pop(key)
    # Who ran the import is recorded as an annotator before the backup comes in, and the custody log
    # records the restore itself (a merge from the staged backup) beside the entries it brought back.
    data["annotators"] = [row for row in data["annotators"] if row["name"] != leaving_out]
    if leaving_out:
        data["custody"] = [row for row in data["custody"] if row["action"] != "merge"]
    return {
        key: sorted(value, key=lambda row: json.dumps(row, sort_keys=True))
        if isinstance(value, list)
        else value
        for key, value in data.items()
    }


def _backup(project: Project, folder: Path) -> Path:
    path = folder / "backup.json"
    path.write_text(str(export(project, "json")), encoding="utf-8")
    return path


def test_a_backup_restores_an_empty_project_exactly(sample: Project, tmp_path: Path, run_cli: RunCli) -> None:
    path = _backup(sample, tmp_path)
    restored = tmp_path / "restored.sqlite"
    result = run_cli("import", restored, path, "--as", "Restorer")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"restored: {path}: Merged backup.json: 5 new documents, 6 claims, 6 verdicts, 2 pieces of evidence, "
        "3 events, 1 actor, 3 reviews, 3 annotators, 5 links; no conflicts.\n"
    )
    with open_project(restored) as project:
        assert _content(project, leaving_out="Restorer") == _content(sample)
        merges = [row for row in project_data(project)["custody"] if row["action"] == "merge"]
        assert len(merges) == 5, "the restore is on each document's custody log"

    again = run_cli("import", restored, path, "--as", "Restorer")
    assert again.returncode == 0 and "nothing new" in again.stdout
    with open_project(restored) as project:
        assert _content(project, leaving_out="Restorer") == _content(sample)


def test_into_a_project_with_data_a_backup_merges_keeping_ours(sample: Project, tmp_path: Path) -> None:
    path = _backup(sample, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    claim = next(row for row in data["claims"] if row["id"].endswith("001"))
    claim["note"] = "Edited in the backup"
    claim["updated_at"] = "2030-01-01T00:00:00+00:00"
    data["events"].append({**data["events"][0], "id": "00000000-0000-4000-8000-000000000099", "title": "New"})
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _content(sample)

    [outcome] = import_paths(sample, [path])
    assert outcome.restored is not None, outcome.describe()
    assert outcome.describe() == (
        f"restored: {path}: Merged backup.json: 1 event; 1 conflict kept for review."
    )
    after = _content(sample)
    assert after["claims"] == before["claims"]  # ours stays; theirs waits in the conflict
    assert "New" in [e["title"] for e in after["events"]]

    # Undo takes back exactly what came in; redo brings it back.
    record = ImportRecord.of([outcome])
    assert record.describe() == "Import 1 backup"
    undone, _ = undo_import(sample, record)
    assert _content(sample) == before
    assert sample.conn.execute("SELECT count(*) FROM conflicts").fetchone() == (0,)
    redo_import(sample, undone)
    assert _content(sample) == after


def test_a_backup_this_version_cannot_read_is_refused_and_nothing_changes(
    sample: Project, tmp_path: Path
) -> None:
    path = _backup(sample, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    before = _content(sample)
    [outcome] = import_paths(sample, [path])
    assert outcome.error == "is an annotator-project export of version 3; this version reads 1 and 2"
    data["version"], data["claims"] = 1, "not a list"
    path.write_text(json.dumps(data), encoding="utf-8")
    [outcome] = import_paths(sample, [path])
    assert outcome.error == "has a “claims” that is not a list of records"
    assert _content(sample) == before
