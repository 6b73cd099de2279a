"""The one import path: files and folders into a project, as documents or as W3C annotations (claims).

The command line, the GUI's File > Import, drag and drop and the GUI's import worker all call
`import_paths`. Each file is isolated: whatever goes wrong in one (a bad file, a parser's RecursionError,
a budget passed, the database refusing it) is reported by its name with a reason, and the others import.
Undo of an import (`undo_import`, `redo_import`) is one operation in one transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator import ingest
from annotator.domain.models import ImportedDocument
from annotator.ingest import claimreview, fetch
from annotator.ingest.budget import Budget, ImportCancelled, Meter
from annotator.ingest.errors import IngestError
from annotator.ingest.paths import expand_paths
from annotator.ops import backup, csv_claims, originals, qdpx_import
from annotator.ops import documents as document_ops
from annotator.ops import factchecks as factcheck_ops
from annotator.ops import versions as version_ops
from annotator.ops import w3c_terms_import as w3c_terms
from annotator.ops.changes import Changes
from annotator.ops.merge import MergeSummary, unmerge
from annotator.ops.w3c_import import (
    W3CImportError,
    W3CImportReport,
    import_web_annotations,
    is_web_annotation,
)
from annotator.store import queries
from annotator.store.project import Project, ProjectError

log = logging.getLogger(__name__)

# Files that may hold W3C Web Annotations; which ones do is decided by their content. A .json file that
# does not is a document (a scholarly record); a .jsonld file that does not is refused.
ANNOTATION_SUFFIXES = frozenset({".json", ".jsonld"})
# What a folder import picks up; a file named explicitly is tried whatever its suffix.
IMPORTABLE_SUFFIXES = ingest.SUPPORTED_SUFFIXES | ANNOTATION_SUFFIXES | {".qdpx"}
# Imported when named (a sheet of claims), but not picked up from folders, where CSV is usually data.
NAMED_SUFFIXES = frozenset({".csv"})
# An import commits after this many documents or this many seconds, whichever comes first (see _Batches).
BATCH_DOCUMENTS = 50
BATCH_SECONDS = 0.5
# A file larger than this (or a PDF) may take a while to parse: the open batch is committed first.
SLOW_LOAD_BYTES = 1024 * 1024


@dataclass
class ImportOutcome:
    """What happened to one file: imported, recognised as a duplicate, its annotations placed, or refused
    with a reason."""

    path: Path
    document_id: str | None = None
    title: str = ""
    duplicate_of: queries.DocumentSummary | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    needs_password: bool = False  # an encrypted PDF: ask the user and import it again
    new_version_of: queries.DocumentSummary | None = None  # same URL, changed text
    version: version_ops.VersionResult | None = None  # for undo
    annotations: W3CImportReport | None = None  # a W3C Web Annotation file: what became of each one
    member: str = ""  # which page of a web archive (or part of a message) the document is
    url: str = ""  # imported by URL: the URL asked for (`path` cannot hold one)
    restored: MergeSummary | None = None  # a project JSON export (backup), restored or merged in
    documents_added: tuple[str, ...] = ()  # documents a QDPX project brought, beside its claims
    # Other organisations' ClaimReviews: a JSON-LD file's, or those embedded in a saved page.
    fact_checks: factcheck_ops.FactCheckImport | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def added_document(self) -> bool:
        """Whether the file became a new document or a new version (not a duplicate, not annotations)."""
        return self.ok and self.document_id is not None and self.duplicate_of is None

    def describe(self) -> str:
        """One line (warnings on lines below it) for the command line and the GUI's import summary."""
        if self.error is not None:
            return f"error: {self.url or self.path}: {self.error}"
        if self.restored is not None:
            return f"restored: {self.path}: {self.restored.describe()}"
        if self.fact_checks is not None and self.document_id is None:
            return f"fact-checks: {self.path}: {self.fact_checks.summary()}"
        if self.annotations is not None:
            report = self.annotations
            lines = [f"annotations: {self.path}: {report.summary()}"]
            return "\n".join(lines + [f"  {outcome.describe()}" for outcome in report.unmatched])
        where = self.url or (f"{self.path} [{self.member}]" if self.member else str(self.path))
        if self.duplicate_of is not None:
            return f"already in project: {where} (same text as “{self.duplicate_of.title}”)"
        if self.new_version_of is not None and self.version is not None:
            line = f"new version: {where} -> “{self.new_version_of.title}” ({self.version.describe()})"
            return line + "".join(f"\n  warning: {warning}" for warning in self.warnings)
        line = f"imported: {where} -> “{self.title}”"
        if self.fact_checks is not None and self.fact_checks.added:
            line += f" ({self.fact_checks.summary()})"
        return line + "".join(f"\n  warning: {warning}" for warning in self.warnings)


