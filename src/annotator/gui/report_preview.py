"""The export dialog's preview: the report's own HTML drawn by Chromium (Qt WebEngine), offline, no scripts.

A QTextBrowser understands a small subset of CSS, so it showed the report's words but not its look; the
preview must show what the file will look like, with the desk's stylesheet. Qt WebEngine renders the
same page a reader's browser will. The page is the user's own report, yet it is still treated as
untrusted: JavaScript is off, every request other than the page itself is refused by an interceptor (the
report's Content-Security-Policy already forbids them; this holds even for a template that gets past
it), links do not navigate, and the profile is off the record (no cache, cookies or history on disk).
The application calls web_engine.prepare_web_engine() before it creates its QApplication.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

# QWebEngineView.setHtml loads the page as a data: URL, which Chromium caps at 2 MB.
MAX_PAGE_BYTES = 2_000_000
# The only URLs the preview loads: the page itself (setHtml's data: URL) and the blank page before it.
ALLOWED_SCHEMES = frozenset({"data", "about"})


class OfflineInterceptor(QWebEngineUrlRequestInterceptor):
    """Refuses every request but the page itself, and says which it refused."""

    # Called by Qt WebEngine on the UI thread (an interceptor set on a profile, Qt 6).

    blocked = Signal(str)  # the URL refused

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt's name
        url = info.requestUrl()
        if url.scheme() not in ALLOWED_SCHEMES:
            info.block(True)
            self.blocked.emit(url.toString())


class _PreviewPage(QWebEnginePage):
    """A page that never navigates away from the report (links are for the published file)."""

    def acceptNavigationRequest(  # noqa: N802 - Qt's name
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        return QUrl(url).scheme() in ALLOWED_SCHEMES


def _offline_profile(interceptor: OfflineInterceptor) -> QWebEngineProfile:
    """An off-the-record profile (no cache, cookies or history on disk) without scripts or plugins,
    whose every request passes `interceptor`."""
    profile = QWebEngineProfile()  # no storage name: off the record
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    profile.setUrlRequestInterceptor(interceptor)
    attributes = QWebEngineSettings.WebAttribute
    settings = profile.settings()
    for attribute, on in (
        (attributes.JavascriptEnabled, False),
        (attributes.LocalContentCanAccessRemoteUrls, False),
        (attributes.LocalContentCanAccessFileUrls, False),
        (attributes.PluginsEnabled, False),
        (attributes.AutoLoadIconsForPage, False),
        (attributes.ErrorPageEnabled, False),
        (attributes.NavigateOnDropEnabled, False),
    ):
        settings.setAttribute(attribute, on)
    return profile


class ReportPreview(QWebEngineView):
    """Shows one HTML page as a browser would; `loaded` says when it is drawn."""

    loaded = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interceptor = OfflineInterceptor()
        profile = _offline_profile(self.interceptor)
        self.interceptor.setParent(profile)
        self.setPage(_PreviewPage(profile, self))
        # The profile must outlive its page (Qt warns, and may crash, otherwise): as the view's child
        # made after the page, it is deleted after it.
        profile.setParent(self)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.html = ""  # the page last shown, exactly as given
        self.loadFinished.connect(self.loaded)

    def show_html(self, html: str) -> None:
        """Load `html` (at most MAX_PAGE_BYTES as UTF-8); `loaded` fires when it is drawn."""
        self.html = html
        self.setHtml(html, QUrl("about:blank"))
