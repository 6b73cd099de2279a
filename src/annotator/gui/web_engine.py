"""What Qt WebEngine (the report preview) needs before the QApplication exists, without loading it."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, Qt


def prepare_web_engine() -> None:
    """Shared OpenGL contexts, which Qt WebEngine requires to be set before the QApplication; and, for
    root (a container, a CI machine), no Chromium sandbox, since Chromium refuses to start as root
    ("Running as root without --no-sandbox is not supported"). The preview page is offline and
    script-free either way (report_preview). Cheap: the engine itself loads with the export dialog."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
