"""The export dialog's preview (Qt WebEngine) against writing the same HTML report, at several sizes.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_preview.py
Value: rendering the preview page (first 200 claims) and Chromium drawing it, until loadFinished.
Baseline: the HTML file export of the whole report (`export(project, "html")`), in the same run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_export import make_project  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.export.formats import export  # noqa: E402
from annotator.export.gather import build_report  # noqa: E402
from annotator.gui.export_dialog import preview_part  # noqa: E402
from annotator.gui.report_preview import ReportPreview  # noqa: E402
from annotator.gui.web_engine import prepare_web_engine  # noqa: E402
from annotator.store.project import open_project  # noqa: E402


def main() -> int:
    prepare_web_engine()
    app = QApplication(sys.argv)
    view = ReportPreview()
    view.resize(900, 700)
    view.show()

    def preview(project: object) -> float:
        began = time.perf_counter()
        page, _shown = preview_part(build_report(project))  # type: ignore[arg-type]
        loop = QEventLoop()
        view.loaded.connect(loop.quit)
        view.show_html(page)
        loop.exec()
        view.loaded.disconnect(loop.quit)
        return time.perf_counter() - began

    with tempfile.TemporaryDirectory() as folder:
        for claims in (10, 1_000, 10_000):
            path = Path(folder) / f"bench-{claims}.sqlite"
            make_project(path, claims)
            with open_project(path) as project:
                preview(project)  # warm-up: the engine's first page starts its processes
                pairs = []
                for _ in range(3):
                    value = preview(project)
                    began = time.perf_counter()
                    export(project, "html")
                    pairs.append((value, time.perf_counter() - began))
                ratios = sorted(v / b for v, b in pairs)
                print(
                    f"{claims:>6,} claims: preview {min(v for v, _ in pairs) * 1000:7.1f} ms / html export "
                    f"{min(b for _, b in pairs) * 1000:7.1f} ms = ratio {ratios[1]:.2f} (median of 3)"
                )
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
