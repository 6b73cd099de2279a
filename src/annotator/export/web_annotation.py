"""W3C Web Annotation JSON-LD: the report's claims as Annotations in one AnnotationCollection.

Shape (https://www.w3.org/TR/annotation-model/, sections 3-5; docs/export-json.md has the details):
- the @context is anno.jsonld first, then our own terms inline (resources/annotator-context.jsonld);
  the AnnotationCollection embeds its one AnnotationPage as `first` and names it as `last`;
- each Annotation repeats the @context, so it stays a complete annotation when taken out of the
  collection; its id is `urn:uuid:<claim id>`, its creator a Person with id and nickname, and it names
  its generator;
- its target is a SpecificResource whose `source` (the extracted text: type Text, format text/plain) is
  the document's URL, else `urn:sha256:<hex sha256 of the document's UTF-8 text>`; the selectors are a
  TextQuoteSelector and a TextPositionSelector counted in Unicode code points;
- bodies are TextualBody items: kind and tags ("tagging"), statement ("describing"), note
  ("commenting"), current verdict ("assessing"), each with its creator and created/modified times;
- claimant, stated and due dates, event links, the verdict history and evidence go under our terms,
  so importing the file (ops/w3c_import.py) gives the project's data back;
- each person's mention tagged in those claims' documents is an Annotation of its own, motivation
  "identifying": its body a SpecificResource identifying the actor (purpose "identifying", source the
  actor's IRI) and a TextualBody tagging it with their name; `mentionOf` carries the actor's name and
  aliases, so an import can find or create them.
"""

from __future__ import annotations

import functools
import re
import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from annotator import __version__
from annotator.domain.models import Actor, Event
from annotator.export.model import ClaimEntry, EvidenceEntry, MentionEntry, Report, SourceInfo, VerdictEntry
from annotator.export.text import indented_json, utc_z
from annotator.resource_files import load_json

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Our terms for claims, claimants, dates, events, verdicts and evidence (docs/export-json.md).
OUR_CONTEXT_FILE = "annotator-context.jsonld"
GENERATOR = {
    "id": "urn:annotator:software",
    "type": "Software",
    "name": f"annotator {__version__}",
    "nickname": "annotator",
}
# The form str(uuid.UUID(x)) gives: an id already in it needs no parsing (80,000 of them at 10,000 claims).
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def claim_iri(claim_id: str) -> str:
    """urn:uuid:<id> for the project's UUID ids; other ids (ULIDs, say) in a urn of our own."""
    if _CANONICAL_UUID.fullmatch(claim_id):
        return f"urn:uuid:{claim_id}"
    try:
        return f"urn:uuid:{uuid.UUID(claim_id)}"
    except ValueError:
        return f"urn:annotator:claim:{quote(claim_id, safe='')}"


def source_iri(source: SourceInfo) -> str:
    """The document's URL if it is an absolute IRI (a scheme, no spaces), else urn:sha256 of its text."""
    return _source_iri(source.url, source.sha256)