OutcomeCallback = Callable[[int, int, ImportOutcome], None]


def import_paths(
    project: Project,
    paths: Iterable[Path | str],
    created_by: str | None = None,
    on_progress: OutcomeCallback | None = None,
    should_cancel: Callable[[], bool] | None = None,
    password_for: Callable[[Path], str | None] | None = None,
    on_committed: Callable[[list[ImportOutcome]], None] | None = None,
    budget: Budget | None = None,
    on_file: Callable[[int, int, Path], None] | None = None,
) -> list[ImportOutcome]:
    """Import files and folders, documents in committed batches, then the W3C annotation files.

    Each document lands whole or not at all, and one file's failure never stops the others.
    `on_file(number, total, path)` as each file's reading begins (number from 1), and
    `on_progress(done, total, outcome)` as each file is handled; `on_committed(outcomes)`
    once those outcomes are in the project (after their batch commits), so nothing is reported as
    imported that a crash could still take back. Cancelling (asked before each file, and by the
    budget within one, e.g. between a PDF's pages) commits what was imported so far; the file being
    read is left out. Inside a caller's transaction, everything becomes part of it instead.
    """
    budget = budget or Budget()
    if should_cancel is not None:
        budget = replace(budget, should_cancel=should_cancel)
    files, problems = expand_paths(paths, IMPORTABLE_SUFFIXES)
    batches = _Batches(project, len(problems) + len(files), on_progress, on_committed)

    def cancelled() -> bool:
        return budget.should_cancel is not None and budget.should_cancel()

    for problem in problems:
        batches.record(ImportOutcome(path=problem.path, error=problem.reason))
    annotation_files: list[Path] = []
    with batches:
        for number, path in enumerate(files, start=len(problems) + 1):
            if cancelled():
                break
            if on_file is not None:
                on_file(number, batches.total, path)
            try:
                batches.before_load(path)
                if _holds_annotations(path):
                    annotation_files.append(path)  # after the documents, so they can be placed on them
                    continue
                meter = budget.meter(path)
                outcomes, in_batch = _import_document(project, path, created_by, password_for, meter, batches)
            except ImportCancelled:
                break
            except ProjectError:
                raise  # the project, not this file: busy past the timeout, or gone
            except Exception as error:  # a surprise must cost this file only
                outcomes, in_batch = [_unexpected(path, error)], False
            for outcome in outcomes:
                batches.record(outcome)
            if in_batch:
                batches.document_done()
    for path in annotation_files:
        if cancelled():
            break
        try:
            outcome = _import_annotation_file(project, path, created_by, budget.meter(path))
        except ImportCancelled:
            break
        batches.record(outcome)
    return batches.outcomes


