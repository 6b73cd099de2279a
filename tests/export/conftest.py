"""A sample project built from the seeds with fixed ids: claims, events, verdicts, evidence, reviews."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import Project, open_project

GENERATED_AT = "2024-05-01T12:00:00+00:00"
DIGEST = "Will Lukashenka join Putin in invading Ukraine?"
PAPER = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"
CONCESSIONS = (
    "New Concessions for Putin: Is Lukashenko Ready to Involve the Belarusian Army in the War in Ukraine?"
)
BLOG = "Will Belarus join the war now?"
PIERSON = "003_ecf39437e7890661"


def fixed(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _document(project: Project, title: str) -> tuple[str, str]:
    summary = next(s for s in queries.document_summaries(project) if s.title == title)
    return summary.id, queries.get_document(project, summary.id).text


def tag(
    project: Project, title: str, phrase: str, kind: str, claim_id: str, by: str, **fields: object
) -> str:
    document_id, text = _document(project, title)
    start = text.index(phrase)
    claim_ops.tag_claim(
        project,
        document_id,
        start,
        start + len(phrase),
        kind=kind,
        created_by=by,
        claim_id=claim_id,
        text=text,
    )
    if fields:
        claim_ops.update_claim(project, claim_id, dict(fields))
    return claim_id


def build_sample(project: Project, seeds: Path) -> None:
    """Six claims over the five seeds: four verified, one pending, one with no verdict yet."""
    ana = ensure_annotator(project, "Ana Analyst")
    import_paths(project, [seeds], created_by=ana)
    fiona = ensure_annotator(project, "Fiona Factchecker")
    rita = ensure_annotator(project, "Rita Reviewer")
    lukashenka = actor_ops.create_actor(
        project,
        "Alexander Lukashenka",
        aliases=["Lukashenko", "Лукашенко"],
        created_by=ana,
        actor_id=fixed(90),
    )
    invasion = event_ops.create_event(
        project,
        "Russia invades Ukraine",
        "24 February 2022",
        place="Ukraine",
        created_by=ana,
        event_id=fixed(81),
    )
    event_ops.create_event(
        project,
        "Constitutional referendum in Belarus",
        "27 February 2022",
        created_by=ana,
        event_id=fixed(82),
    )
    joint = event_ops.create_event(
        project,
        "Joint regional group of forces",
        "10 October 2022",
        place="Belarus",
        created_by=ana,
        event_id=fixed(83),
    )

    c1 = tag(
        project,
        DIGEST,
        "we are not going to join the war",
        "prediction",
        fixed(1),
        ana,
        claimant_id=lukashenka.id,
        statement="Belarus will not join Russia’s war against Ukraine",
        stated_text="17 March",
        stated_lo="2022-03-17",
        stated_hi="2022-03-17",
        stated_precision="day",
        due="2022-12-31",
        tags=["belarus-army"],
    )
    event_ops.link_claim(project, c1, invasion.id, "about", created_by=ana)
    verdict_ops.add_verdict(
        project, c1, "pending", "2022-03-20", "Too early to say", created_by=fiona, verdict_id=fixed(11)
    )
    confirmed = verdict_ops.add_verdict(
        project,
        c1,
        "confirmed",
        "2023-10-05",
        "Belarus kept its army out of the war",
        reasoning="No Belarusian unit crossed into Ukraine in 2022.\nThe 2023 paper confirms it.",
        confidence=0.8,
        created_by=fiona,
        verdict_id=fixed(12),
    )
    paper_id, paper_text = _document(project, PAPER)
    quote = "avoiding at all costs the direct involvement of the Belarusian army in the war"
    start = paper_text.index(quote)
    verdict_ops.add_span_evidence(
        project,
        c1,
        paper_id,
        start,
        start + len(quote),
        "supports",
        note="The paper's conclusion",
        verdict_id=confirmed.id,
        created_by=fiona,
        evidence_id=fixed(21),
    )
    verdict_ops.add_url_evidence(
        project,
        c1,
        "https://www.cnn.com/2022/03/22/europe/belarus-ukraine/index.html",
        "context",
        archived_url="https://web.archive.org/web/2022/https://www.cnn.com/2022/03/22/europe/belarus-ukraine/",
        accessed="2023-10-06",
        created_by=fiona,
        evidence_id=fixed(22),
    )

    c2 = tag(
        project,
        CONCESSIONS,
        "Alexander Lukashenko may allow a significantly larger Russian army of up to 300,000 soldiers",
        "prediction",
        fixed(2),
        ana,
        claimant_id=lukashenka.id,
        statement="Lukashenko will let up to 300,000 Russian soldiers use Belarus to attack Kyiv again",
    )
    event_ops.link_claim(project, c2, joint.id, "predicts", created_by=ana)
    verdict_ops.add_verdict(
        project,
        c2,
        "refuted",
        "2023-10-05",
        "No second offensive from Belarus",
        created_by=fiona,
        verdict_id=fixed(13),
    )

    c3 = tag(project, BLOG, "it likely will not happen", "prediction", fixed(3), ana)
    verdict_ops.add_verdict(
        project, c3, "mostly_confirmed", "2023-10-05", created_by=fiona, verdict_id=fixed(14)
    )

    c4 = tag(
        project,
        PIERSON,
        "Since the invasion began on February 24",
        "factual",
        fixed(4),
        ana,
        stated_text="February 24",
        stated_lo="2022-02-24",
        stated_hi="2022-02-24",
        stated_precision="day",
    )
    event_ops.link_claim(project, c4, invasion.id, "reports", created_by=ana)
    verdict_ops.add_verdict(project, c4, "unverifiable", "2022-04-01", created_by=fiona, verdict_id=fixed(15))

    tag(project, PAPER, "白俄罗斯虽然是俄罗斯的战略伙伴之一", "quote", fixed(5), ana, note="Chinese abstract")
    c6 = tag(
        project, PIERSON, "So far no Belarusian troops have been sent to Ukraine", "factual", fixed(6), ana
    )
    verdict_ops.add_verdict(project, c6, "pending", "2022-04-01", created_by=fiona, verdict_id=fixed(16))

    with project.transaction() as db:
        for n, (target_type, target, decision, comment) in enumerate(
            [
                ("claim", c1, "needs_changes", "Name the interview"),
                ("verdict", confirmed.id, "accepted", "Well sourced"),
                ("claim", c2, "disputed", "Check the date"),
            ],
            start=31,
        ):
            db.table("reviews").insert(
                {
                    "id": fixed(n),
                    "target_type": target_type,
                    "target_id": target,
                    "decision": decision,
                    "comment": comment,
                    "created_by": rita,
                    "created_at": f"2024-01-0{n - 30}T10:00:00+00:00",
                    "updated_at": f"2024-01-0{n - 30}T10:00:00+00:00",
                }
            )


@pytest.fixture(scope="session")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project, built once; tests that change a project copy it first."""
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite"
    with open_project(path) as project:
        build_sample(project, seeds)
    return path


@pytest.fixture
def sample(sample_file: Path, tmp_path: Path) -> Iterator[Project]:
    copy = tmp_path / "sample.sqlite"
    shutil.copy(sample_file, copy)
    with open_project(copy) as project:
        yield project


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\+00:00|Z)")


REPO_ROOT = Path(__file__).resolve().parents[2]


def normalise_text(text: str) -> str:
    """Replace what changes from run to run: random ids (numbered by first appearance), timestamps, and
    where the checkout is (the custody log names the seed files it imported by their full path)."""
    numbers: dict[str, str] = {}
    text = text.replace(str(REPO_ROOT), "<repo>")

    def number(match: re.Match[str]) -> str:
        value = match.group(0)
        if value.startswith("00000000-0000-4000-8000-"):
            return value  # the fixed ids the sample was built with
        return numbers.setdefault(value, f"<uuid-{len(numbers) + 1}>")

    text = _TIMESTAMP.sub("<timestamp>", _UUID.sub(number, text))
    # Verdicts published while the sample is built carry today's date (the report's "published" dates).
    return text.replace(datetime.now(UTC).date().isoformat(), "<today>")


@pytest.fixture
def normalise() -> Callable[[str], str]:
    return normalise_text
