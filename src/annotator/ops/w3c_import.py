"""Import W3C Web Annotation JSON-LD (ours, Hypothesis's, any tool's) as claims anchored on project documents.

Each annotation is placed on a document by its target's `source` (the document's URL, or
`urn:sha256:<hash of its text>` as our export writes), else on whichever document holds its quote;
within a document as Hypothesis and Apache Annotator place one (domain/quote_anchoring.py: position,
quote chosen by context, approximate match). A placement that is approximate or whose context disagrees
is stored as *needs_confirmation*. Anything that cannot be placed, empty and impossible selectors
included, is reported per annotation with the reason, never dropped, and the rest of the file imports.
Hypothesis's forms (ops/hypothesis_forms.py) share one identity per annotation; its replies become
lines of their thread's claim note. Our own terms (ops/w3c_terms_import.py) bring back claimants, dates,
event links, verdicts, evidence and the provenance of claims accepted from suggestions. RangeSelectors and
XPathSelectors (into a web page's HTML) cannot be resolved against plain text and are ignored.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from annotator.domain.anchors import make_anchor
from annotator.domain.models import CLAIM_KINDS, Claim, utc_now
from annotator.domain.quote_anchoring import Placement, QuoteSelectors, impossible, place
from annotator.ops import hypothesis_forms
from annotator.ops import mentions as mention_ops
from annotator.ops import w3c_terms_import as terms
from annotator.ops.annotators import ensure_annotator
from annotator.ops.claims import restore_claim
from annotator.store.project import Project

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_TYPES = frozenset({"Annotation", "AnnotationCollection", "AnnotationPage", "oa:Annotation"})
_OUR_CLAIM_URN = "urn:annotator:claim:"


class W3CImportError(ValueError):
    """The JSON is Web Annotation data this importer cannot read at all (the reason says why)."""


@dataclass(frozen=True)
class AnnotationOutcome:
    """What became of one annotation: imported, already present, or unmatched (with the reason)."""

    annotation: str  # the annotation's id, or "#<position>" when it has none
    status: str  # "imported" | "already present" | "unmatched" | "reply" (kept in its thread's claim note)
    reason: str = ""
    claim_id: str | None = None
    document_id: str | None = None
    document_title: str = ""
    start: int = 0
    end: int = 0
    needs_confirmation: bool = False  # placed approximately, or where its context disagrees
    method: str = ""  # how it was placed: "position", "quote" or "approximate"
    # Rows our own terms added beside the claim, as (table, key), for undo; and what they could not keep.
    added_rows: tuple[tuple[str, Any], ...] = ()
    lost: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.status == "imported":
            confirm = " (needs confirmation: placed by a close match)" if self.needs_confirmation else ""
            lost = "".join(f"; not kept: {what}" for what in self.lost)
            return (
                f"imported: {self.annotation} -> claim {self.claim_id} in “{self.document_title}” "
                f"[{self.start}:{self.end}]{confirm}{lost}"
            )
        if self.status == "reply":
            return f"reply: {self.annotation} kept as a note on claim {self.claim_id}"
        if self.status == "already present":
            return f"already present: {self.annotation} (claim {self.claim_id})"
        return f"unmatched: {self.annotation}: {self.reason}"


@dataclass
class W3CImportReport:
    outcomes: list[AnnotationOutcome] = field(default_factory=list)

    def with_status(self, status: str) -> list[AnnotationOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def imported(self) -> list[AnnotationOutcome]:
        return self.with_status("imported")

    @property
    def already_present(self) -> list[AnnotationOutcome]:
        return self.with_status("already present")

    @property
    def unmatched(self) -> list[AnnotationOutcome]:
        return self.with_status("unmatched")

    @property
    def to_confirm(self) -> list[AnnotationOutcome]:
        return [outcome for outcome in self.imported if outcome.needs_confirmation]

    def summary(self) -> str:
        confirm = f" ({len(self.to_confirm)} to confirm)" if self.to_confirm else ""
        replies = len(self.with_status("reply"))
        kept = f", {replies} repl{'y' if replies == 1 else 'ies'} kept as notes" if replies else ""
        return (
            f"{len(self.imported)} annotations imported{confirm}{kept}, {len(self.already_present)} already "
            f"present, {len(self.unmatched)} unmatched"
        )


# --- recognising and unpacking the JSON -----------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, dict) and "@list" in value:
        return _as_list(value["@list"])
    return value if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {t for t in _as_list(node.get("type", node.get("@type"))) if isinstance(t, str)}


def _has_anno_context(context: Any) -> bool:
    return any(
        isinstance(item, str) and item.rstrip("/").endswith("anno.jsonld") for item in _as_list(context)
    )


def _annotation_like(item: Any) -> bool:
    return isinstance(item, dict) and ("target" in item or "Annotation" in _types(item))


def is_web_annotation(data: object) -> bool:
    """Whether parsed JSON is W3C Web Annotation data: the anno.jsonld context, an Annotation(Collection,
    Page) type, a list of objects with targets, or Hypothesis's (an API response {"rows": [...]}, one API
    annotation, the client's export file)."""
    if hypothesis_forms.is_client_export(data) or hypothesis_forms.is_api_annotation(data):
        return True
    if isinstance(data, list):
        return bool(data) and all(_annotation_like(item) for item in data)
    if not isinstance(data, dict):
        return False
    if _has_anno_context(data.get("@context")) or _types(data) & ANNOTATION_TYPES:
        return True
    rows = data.get("rows")
    return isinstance(rows, list) and bool(rows) and all(_annotation_like(item) for item in rows)


