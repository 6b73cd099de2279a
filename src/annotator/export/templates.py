"""The report's Jinja2 templates: the built-in ones in resources/report/, or a desk's own folder.

Built-in templates run in a plain environment with autoescaping. A desk's folder (the project's
`report_template` setting) runs sandboxed, with every value escaped even inside `{% autoescape false %}`
and no `safe` filter, so a custom template changes the look and the wording but can never print a
claim's text as markup; the HTML renderer adds the Content-Security-Policy to whatever it produces.
A custom folder may hold any of the built-in files (report.html.j2, report.md.j2, report.css, and a
logo.png / logo.svg / logo.jpg); the others come from the built-in folder, and a custom template can
extend a built-in one as "builtin/report.html.j2". A report.typ there gives the PDF the desk's own look,
typeset by Typst (export/pdf_typst.py, starting from the built-in resources/report/report.typ).
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from markupsafe import Markup, escape

from annotator.export.errors import ExportError
from annotator.resource_files import resource_path

BUILTIN = "report"
HTML_TEMPLATE = "report.html.j2"
MARKDOWN_TEMPLATE = "report.md.j2"
STYLESHEET = "report.css"
LOGOS = {"logo.svg": "image/svg+xml", "logo.png": "image/png", "logo.jpg": "image/jpeg"}
_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")


class TemplateError(ExportError):
    """A desk's template folder or template cannot be used; the message names the file and why."""


def builtin_folder() -> Path:
    return resource_path(BUILTIN)


@functools.lru_cache(maxsize=256)  # a report has a handful of verdict labels
def css_class(label: str) -> str:
    """A verdict label as an HTML class name: lower case, anything but [a-z0-9_-] as "-"."""
    return _CLASS_UNSAFE.sub("-", label.lower()) or "none"


def _escape_all(value: object) -> object:
    """Every printed value escaped unless the renderer itself made it markup (custom templates)."""
    return value if isinstance(value, Markup) else escape(value)


@functools.cache
def environment(kind: str, folder: str, finalize: Callable[[Any], Any] | None) -> jinja2.Environment:
    """The environment for "html" or "md" templates from the built-in folder ("") or a desk's folder.

    `finalize` runs on every printed value (Markdown's escaping); HTML relies on autoescaping, and a
    desk's HTML templates also escape every value in `finalize`, where `{% autoescape %}` cannot reach.
    """
    options: dict[str, Any] = {
        # The built-in HTML template escapes in `finalize` (html._HtmlMemo); a desk's is autoescaped too.
        "autoescape": kind == "html" and (bool(folder) or finalize is None),
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "undefined": jinja2.StrictUndefined,
    }
    if not folder:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(builtin_folder()), finalize=finalize, **options
        )
        return _with_filters(env, kind)
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(folder),
            jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(builtin_folder())}),
            jinja2.FileSystemLoader(builtin_folder()),  # what the desk's folder does not replace
        ]
    )
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=loader, finalize=finalize or (_escape_all if kind == "html" else None), **options
    )
    env.filters.pop("safe", None)
    return _with_filters(env, kind)


def _with_filters(env: jinja2.Environment, kind: str) -> jinja2.Environment:
    """The report's own filters: `css_class` for HTML (also given to templates as a function).

    A filter is called directly, where a function call goes through Context.call's checks for
    pass_context (about 2 microseconds, 20 ms of a 10,000-claim report that prints a badge per claim).
    """
    if kind == "html":
        env.filters["css_class"] = css_class
    return env


def custom_folder(setting: str) -> Path | None:
    """The desk's template folder named by the setting, None for the built-in one; refused if absent."""
    if not setting.strip():
        return None
    folder = Path(setting).expanduser()
    if not folder.is_dir():
        raise TemplateError(f"the report template folder {folder} does not exist or is not a folder")
    return folder.resolve()


def render(
    kind: str, folder: Path | None, finalize: Callable[[Any], Any] | None = None, **values: Any
) -> str:
    """Render the report template of `kind` ("html" or "md") from the desk's folder or the built-in one."""
    return "".join(render_pieces(kind, folder, finalize, **values))


def render_pieces(
    kind: str, folder: Path | None, finalize: Callable[[Any], Any] | None = None, **values: Any
) -> list[str]:
    """The pieces of text `render` joins, in order (for a caller that adds to them before joining)."""
    name = HTML_TEMPLATE if kind == "html" else MARKDOWN_TEMPLATE
    env = environment(kind, str(folder) if folder is not None else "", finalize)
    try:
        return list(env.get_template(name).generate(**values))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{error.filename or name}, line {error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        where = folder / name if folder is not None else name
        raise TemplateError(f"{where}: {type(error).__name__}: {error}") from None


def stylesheet(folder: Path | None) -> str:
    """The report's CSS: the desk's report.css if its folder has one, else the built-in one."""
    for base in ((folder,) if folder is not None else ()) + (builtin_folder(),):
        path = base / STYLESHEET
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise TemplateError(f"{path} cannot be read: {error}") from None
    raise TemplateError(f"no {STYLESHEET} in {builtin_folder()}")


def logo(folder: Path | None) -> str:
    """The desk's logo as a data: URI (the only images the report's CSP allows), or ""."""
    if folder is None:
        return ""
    for name, media_type in LOGOS.items():
        path = folder / name
        if path.is_file():
            return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
    return ""
