"""Browsing a project in Datasette, as the README says: claims by their quotes, ?_search= that works.

Starts the real `datasette serve` on 127.0.0.1 (a port the system picks) with our plugin folder.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

from annotator.store.project import Project

PLUGINS = Path(__file__).resolve().parents[2] / "resources" / "datasette-plugins"


def _get(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def test_datasette_finds_claims_by_search_and_shows_them_by_their_quotes(sample: Project) -> None:
    command = [sys.executable, "-m", "datasette", "serve", str(sample.path), "--plugins-dir", str(PLUGINS)]
    command += ["--host", "127.0.0.1", "--port", "0"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        assert server.stderr is not None
        base = ""
        for line in server.stderr:  # uvicorn says where it listens once it does
            if found := re.search(r"running on (http://127\.0\.0\.1:\d+)", line):
                base = found.group(1)
                break
        assert base, "datasette did not start"
        database = sample.path.stem
        rows = _get(base, f"/{database}/claim_list.json?_search=Lukashenka&_shape=array")
        # The claims whose claimant is Lukashenka (found through his name), not the others.
        assert sorted(row["id"][-2:] for row in rows) == ["01", "02"]
        assert {row["claimant"] for row in rows} == {"Alexander Lukashenka"}
        by_quote = _get(
            base, f"/{database}/claim_list.json?_search=%22likely+will+not+happen%22&_shape=array"
        )
        assert [row["quote"] for row in by_quote] == ["it likely will not happen"]
        # A link to a claim (evidence.claim_id) is labelled with the claim's quote, not its UUID.
        evidence = _get(base, f"/{database}/evidence.json?_labels=on&_shape=array")
        assert {row["claim_id"]["label"] for row in evidence} == {"we are not going to join the war"}
        documents = _get(base, f"/{database}/document_list.json?_search=Pierson&_shape=array")
        assert [row["title"] for row in documents] == ["003_ecf39437e7890661"]
        # The tables themselves, as a user browsing them finds them: the claims table's search box.
        claims = _get(base, f"/{database}/claims.json?_search=Lukashenka&_shape=array")
        assert sorted(row["id"][-2:] for row in claims) == ["01", "02"]
        quoted = _get(base, f"/{database}/claims.json?_search=%22likely+will+not+happen%22&_shape=array")
        assert [row["exact"] for row in quoted] == ["it likely will not happen"]
        # The one index holds every kind: a word of a document's text finds no claim that lacks it.
        assert _get(base, f"/{database}/claims.json?_search=Pierson&_shape=array") == []
        table = _get(base, f"/{database}/claims.json?_search=Lukashenka")
        assert table["human_description_en"] == 'where search matches "Lukashenka"'
        documents = _get(base, f"/{database}/documents.json?_search=Pierson&_shape=array")
        assert [row["title"] for row in documents] == ["003_ecf39437e7890661"]
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