def _page_items(page: Any, seen: set[str]) -> list[Any]:
    """The items of a page and of the pages after it, as long as they are embedded (not only named)."""
    items: list[Any] = []
    while page is not None:
        if isinstance(page, str):
            raise W3CImportError(
                f"the collection names its page {page} without including it; "
                "export the collection with its pages embedded"
            )
        if not isinstance(page, dict):
            raise W3CImportError("an AnnotationPage is neither an object nor an IRI")
        page_id = str(page.get("id", page.get("@id", id(page))))
        if page_id in seen:
            break  # a page that points back at an earlier one
        seen.add(page_id)
        items += _as_list(page.get("items"))
        page = page.get("next")
    return items


def annotations_in(data: object) -> list[Any]:
    """The annotations a parsed document holds, in order (non-objects included, to be reported)."""
    if isinstance(data, list):
        return list(data)
    if not isinstance(data, dict):
        raise W3CImportError("expected a JSON object or list of annotations")
    types = _types(data)
    if "AnnotationCollection" in types:
        seen: set[str] = set()
        return _as_list(data.get("items")) + _page_items(data.get("first"), seen)
    if "AnnotationPage" in types:
        return _page_items(data, set())
    if isinstance(data.get("rows"), list):
        return list(data["rows"])
    if hypothesis_forms.is_client_export(data):
        return list(data["annotations"])
    return [data]


# --- reading one annotation -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Selectors:
    source: str
    quote: QuoteSelectors
    ignored: tuple[str, ...]  # selector types we cannot use on plain text


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _target(annotation: dict[str, Any]) -> _Selectors | str:
    """The first usable target's source and selectors, or the reason there is none."""
    targets = _as_list(annotation.get("target"))
    if not targets:
        return "it has no target"
    fallback_source = annotation.get("uri") if isinstance(annotation.get("uri"), str) else ""
    reasons: list[str] = []
    for target in targets:
        if not isinstance(target, dict):
            continue
        source = target.get("source", target.get("id", fallback_source))
        if isinstance(source, dict):
            source = source.get("id", source.get("@id", ""))
        exact: str | None = None
        prefix = suffix = ""
        start = end = None
        ignored: list[str] = []
        for selector in _as_list(target.get("selector")):
            if not isinstance(selector, dict):
                continue
            kind = next(iter(_types(selector)), "")
            if kind == "TextQuoteSelector" and exact is None and isinstance(selector.get("exact"), str):
                exact = selector["exact"]
                prefix, suffix = _string(selector.get("prefix")), _string(selector.get("suffix"))
            elif kind == "TextPositionSelector" and start is None:
                s, e = selector.get("start"), selector.get("end")
                if type(s) is int and type(e) is int:  # not a bool, which is an int too
                    start, end = s, e
                else:
                    reasons.append("its TextPositionSelector has no whole-number start and end")
            else:
                ignored.append(kind or "untyped selector")
        if exact is not None and start is not None and not 0 <= start < (end or 0):
            start = end = None  # a broken position beside a quote: the quote alone still places it
        if exact is not None or start is not None:
            quote = QuoteSelectors(exact, prefix or "", suffix or "", start, end)
            reason = impossible(quote)
            if reason is None:
                return _Selectors(str(source or ""), quote, tuple(ignored))
            reasons.append(reason)
        elif ignored:
            reasons.append(f"its selectors ({', '.join(ignored)}) cannot be placed in plain text")
    return reasons[0] if reasons else "its target is a whole document, not a quoted span"


