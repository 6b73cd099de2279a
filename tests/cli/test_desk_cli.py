"""Issue 11's story with the command line alone: two analysts, a merge, a dispute, an approval, aliases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from annotator.ops import claims as claim_ops
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project
from cli_support import RunCli

PHRASES = (
    "we are not going to join the war",
    "Lukashenka",
    "Belarusian",
)


def _tagged(path: Path, seeds_dir: Path) -> list[str]:
    """The seeds imported and three claims tagged in the Lukashenka article (there is no CLI for tagging)."""
    with open_project(path) as project:
        import_paths(project, [seeds_dir])
        summary = next(
            s for s in queries.document_summaries(project) if s.title.startswith("Will Lukashenka")
        )
        text = queries.get_document(project, summary.id).text
        ids = []
        for phrase in PHRASES:
            start = text.index(phrase)
            ids.append(claim_ops.tag_claim(project, summary.id, start, start + len(phrase), "prediction").id)
        return ids


def _json(run_cli: RunCli, *args: str | Path) -> object:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_desks_verdict_from_the_command_line(tmp_path: Path, seeds_dir: Path, run_cli: RunCli) -> None:
    anna, boris = tmp_path / "anna.sqlite", tmp_path / "boris.sqlite"
    claim, second, third = _tagged(anna, seeds_dir)
    shutil.copy(anna, boris)

    verdict = ["verdict", anna, claim[:8], "--label", "confirmed", "--as-of", "2023-10-01", "--as", "Anna"]
    result = run_cli(*verdict, "--evidence-url", "https://example.org/paper")
    assert result.returncode == 0, result.stderr
    confirmed = result.stdout.strip()
    assert "recorded confirmed as of 2023-10-01" in result.stderr and "published" in result.stderr
    assert "1 URL evidence (supports)" in result.stderr
    result = run_cli(
        "verdict", boris, claim, "--label", "Mixed", "--as-of", "1 November 2023", "--as", "Boris"
    )
    assert result.returncode == 0, result.stderr
    mixed = result.stdout.strip()
    assert run_cli("merge", anna, boris, "--as", "Anna").returncode == 0

    # A dispute needs a reason; with one, the colleague's newer verdict does not publish.
    refused = run_cli("review", anna, "dispute", mixed[:8], "--as", "Anna")
    assert refused.returncode == 2 and "needs one" in refused.stderr
    result = run_cli(
        "review", anna, "dispute", mixed[:8], "--comment", "The 2023 paper confirms it", "--as", "Anna"
    )
    assert result.returncode == 0, result.stderr
    assert "published verdict: confirmed as of 2023-10-01" in result.stdout

    lines = {line["id"]: line for line in _json(run_cli, "claims", anna)}  # type: ignore[union-attr]
    assert (lines[claim]["published"], lines[claim]["waiting"]) == ("confirmed", 0)
    stats = _json(run_cli, "stats", anna)
    assert stats["verdicts"]["current_by_label"]["confirmed"] == 1  # type: ignore[index]
    assert stats["verdicts"]["current_by_label"]["mixed"] == 0  # type: ignore[index]
    exported = tmp_path / "claimreview.jsonld"
    report = run_cli("export", anna, "--format", "claimreview", "-o", exported)
    assert report.returncode == 0, report.stderr
    text = exported.read_text(encoding="utf-8")
    assert '"alternateName": "Confirmed"' in text and "Mixed" not in text

    # Boris proposes a better verdict; after the next merge Anna approves it and it is the desk's.
    proposal = ["verdict", boris, claim, "--label", "mostly_confirmed", "--as-of", "2023-12-01", "--propose"]
    result = run_cli(*proposal, "--as", "Boris")
    assert result.returncode == 0 and "proposed" in result.stderr
    better = result.stdout.strip()
    assert run_cli("merge", anna, boris, "--as", "Anna").returncode == 0
    lines = {line["id"]: line for line in _json(run_cli, "claims", anna)}  # type: ignore[union-attr]
    assert (lines[claim]["published"], lines[claim]["waiting"]) == ("confirmed", 1)
    assert "1 newer proposal waiting" in run_cli("claims", anna).stdout
    result = run_cli("review", anna, "accept", better, "--as", "Anna")
    assert result.returncode == 0 and "published verdict: mostly_confirmed" in result.stdout
    history = _json(run_cli, "verdicts", anna, claim)
    assert [(v["id"], v["state"]) for v in history] == [  # type: ignore[union-attr, index]
        (confirmed, "superseded"),
        (mixed, "disputed"),
        (better, "published"),
    ]
    assert history[1]["reviews"][0]["comment"] == "The 2023 paper confirms it"  # type: ignore[index]

    # People: a second spelling joins the first once it is an alias; after that it resolves at once.
    assert (
        run_cli("claim", anna, second, "--claimant", "Alexander Lukashenka", "--as", "Anna").returncode == 0
    )
    assert run_cli("claim", anna, third, "--claimant", "Alexander Lukashenko").returncode == 0
    assert len(_json(run_cli, "actors", anna)) == 2  # type: ignore[arg-type]
    result = run_cli("actor", anna, "alias", "Alexander Lukashenka", "Alexander Lukashenko")
    assert result.returncode == 0 and "also known as 'Alexander Lukashenko'" in result.stdout
    [person] = _json(run_cli, "actors", anna)  # type: ignore[misc]
    assert (person["name"], person["claims"]) == ("Alexander Lukashenka", 2)
    result = run_cli("claim", anna, claim, "--claimant", "alexander lukashenko", "--stated", "17 March")
    assert result.returncode == 0, result.stderr
    [person] = _json(run_cli, "actors", anna)  # type: ignore[misc]
    assert person["claims"] == 3
    stats = _json(run_cli, "stats", anna)
    [record] = [r for r in stats["track_record"]["by_claimant"] if r["name"] == "Alexander Lukashenka"]  # type: ignore[index]
    assert record["confirmed"] == 1 and record["pending"] == 2


def test_bad_input_gets_one_clear_line_and_exit_code_2(
    tmp_path: Path, seeds_dir: Path, run_cli: RunCli
) -> None:
    project = tmp_path / "desk.sqlite"
    [claim, *_] = _tagged(project, seeds_dir)
    cases = [
        (("verdict", project, "nope", "--label", "confirmed", "--as-of", "2023-10-01"), "no claim 'nope'"),
        (
            ("verdict", project, claim, "--label", "true", "--as-of", "2023-10-01"),
            "unknown verdict label 'true'",
        ),
        (("verdict", project, claim, "--label", "confirmed", "--as-of", "soon"), "not understood as a date"),
        (("verdict", project, claim, "--label", "confirmed", "--as-of", "2999-01-01"), "is in the future"),
        (("review", project, "accept", "ffffffff"), "no verdict or claim 'ffffffff'"),
        (("settings", project, "colour"), "unknown setting 'colour'"),
        (("settings", project, "verdicts_need_second_reviewer", "maybe"), "is on or off"),
        (("claim", project, claim), "nothing to change"),
        (("actor", project, "merge", "Nobody", "Somebody"), "nobody called 'Nobody'"),
    ]
    for args, message in cases:
        result = run_cli(*args)
        assert (result.returncode, message in result.stderr) == (2, True), (args, result.stderr)
        assert "Traceback" not in result.stderr

    # A desk: the author's own publish is refused, and the verdict waits as a proposal.
    result = run_cli("settings", project, "verdicts_need_second_reviewer", "on")
    assert result.returncode == 0 and "verdicts_need_second_reviewer = on" in result.stdout
    refused = run_cli("verdict", project, claim, "--label", "refuted", "--as-of", "2023-10-01", "--publish")
    assert refused.returncode == 2 and "second reviewer" in refused.stderr
    result = run_cli("verdict", project, claim, "--label", "refuted", "--as-of", "2023-10-01")
    assert result.returncode == 0 and "proposed" in result.stderr
    assert _json(run_cli, "settings", project)["verdicts_need_second_reviewer"] == "on"


def test_an_alias_split_off_from_the_command_line_takes_back_its_claims(
    tmp_path: Path, seeds_dir: Path, run_cli: RunCli
) -> None:
    project = tmp_path / "people.sqlite"
    first, second, _ = _tagged(project, seeds_dir)
    assert run_cli("claim", project, first, "--claimant", "Alexander Lukashenka").returncode == 0
    assert run_cli("claim", project, second, "--claimant", "Alexander Lukashenko").returncode == 0
    assert run_cli("actor", project, "merge", "Alexander Lukashenka", "Alexander Lukashenko").returncode == 0
    result = run_cli("actor", project, "split", "Alexander Lukashenka", "Alexander Lukashenko")
    assert result.returncode == 0 and "Alexander Lukashenko is a person of their own again" in result.stdout
    people = {person["name"]: person["claims"] for person in _json(run_cli, "actors", project)}  # type: ignore[union-attr, index]
    assert people == {"Alexander Lukashenka": 1, "Alexander Lukashenko": 1}
