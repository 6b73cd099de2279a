"""The files the code names in the top-level resources/ folder exist and parse."""

from __future__ import annotations

from annotator.export import web_annotation
from annotator.resource_files import load_json, resource_path


def test_our_json_ld_context_is_there_and_defines_its_namespace() -> None:
    assert resource_path(web_annotation.OUR_CONTEXT_FILE).is_file()
    terms = load_json(web_annotation.OUR_CONTEXT_FILE)["@context"]
    assert terms["annotator"] == "urn:annotator:terms#"
    # A fresh copy each time: a caller changing it cannot change the next export.
    terms["claimKind"] = "changed"
    assert load_json(web_annotation.OUR_CONTEXT_FILE)["@context"]["claimKind"] == "annotator:claimKind"