def _claim_id(annotation: dict[str, Any]) -> str:
    """Our claim id back from urn:uuid (so a round trip keeps ids); otherwise a stable id derived from
    the annotation's id (or content), so importing the same file twice is recognised the second time."""
    raw = annotation.get("id", annotation.get("@id"))
    if isinstance(raw, str) and raw:
        if raw.lower().startswith("urn:uuid:"):
            try:
                return str(uuid.UUID(raw[9:]))
            except ValueError:
                pass
        if raw.startswith(_OUR_CLAIM_URN):
            return unquote(raw[len(_OUR_CLAIM_URN) :])
        return _id_of(raw)
    content = json.dumps(annotation, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "annotator:annotation:" + content))


def _id_of(raw_id: str) -> str:
    """The stable claim id of an annotation named `raw_id` by another tool (one per Hypothesis annotation,
    whichever of its forms names it)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, hypothesis_forms.identity(raw_id)))


@dataclass
class _Fields:
    kind: str = "factual"
    statement: str = ""
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _body_fields(annotation: dict[str, Any]) -> _Fields:
    fields = _Fields()
    kind_found = False
    motivations = [m for m in _as_list(annotation.get("motivation")) if isinstance(m, str)]
    default_purpose = motivations[0] if len(motivations) == 1 else "commenting"
    bodies = _as_list(annotation.get("body"))
    if isinstance(annotation.get("bodyValue"), str):
        bodies.append({"type": "TextualBody", "value": annotation["bodyValue"]})
    for body in bodies:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        value = body["value"].strip()
        purposes = [p for p in _as_list(body.get("purpose")) if isinstance(p, str)] or [default_purpose]
        if "tagging" in purposes:
            if not kind_found and value in CLAIM_KINDS:
                fields.kind, kind_found = value, True
            elif value:
                fields.tags.append(value)
        elif "describing" in purposes:
            fields.statement = fields.statement or value
        elif "assessing" in purposes:
            continue  # a verdict needs a label on the project's scale; free text cannot give one
        elif value:
            fields.notes.append(value)
    # Hypothesis's own JSON: free "text" and a "tags" list.
    if isinstance(annotation.get("text"), str) and annotation["text"].strip():
        fields.notes.append(annotation["text"].strip())
    for value in _as_list(annotation.get("tags")):
        if isinstance(value, str) and value.strip():
            if not kind_found and value.strip() in CLAIM_KINDS:
                fields.kind, kind_found = value.strip(), True
            else:
                fields.tags.append(value.strip())
    return fields


def _creator_name(annotation: dict[str, Any]) -> str:
    creator = next(iter(_as_list(annotation.get("creator"))), None)
    if isinstance(creator, dict):
        name = creator.get("name", creator.get("nickname", ""))
        return name.strip() if isinstance(name, str) else ""
    if isinstance(creator, str):  # h's JSON-LD: "acct:alice@hypothes.is"
        return hypothesis_forms.account_name(creator)
    user = annotation.get("user")  # Hypothesis's API JSON: the same acct: string
    if isinstance(user, str) and user.startswith("acct:"):
        return hypothesis_forms.account_name(user)
    return ""


def _timestamp(value: Any, default: str) -> str:
    """An xsd:dateTime as the project stores timestamps (UTC, seconds, "+00:00")."""
    if not isinstance(value, str):
        return default
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return default
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


# --- anchoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Document:
    id: str
    title: str
    text: str
    url: str
    sha256: str


def _url_key(url: str) -> str:
    """A URL as compared for matching: no fragment, no trailing slash, case-folded scheme and host."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _anchor(documents: list[_Document], sel: _Selectors) -> tuple[_Document, Placement] | str:
    """The document and placement an annotation points at, or why it cannot be placed."""
    source_key = _url_key(sel.source) if sel.source else ""
    named = [
        doc
        for doc in documents
        if sel.source
        and (sel.source == f"urn:sha256:{doc.sha256}" or (doc.url and _url_key(doc.url) == source_key))
    ]
    exact = sel.quote.exact
    if not named and exact is None:
        return f"its source {sel.source or '(none)'} matches no document and it has no TextQuoteSelector"
    candidates = named or documents
    # The exact steps in every candidate first: a document holding the quote beats a fuzzy match elsewhere.
    placed = [(doc, found) for doc in candidates if (found := place(doc.text, sel.quote, False)) is not None]
    if not placed:
        placed = [(doc, found) for doc in candidates if (found := place(doc.text, sel.quote)) is not None]
    if len(placed) > 1:
        # Several documents hold the quote: the one where the context agrees too, if only one does.
        placed = [(doc, found) for doc, found in placed if found.status == "ok"] or placed
    if len(placed) == 1:
        return placed[0]
    if named and not placed:
        titles = ", ".join(f"“{doc.title}”" for doc in named)
        return f"its source {sel.source} is {titles}, but the quoted text is not found there, even nearly"
    if named:
        return f"its source {sel.source} names {len(placed)} documents that all contain the quote"
    quote = exact or ""
    quote = quote if len(quote) <= 60 else quote[:57] + "..."
    if not placed:
        return (
            f"its source {sel.source or '(none)'} matches no document, and no document contains “{quote}”, "
            "even approximately"
        )
    titles = ", ".join(f"“{doc.title}”" for doc, _ in placed[:5])
    return f"“{quote}” is in {len(placed)} documents ({titles}); cannot tell which one is meant"