def _holds_annotations(path: Path) -> bool:
    """Whether the file is to be read as W3C Web Annotations rather than as a document."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return csv_claims.is_claims_csv(path)  # a sheet of claims, named explicitly
    if suffix == ".qdpx":
        return True  # documents and claims together: after the other documents, like annotations
    if suffix not in ANNOTATION_SUFFIXES:
        return False
    if suffix == ".jsonld":
        return True  # the only JSON-LD we import: _import_annotation_file says what else it holds
    try:
        data = ingest.read_json(path)
    except IngestError:
        return False  # then it is no annotation file; the document importer reports what is wrong
    return is_web_annotation(data) or backup.is_backup(data) or claimreview.holds_claim_reviews(data)


def _import_document(
    project: Project,
    path: Path,
    created_by: str | None,
    password_for: Callable[[Path], str | None] | None,
    meter: Meter,
    batches: _Batches,
) -> tuple[list[ImportOutcome], bool]:
    """Load one file and store its documents (one, or an archive's pages) in the open batch (opening
    one if need be); the outcomes and whether the file went into the batch. Raises only
    ImportCancelled and ProjectError."""
    try:
        loaded = _load(path, password_for, meter)
    except ingest.PasswordRequired as error:
        # Imported before with its password (a folder imported again): the same bytes need no new one.
        known = _already_imported_original(project, path)
        if known is not None:
            return [
                ImportOutcome(path=path, document_id=known.id, title=known.title, duplicate_of=known)
            ], False
        return [ImportOutcome(path=path, error=error.reason, needs_password=True)], False
    except IngestError as error:
        return [ImportOutcome(path=path, error=error.reason)], False
    except ImportCancelled:
        raise
    except Exception as error:  # a bug or an importer's surprise must cost this file only
        return [_unexpected(path, error)], False
    batches.begin()
    try:
        # One savepoint for the file: an archive's pages land together or not at all.
        with project.transaction():
            outcomes = _store_all(project, path, loaded, created_by)
    except ProjectError:
        raise
    except sqlite3.Error as error:
        # Its savepoint is rolled back and the batch goes on, unless SQLite ended the whole transaction
        # (disk full, I/O error): then the batch's earlier documents are gone too.
        if not project.conn.in_transaction:
            batches.lost(error)
            return [ImportOutcome(path=path, error=f"could not be stored in the project: {error}")], False
        return [ImportOutcome(path=path, error=f"could not be stored in the project: {error}")], True
    except Exception as error:
        return [_unexpected(path, error)], True
    return outcomes, True


def _store_all(
    project: Project, path: Path, loaded: list[ImportedDocument], created_by: str | None
) -> list[ImportOutcome]:
    """Store a file's documents in order; a part naming an earlier one (an attachment naming its
    message, by index in `loaded`) is linked to that document's id."""
    outcomes: list[ImportOutcome] = []
    for imported in loaded:
        parent = imported.metadata.get("attached_to")
        if isinstance(parent, int) and 0 <= parent < len(outcomes):
            imported.metadata["attached_to"] = outcomes[parent].document_id
        outcome = _store(project, path, imported, created_by)
        outcome.member = imported.member
        outcomes.append(outcome)
    return outcomes


def _load(
    path: Path, password_for: Callable[[Path], str | None] | None, meter: Meter
) -> list[ImportedDocument]:
    try:
        return ingest.load_documents(path, meter=meter)
    except ingest.PasswordRequired:
        password = password_for(path) if password_for is not None else None
        if password is None:
            raise
        return ingest.load_documents(path, password=password, meter=meter)


def _already_imported_original(project: Project, path: Path) -> queries.DocumentSummary | None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return queries.find_document_by_original(project, digest)


def _unexpected(path: Path, error: Exception) -> ImportOutcome:
    log.error("importing %s failed unexpectedly", path, exc_info=error)
    detail = str(error) or type(error).__name__
    return ImportOutcome(path=path, error=f"could not be imported ({type(error).__name__}: {detail[:300]})")


def import_url(
    project: Project, url: str, created_by: str | None = None, timeout: float = fetch.TIMEOUT_SECONDS
) -> ImportOutcome:
    """Fetch a web page or PDF and import it, its original the WARC of the exchange (File > Import URL,
    `annotator import PROJECT URL`); never raises but ProjectError: a failure is the outcome's error."""
    where = Path(urllib.parse.urlsplit(url).netloc or "url")
    try:
        imported = fetch.load_url(url, timeout, Budget().meter(where))
    except IngestError as error:
        return ImportOutcome(path=where, url=url, error=error.reason)
    except Exception as error:
        outcome = _unexpected(where, error)
        outcome.url = url
        return outcome
    try:
        outcome = _store(project, where, imported, created_by, source=url)
    except ProjectError:
        raise
    except sqlite3.Error as error:
        return ImportOutcome(path=where, url=url, error=f"could not be stored in the project: {error}")
    outcome.url = url
    return outcome


