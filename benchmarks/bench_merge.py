"""Benchmark of merging a 100,000-claim project, each figure printed beside its raw baseline as a ratio.

Run by hand, not in the test suite:
    .venv/bin/python benchmarks/bench_merge.py [CLAIMS]
Target (DESIGN.md section 5): merging a project of 100,000 claims, and merging it again (which changes
nothing), each within 3x of a raw sqlite3 `executemany` insert of the same rows into the same schema.
The colleague imported the documents separately, so every claim also goes through the text-hash match.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from annotator.domain.models import new_id, utc_now
from annotator.ops.annotators import ensure_annotator
from annotator.ops.merge import merge_project, unmerge
from annotator.store.project import Project, open_project
from annotator.store.rows import CLAIM_COLUMNS

DOCUMENTS = 100
WORDS = "belarus minsk kyiv army border troops said would not join war president".split()


def _texts(seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [
        f"Document {number}. " + " ".join(rng.choice(WORDS) for _ in range(4000))
        for number in range(DOCUMENTS)
    ]


def _add_documents(project: Project, texts: list[str]) -> list[str]:
    """Insert the documents with fresh ids, as a separate import by another person would."""
    now = utc_now()
    rows = [
        (new_id(), text, hashlib.sha256(text.encode()).hexdigest(), len(text), f"Document {n}", now, now)
        for n, text in enumerate(texts)
    ]
    with project.transaction():
        project.conn.executemany(
            "INSERT INTO documents (id, text, sha256, length, title, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return [row[0] for row in rows]


def _claim_rows(document_ids: list[str], texts: list[str], count: int, author: str) -> list[tuple[Any, ...]]:
    rng = random.Random(2)
    now = utc_now()
    rows = []
    for number in range(count):
        index = number % len(document_ids)
        text = texts[index]
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randint(20, 200)
        values = {
            "id": new_id(),
            "document_id": document_ids[index],
            "start": start,
            "end": end,
            "exact": text[start:end],
            "prefix": text[max(0, start - 32) : start],
            "suffix": text[end : end + 32],
            "kind": "prediction" if number % 5 == 0 else "factual",
            "claimant_id": None,
            "stated_text": "",
            "stated_lo": "",
            "stated_hi": "",
            "stated_precision": "",
            "statement": f"Statement {number}",
            "tags": "[]",
            "note": "",
            "anchor_status": "ok",
            "due": "",
            "created_by": author,
            "created_at": now,
            "updated_at": now,
        }
        rows.append(tuple(values[name] for name in CLAIM_COLUMNS))
    return rows


_INSERT = (
    f"INSERT INTO claims ({', '.join(f'{chr(34)}{name}{chr(34)}' for name in CLAIM_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in CLAIM_COLUMNS)})"
)


def _insert_claims(project: Project, rows: list[tuple[Any, ...]]) -> float:
    started = time.perf_counter()
    with project.transaction():
        project.conn.executemany(_INSERT, rows)
    return time.perf_counter() - started


def _drop_search_triggers(path: Path) -> int:
    """Remove the full-text index triggers (schema v3+) from a copy, to see the cost without them."""
    with open_project(path) as project:
        names = [
            row[0]
            for row in project.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'"
            )
        ]
        for name in names:
            project.conn.execute(f'DROP TRIGGER "{name}"')
    return len(names)


def _baseline(raw_path: Path, colleague: str, rows: list[tuple[Any, ...]]) -> float:
    """The same claim rows (and the colleague's annotator row) written with executemany into a copy of
    our project, pointing at our copies of the documents: exactly what the merge has to write."""
    with open_project(raw_path) as raw:
        now = utc_now()
        raw.conn.execute(
            "INSERT INTO annotators (id, name, created_at, updated_at) VALUES (?, 'Colleague', ?, ?)",
            [colleague, now, now],
        )
        return _insert_claims(raw, rows)


def _merges(ours_path: Path, theirs_path: Path, claims: int) -> tuple[float, float, float, list[str]]:
    with open_project(ours_path) as ours:
        me = ensure_annotator(ours, "Me")
        started = time.perf_counter()
        first = merge_project(ours, theirs_path, me)
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        second = merge_project(ours, theirs_path, me)
        second_time = time.perf_counter() - started
        started = time.perf_counter()
        unmerge(ours, first)
        unmerge_time = time.perf_counter() - started
    assert first.figures()["claims"] == claims and first.figures()["documents"] == 0, first.figures()
    assert not second.changed, second.figures()
    return first_time, second_time, unmerge_time, [first.describe(), second.describe()]


def _report(title: str, baseline: float, timings: tuple[float, float, float, list[str]], claims: int) -> None:
    first_time, second_time, unmerge_time, descriptions = timings
    print(title)
    print(f"  {'baseline: executemany':<26} {baseline * 1000:8.0f} ms   ({claims / baseline:,.0f} rows/s)")
    for label, seconds in (("merge (all new)", first_time), ("merge again (no-op)", second_time)):
        ratio = seconds / baseline
        verdict = "ok" if ratio <= 3 else "OVER TARGET"
        print(f"  {label:<26} {seconds * 1000:8.0f} ms   {ratio:5.2f}x baseline (target <= 3x)  {verdict}")
    print(
        f"  {'unmerge (undo)':<26} {unmerge_time * 1000:8.0f} ms   {unmerge_time / baseline:5.2f}x baseline"
    )
    for line in descriptions:
        print(f"  {line}")


def main(claims: int) -> None:
    texts = _texts()
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as folder:
        paths = {name: Path(folder) / f"{name}.sqlite" for name in ("theirs", "ours", "raw")}
        started = time.perf_counter()
        with open_project(paths["theirs"]) as theirs:
            colleague = ensure_annotator(theirs, "Colleague")
            their_documents = _add_documents(theirs, texts)
            rows = _claim_rows(their_documents, texts, claims, colleague)
            _insert_claims(theirs, rows)
        with open_project(paths["ours"]) as ours:
            mapping = dict(zip(their_documents, _add_documents(ours, texts), strict=True))
        print(f"setup: {claims:,} claims in {DOCUMENTS} documents, {time.perf_counter() - started:.1f} s")
        for name in ("raw", "ours_plain", "raw_plain"):
            paths[name] = Path(folder) / f"{name}.sqlite"
        for name in ("raw", "ours_plain", "raw_plain"):
            shutil.copy(paths["ours"], paths[name])
        dropped = _drop_search_triggers(paths["ours_plain"]) + _drop_search_triggers(paths["raw_plain"])

        column = CLAIM_COLUMNS.index("document_id")
        raw_rows = [(*row[:column], mapping[row[column]], *row[column + 1 :]) for row in rows]
        timings = _merges(paths["ours"], paths["theirs"], claims)
        _report("Project schema as it is:", _baseline(paths["raw"], colleague, raw_rows), timings, claims)
        if dropped:
            timings = _merges(paths["ours_plain"], paths["theirs"], claims)
            baseline = _baseline(paths["raw_plain"], colleague, raw_rows)
            _report("Same, without the full-text search triggers (on both sides):", baseline, timings, claims)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
