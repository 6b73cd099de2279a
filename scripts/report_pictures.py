"""Makes the README's report pictures: the sample project with two published verdicts, exported as HTML
(rendered by headless Chromium) and PDF (rendered by pdftoppm), with a title and an organisation.

Usage: .venv/bin/python scripts/report_pictures.py [OUTPUT_FOLDER]   (default docs/report)
Needs `chromium` and `pdftoppm` (poppler-utils) on the PATH. Writes report.html, report.pdf,
report-html.png, report-pdf-1.png ... report-pdf-3.png, and a desk template's HTML (report-desk.png) and PDF
page (report-desk.pdf, report-desk-pdf-3.png, typeset by Typst from the desk's report.typ).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from annotator.export.formats import export
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import documents as document_ops
from annotator.ops import verdicts as verdict_ops
from annotator.ops.annotators import ensure_annotator
from annotator.sample import create_sample_project
from annotator.store import queries
from annotator.store.project import Project, open_project
from annotator.store.report_settings import report_settings

ARTICLE = "Will Lukashenka join Putin in invading Ukraine?"
PAPER = "From strategic partner to co-aggressor"
TITLE = "Belarus and the war: what was promised, what happened"
ORGANISATION = "Minsk Fact Desk"
BASE_URL = "https://factdesk.example/belarus-2022"
DESK_CSS = """body { background: #fbf7ee; font-family: Georgia, "DejaVu Serif", serif; }
header.masthead { border-bottom: 6px double #7a1f1f; }
header.masthead .organisation { color: #7a1f1f; }
.badge.confirmed, .badge.mostly_confirmed { background: #7a1f1f; color: #fff; }
"""

# A desk's report.typ: the built-in one with the house colours (what a desk would change first).
DESK_TYPST = {
    '#let ink = rgb("#1d1d1f")': '#let ink = rgb("#7a1f1f")',
    '#let mark-colour = rgb("#fff3b0")': '#let mark-colour = rgb("#f3e3d3")',
    "#set text(font: fonts,": '#set text(font: ("DejaVu Serif", ..fonts),',
}


def _document(project: Project, title: str) -> tuple[str, str]:
    summary = next(s for s in queries.document_summaries(project) if s.title.startswith(title))
    return summary.id, queries.get_document(project, summary.id).text


def _tag(project: Project, who: str, title: str, phrase: str, kind: str, **fields: str) -> str:
    document_id, text = _document(project, title)
    start = text.index(phrase)
    claim = claim_ops.tag_claim(
        project, document_id, start, start + len(phrase), kind=kind, created_by=who, text=text
    )
    claim_ops.update_claim(project, claim.id, fields)
    return claim.id


def build(path: Path) -> None:
    """The sample corpus with two claims whose verdicts are published, sourced as a desk would."""
    create_sample_project(path, "Ana Analyst")
    with open_project(path) as project:
        ana = ensure_annotator(project, "Ana Analyst")
        lukashenka = actor_ops.create_actor(
            project, "Alexander Lukashenka", aliases=["Lukashenko"], created_by=ana
        )
        article_id, _ = _document(project, ARTICLE)
        document_ops.edit_details(
            project,
            article_id,
            {
                "url": "https://www.intellinews.com/will-lukashenka-join-putin-238941/",
                "published": "2022-03-17",
            },
        )
        paper_id, paper_text = _document(project, PAPER)
        join = _tag(
            project,
            ana,
            ARTICLE,
            "we are not going to join the war",
            "prediction",
            statement="Belarus will not join Russia’s war against Ukraine",
            stated_text="17 March",
            stated_lo="2022-03-17",
            stated_hi="2022-03-17",
            stated_precision="day",
            claimant_id=lukashenka.id,
        )
        verdict_ops.add_verdict(project, join, "pending", "2022-03-20", "Too early to say", created_by=ana)
        confirmed = verdict_ops.add_verdict(
            project,
            join,
            "confirmed",
            "2023-10-05",
            "Belarus kept its army out of the war",
            reasoning="No Belarusian unit crossed into Ukraine in 2022; the 2023 study confirms it.",
            confidence=0.8,
            created_by=ana,
        )
        phrase = "avoiding at all costs the direct involvement of the Belarusian army in the war"
        start = paper_text.index(phrase)
        verdict_ops.add_span_evidence(
            project,
            join,
            paper_id,
            start,
            start + len(phrase),
            "supports",
            verdict_id=confirmed.id,
            created_by=ana,
        )
        verdict_ops.add_url_evidence(
            project,
            join,
            "https://www.reuters.com/world/europe/belarus-troops-2022-12-20/",
            "supports",
            archived_url="https://web.archive.org/web/2022/https://www.reuters.com/world/europe/",
            accessed="2023-10-01",
            dated="2022-12-20",
            verdict_id=confirmed.id,
            created_by=ana,
        )
        referendum = _tag(
            project,
            ana,
            ARTICLE,
            "Belarus may be the only country to support Russia",
            "quote",
            statement="Belarus is the only country supporting Russia’s war",
            claimant_id=lukashenka.id,
        )
        verdict_ops.add_verdict(
            project,
            referendum,
            "mostly_confirmed",
            "2022-04-01",
            "Only Belarus openly sided with Russia",
            created_by=ana,
        )


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("chromium is not installed (apt-get install -y chromium)")


def screenshot(html: Path, png: Path, height: int = 2400) -> None:
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            f"--window-size=1000,{height}",
            f"--screenshot={png}",
            html.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/report")
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.sqlite"
        build(path)
        with open_project(path) as project:
            settings = report_settings(project).merged(
                title=TITLE, organisation=ORGANISATION, base_url=BASE_URL
            )
            html = output / "report.html"
            html.write_text(str(export(project, "html", settings=settings)), encoding="utf-8")
            pdf = output / "report.pdf"
            pdf.write_bytes(bytes(export(project, "pdf", settings=settings)))  # type: ignore[arg-type]
            desk = Path(folder) / "desk"
            desk.mkdir()
            (desk / "report.css").write_text(
                (Path(__file__).resolve().parents[1] / "resources/report/report.css").read_text(
                    encoding="utf-8"
                )
                + DESK_CSS,
                encoding="utf-8",
            )
            # The desk's PDF look: the built-in report.typ copied, its colours changed (typeset by Typst).
            typ = (Path(__file__).resolve().parents[1] / "resources/report/report.typ").read_text("utf-8")
            for old, new in DESK_TYPST.items():
                typ = typ.replace(old, new)
            (desk / "report.typ").write_text(typ, encoding="utf-8")
            desk_pdf = output / "report-desk.pdf"
            desk_pdf.write_bytes(bytes(export(project, "pdf", settings=settings.merged(template=str(desk)))))  # type: ignore[arg-type]
            branded = Path(folder) / "desk.html"
            branded.write_text(
                str(export(project, "html", settings=settings.merged(template=str(desk)))), "utf-8"
            )
        screenshot(html, output / "report-html.png")
        screenshot(branded, output / "report-desk.png", height=900)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "3", str(pdf), str(output / "report-pdf")],
            check=True,
        )
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "3",
                "-l",
                "3",
                str(desk_pdf),
                str(output / "report-desk-pdf"),
            ],
            check=True,
        )
    print(f"wrote the report pictures in {output}")


if __name__ == "__main__":
    main()