def archive_evidence_url(
    project: Project, evidence_id: str, created_by: str | None = None, timeout: float = fetch.TIMEOUT_SECONDS
) -> ImportOutcome:
    """ "Archive now" for URL evidence: fetch its URL as `import_url` does (the page becomes a document,
    the exchange its WARC original) and append an entry to the evidence's custody log pointing at that
    document. Undo of the import (ImportRecord) takes both back."""
    row = project.conn.execute("SELECT url FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    if row is None or not row[0]:
        return ImportOutcome(path=Path(evidence_id), error="is not evidence with a URL")
    outcome = import_url(project, row[0], created_by, timeout)
    if outcome.ok and outcome.document_id is not None:
        with project.transaction():
            document = project.conn.execute(
                "SELECT original_sha256, sha256 FROM documents WHERE id = ?", [outcome.document_id]
            ).fetchone()
            originals.record_custody(
                project,
                outcome.document_id,
                "archive-evidence",
                recorded_by=created_by,
                source=row[0],
                captured_at=_captured_at(project, outcome.document_id),
                original_sha256=document[0] or "",
                text_sha256=document[1],
                evidence_id=evidence_id,
            )
    return outcome


def _captured_at(project: Project, document_id: str) -> str:
    found = project.conn.execute(
        "SELECT captured_at FROM custody WHERE document_id = ? AND captured_at != '' ORDER BY rowid LIMIT 1",
        [document_id],
    ).fetchone()
    return str(found[0]) if found else ""


def _store(
    project: Project,
    path: Path,
    imported: ImportedDocument,
    created_by: str | None,
    source: str | None = None,
) -> ImportOutcome:
    """Store a loaded document unless its text is already in the project; a known URL with other text
    becomes a new version of that document. `source`: where it came from, if not `path` (a URL)."""
    digest = document_ops.text_hash(imported.text)
    # One savepoint per document: the duplicate check and the insert land together or not at all,
    # and a document that fails rolls back alone, not the rest of its batch. The check sees this
    # batch's uncommitted rows (same connection), so a text twice in one import is stored once.
    with project.transaction():
        duplicate = queries.find_document_by_hash(project, digest)
        if duplicate is not None:
            return ImportOutcome(
                path=path, document_id=duplicate.id, title=duplicate.title, duplicate_of=duplicate
            )
        previous = document_ops.latest_version_with_url(project, imported.url)
        if previous is not None:
            result = version_ops.add_version(project, previous.id, imported, created_by)
            originals.record_import(
                project, result.new_document_id, imported, source or str(path), created_by
            )
            return ImportOutcome(
                path=path,
                document_id=result.new_document_id,
                title=imported.title or previous.title,
                warnings=imported.warnings,
                new_version_of=previous,
                version=result,
            )
        document_id = document_ops.insert_document(project, imported, digest, created_by)
        originals.record_import(project, document_id, imported, source or str(path), created_by)
        fact_checks = _embedded_fact_checks(project, imported, document_id, source or str(path), created_by)
    title = imported.title or path.stem
    return ImportOutcome(
        path=path, document_id=document_id, title=title, warnings=imported.warnings, fact_checks=fact_checks
    )


def _embedded_fact_checks(
    project: Project, imported: ImportedDocument, document_id: str, source: str, created_by: str | None
) -> factcheck_ops.FactCheckImport | None:
    """A saved fact-check page's ClaimReviews (its JSON-LD), stored beside it as the page's own."""
    if imported.source_format != "html" or not imported.original:
        return None
    found = claimreview.fact_checks_in_html(imported.original)
    if not found:
        return None
    return factcheck_ops.store_fact_checks(project, found, source, created_by, document_id)


def _import_annotation_file(
    project: Project, path: Path, created_by: str | None, meter: Meter
) -> ImportOutcome:
    """Place one file's annotations as claims, in one transaction; never raises, except ImportCancelled."""
    try:
        meter.step()
        if path.suffix.lower() == ".csv":
            report = csv_claims.import_claims_csv(project, path, created_by=created_by, step=meter.step)
            return ImportOutcome(path=path, title=path.name, annotations=report)
        if path.suffix.lower() == ".qdpx":
            qdpx = qdpx_import.import_qdpx(project, path, created_by=created_by, step=meter.step)
            qdpx.report.outcomes += qdpx_import.describe_skipped(qdpx)
            return ImportOutcome(
                path=path, title=path.name, annotations=qdpx.report, documents_added=tuple(qdpx.new_documents)
            )
        data = ingest.read_json(path)
        if backup.is_backup(data):
            return _restore(project, path, data, created_by)
        if claimreview.holds_claim_reviews(data):
            found = claimreview.fact_checks_in_json(data)
            if not found:
                raise IngestError(path, "its ClaimReviews name no claim reviewed (claimReviewed)")
            stored = factcheck_ops.store_fact_checks(project, found, str(path), created_by)
            return ImportOutcome(path=path, title=path.name, fact_checks=stored)
        if not is_web_annotation(data):
            raise IngestError(
                path,
                "is neither W3C Web Annotation nor schema.org ClaimReview JSON-LD (what annotator imports)",
            )
        report = import_web_annotations(project, data, created_by=created_by, step=meter.step)
    except IngestError as error:
        return ImportOutcome(path=path, error=error.reason)
    except (W3CImportError, backup.BackupError) as error:
        return ImportOutcome(path=path, error=str(error))
    except (ImportCancelled, ProjectError):
        raise
    except Exception as error:
        return _unexpected(path, error)
    return ImportOutcome(path=path, title=path.name, annotations=report)


def _restore(project: Project, path: Path, data: object, created_by: str | None) -> ImportOutcome:
    """A project export restored (or merged in); a failure of its staging file is this file's error."""
    try:
        restored = backup.restore_backup(project, data, path, created_by)
    except ProjectError as error:
        if error.path == project.path:
            raise
        return ImportOutcome(path=path, error=error.reason)
    return ImportOutcome(path=path, title=path.name, restored=restored)


class _Batches:
    """Groups an import's documents into transactions of up to BATCH_DOCUMENTS or about BATCH_SECONDS,
    and holds each outcome back from `on_committed` until its batch has landed.

    A commit waits for fsync (synchronous=FULL) and makes the search index write a segment, which cost
    more than storing a small document; one transaction for a whole import would instead hold the
    write lock for its duration, stalling the window's own edits (they wait up to the busy timeout).
    Leaving the block, normally or by an exception, commits the documents already imported: each is
    whole, because `_store` stores it in its own savepoint.
    """

    def __init__(
        self,
        project: Project,
        total: int,
        on_progress: OutcomeCallback | None,
        on_committed: Callable[[list[ImportOutcome]], None] | None,
    ) -> None:
        self.project = project
        self.total = total
        self.on_progress = on_progress
        self.on_committed = on_committed
        self.outcomes: list[ImportOutcome] = []
        self._pending = 0  # how many of the last outcomes wait for the open batch to commit
        self._transaction: ExitStack | None = None
        self._documents = 0
        self._started = 0.0

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, *exc: object) -> None:
        self.commit()

    def record(self, outcome: ImportOutcome) -> None:
        self.outcomes.append(outcome)
        self._pending += 1
        if self.on_progress is not None:
            self.on_progress(len(self.outcomes), self.total, outcome)
        if self._transaction is None:
            self._report()  # nothing it depends on is waiting for a commit

    def before_load(self, path: Path) -> None:
        """Commit first if the next file may be slow to read and parse (a large file, any PDF), so the
        write lock is not held through it."""
        if self._transaction is not None and _may_load_slowly(path):
            self.commit()

    def begin(self) -> None:
        if self._transaction is None:
            transaction = ExitStack()
            transaction.enter_context(self.project.transaction())
            self._transaction = transaction
            self._documents = 0
            self._started = time.monotonic()

    def document_done(self) -> None:
        self._documents += 1
        if self._documents >= BATCH_DOCUMENTS or time.monotonic() - self._started >= BATCH_SECONDS:
            self.commit()

    def commit(self) -> None:
        transaction, self._transaction = self._transaction, None
        if transaction is not None:
            transaction.close()  # COMMIT; in a caller's transaction, RELEASE of the savepoint
        self._report()

    def lost(self, error: sqlite3.Error) -> None:
        """SQLite rolled back the whole transaction: the batch's documents are not in the project."""
        transaction, self._transaction = self._transaction, None
        if transaction is not None:
            with contextlib.suppress(sqlite3.Error):  # there is nothing left to commit or roll back
                transaction.close()
        waiting = self.outcomes[len(self.outcomes) - self._pending :]
        for outcome in waiting:
            if outcome.added_document:
                outcome.error = f"was not stored: the database rolled back its batch ({error})"
                outcome.document_id = None
        self._report()

    def _report(self) -> None:
        if self._pending and self.on_committed is not None:
            self.on_committed(self.outcomes[len(self.outcomes) - self._pending :])
        self._pending = 0