@functools.lru_cache(maxsize=4096)  # one per document, asked once per claim and piece of evidence
def _source_iri(url: str, sha256: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if (
        parts.scheme
        and (parts.netloc or parts.scheme in ("urn", "doi"))
        and not any(c.isspace() for c in url)
    ):
        return url
    return f"urn:sha256:{sha256}"


def entity_iri(kind: str, entity_id: str) -> str:
    """urn:uuid:<id> for UUID ids; other ids in a urn of our own naming what they identify."""
    if _CANONICAL_UUID.fullmatch(entity_id):
        return f"urn:uuid:{entity_id}"
    try:
        return f"urn:uuid:{uuid.UUID(entity_id)}"
    except ValueError:
        return f"urn:annotator:{kind}:{quote(entity_id, safe='')}"


def context() -> list[Any]:
    """The W3C context first (the model's MUST), then our terms for what it has no term for."""
    return [CONTEXT, load_json(OUR_CONTEXT_FILE)["@context"]]


def _text_body(purpose: str, value: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain", **extra}


def _person(annotator_id: str | None, name: str) -> dict[str, Any] | None:
    if not name:
        return None
    person: dict[str, Any] = {"type": "Person", "name": name, "nickname": name}
    if annotator_id:
        person = {"id": entity_iri("annotator", annotator_id), **person}
    return person


def _generator(entry: ClaimEntry) -> dict[str, Any]:
    """The software that made the annotation: for a claim accepted from a suggestion, the suggester
    (rule set or model, its version and score) and who accepted it; otherwise annotator itself."""
    provenance = entry.provenance
    if provenance is None:
        return GENERATOR
    node: dict[str, Any] = {
        "id": f"urn:annotator:generator:{quote(provenance.generator)}:{quote(provenance.generator_version)}",
        "type": "Software",
        "name": f"{provenance.generator} {provenance.generator_version} (annotator {__version__})",
        "nickname": provenance.generator,
        "suggestionKind": provenance.suggestion_kind,
        "suggestionScore": provenance.score,
    }
    if provenance.reason:
        node["suggestionReason"] = provenance.reason
    if (person := _person(provenance.accepted_by, entry.accepted_by)) is not None:
        node["acceptedBy"] = person
    node["acceptedAt"] = utc_z(provenance.accepted_at)
    return node


def _dated(text: str, lo: str, hi: str, precision: str) -> dict[str, str]:
    fields = {"dateText": text, "earliest": lo, "latest": hi, "precision": precision}
    return {name: value for name, value in fields.items() if value}


def _source(document: SourceInfo) -> dict[str, Any]:
    """The annotated resource: the document's extracted text (which our offsets count in)."""
    source: dict[str, Any] = {"id": source_iri(document), "type": "Text", "format": "text/plain"}
    if document.language:
        source["language"] = document.language
    return source


def _span_target(
    document: SourceInfo, start: int, end: int, exact: str, prefix: str, suffix: str
) -> dict[str, Any]:
    return {
        "type": "SpecificResource",
        "source": _source(document),
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _verdict(entry: VerdictEntry) -> dict[str, Any]:
    verdict, label = entry.verdict, entry.label
    node: dict[str, Any] = {
        "id": entity_iri("verdict", verdict.id),
        "verdictLabel": verdict.label,
        "labelDisplay": label.display,
        "asOf": verdict.as_of,
    }
    if label.rating is not None:
        node["labelRating"] = label.rating
    if verdict.conclusion:
        node["conclusion"] = verdict.conclusion
    if verdict.reasoning:
        node["reasoning"] = verdict.reasoning
    if verdict.confidence is not None:
        node["confidence"] = verdict.confidence
    if (creator := _person(verdict.created_by, entry.author)) is not None:
        node["creator"] = creator
    node["created"] = utc_z(verdict.created_at)
    node["modified"] = utc_z(verdict.updated_at)
    return node


def _evidence(entry: EvidenceEntry) -> dict[str, Any]:
    evidence = entry.evidence
    node: dict[str, Any] = {"id": entity_iri("evidence", evidence.id), "stance": evidence.stance}
    if evidence.verdict_id:
        node["forVerdict"] = entity_iri("verdict", evidence.verdict_id)
    if entry.source is not None and evidence.start is not None and evidence.end is not None:
        node["evidenceSpan"] = _span_target(
            entry.source, evidence.start, evidence.end, evidence.exact, evidence.prefix, evidence.suffix
        )
    optional = {
        "evidenceUrl": evidence.url,
        "archivedUrl": evidence.archived_url,
        "accessed": evidence.accessed,
        "dated": evidence.dated,
        "evidenceNote": evidence.note,
    }
    node.update({name: value for name, value in optional.items() if value})
    if (creator := _person(evidence.created_by, entry.author)) is not None:
        node["creator"] = creator
    node["created"] = utc_z(evidence.created_at)
    node["modified"] = utc_z(evidence.updated_at)
    return node


def _event_link(event: Event, relation: str) -> dict[str, Any]:
    node: dict[str, Any] = {"id": entity_iri("event", event.id), "title": event.title}
    for name, value in (("description", event.description), ("place", event.place)):
        if value:
            node[name] = value
    node.update(_dated(event.date_text, event.date_lo, event.date_hi, event.date_precision))
    if event.sources:
        node["eventSources"] = list(event.sources)
    node["created"] = utc_z(event.created_at)
    node["modified"] = utc_z(event.updated_at)
    return {"relation": relation, "event": node}


def annotation(entry: ClaimEntry, shared_context: list[Any] | None = None) -> dict[str, Any]:
    """One claim as an Annotation. `shared_context`: the @context to use (a collection parses it once and
    shares it among its 10,000 annotations rather than reading the file for each)."""
    claim = entry.claim
    # The model asks each body for its creator and creation time: the claim's kind, tags, statement and
    # note are its author's, written with it (the project keeps no separate history of them).
    lifecycle: dict[str, Any] = {"created": utc_z(claim.created_at), "modified": utc_z(claim.updated_at)}
    if (claim_author := _person(claim.created_by, entry.author)) is not None:
        lifecycle["creator"] = claim_author
    bodies = [_text_body("tagging", claim.kind, **lifecycle)]
    bodies += [_text_body("tagging", tag, **lifecycle) for tag in claim.tags if tag]
    if claim.statement.strip():
        bodies.append(_text_body("describing", claim.statement, **lifecycle))
    if claim.note.strip():
        bodies.append(_text_body("commenting", claim.note, **lifecycle))
    current = entry.current
    if current is not None:
        verdict = current.verdict
        value = f"{current.label.display} (as of {verdict.as_of})"
        value += f": {verdict.conclusion}" if verdict.conclusion else ""
        # No id on the body: a body with an id and a purpose would have to be a SpecificResource. The
        # verdict's own id is in `verdicts`, the full history.
        extra: dict[str, Any] = {"created": utc_z(verdict.created_at), "modified": utc_z(verdict.updated_at)}
        if (author := _person(verdict.created_by, current.author)) is not None:
            extra["creator"] = author
        bodies.append(_text_body("assessing", value, **extra))
    result: dict[str, Any] = {
        "@context": shared_context if shared_context is not None else context(),
        "id": claim_iri(claim.id),
        "type": "Annotation",
        "motivation": "assessing" if current is not None else "tagging",
        "created": utc_z(claim.created_at),
        "modified": utc_z(claim.updated_at),
    }
    if claim_author is not None:
        result["creator"] = claim_author
    result["generator"] = _generator(entry)
    result["body"] = bodies
    result["target"] = _span_target(
        entry.document, claim.start, claim.end, claim.exact, claim.prefix, claim.suffix
    )
    # What the model has no term for, under ours (resources/annotator-context.jsonld, docs/export-json.md).
    result["claimKind"] = claim.kind
    if claim.anchor_status != "ok":
        result["anchorStatus"] = claim.anchor_status
    if entry.claimant is not None:
        actor = entry.claimant
        claimant: dict[str, Any] = {
            "id": entity_iri("actor", actor.id),
            "type": "Organization" if actor.kind == "organisation" else "Person",
            "name": actor.name,
        }
        if actor.aliases:
            claimant["alias"] = list(actor.aliases)
        result["claimant"] = claimant
    stated = _dated(claim.stated_text, claim.stated_lo, claim.stated_hi, claim.stated_precision)
    if stated:
        result["stated"] = stated
    if claim.due:
        result["due"] = claim.due
    if entry.events:
        result["eventLinks"] = [_event_link(event, relation) for event, relation in entry.events]
    if entry.history:
        result["verdicts"] = [_verdict(item) for item in entry.history]
    if entry.evidence:
        result["evidence"] = [_evidence(item) for item in entry.evidence]
    return result


def _actor_node(actor: Actor) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": entity_iri("actor", actor.id),
        "type": "Organization" if actor.kind == "organisation" else "Person",
        "name": actor.name,
    }
    if actor.aliases:
        node["alias"] = list(actor.aliases)
    return node


def mention_annotation(entry: MentionEntry, shared_context: list[Any] | None = None) -> dict[str, Any]:
    """One person's mention as an Annotation that identifies who the span names."""
    mention, actor = entry.mention, entry.actor
    lifecycle: dict[str, Any] = {"created": utc_z(mention.created_at), "modified": utc_z(mention.updated_at)}
    author = _person(mention.created_by, entry.author)
    if author is not None:
        lifecycle["creator"] = author
    result: dict[str, Any] = {
        "@context": shared_context if shared_context is not None else context(),
        "id": entity_iri("mention", mention.id),
        "type": "Annotation",
        "motivation": "identifying",
        "created": lifecycle["created"],
        "modified": lifecycle["modified"],
    }
    if author is not None:
        result["creator"] = author
    if mention.generator:
        result["generator"] = {
            "id": f"urn:annotator:generator:{quote(mention.generator)}:{quote(mention.generator_version)}",
            "type": "Software",
            "name": f"{mention.generator} {mention.generator_version} (annotator {__version__})",
            "nickname": mention.generator,
        }
    else:
        result["generator"] = GENERATOR
    result["body"] = [
        {"type": "SpecificResource", "purpose": "identifying", "source": entity_iri("actor", actor.id)},
        _text_body("tagging", actor.name, **lifecycle),
    ]
    result["target"] = _span_target(
        entry.document, mention.start, mention.end, mention.exact, mention.prefix, mention.suffix
    )
    result["mentionOf"] = _actor_node(actor)
    return result


def annotation_collection(report: Report) -> dict[str, Any]:
    # Derived from what the export is of, so exporting the same thing twice gives the same ids.
    seed = f"annotator:{report.project_name}:{report.generated_at}:{'; '.join(report.filter.describe())}"
    collection_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"
    shared_context = context()
    items = [annotation(entry, shared_context) for entry in report.claims]
    items += [mention_annotation(entry, shared_context) for entry in report.mentions]
    collection: dict[str, Any] = {
        "@context": shared_context,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": report.title,
        "total": len(items),
        "generator": GENERATOR,
        "generated": utc_z(report.generated_at),
    }
    if items:
        page_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed + ':page:0')}"
        # The page repeats the @context and describes its collection (id, label, total, the model's
        # example 44), so it stays a complete page when taken out, as each annotation does.
        collection["first"] = {
            "@context": context(),
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": {"id": collection_id, "label": report.title, "total": len(items)},
            "startIndex": 0,
            "items": items,
        }
        collection["last"] = page_id
    return collection


def render_web_annotation(report: Report) -> str:
    return indented_json(annotation_collection(report))
