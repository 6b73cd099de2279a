"""Hypothesis annotations in every form a user has: client export, API rows, one, a list, JSON-LD.

The fixtures follow the documented shapes: the API's annotation JSON (h's API reference: id, created,
updated, user, uri, text, tags, group, permissions, target, document, links, references), the client's
"Export annotations" file (`{export_date, export_userid, client_version, annotations}`, the client's
annotations-exporter), and h's JSON-LD rendering (AnnotationJSONLDPresenter: id https://hypothes.is/a/ID,
creator the acct: user id, the text and each tag a TextualBody, selectors as the client made them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.ops.importing import import_paths
from annotator.ops.w3c_import import import_web_annotations, is_web_annotation
from annotator.store.project import Project, open_project

BLOG_URL = "https://jishiyama8.wixsite.com/blog/post/will-belarus-join-the-war-now"
FIRST_ID = "Ic6rPj4UEe2yWiuAb-0QzA"
SECOND_ID = "Xk1aZT4VEe2CkM8x3dLr2w"
REPLY_ID = "pR9q0j4WEe2mTfNw7vB1cA"


def _selectors(exact: str, prefix: str, suffix: str, start: int) -> list[dict[str, Any]]:
    """The client's selectors for a web page: XPath range, position in the page's text, quote."""
    return [
        {
            "type": "RangeSelector",
            "startContainer": "/main[1]/article[1]/div[2]/p[3]",
            "startOffset": 112,
            "endContainer": "/main[1]/article[1]/div[2]/p[3]",
            "endOffset": 112 + len(exact),
        },
        {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
    ]


def _api(
    annotation_id: str,
    user: str,
    text: str,
    tags: list[str],
    selectors: list[dict[str, Any]] | None,
    **extra: Any,
) -> dict[str, Any]:
    target: dict[str, Any] = {"source": BLOG_URL}
    if selectors is not None:
        target["selector"] = selectors
    return {
        "id": annotation_id,
        "created": "2022-04-20T09:12:01.123456+00:00",
        "updated": "2022-04-21T10:00:00.654321+00:00",
        "user": f"acct:{user}@hypothes.is",
        "uri": BLOG_URL,
        "text": text,
        "tags": tags,
        "group": "__world__",
        "permissions": {
            "read": ["group:__world__"],
            "admin": [f"acct:{user}@hypothes.is"],
            "update": [f"acct:{user}@hypothes.is"],
            "delete": [f"acct:{user}@hypothes.is"],
        },
        "target": [target],
        "document": {"title": ["Will Belarus join the war now?"]},
        "links": {
            "html": f"https://hypothes.is/a/{annotation_id}",
            "incontext": f"https://hyp.is/{annotation_id}/jishiyama8.wixsite.com/blog/post/will-belarus-join-the-war-now",
            "json": f"https://hypothes.is/api/annotations/{annotation_id}",
        },
        "user_info": {"display_name": user.title()},
        "flagged": False,
        "hidden": False,
        **extra,
    }


FIRST = _api(
    FIRST_ID,
    "reader",
    "Worth checking in a month.",
    ["prediction", "belarus"],
    _selectors(
        "it likely will not happen",
        "yiv, this has not happened, and ",
        " (https://www.cnn.com/2022/03/22",
        4180,
    ),
)
SECOND = _api(
    SECOND_ID,
    "factchecker",
    "",
    ["troops"],
    _selectors(
        "Aleksandr Lukashenko was about to order the deployment",
        "there was widespread anticipation that ",
        " of Belarusian troops",
        391,
    ),
)
REPLY = _api(
    REPLY_ID,
    "factchecker",
    "CNN reported the same on 22 March.",
    [],
    None,
    references=[FIRST_ID],
    created="2022-04-22T08:00:00+00:00",
)


def _jsonld(api: dict[str, Any]) -> dict[str, Any]:
    """What h serves for the same annotation at its JSON-LD endpoint."""
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "value": api["text"], "format": "text/markdown"}]
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in api["tags"]]
    selectors = [s for s in api["target"][0]["selector"] if s["type"] != "RangeSelector"]
    selectors.insert(
        0,
        {
            "type": "XPathSelector",
            "value": "/main[1]/article[1]/div[2]/p[3]",
            "refinedBy": {"type": "TextPositionSelector", "start": 112, "end": 137},
        },
    )
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": f"https://hypothes.is/a/{api['id']}",
        "created": "2022-04-20T09:12:01.123456+00:00",
        "modified": "2022-04-21T10:00:00.654321+00:00",
        "creator": api["user"],
        "body": bodies,
        "target": [{"source": BLOG_URL, "selector": selectors}],
    }


CLIENT_EXPORT = {
    "export_date": "2024-05-02T14:03:11.201Z",
    "export_userid": "acct:reader@hypothes.is",
    "client_version": "1.1483.0",
    "annotations": [REPLY, FIRST, SECOND],  # the client lists them newest first, replies among them
}


@pytest.fixture
def project(tmp_path: Path, seeds_dir: Path) -> Project:
    with open_project(tmp_path / "p.sqlite") as opened:
        import_paths(opened, [seeds_dir])
        yield opened


def _claims(project: Project) -> list[tuple[Any, ...]]:
    return project.conn.execute(
        "SELECT c.id, c.exact, c.kind, c.tags, c.note, a.name, c.created_at, c.updated_at, c.anchor_status "
        "FROM claims c LEFT JOIN annotators a ON a.id = c.created_by ORDER BY c.exact"
    ).fetchall()


def _write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_client_export_file_imports_with_authors_tags_and_replies(project: Project, tmp_path: Path) -> None:
    [outcome] = import_paths(project, [_write(tmp_path, "hypothesis-export.json", CLIENT_EXPORT)])
    report = outcome.annotations
    assert report is not None, outcome.describe()
    assert [o.status for o in report.outcomes] == ["reply", "imported", "imported"], report.summary()
    assert report.summary() == "2 annotations imported, 1 reply kept as notes, 0 already present, 0 unmatched"
    claims = _claims(project)
    assert [(c[1], c[2], json.loads(c[3]), c[5]) for c in claims] == [
        ("Aleksandr Lukashenko was about to order the deployment", "factual", ["troops"], "factchecker"),
        ("it likely will not happen", "prediction", ["belarus"], "reader"),
    ]
    assert (
        claims[1][4] == "Worth checking in a month.\n\n"
        "Reply by factchecker (2022-04-22): CNN reported the same on 22 March."
    )
    assert claims[1][6:] == ("2022-04-20T09:12:01+00:00", "2022-04-21T10:00:00+00:00", "ok")


def test_the_same_annotations_as_json_ld_change_nothing(project: Project, tmp_path: Path) -> None:
    import_paths(project, [_write(tmp_path, "export.json", CLIENT_EXPORT)])
    before = _claims(project)
    jsonld = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [_jsonld(FIRST), _jsonld(SECOND)],
    }
    [outcome] = import_paths(project, [_write(tmp_path, "annotations.jsonld", jsonld)])
    assert outcome.annotations is not None
    assert [o.status for o in outcome.annotations.outcomes] == ["already present"] * 2
    assert _claims(project) == before
    # And the export again: its reply is recognised as already kept.
    again = import_web_annotations(project, CLIENT_EXPORT)
    assert [o.status for o in again.outcomes] == ["already present"] * 3
    assert _claims(project) == before


@pytest.mark.parametrize(
    "form",
    [
        pytest.param(FIRST, id="one API annotation"),
        pytest.param([FIRST], id="a list"),
        pytest.param({"total": 1, "rows": [FIRST], "replies": []}, id="API search rows"),
        pytest.param({"export_date": "2024-05-02T14:03:11Z", "annotations": [FIRST]}, id="client export"),
        pytest.param(_jsonld(FIRST), id="JSON-LD"),
    ],
)
def test_every_form_gives_the_same_claim(tmp_path: Path, seeds_dir: Path, form: object) -> None:
    assert is_web_annotation(form)
    with open_project(tmp_path / "reference.sqlite") as reference:
        import_paths(reference, [seeds_dir])
        import_web_annotations(reference, [FIRST])
        expected = _claims(reference)
    with open_project(tmp_path / "form.sqlite") as project:
        import_paths(project, [seeds_dir])
        [outcome] = import_web_annotations(project, form).outcomes
        assert outcome.status == "imported", outcome.describe()
        assert _claims(project) == expected


def test_a_reply_to_an_annotation_not_in_the_project_is_reported(project: Project) -> None:
    [outcome] = import_web_annotations(project, [REPLY]).outcomes
    assert outcome.status == "unmatched"
    assert (
        outcome.reason == f"it replies to annotation {FIRST_ID}, which is neither in the project nor placed"
    )


def test_a_reply_arriving_after_its_annotation_was_imported_is_reported(project: Project) -> None:
    import_web_annotations(project, [FIRST])
    [outcome] = import_web_annotations(project, [REPLY]).outcomes
    assert outcome.status == "unmatched" and "imported earlier without it" in outcome.reason