def _may_load_slowly(path: Path) -> bool:
    if path.suffix.lower() == ".pdf":
        return True
    try:
        return path.stat().st_size > SLOW_LOAD_BYTES
    except OSError:
        return False  # load_file reports it


# --- undo and redo of an import -------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRecord:
    """What an import added, so that undo can take it back and redo put the very same rows back."""

    document_ids: tuple[str, ...] = ()  # new documents (new versions are in `versions`)
    versions: tuple[version_ops.VersionResult, ...] = ()
    claims: tuple[tuple[str, str], ...] = ()  # (document id, claim id) placed from annotations
    created_by: str | None = None
    # What our W3C terms added beside those claims (verdicts, evidence, events, ...), as (table, key).
    added_rows: tuple[tuple[str, Any], ...] = ()
    # Filled by undo_import, for redo_import.
    document_rows: tuple[dict[str, Any], ...] = ()
    claim_rows: tuple[dict[str, Any], ...] = ()
    evidence_rows: originals.EvidenceRows = originals.EvidenceRows()
    taken_rows: tuple[tuple[str, dict[str, Any]], ...] = ()  # (table, row), children first
    restores: tuple[tuple[Path, MergeSummary], ...] = ()  # project exports restored (merged in)
    fact_check_ids: tuple[str, ...] = ()  # other organisations' ClaimReviews stored
    fact_check_rows: tuple[dict[str, Any], ...] = ()  # filled by undo_import, for redo_import

    @classmethod
    def of(cls, outcomes: Iterable[ImportOutcome], created_by: str | None = None) -> ImportRecord:
        outcomes = list(outcomes)
        added = [o for o in outcomes if o.added_document]
        claims = [
            (a.document_id, a.claim_id)
            for o in outcomes
            if o.annotations is not None
            for a in o.annotations.imported
            if a.document_id and a.claim_id
        ]
        return cls(
            document_ids=tuple(o.document_id for o in added if o.version is None and o.document_id)
            + tuple(document_id for o in outcomes for document_id in o.documents_added),
            versions=tuple(o.version for o in added if o.version is not None),
            claims=tuple(claims),
            created_by=created_by,
            restores=tuple((o.path, o.restored) for o in outcomes if o.restored is not None),
            fact_check_ids=tuple(
                fact_id for o in outcomes if o.fact_checks is not None for fact_id in o.fact_checks.added
            ),
            added_rows=tuple(
                row
                for o in outcomes
                if o.annotations is not None
                for a in o.annotations.imported
                for row in a.added_rows
            ),
        )

    def __bool__(self) -> bool:
        return bool(self.document_ids or self.versions or self.claims or self.restores or self.fact_check_ids)

    def describe(self) -> str:
        """The undo menu's name for it: "Import 3 documents", "Import 1 document and 6 claims"."""
        documents = len(self.document_ids) + len(self.versions)
        parts = [f"{documents} document{'s' if documents != 1 else ''}"] if documents else []
        if self.claims:
            parts.append(f"{len(self.claims)} claim{'s' if len(self.claims) != 1 else ''}")
        if self.restores:
            parts.append(f"{len(self.restores)} backup{'s' if len(self.restores) != 1 else ''}")
        if self.fact_check_ids and not documents:
            parts.append(
                f"{len(self.fact_check_ids)} fact-check{'s' if len(self.fact_check_ids) != 1 else ''}"
            )
        return "Import " + " and ".join(parts or ["nothing"])

    def changes(self) -> Changes:
        documents = set(self.document_ids)
        for version in self.versions:
            documents |= {version.old_document_id, version.new_document_id}
        changes = Changes(
            documents=frozenset(documents),
            claims_added=frozenset(self.claims),
            factchecks=frozenset(self.fact_check_ids),
        )
        for _path, summary in self.restores:
            changes = changes | summary.changes
        return changes


