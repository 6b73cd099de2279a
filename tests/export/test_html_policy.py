"""The Content-Security-Policy goes in among the rendered pieces just where the plain definition puts it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.html import _CSP_META, _HEAD, with_policy

# What a page may begin with, and what would trip a matcher that looked at too little of it:
# comments holding a head tag, a head tag cut between pieces, attributes, case, white space.
FRAGMENTS = st.sampled_from(
    [
        "<!DOCTYPE html>",
        "<!doctype html>",
        "<!--",
        "-->",
        " <head> ",
        "<html lang='en'>",
        "<HTML>",
        "<head>",
        "<HEAD class='x'>",
        "<head",
        ">",
        " ",
        "\n",
        "x",
        "<script>x()</script>",
        "<meta charset='utf-8'>",
        "</head>",
    ]
)


def plain(page: str) -> str | None:
    """The definition: the policy right after the head tag that _HEAD matches in the whole page."""
    head = _HEAD.match(page)
    if head is None:
        return None
    return f"{page[: head.end()]}\n{_CSP_META}{page[head.end() :]}"


@settings(max_examples=600)
@given(st.lists(st.lists(FRAGMENTS, max_size=4).map("".join), max_size=12))
def test_the_policy_goes_where_the_plain_definition_puts_it(pieces: list[str]) -> None:
    assert with_policy(list(pieces)) == plain("".join(pieces))


def test_a_page_with_its_head_tag_after_many_pieces() -> None:
    pieces = (
        ["<!-- a long comment"] + [" and more"] * 1000 + [" --> <html>", "<he", "ad>", "<title>t</title>"]
    )
    page = with_policy(list(pieces))
    assert page is not None and page == plain("".join(pieces))
    assert page.index(_CSP_META) == page.index("<head>") + len("<head>\n")
