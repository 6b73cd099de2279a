"""Reviewing a colleague's claims and verdicts: decisions, comment threads, the queue, disagreements."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops import reviews as review_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.ops.reviews import ReviewError
from annotator.store import review_queries
from annotator.store.project import Project, open_project

TEXT = "Minsk said it would not join. Kyiv disagreed. Observers expected troops by spring."


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with open_project(tmp_path / "reviews.sqlite") as opened:
        yield opened


@pytest.fixture
def people(project: Project) -> dict[str, str]:
    return {name: ensure_annotator(project, name) for name in ("Alice", "Bob", "Carol")}


def _document(project: Project, text: str = TEXT, name: str = "a.txt") -> str:
    return add_document(project, ImportedDocument(text=text, source_format="text", source_filename=name))[0]


def _claim(project: Project, document_id: str, phrase: str, by: str | None, text: str = TEXT) -> str:
    start = text.index(phrase)
    return claim_ops.tag_claim(project, document_id, start, start + len(phrase), created_by=by).id


def test_a_review_never_changes_the_work_it_reviews(project: Project, people: dict[str, str]) -> None:
    claim = _claim(project, _document(project), "it would not join", people["Bob"])
    verdict = verdict_ops.add_verdict(project, claim, "confirmed", "2023-01-01", created_by=people["Bob"]).id
    before = (
        project.conn.execute("SELECT * FROM claims").fetchall(),
        project.conn.execute("SELECT * FROM verdicts").fetchall(),
    )
    review_ops.add_review(project, "claim", claim, "disputed", "Is this a prediction?", people["Alice"])
    review_ops.add_review(project, "verdict", verdict, "accepted", "", people["Alice"])
    assert (
        project.conn.execute("SELECT * FROM claims").fetchall(),
        project.conn.execute("SELECT * FROM verdicts").fetchall(),
    ) == before


def test_nobody_reviews_their_own_work_but_the_author_may_answer(
    project: Project, people: dict[str, str]
) -> None:
    claim = _claim(project, _document(project), "Kyiv disagreed", people["Bob"])
    with pytest.raises(ReviewError, match="cannot review your own claim"):
        review_ops.add_review(project, "claim", claim, "accepted", "", people["Bob"])
    dispute = review_ops.add_review(project, "claim", claim, "disputed", "Source?", people["Alice"])
    answer = review_ops.add_review(
        project, "claim", claim, None, "Second paragraph.", people["Bob"], dispute.id
    )
    assert answer.decision == "disputed"
    with pytest.raises(ReviewError, match="not change its decision"):
        review_ops.add_review(project, "claim", claim, "accepted", "Fine now", people["Bob"], dispute.id)
    accepted = review_ops.add_review(
        project, "claim", claim, "accepted", "Thanks", people["Alice"], answer.id
    )
    side = review_ops.add_review(project, "claim", claim, "needs_changes", "Add the date", people["Carol"])

    thread = review_queries.review_thread(project, "claim", claim)
    assert [(entry.review.id, entry.author, entry.depth) for entry in thread] == [
        (dispute.id, "Alice", 0),
        (answer.id, "Bob", 1),
        (accepted.id, "Alice", 2),
        (side.id, "Carol", 0),
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("claim", "nope", "accepted"), "no claim nope"),
        (("event", "x", "accepted"), "a claim or a verdict"),
        (("claim", "{claim}", "great"), "unknown decision"),
        (("claim", "{claim}", None), "needs a decision"),
    ],
)
def test_bad_reviews_are_refused(
    project: Project, people: dict[str, str], arguments: tuple[str, str, str | None], message: str
) -> None:
    claim = _claim(project, _document(project), "Kyiv disagreed", people["Bob"])
    target_type, target_id, decision = arguments
    with pytest.raises(ReviewError, match=message):
        review_ops.add_review(
            project, target_type, target_id.format(claim=claim), decision, "", people["Alice"]
        )
    assert project.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def test_replies_stay_on_their_target_and_reviewers_must_be_known(
    project: Project, people: dict[str, str]
) -> None:
    document_id = _document(project)
    first = _claim(project, document_id, "Kyiv disagreed", people["Bob"])
    second = _claim(project, document_id, "troops by spring", people["Bob"])
    review = review_ops.add_review(project, "claim", first, "accepted", "", people["Alice"])
    with pytest.raises(ReviewError, match="same claim or verdict"):
        review_ops.add_review(project, "claim", second, "accepted", "", people["Alice"], review.id)
    with pytest.raises(ReviewError, match="unknown reviewer"):
        review_ops.add_review(project, "claim", first, "accepted", "", "someone")


def test_undo_withdraws_a_review_and_redo_restores_it(project: Project, people: dict[str, str]) -> None:
    claim = _claim(project, _document(project), "Kyiv disagreed", people["Bob"])
    done = review_ops.review(project, "claim", claim, "disputed", "Source?", people["Alice"])
    review = done.value
    assert done.changes.reviews == {review.id}
    reply = review_ops.add_review(project, "claim", claim, None, "Here", people["Bob"], review.id)
    # A review someone answered since (not through this undo stack) stays: undo would orphan the reply.
    with pytest.raises(history.StaleHistory, match="depends on"):
        history.undo(project, done)
    project.conn.execute("DELETE FROM reviews WHERE id = ?", [reply.id])
    history.undo(project, done)
    assert review_queries.review_thread(project, "claim", claim) == []
    history.redo(project, done)
    assert [entry.review for entry in review_queries.review_thread(project, "claim", claim)] == [review]


def test_review_queue_lists_others_unreviewed_work_in_reading_order(
    project: Project, people: dict[str, str]
) -> None:
    alice, bob, carol = people["Alice"], people["Bob"], people["Carol"]
    first_doc = _document(project, "Aardvark. " + TEXT, "first.txt")
    project.conn.execute("UPDATE documents SET title = 'A first' WHERE id = ?", [first_doc])
    second_doc = _document(project)
    project.conn.execute("UPDATE documents SET title = 'B second' WHERE id = ?", [second_doc])
    late = _claim(project, second_doc, "troops by spring", bob)
    early = _claim(project, second_doc, "Kyiv disagreed", carol)
    mine = _claim(project, second_doc, "Minsk said", alice)
    unattributed = _claim(project, second_doc, "Observers", None)
    front = _claim(project, first_doc, "Aardvark", bob, "Aardvark. " + TEXT)
    verdict = verdict_ops.add_verdict(project, mine, "refuted", "2023-01-01", created_by=bob).id
    own_verdict = verdict_ops.add_verdict(project, late, "pending", "2022-03-01", created_by=alice).id

    queue = review_queries.review_queue(project, alice)
    assert [(item.target_type, item.target_id) for item in queue] == [
        ("claim", front),
        ("verdict", verdict),  # on Alice's own claim, "Minsk said" at the start of the text
        ("claim", early),
        ("claim", late),
    ]
    assert queue[1].label == "refuted" and queue[1].claim_id == mine and queue[1].author == "Bob"
    assert own_verdict not in {item.target_id for item in queue} and unattributed not in {
        i.target_id for i in queue
    }

    review_ops.add_review(project, "claim", early, "accepted", "", alice)
    assert [item.target_id for item in review_queries.review_queue(project, alice)] == [front, verdict, late]
    # Carol's queue is her own: Alice's review does not take anything off it.
    assert early not in {item.target_id for item in review_queries.review_queue(project, carol)}
    assert {item.target_id for item in review_queries.review_queue(project, carol)} == {
        front,
        mine,
        verdict,
        late,
        own_verdict,
    }


def test_disagreements_compare_each_annotators_current_verdict(
    project: Project, people: dict[str, str]
) -> None:
    alice, bob, carol = people["Alice"], people["Bob"], people["Carol"]
    document_id = _document(project)
    settled = _claim(project, document_id, "Kyiv disagreed", alice)
    open_one = _claim(project, document_id, "troops by spring", alice)
    # Bob changed his mind: his current verdict agrees with Alice's, so this is no longer a disagreement.
    verdict_ops.add_verdict(project, settled, "confirmed", "2023-01-01", created_by=alice)
    verdict_ops.add_verdict(project, settled, "refuted", "2022-06-01", created_by=bob)
    verdict_ops.add_verdict(project, settled, "confirmed", "2023-02-01", created_by=bob)
    verdict_ops.add_verdict(project, open_one, "pending", "2022-06-01", created_by=alice)
    verdict_ops.add_verdict(project, open_one, "refuted", "2023-06-01", created_by=carol)
    verdict_ops.add_verdict(project, open_one, "pending", "2022-06-01", created_by=bob)

    [disagreement] = review_queries.disagreements(project)
    assert disagreement.claim.id == open_one
    assert disagreement.document_title == "a"
    assert [(name, verdict.label) for name, verdict in disagreement.verdicts] == [
        ("Alice", "pending"),
        ("Bob", "pending"),
        ("Carol", "refuted"),
    ]


def test_two_annotators_of_one_name_are_told_apart(project: Project) -> None:
    first = ensure_annotator(project, "Sam")
    second = ensure_annotator(project, "Sam", "sam@example.org")
    names = review_queries.annotator_names(project)
    assert names[first] != names[second] and names[first].startswith("Sam (")
