"""Scholarly-record import: a paper's metadata JSON (title, authors, DOI, abstract) and the text after it."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.domain.models import ImportedDocument, MetadataProposal
from annotator.ingest.errors import IngestError
from annotator.ingest.jsonparse import decode_json_prefix
from annotator.ingest.metadata import apply_proposals, iso_date, split_authors

# Publishers' HTML often glues the section label to the first word: "ABSTRACTAlthough Belarus ...".
# Two capitals after it would mean a longer word ("ABSTRACTIONS"), which is left alone.
ABSTRACT_LABEL = re.compile(r"\s*(?:ABSTRACT(?![A-Z]{2})|Abstract(?=[ \t]*[:.\n]))[\s:.]*")
ISO_PARTIAL = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:)\s*", re.IGNORECASE)
# Keys in the order they are tried for each field (Semantic Scholar and aggregator spellings).
DATE_KEYS = ("publicationDate", "publication_date", "published", "year")
URL_KEYS = ("url", "DOIUrl")
JOURNAL_KEYS = ("journal", "venue", "PeriodicalName")


def read_json_prefix(path: Path, text: str) -> tuple[dict[str, object], str]:
    """The JSON object `text` starts with and the text that follows it; IngestError if it is malformed."""
    start = len(text) - len(text.lstrip())
    value, end = decode_json_prefix(path, text, start)
    if not isinstance(value, dict):
        raise IngestError(path, f"the JSON holds {type(value).__name__} values, not a record (an object)")
    return value, text[end:]


def is_scholarly_record(record: dict[str, object]) -> bool:
    """Whether a JSON object is a paper record: it has a title and an abstract."""
    return isinstance(record.get("title"), str) and isinstance(record.get("abstract"), str)


def load_scholarly(path: Path, text: str) -> ImportedDocument:
    """A document whose text is the record's abstract followed by whatever text comes after the object."""
    record, rest = read_json_prefix(path, text)
    if not is_scholarly_record(record):
        raise IngestError(path, 'the JSON is not a scholarly record: it needs a "title" and an "abstract"')
    abstract = strip_abstract_label(str(record["abstract"])).strip()
    body = "\n\n".join(part for part in (abstract, rest.strip()) if part)
    document = ImportedDocument(
        text=body, source_format="scholarly-json", source_filename=path.name, metadata=_metadata(record)
    )
    apply_proposals(document, _proposals(record))
    document.title = document.title or path.stem
    return document


def strip_abstract_label(abstract: str) -> str:
    """The abstract without a leading "ABSTRACT" / "Abstract:" label."""
    label = ABSTRACT_LABEL.match(abstract)
    return abstract[label.end() :] if label is not None else abstract


def _proposals(record: dict[str, object]) -> list[MetadataProposal]:
    proposals: list[MetadataProposal] = []

    def propose(field: str, value: str, key: str) -> None:
        if value:
            proposals.append(MetadataProposal(field, value, f'JSON key "{key}"'))

    propose("title", " ".join(str(record["title"]).split()), "title")
    propose("authors", "; ".join(_authors(record.get("authors"))), "authors")
    for key in DATE_KEYS:
        date = _date(record.get(key))
        if date:
            propose("published", date, key)
            break
    for key in JOURNAL_KEYS:
        journal = _journal_name(record.get(key))
        if journal:
            propose("publisher", journal, key)
            break
    for key in URL_KEYS:
        url = record.get(key)
        if isinstance(url, str) and url.strip():
            propose("url", url.strip(), key)
            break
    doi = _doi(record)
    if doi:
        propose("url", f"https://doi.org/{doi}", "doi")
    return proposals


def _metadata(record: dict[str, object]) -> dict[str, object]:
    """The DOI and journal details, and the whole record except the abstract (already the text)."""
    metadata: dict[str, object] = {}
    doi = _doi(record)
    if doi:
        metadata["doi"] = doi
    journal = record.get("journal")
    if isinstance(journal, dict):
        for key in ("name", "volume", "pages"):
            value = journal.get(key)
            if isinstance(value, str) and value.strip():
                metadata["journal" if key == "name" else key] = value.strip()
    elif isinstance(journal, str) and journal.strip():
        metadata["journal"] = journal.strip()
    metadata["record"] = {key: value for key, value in record.items() if key != "abstract"}
    return metadata


def _authors(value: object) -> list[str]:
    """Names from a string ("A; B"), a list of strings, or a list of {"name": ...} objects."""
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, list):
        names = []
        for item in value:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.strip():
                names.append(" ".join(name.split()))
        return names
    return []


def _date(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:04d}"  # a bare publication year
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    return value if ISO_PARTIAL.fullmatch(value) else iso_date(value)


def _journal_name(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _doi(record: dict[str, object]) -> str:
    doi = record.get("doi")
    return DOI_PREFIX.sub("", doi.strip(), count=1) if isinstance(doi, str) else ""
