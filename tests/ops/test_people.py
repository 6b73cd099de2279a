"""People and organisations: aliases, merging two actors into one, and merging projects after that."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import history
from annotator.ops.actors import ActorError
from annotator.ops.annotators import ensure_annotator
from annotator.ops.documents import add_document
from annotator.ops.merge import merge_project
from annotator.store import findings, queries
from annotator.store.project import Project, open_project

TEXT = "Lukashenka said Belarus would stay out. Lukashenko later said the same. Zelensky disagreed."


def _claims(project: Project) -> tuple[str, str, str]:
    document = add_document(
        project, ImportedDocument(text=TEXT, source_format="text", source_filename="people.txt")
    )[0]
    ids = []
    for phrase in ("Belarus would stay out", "later said the same", "Zelensky disagreed"):
        start = TEXT.index(phrase)
        ids.append(claim_ops.tag_claim(project, document, start, start + len(phrase), "prediction").id)
    return ids[0], ids[1], ids[2]


def _claimant(project: Project, claim_id: str) -> str:
    claimant = queries.get_claim(project, claim_id).claimant_id
    return next(actor.name for actor in queries.actors(project) if actor.id == claimant)


def _track_names(project: Project) -> dict[str, int]:
    return {record.name: record.total for record in findings.track_records(project)[0]}


def test_an_alias_makes_a_typed_name_join_the_persons_track_record(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite", create=True) as project:
        first, second, _ = _claims(project)
        claim_ops.set_claimant(project, first, "Alexander Lukashenka")
        # Typed before the alias exists: a second person appears beside the first.
        claim_ops.set_claimant(project, second, "Alexander Lukashenko")
        assert _track_names(project) == {
            "Alexander Lukashenka": 1,
            "Alexander Lukashenko": 1,
            "(no claimant)": 1,
        }
        # Adding the alias says the two names are one man: the second joins the first, undoably.
        done = actor_ops.add_alias_op(project, "Alexander Lukashenka", "Alexander Lukashenko")
        assert _track_names(project) == {"Alexander Lukashenka": 2, "(no claimant)": 1}
        assert _claimant(project, second) == "Alexander Lukashenka"
        history.undo(project, done)
        assert _claimant(project, second) == "Alexander Lukashenko"
        history.redo(project, done)
        # Once the alias exists, typing it (in any case) names the same person at once.
        actor_ops.add_alias_op(project, "Alexander Lukashenka", "Lukashenko")
        found = queries.find_actor(project, "lukashenko")
        assert found is not None and found.name == "Alexander Lukashenka"


def test_alias_errors_say_what_to_do(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite", create=True) as project:
        actor_ops.create_actor(project, "Alexander Lukashenka", ["Lukashenko"])
        actor_ops.create_actor(project, "Volodymyr Zelensky")
        with pytest.raises(ActorError, match="already an alias of Alexander Lukashenka"):
            actor_ops.add_alias_op(project, "Volodymyr Zelensky", "Lukashenko")
        with pytest.raises(ActorError, match="nobody called 'Putin'"):
            actor_ops.add_alias_op(project, "Putin", "VVP")
        with pytest.raises(ActorError, match="has no alias .Bat'ka."):
            actor_ops.remove_alias_op(project, "Alexander Lukashenka", "Bat'ka")
        done = actor_ops.remove_alias_op(project, "Lukashenko", "lukashenko")
        assert queries.find_actor(project, "Lukashenko") is None
        history.undo(project, done)
        assert queries.find_actor(project, "Lukashenko") is not None


def test_merging_actors_survives_a_merge_of_a_colleagues_copy_that_still_has_both(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    with open_project(ours, create=True) as project:
        first, second, _ = _claims(project)
        claim_ops.set_claimant(project, first, "Alexander Lukashenka")
        claim_ops.set_claimant(project, second, "A. Lukashenko")
    shutil.copyfile(ours, theirs)
    with open_project(theirs) as project:
        # The colleague tags a claim by the spelling we are about to merge away.
        document = queries.get_claim(project, first).document_id
        start = TEXT.index("Lukashenko later")
        theirs_claim = claim_ops.tag_claim(project, document, start, start + 10, "quote").id
        claim_ops.set_claimant(project, theirs_claim, "A. Lukashenko")
    with open_project(ours) as project:
        me = ensure_annotator(project, "Me")
        kept = actor_ops.merge(project, "Alexander Lukashenka", "A. Lukashenko", me).value
        assert kept.aliases == ["A. Lukashenko"]
        assert [actor.name for actor in queries.actors(project)] == ["Alexander Lukashenka"]
        summary = merge_project(project, theirs, me)
        # Their claim follows the merge, and the merged-away spelling neither returns nor conflicts.
        assert _claimant(project, theirs_claim) == "Alexander Lukashenka"
        assert [actor.name for actor in queries.actors(project)] == ["Alexander Lukashenka"]
        assert summary.conflict_ids == []
        with pytest.raises(ActorError, match="already one person"):
            actor_ops.merge(project, "Alexander Lukashenka", "A. Lukashenko")


def test_people_spelt_two_ways_are_offered_for_merging_after_a_project_merge(tmp_path: Path) -> None:
    from annotator.domain.people import likely_duplicates

    ours, theirs = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    with open_project(ours, create=True) as project:
        first, second, third = _claims(project)
        claim_ops.set_claimant(project, first, "Alexander Lukashenka")
        claim_ops.set_claimant(project, third, "Volodymyr Zelensky")
    shutil.copyfile(ours, theirs)
    with open_project(theirs) as project:
        claim_ops.set_claimant(project, second, "Alexander Lukashenko")
    with open_project(ours) as project:
        summary = merge_project(project, theirs)
        assert summary.similar_people == [("Alexander Lukashenka", "Alexander Lukashenko")]
        assert "Alexander Lukashenko looks like Alexander Lukashenka" in summary.describe()
        pairs = likely_duplicates(queries.actors(project))
        assert [(a.name, b.name) for a, b, _ in pairs] == [("Alexander Lukashenka", "Alexander Lukashenko")]


def test_splitting_an_alias_off_undoes_a_merge_or_makes_a_new_person(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.sqlite", create=True) as project:
        first, second, _ = _claims(project)
        claim_ops.set_claimant(project, first, "Alexander Lukashenka")
        claim_ops.set_claimant(project, second, "A. Lukashenko")
        gone_id = queries.get_claim(project, second).claimant_id
        actor_ops.merge(project, "Alexander Lukashenka", "A. Lukashenko")
        actor_ops.add_alias_op(project, "Alexander Lukashenka", "Bat'ka")
        done = actor_ops.split_alias(project, "Alexander Lukashenka", "a. lukashenko")
        # The merged-in person is back, under the old id, with the claim the merge had moved.
        assert done.value.id == gone_id
        assert (_claimant(project, first), _claimant(project, second)) == (
            "Alexander Lukashenka",
            "A. Lukashenko",
        )
        assert (
            project.conn.execute("SELECT count(*) FROM tombstones WHERE table_name = 'actors'").fetchone()[0]
            == 0
        )
        history.undo(project, done)
        assert _claimant(project, second) == "Alexander Lukashenka"
        history.redo(project, done)
        # An alias that never was a person of its own becomes one, with no claims.
        nickname = actor_ops.split_alias(project, "Alexander Lukashenka", "Bat'ka").value
        assert nickname.name == "Bat'ka" and findings.claims_per_actor(project).get(nickname.id) is None
        with pytest.raises(ActorError, match="no alias 'Lukashenko' to split off"):
            actor_ops.split_alias(project, "Alexander Lukashenka", "Lukashenko")
