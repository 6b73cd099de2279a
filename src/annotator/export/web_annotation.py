"""W3C Web Annotation JSON-LD: the report's claims as Annotations in one AnnotationCollection.

Shape (https://www.w3.org/TR/annotation-model/, sections 3-5):
- the AnnotationCollection has the anno.jsonld @context, an id, type, label, total, and (when it holds
  any annotation) embeds its one AnnotationPage as `first` and names it as `last`; the page lists
  the annotations in `items`;
- each Annotation repeats the @context, so it stays a complete annotation when taken out of the
  collection (e.g. posted to an annotation server); its id is `urn:uuid:<claim id>`;
- its target is a SpecificResource whose `source` is the document's URL when it has one, else
  `urn:sha256:<hex sha256 of the document's UTF-8 text>` (the hash the project stores), so a document
  imported from a file can still be recognised by its content; the selectors are a TextQuoteSelector
  (exact, prefix, suffix) and a TextPositionSelector (start, end) counted in Unicode code points,
  as the model and the project both count them;
- bodies are TextualBody items: the claim kind and each tag (purpose "tagging"), the normalised
  statement ("describing"), the note ("commenting") and the current verdict ("assessing", with the
  verdict's id); the annotation's motivation is "assessing" when a verdict exists, else "tagging".
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from annotator import __version__
from annotator.export.model import ClaimEntry, Report, SourceInfo
from annotator.export.text import utc_z

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def claim_iri(claim_id: str) -> str:
    """urn:uuid:<id> for the project's UUID ids; other ids (ULIDs, say) in a urn of our own."""
    try:
        return f"urn:uuid:{uuid.UUID(claim_id)}"
    except ValueError:
        return f"urn:annotator:claim:{quote(claim_id, safe='')}"


def source_iri(source: SourceInfo) -> str:
    """The document's URL if it is an absolute IRI (a scheme, no spaces), else urn:sha256 of its text."""
    url = source.url.strip()
    parts = urlsplit(url)
    if (
        parts.scheme
        and (parts.netloc or parts.scheme in ("urn", "doi"))
        and not any(c.isspace() for c in url)
    ):
        return url
    return f"urn:sha256:{source.sha256}"


def _text_body(purpose: str, value: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain", **extra}


def annotation(entry: ClaimEntry) -> dict[str, Any]:
    claim = entry.claim
    bodies = [_text_body("tagging", claim.kind)]
    bodies += [_text_body("tagging", tag) for tag in claim.tags if tag]
    if claim.statement.strip():
        bodies.append(_text_body("describing", claim.statement))
    if claim.note.strip():
        bodies.append(_text_body("commenting", claim.note))
    current = entry.current
    if current is not None:
        verdict = current.verdict
        value = f"{current.label.display} (as of {verdict.as_of})"
        value += f": {verdict.conclusion}" if verdict.conclusion else ""
        extra: dict[str, Any] = {"id": f"urn:uuid:{verdict.id}", "created": utc_z(verdict.created_at)}
        if current.author:
            extra["creator"] = {"type": "Person", "name": current.author}
        bodies.append(_text_body("assessing", value, **extra))
    result: dict[str, Any] = {
        "@context": CONTEXT,
        "id": claim_iri(claim.id),
        "type": "Annotation",
        "motivation": "assessing" if current is not None else "tagging",
        "created": utc_z(claim.created_at),
        "modified": utc_z(claim.updated_at),
    }
    if entry.author:
        result["creator"] = {"type": "Person", "name": entry.author}
    result["body"] = bodies
    result["target"] = {
        "type": "SpecificResource",
        "source": source_iri(entry.document),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": claim.exact,
                "prefix": claim.prefix,
                "suffix": claim.suffix,
            },
            {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
        ],
    }
    return result


def annotation_collection(report: Report) -> dict[str, Any]:
    # Derived from what the export is of, so exporting the same thing twice gives the same ids.
    seed = f"annotator:{report.project_name}:{report.generated_at}:{'; '.join(report.filter.describe())}"
    collection_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"
    items = [annotation(entry) for entry in report.claims]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": report.title,
        "total": len(items),
        "generator": {"type": "Software", "name": f"annotator {__version__}"},
        "generated": utc_z(report.generated_at),
    }
    if items:
        page_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed + ':page:0')}"
        collection["first"] = {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        }
        collection["last"] = page_id
    return collection


def render_web_annotation(report: Report) -> str:
    return json.dumps(annotation_collection(report), ensure_ascii=False, indent=2) + "\n"