def undo_import(project: Project, record: ImportRecord) -> tuple[ImportRecord, Changes]:
    """Take back what an import added, in one transaction: its claims, its new versions (their claims
    return to the earlier version), its documents. Returns the record with the rows for redo_import."""
    claim_ids = [claim_id for _document_id, claim_id in record.claims]
    with project.transaction() as db:
        for _path, summary in reversed(record.restores):
            unmerge(project, summary)
        taken = w3c_terms.take_rows(project, list(record.added_rows), before_claims=True)
        for claim_id in claim_ids:
            if any(
                db.execute(f"SELECT 1 FROM {table} WHERE claim_id = ? LIMIT 1", [claim_id]).fetchone()
                for table in ("claim_events", "verdicts", "evidence")
            ):
                raise ValueError(
                    "a claim from this import has links, verdicts or evidence now; remove them first"
                )
        claim_rows = tuple(dict(db.table("claims").get(claim_id)) for claim_id in claim_ids)
        project.conn.executemany("DELETE FROM claims WHERE id = ?", [[claim_id] for claim_id in claim_ids])
        taken += w3c_terms.take_rows(project, list(record.added_rows), before_claims=False)
        fact_check_rows = tuple(factcheck_ops.take_fact_checks(project, list(record.fact_check_ids)))
        added = [*record.document_ids, *(version.new_document_id for version in record.versions)]
        custody_rows = originals.take_custody(project, added)
        kept = originals.originals_of(project, added)
        for version in reversed(record.versions):
            version_ops.remove_version(project, version)
        document_rows = tuple(document_ops.take_documents(project, list(record.document_ids)))
        evidence = originals.EvidenceRows(originals.take_unused_originals(project, kept), custody_rows)
    undone = replace(
        record,
        document_rows=document_rows,
        claim_rows=claim_rows,
        taken_rows=tuple(taken),
        evidence_rows=evidence,
        fact_check_rows=fact_check_rows,
    )
    return undone, record.changes().reversed()


