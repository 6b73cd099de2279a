"""`annotator actors PROJECT [--json]`: the people and organisations claims are attributed to."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli._common import open_or_report
from annotator.cli._desk import BAD_INPUT, print_json, short
from annotator.store import queries

NAME = "actors"
HELP = "list the people and organisations in a project, with their aliases and number of claims"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        actors = queries.actors(project)
        counts = dict(
            project.conn.execute(
                "SELECT claimant_id, count(*) FROM claims WHERE claimant_id IS NOT NULL GROUP BY claimant_id"
            ).fetchall()
        )
    listed = [
        {"id": a.id, "name": a.name, "kind": a.kind, "aliases": a.aliases, "claims": counts.get(a.id, 0)}
        for a in sorted(actors, key=lambda actor: actor.name.casefold())
    ]
    if options.json:
        print_json(listed)
        return 0
    for item in listed:
        aliases = f" (also {', '.join(item['aliases'])})" if item["aliases"] else ""
        print(f"{short(item['id'])}  {item['name']}{aliases}, {item['kind']}: {item['claims']} claims")
    print(f"{len(listed)} actor{'' if len(listed) == 1 else 's'}")
    return 0
