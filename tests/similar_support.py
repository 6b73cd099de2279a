"""The sample project as an analyst tags it for "seen this claim before?": 2022 claims that Belarus will
not send troops (with statements, as the panel asks for them), unrelated 2022 claims, and the 2023
paper's finding that the Belarusian army stayed out of the war."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.ops import claims as claim_ops
from annotator.ops.annotators import ensure_annotator
from annotator.sample import create_sample_project
from annotator.store import queries
from annotator.store.project import Project, open_project

# (seed file, passage, kind, normalised statement): each passage is quoted from the seed.
TROOP_CLAIMS_2022 = {
    "join": (
        "002_8c3426948d320dc3.txt",
        "we are not going to join the war",
        "quote",
        "Belarus will not join the war in Ukraine",
    ),
    "soldiers": (
        "002_8c3426948d320dc3.txt",
        "Minsk has so far prevailed in its attempts not to send soldiers to Ukraine",
        "factual",
        "Belarus has not sent soldiers to Ukraine",
    ),
    "troops": (
        "003_ecf39437e7890661.txt",
        "he would not send Belarusian troops to fight in Ukraine",
        "promise",
        "Lukashenko will not send Belarusian troops to fight in Ukraine",
    ),
}
UNRELATED_2022 = {
    "referendum": (
        "003_ecf39437e7890661.txt",
        "The new text, approved by referendum in clear violation of democratic procedures",
        "factual",
        "The new constitution was approved by a referendum that violated democratic procedures",
    ),
    "regional group": (
        "001_3d809e97dbcbbd29.txt",
        "Belarus and Russia would deploy a joint regional group of forces there",
        "factual",
        "Belarus and Russia will deploy a joint regional group of forces on the western borders",
    ),
}
PAPER_2023 = (
    "000_af1bb3a8da77758f.txt",
    "avoiding at all costs the direct involvement of the Belarusian army in the war",
    "factual",
    "Belarus did not send its army to fight in the war in Ukraine",
)
# Another organisation's fact-check (schema.org ClaimReview) of a claim like the 2023 paper's.
MOBILISATION_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/belarus-mobilisation",
    "claimReviewed": "Belarus has mobilised its army to invade Ukraine from the north",
    "datePublished": "2022-03-04",
    "author": {"@type": "Organization", "name": "Example Check"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "alternateName": "False"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A viral post"}},
}


@dataclass
class SimilarWorld:
    path: Path
    me: str
    ids: dict[str, str]  # the keys above, and "paper" for the 2023 claim


def _document_for(project: Project, filename: str) -> str:
    return next(d.id for d in queries.document_summaries(project) if d.source_filename == filename)


def tag_passage(project: Project, by: str, filename: str, passage: str, kind: str, statement: str) -> str:
    document_id = _document_for(project, filename)
    start = queries.get_document(project, document_id).text.index(passage)
    claim = claim_ops.tag_claim(project, document_id, start, start + len(passage), kind, by)
    claim_ops.update_claim(project, claim.id, {"statement": statement})
    return claim.id


def build_similar_world(path: Path) -> SimilarWorld:
    create_sample_project(path, "Tester")
    ids: dict[str, str] = {}
    with open_project(path) as project:
        me = ensure_annotator(project, "Tester")
        for key, spec in {**TROOP_CLAIMS_2022, **UNRELATED_2022, "paper": PAPER_2023}.items():
            ids[key] = tag_passage(project, me, *spec)
    return SimilarWorld(path, me, ids)