def redo_import(project: Project, record: ImportRecord) -> tuple[ImportRecord, Changes]:
    """Put back what undo_import took, under the same ids, in one transaction."""
    with project.transaction() as db:
        originals.put_originals(project, record.evidence_rows.originals)
        document_ops.put_documents(project, list(record.document_rows))
        versions = tuple(version.redo(project, record.created_by) for version in record.versions)
        originals.put_custody(project, record.evidence_rows.custody)
        after_claims = [
            (table, row) for table, row in record.taken_rows if table not in w3c_terms.BEFORE_CLAIMS
        ]
        w3c_terms.put_rows(project, after_claims)
        if record.claim_rows:
            db.table("claims").insert_all(record.claim_rows)
        w3c_terms.put_rows(project, [item for item in record.taken_rows if item not in after_claims])
        factcheck_ops.put_fact_checks(project, list(record.fact_check_rows))
    # A restore merges a staged copy of the backup, which cannot happen inside a transaction.
    restores = tuple(
        (
            path,
            backup.restore_backup(project, ingest.read_json(path), path, record.created_by, replay=summary),
        )
        for path, summary in record.restores
    )
    redone = replace(
        record,
        versions=versions,
        document_rows=(),
        claim_rows=(),
        taken_rows=(),
        fact_check_rows=(),
        restores=restores,
        evidence_rows=originals.EvidenceRows(),
    )
    return redone, redone.changes()