# --- the operation --------------------------------------------------------------------------------


def import_web_annotations(
    project: Project,
    data: object,
    created_by: str | None = None,
    step: Callable[[], None] | None = None,
) -> W3CImportReport:
    """Turn the annotations in parsed JSON-LD into claims, in one transaction; see the module docstring.

    `created_by` is recorded for annotations that do not name their creator. W3CImportError when the
    data cannot be read as annotations at all. `step` is called before each annotation; whatever it
    raises (the import's budget passed, Cancel) rolls the whole file back.
    """
    items = annotations_in(data)
    documents = [
        _Document(*row) for row in project.conn.execute("SELECT id, title, text, url, sha256 FROM documents")
    ]
    # Hypothesis replies are kept as notes on the claim their thread starts from, written with it.
    replies: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if isinstance(item, dict) and (root := hypothesis_forms.thread_root(item)) is not None:
            replies.setdefault(_id_of(root), []).append(item)
    outcomes: dict[int, AnnotationOutcome] = {}
    with project.transaction():
        for position, item in enumerate(items, start=1):
            if step is not None:
                step()
            if not (isinstance(item, dict) and hypothesis_forms.thread_root(item) is not None):
                outcomes[position] = _import_isolated(project, documents, item, position, created_by, replies)
        imported = {outcome.claim_id for outcome in outcomes.values() if outcome.status == "imported"}
        for position, item in enumerate(items, start=1):
            if position not in outcomes:
                outcomes[position] = _reply_outcome(project, item, position, imported)
    return W3CImportReport([outcomes[position] for position in sorted(outcomes)])


def _thread_notes(thread: list[dict[str, Any]]) -> list[str]:
    """The replies of a thread as note lines, oldest first."""
    return [
        _reply_note(reply) for reply in sorted(thread, key=lambda reply: _timestamp(reply.get("created"), ""))
    ]


def _reply_note(reply: dict[str, Any]) -> str:
    """A reply as the line it adds to its thread's claim note."""
    author = _creator_name(reply) or "someone"
    when = _timestamp(reply.get("created"), "")[:10]
    fields = _body_fields(reply)
    text = " ".join(fields.notes).strip()
    return f"Reply by {author}{f' ({when})' if when else ''}: {text}"


def _reply_outcome(
    project: Project, reply: dict[str, Any], position: int, imported: set[str | None]
) -> AnnotationOutcome:
    raw_id = reply.get("id", reply.get("@id"))
    name = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"
    root = hypothesis_forms.thread_root(reply) or ""
    claim_id = _id_of(root)
    row = project.conn.execute("SELECT note FROM claims WHERE id = ?", [claim_id]).fetchone()
    if row is None:
        return AnnotationOutcome(
            name, "unmatched", f"it replies to annotation {root}, which is neither in the project nor placed"
        )
    if claim_id in imported:
        return AnnotationOutcome(name, "reply", claim_id=claim_id)
    if _reply_note(reply) in row[0]:
        return AnnotationOutcome(name, "already present", claim_id=claim_id)
    return AnnotationOutcome(
        name,
        "unmatched",
        f"it replies to annotation {root}, imported earlier without it; replies are kept only when "
        "imported together with the annotation they answer",
    )


def _import_isolated(
    project: Project,
    documents: list[_Document],
    item: Any,
    position: int,
    created_by: str | None,
    replies: dict[str, list[dict[str, Any]]],
) -> AnnotationOutcome:
    """One annotation in its own savepoint: one the database refuses is reported, the rest still import."""
    try:
        with project.transaction():
            return _import_one(project, documents, item, position, created_by, replies)
    except sqlite3.IntegrityError as error:
        raw_id = item.get("id", item.get("@id")) if isinstance(item, dict) else None
        name = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"
        return AnnotationOutcome(name, "unmatched", f"the project refused it: {error}")


def _import_one(
    project: Project,
    documents: list[_Document],
    item: Any,
    position: int,
    created_by: str | None,
    replies: dict[str, list[dict[str, Any]]],
) -> AnnotationOutcome:
    if isinstance(item, str):
        return AnnotationOutcome(
            item, "unmatched", "the annotation is only referenced by its IRI, not included"
        )
    if not isinstance(item, dict):
        return AnnotationOutcome(f"#{position}", "unmatched", "not an annotation object")
    raw_id = item.get("id", item.get("@id"))
    name = raw_id if isinstance(raw_id, str) and raw_id else f"#{position}"
    claim_id = _claim_id(item)
    if project.conn.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone():
        return AnnotationOutcome(name, "already present", claim_id=claim_id)
    target = _target(item)
    if isinstance(target, str):
        return AnnotationOutcome(name, "unmatched", target)
    placed = _anchor(documents, target)
    if isinstance(placed, str):
        return AnnotationOutcome(name, "unmatched", placed)
    document, placement = placed
    creator = _creator_name(item)
    author = ensure_annotator(project, creator) if creator else created_by
    if "identifying" in _as_list(item.get("motivation")) and isinstance(item.get("mentionOf"), dict):
        return _import_mention(project, name, item, document, placement, author)
    anchor = make_anchor(document.text, placement.start, placement.end)
    fields = _body_fields(item)
    now = utc_now()
    created_at = _timestamp(item.get("created"), now)
    restored = terms.Restored()
    ours = terms.claim_fields(item)
    if placement.status != "ok":
        ours.pop("anchor_status", None)  # placed by a close match here: to confirm, whatever it was there
    claim = Claim(
        id=claim_id,
        document_id=document.id,
        start=anchor.start,
        end=anchor.end,
        exact=anchor.exact,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        kind=fields.kind,
        statement=fields.statement,
        tags=fields.tags,
        note="\n\n".join(fields.notes + _thread_notes(replies.get(claim_id, []))),
        created_by=author,
        created_at=created_at,
        updated_at=_timestamp(item.get("modified", item.get("updated")), created_at),
        anchor_status=placement.status,
        claimant_id=terms.claimant(project, item, author, restored),
    )
    claim = replace(claim, **ours)
    restore_claim(project, claim)
    terms.restore_related(
        project, claim_id, item, author, _timestamp, lambda target: _place_span(documents, target), restored
    )
    terms.restore_provenance(project, claim_id, item, _timestamp, restored)
    return AnnotationOutcome(
        name,
        "imported",
        claim_id=claim_id,
        document_id=document.id,
        document_title=document.title,
        start=anchor.start,
        end=anchor.end,
        needs_confirmation=placement.status == "needs_confirmation",
        method=placement.method,
        added_rows=tuple(restored.rows),
        lost=tuple(restored.lost),
    )


def _import_mention(
    project: Project,
    name: str,
    item: dict[str, Any],
    document: _Document,
    placement: Placement,
    author: str | None,
) -> AnnotationOutcome:
    """A person's mention (our export's "identifying" annotation): the person found by id or name, or
    created, and the span tagged as a mention of them."""
    restored = terms.Restored()
    actor_id = terms.claimant(project, {"claimant": item["mentionOf"]}, author, restored)
    if actor_id is None:
        return AnnotationOutcome(name, "unmatched", "its mentionOf names nobody")
    generator = item.get("generator")
    nickname = generator.get("nickname", "") if isinstance(generator, dict) else ""
    mention = mention_ops.tag_mention_once(
        project,
        document.id,
        placement.start,
        placement.end,
        actor_id,
        author,
        nickname if isinstance(nickname, str) and nickname != "annotator" else "",
    )
    if mention is None:
        return AnnotationOutcome(name, "already present", document_id=document.id)
    return AnnotationOutcome(
        name,
        "imported",
        document_id=document.id,
        document_title=document.title,
        start=mention.start,
        end=mention.end,
        method=placement.method,
        added_rows=(*restored.rows, ("mentions", mention.id)),
    )


def _place_span(documents: list[_Document], target: dict[str, Any]) -> terms.Span | str:
    """Where an evidence span of our export lies in this project's documents, or why it cannot be placed."""
    selectors = _target({"target": target})
    if isinstance(selectors, str):
        return selectors
    placed = _anchor(documents, selectors)
    if isinstance(placed, str):
        return placed
    document, placement = placed
    anchor = make_anchor(document.text, placement.start, placement.end)
    return document.id, anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix
