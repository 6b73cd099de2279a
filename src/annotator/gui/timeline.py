"""The timeline: events on a time axis with the claims about them, each also placed where it was stated."""

from __future__ import annotations

import calendar
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import verdicts as verdict_rules
from annotator.domain.models import Claim, DateResolution, Event, Verdict
from annotator.gui.session import ProjectSession
from annotator.gui.style import KIND_COLOURS, kind_colour
from annotator.store import findings, queries

# Scene geometry, in pixels. The axis is the line y = 0: event flags stack above it, tick labels sit
# just below it, and claim rows start below the tick labels.
MARGIN = 40.0
EVENT_LANE_HEIGHT = 38.0
FLAG_RISE = 14.0  # gap between the axis and the lowest row of event flags
CLAIM_TOP = 62.0
CLAIM_ROW_HEIGHT = 26.0
MARKER_RADIUS = 7.0
ANCHOR_RADIUS = 3.5
UNDATED_GAP = 70.0
LABEL_GAP = 12.0  # minimum free space between two labels sharing a lane

PX_PER_DAY_MIN = 0.02  # about 50 years across a laptop screen
PX_PER_DAY_MAX = 160.0
ZOOM_STEP = 1.25
# An event's title is shown whole up to this width (about 80 characters), or up to the axis's width when
# that is narrower (but never under TITLE_MIN_PX), or longer when the axis is free up to the next event;
# only a title longer than all of these is elided, its tooltip whole.
TITLE_MAX_PX = 560.0
TITLE_MIN_PX = 220.0
MAX_LABEL_QUOTE_CHARS = 40

OUTCOME_COLOURS = {"confirmed": "#2e7d32", "refuted": "#c62828", "other": "#6d4c41"}
OUTCOME_GLYPHS = {"confirmed": "✓ ", "refuted": "✗ ", "other": "~ "}
EVENT_COLOUR = "#546e7a"
SELECTION_COLOUR = "#1f6feb"

# What a scene item stands for, kept in QGraphicsItem.data() so a click can be traced back to it.
ROLE_KIND, ROLE_ID, ROLE_EVENT = 0, 1, 2


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if len(iso) >= 10 else None
    except ValueError:
        return None


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Month label formats from the longest to the shortest ("%-1" is the month name's first letter); the
# rule is in month_label_format.
MONTH_FORMATS = ("%B %Y", "%b %Y", "%B", "%b", "%-1")
MONTH_LABEL_GAP = 10.0  # free space a month label needs beside it, within its month


def _months(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s to `end`'s."""
    months, month = [], date(start.year, start.month, 1)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _month_label(month: date, month_format: str) -> str:
    return month.strftime("%B")[0] if month_format == "%-1" else month.strftime(month_format)


def month_label_format(
    narrowest_px: float, width_of: Callable[[str], float], months: list[date]
) -> str | None:
    """The rule for month labels: the longest format of MONTH_FORMATS whose widest label, among the months
    shown, fits the narrowest month on screen with MONTH_LABEL_GAP to spare, so every month gets a label
    and none is skipped for lack of room; None when not even one letter fits (then only years show)."""
    for month_format in MONTH_FORMATS:
        widest = max(width_of(_month_label(month, month_format)) for month in months)
        if widest + MONTH_LABEL_GAP <= narrowest_px:
            return month_format
    return None


def event_date_display(event: Event) -> str:
    """An event's date as the user confirmed it, or why it has none."""
    if not event.date_lo:
        return f"{event.date_text} (unresolved)" if event.date_text else "no date"
    precision = event.date_precision or "day"
    return DateResolution(event.date_text, event.date_lo, event.date_hi or event.date_lo, precision).display()


@dataclass
class _Link:
    """One claim-to-event link as drawn: a row of the claims area."""

    claim: Claim
    event: Event
    relation: str


@dataclass
class _Snapshot:
    """What the timeline last read from the project; zooming re-lays it out without re-querying."""

    events: list[Event] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)
    actor_names: dict[str, str] = field(default_factory=dict)
    document_titles: dict[str, str] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    verdict_names: dict[str, str] = field(default_factory=dict)


@dataclass
class _Flag:
    """Where an event's flag goes: its stem's x, its left edge and width, its lane, and what it says."""

    event: Event
    x: float
    left: float
    width: float
    lane: int
    title: str
    when: str


class _Lanes:
    """First-fit packing of horizontal intervals into rows, so labels never overlap."""

    def __init__(self) -> None:
        self.rows: list[float] = []  # right edge of the last interval in each row

    def place(self, left: float, right: float) -> int:
        for row, end in enumerate(self.rows):
            if left >= end + LABEL_GAP:
                self.rows[row] = right
                return row
        self.rows.append(right)
        return len(self.rows) - 1


class ClaimMarker(QGraphicsEllipseItem):
    """A claim on the timeline, at the date it was stated; selectable, and activated by click or Enter."""

    def __init__(self, claim_id: str, event_id: str, fill: QColor, outline: QPen) -> None:
        r = MARKER_RADIUS
        super().__init__(-r, -r, 2 * r, 2 * r)
        self.claim_id = claim_id
        self.event_id = event_id
        self.setBrush(fill)
        self.setPen(outline)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(10)
        _tag(self, "claim", claim_id, event_id)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return super().boundingRect().adjusted(-4, -4, 4, 4)  # room for the selection ring

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        # A ring instead of Qt's dashed selection rectangle, which hides a marker this small.
        plain = QStyleOptionGraphicsItem(option)
        plain.state &= ~QStyle.StateFlag.State_Selected  # type: ignore[assignment]
        super().paint(painter, plain, widget)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(QPen(QColor(SELECTION_COLOUR), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.rect().adjusted(-3, -3, 3, 3))


def _tag(item: QGraphicsItem, kind: str, item_id: str, event_id: str = "") -> None:
    item.setData(ROLE_KIND, kind)
    item.setData(ROLE_ID, item_id)
    item.setData(ROLE_EVENT, event_id)


def _tagged(item: QGraphicsItem | None) -> QGraphicsItem | None:
    """The item (or its nearest parent) that stands for a claim or an event."""
    while item is not None and item.data(ROLE_KIND) not in ("claim", "event"):
        item = item.parentItem()
    return item


class TimelineCanvas(QGraphicsView):
    """The drawing surface: reports clicks, zoom gestures and keys; TimelineView decides what they mean."""

    itemClicked = Signal(str, str, str)  # "claim" or "event", its id, the event id of a claim marker
    activateSelected = Signal()
    stepSelection = Signal(int)
    zoomRequested = Signal(float, float)  # factor, viewport x to keep still
    fitRequested = Signal()
    resized = Signal()

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("timelineCanvas")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._press: tuple[QPoint, QGraphicsItem | None] | None = None

    def item_at(self, pos: QPoint) -> QGraphicsItem | None:
        for item in self.items(pos):
            tagged = _tagged(item)
            if tagged is not None:
                return tagged
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        pos = event.position().toPoint()
        self._press = (pos, self.item_at(pos)) if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        # A drag pans the view (hand drag); only a click that stays put activates what it is on.
        if (pos - press[0]).manhattanLength() > QApplication.startDragDistance():
            return
        item = press[1]
        if item is not None and item is self.item_at(pos):
            self.itemClicked.emit(item.data(ROLE_KIND), item.data(ROLE_ID), item.data(ROLE_EVENT) or "")

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoomRequested.emit(ZOOM_STEP**steps, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activateSelected.emit()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoomRequested.emit(ZOOM_STEP, self.viewport().width() / 2)
        elif key == Qt.Key.Key_Minus:
            self.zoomRequested.emit(1 / ZOOM_STEP, self.viewport().width() / 2)
        elif key == Qt.Key.Key_0:
            self.fitRequested.emit()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.stepSelection.emit(+1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.stepSelection.emit(-1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.resized.emit()


class TimelineView(QWidget):
    """Events on a time axis and the claims linked to them, each claim also at the date it was stated.

    A claim's row joins its marker (at the stated date) to a dot under its event, so predictions made
    before the event sit to its left. Refreshes from the session's change signals, batched into one
    re-read per turn of the event loop, and only while shown.
    """

    claimActivated = Signal(str)  # claim id: open it in its document
    eventActivated = Signal(str)  # event id: clicked on the canvas or activated in the list
    eventSelected = Signal(str)  # event id, or "" for none: filter documents and claims by it

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self._session: ProjectSession | None = None
        self._data = _Snapshot()
        self._px_per_day = 2.0
        self._fitted = True  # follow the widget's width until the user zooms by hand
        self._dirty = True
        self._centre_on_select = True
        self._selected_event = ""
        self._origin: date | None = None
        self._event_x: dict[str, float] = {}
        self._event_flags: dict[str, QGraphicsRectItem] = {}
        self._drawn_order: list[str] = []
        self._markers: dict[tuple[str, str], ClaimMarker] = {}

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        # Resizing delivers a stream of events; re-fit once they stop arriving for a turn of the loop.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._refit)

        self.scene = QGraphicsScene(self)
        self.scene.setObjectName("timelineScene")
        self.canvas = TimelineCanvas(self.scene)
        self.events_list = QListWidget()
        self.events_list.setObjectName("timelineEvents")
        self.events_list.setAlternatingRowColors(True)
        self.events_list.setWordWrap(True)
        self.show_all_button = QPushButton("Show all events")
        self.show_all_button.setObjectName("timelineShowAll")
        self.show_all_button.setToolTip("Stop filtering documents and claims by the selected event")
        self.zoom_out_button = self._tool_button("−", "timelineZoomOut", "Zoom out (-, Ctrl+wheel)")
        self.zoom_in_button = self._tool_button("+", "timelineZoomIn", "Zoom in (+, Ctrl+wheel)")
        self.fit_button = self._tool_button("Fit all", "timelineFitAll", "Show the whole timeline (0)")
        self.legend = QLabel(self._legend_html())
        self.legend.setObjectName("timelineLegend")
        self.legend.setMinimumWidth(0)  # a narrow window clips the legend rather than growing
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend.setToolTip(
            "Each claim is a circle at the date it was stated, joined by a line to a dot under its event:\n"
            "predictions made before an event sit to its left. The ring shows the current verdict."
        )

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Events</b>")
        heading.setBuddy(self.events_list)
        side_layout.addWidget(heading)
        side_layout.addWidget(self.events_list, 1)
        side_layout.addWidget(self.show_all_button)

        tools = QHBoxLayout()
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            tools.addWidget(button)
        tools.addSpacing(12)
        tools.addWidget(self.legend, 1)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addLayout(tools)
        main_layout.addWidget(self.canvas, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("timelineSplitter")
        self.splitter.addWidget(side)
        self.splitter.addWidget(main)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # Keyboard focus starts on the canvas: a list that has focus makes its first row look picked.
        self.setFocusProxy(self.canvas)
        QWidget.setTabOrder(self.canvas, self.events_list)
        QWidget.setTabOrder(self.events_list, self.show_all_button)

        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_all)
        self.show_all_button.clicked.connect(lambda: self.select_event(""))
        self.events_list.itemSelectionChanged.connect(self._on_list_selection_changed)
        self.events_list.itemActivated.connect(self._on_list_activated)
        self.canvas.itemClicked.connect(self._on_canvas_clicked)
        self.canvas.activateSelected.connect(self._activate_selected)
        self.canvas.stepSelection.connect(self._step_selection)
        self.canvas.zoomRequested.connect(self.zoom)
        self.canvas.fitRequested.connect(self.fit_all)
        self.canvas.resized.connect(self._on_canvas_resized)
        self.set_session(session)

    def _tool_button(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        return button

    @staticmethod
    def _legend_html() -> str:
        swatches = " ".join(
            f"<span style='background:{colour}'>&nbsp;&nbsp;&nbsp;</span>&nbsp;{kind}"
            for kind, colour in KIND_COLOURS.items()
        )
        return (
            f"{swatches} &nbsp;&nbsp; <span style='color:{OUTCOME_COLOURS['confirmed']}'>✓ confirmed</span>"
            f" &nbsp;<span style='color:{OUTCOME_COLOURS['refuted']}'>✗ refuted</span>"
            " &nbsp;&nbsp; ● stated ── • event"
        )

    # --- session ------------------------------------------------------------------------------

    def set_session(self, session: ProjectSession) -> None:
        """Show another project's session (the main window replaces it when a project is opened)."""
        if self._session is not None:
            for signal in self._signals(self._session):
                signal.disconnect(self.schedule_refresh)
        self._session = session
        for signal in self._signals(session):
            signal.connect(self.schedule_refresh)
        self._selected_event = ""
        self._fitted = True
        self.schedule_refresh()

    @staticmethod
    def _signals(session: ProjectSession) -> list[Any]:
        return [
            session.eventsChanged,
            session.linksChanged,
            session.claimsChanged,
            session.claimChanged,
            session.verdictsChanged,
            session.actorsChanged,
            session.documentsChanged,
        ]

    def schedule_refresh(self, *_args: object) -> None:
        """Re-read on the next turn of the event loop; a burst of change signals costs one re-read."""
        self._dirty = True
        if self.isVisible():
            self._refresh_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._dirty:
            self._refresh_timer.start()

    def refresh(self) -> None:
        """Re-read events, links, claims and verdicts now and redraw."""
        if self._session is None:
            return
        self._dirty = False
        project = self._session.project
        snapshot = _Snapshot(events=findings.events(project))
        for event in snapshot.events:
            for claim, relation in findings.claims_for_event(project, event.id):
                snapshot.links.append(_Link(claim, event, relation))
        snapshot.actor_names = {actor.id: actor.name for actor in queries.actors(project)}
        snapshot.document_titles = {doc.id: doc.title for doc in queries.document_summaries(project)}
        snapshot.verdicts = findings.current_verdicts(project)
        snapshot.verdict_names = {entry.label: entry.display for entry in findings.verdict_labels(project)}
        self._data = snapshot
        self._fill_list()
        if self._fitted:
            self._fit()
        else:
            centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
            day = self._day_at(centre.x())
            self._layout()
            if day is not None:
                self.canvas.centerOn(QPointF(self._x_of(day), centre.y()))

    # --- public queries (tests and the main window) ---------------------------------------------

    def items_in_order(self) -> list[str]:
        """Event titles left to right as drawn: dated events on the axis, then undated ones."""
        titles = {event.id: event.title for event in self._data.events}
        return [titles[event_id] for event_id in self._drawn_order]

    def claim_marker_ids(self, event_id: str) -> list[str]:
        """Ids of the claims drawn under `event_id`, top row first."""
        markers = [m for (_, e), m in self._markers.items() if e == event_id]
        return [m.claim_id for m in sorted(markers, key=lambda m: m.y())]

    def claim_marker(self, claim_id: str, event_id: str) -> ClaimMarker | None:
        return self._markers.get((claim_id, event_id))

    def event_x(self, event_id: str) -> float | None:
        """Scene x of an event's point on the axis (or in the undated column)."""
        return self._event_x.get(event_id)

    def selected_event(self) -> str:
        return self._selected_event

    @property
    def px_per_day(self) -> float:
        return self._px_per_day

    # --- events list ---------------------------------------------------------------------------

    def _fill_list(self) -> None:
        counts: dict[str, int] = {}
        for link in self._data.links:
            counts[link.event.id] = counts.get(link.event.id, 0) + 1
        self.events_list.blockSignals(True)
        self.events_list.clear()
        undated_heading = False
        for event in self._data.events:
            if not event.date_lo and not undated_heading:
                undated_heading = True
                heading = QListWidgetItem("Undated (not on the axis)")
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = heading.font()
                font.setItalic(True)
                heading.setFont(font)
                self.events_list.addItem(heading)
            count = counts.get(event.id, 0)
            item = QListWidgetItem(
                f"{event_date_display(event)}  ·  {count} claim{'' if count == 1 else 's'}\n{event.title}"
            )
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            tip = [event.title, f"Date as written: {event.date_text or '—'}"]
            tip += [f"Place: {event.place}"] if event.place else []
            tip += [event.description] if event.description else []
            item.setToolTip("\n".join(tip))
            self.events_list.addItem(item)
            if event.id == self._selected_event:
                self.events_list.setCurrentItem(item)
        self.events_list.blockSignals(False)
        if self._selected_event and self._list_row(self._selected_event) < 0:
            # The event the main window filters by is gone: tell it to stop filtering.
            self._selected_event = ""
            self.eventSelected.emit("")

    def _list_row(self, event_id: str) -> int:
        for row in range(self.events_list.count()):
            if self.events_list.item(row).data(Qt.ItemDataRole.UserRole) == event_id:
                return row
        return -1

    def select_event(self, event_id: str, centre: bool = True) -> None:
        """Select an event (or none, with ""), as picking it in the list does: emits eventSelected."""
        self._centre_on_select = centre
        try:
            row = self._list_row(event_id) if event_id else -1
            if row >= 0:
                self.events_list.setCurrentRow(row, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                self.events_list.setCurrentRow(-1)
                self.events_list.clearSelection()
                self._set_selected_event("")
        finally:
            self._centre_on_select = True

    def _on_list_selection_changed(self) -> None:
        # Selection, not the current item: Qt makes the first item current when the list gets focus,
        # and that must not filter the whole window by an event nobody picked.
        selected = self.events_list.selectedItems()
        event_id = selected[0].data(Qt.ItemDataRole.UserRole) if selected else ""
        self._set_selected_event(event_id or "")
        if event_id and self._centre_on_select:
            self.centre_on_event(event_id)

    def _on_list_activated(self, item: QListWidgetItem) -> None:
        event_id = item.data(Qt.ItemDataRole.UserRole)
        if event_id:
            self.eventActivated.emit(event_id)

    def _set_selected_event(self, event_id: str) -> None:
        if event_id == self._selected_event:
            return
        self._selected_event = event_id
        self._paint_event_selection()
        self.eventSelected.emit(event_id)

    def centre_on_event(self, event_id: str) -> None:
        x = self._event_x.get(event_id)
        if x is not None:
            centre = self.canvas.mapToScene(self.canvas.viewport().rect().center())
            self.canvas.centerOn(QPointF(x, centre.y()))

    # --- zoom ------------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP, self.canvas.viewport().width() / 2)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP, self.canvas.viewport().width() / 2)

    def zoom(self, factor: float, viewport_x: float) -> None:
        """Change the scale, keeping the date under `viewport_x` where it is (as a map zooms)."""
        scene_point = self.canvas.mapToScene(QPoint(int(viewport_x), self.canvas.viewport().height() // 2))
        day = self._day_at(scene_point.x())
        scale = min(PX_PER_DAY_MAX, max(PX_PER_DAY_MIN, self._px_per_day * factor))
        self._fitted = False
        if scale == self._px_per_day:
            return
        self._px_per_day = scale
        self._layout()
        if day is not None:
            half = self.canvas.viewport().width() / 2
            self.canvas.centerOn(QPointF(self._x_of(day) + half - viewport_x, scene_point.y()))

    def fit_all(self) -> None:
        """Scale the axis so every dated event and claim fits the canvas's width; keep fitting on resize."""
        self._fitted = True
        self._fit()

    def _fit(self) -> None:
        span = self._span()
        available = self.canvas.viewport().width() - 8
        if span is None or available <= 0:
            self._layout()
            return
        days = (span[1] - span[0]).days + 1
        # Labels and the undated column do not scale with the axis: measure them once, then solve.
        self._px_per_day = max(PX_PER_DAY_MIN, min(PX_PER_DAY_MAX, (available - 2 * MARGIN) / days))
        self._layout()
        for _ in range(2):
            fixed = self.scene.sceneRect().width() - days * self._px_per_day
            wanted = max(PX_PER_DAY_MIN, min(PX_PER_DAY_MAX, (available - fixed) / days))
            if abs(wanted - self._px_per_day) < 1e-3:
                break
            self._px_per_day = wanted
            self._layout()
        rect = self.scene.sceneRect()
        self.canvas.centerOn(rect.center())

    def _on_canvas_resized(self) -> None:
        if self._fitted:
            self._fit_timer.start()

    def _refit(self) -> None:
        if self._fitted and not self._dirty and self.isVisible():
            self._fit()

    # --- geometry ----------------------------------------------------------------------------------

    def _span(self) -> tuple[date, date] | None:
        """First and last day the axis shows: whole months around every dated event and stated claim."""
        days: list[date] = []
        for event in self._data.events:
            days += [d for d in (_day(event.date_lo), _day(event.date_hi)) if d is not None]
        for link in self._data.links:
            days += [d for d in (_day(link.claim.stated_lo), _day(link.claim.stated_hi)) if d is not None]
        if not days:
            return None
        first, last = min(days) - timedelta(days=10), max(days) + timedelta(days=10)
        end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
        return date(first.year, first.month, 1), end

    def _x_of(self, days_from_origin: float) -> float:
        return MARGIN + days_from_origin * self._px_per_day

    def _x_of_date(self, day: date) -> float:
        """Scene x where `day` begins."""
        assert self._origin is not None
        return self._x_of((day - self._origin).days)

    def _x_of_range(self, lo: str, hi: str) -> float | None:
        """The middle of a date range (a day's middle for a single day)."""
        first, last = _day(lo), _day(hi or lo)
        if first is None or self._origin is None:
            return None
        last = last or first
        return (self._x_of_date(first) + self._x_of_date(last + timedelta(days=1))) / 2

    def _day_at(self, scene_x: float) -> float | None:
        if self._origin is None:
            return None
        return (scene_x - MARGIN) / self._px_per_day

    # --- drawing ---------------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.88))
        return base, bold, small

    def _text(
        self, text: str, font: QFont, colour: QColor, parent: QGraphicsItem | None = None
    ) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem(text, parent)
        item.setFont(font)
        item.setBrush(colour)
        if parent is None:
            self.scene.addItem(item)
        return item

    def _layout(self) -> None:
        """Rebuild the scene from the snapshot at the current scale."""
        selected = next(((m.claim_id, m.event_id) for m in self._markers.values() if m.isSelected()), None)
        self.scene.clear()
        self._markers.clear()
        self._event_x.clear()
        self._event_flags.clear()
        self._drawn_order = []
        palette = self.palette()
        self.scene.setBackgroundBrush(palette.color(QPalette.ColorRole.Base))
        ink = palette.color(QPalette.ColorRole.Text)
        faint = QColor(palette.color(QPalette.ColorRole.Mid))
        span = self._span()
        self._origin = span[0] if span is not None else None

        if not self._data.events:
            self._text(
                "No events yet. Create events from a claim's Events tab and link claims to them.",
                self._fonts()[0],
                faint,
            )
            self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-20, -20, 20, 20))
            return

        axis_end = MARGIN
        if span is not None:
            axis_end = self._x_of_date(span[1] + timedelta(days=1))
            self._draw_axis(span, ink)
        dated = [event for event in self._data.events if _day(event.date_lo) is not None]
        undated = [event for event in self._data.events if _day(event.date_lo) is None]
        flag_lanes = _Lanes()
        flag_top = self._draw_events(dated, undated, axis_end, flag_lanes)
        claims_bottom = self._draw_claims(selected)
        if span is not None:
            self._draw_grid(span, flag_top, claims_bottom, faint)
        self._paint_event_selection()
        rect = self.scene.itemsBoundingRect().adjusted(-MARGIN / 2, -16, MARGIN, 24)
        self.scene.setSceneRect(rect)

    def _draw_axis(self, span: tuple[date, date], ink: QColor) -> None:
        _, bold, small = self._fonts()
        metrics = QFontMetricsF(small)
        start, end = span
        left, right = self._x_of_date(start), self._x_of_date(end + timedelta(days=1))
        axis = self.scene.addLine(left, 0, right, 0, QPen(ink, 1.5))
        axis.setZValue(1)
        month_px = 30.4 * self._px_per_day
        # Which days of the month get a number, by how much room a day has; none means months are the
        # finest unit shown.
        if self._px_per_day >= 20:
            labelled_days: frozenset[int] = frozenset(range(1, 32))
        elif self._px_per_day >= 6:
            labelled_days = frozenset({1, 5, 10, 15, 20, 25})
        elif self._px_per_day >= 2.5:
            labelled_days = frozenset({1, 10, 20})
        else:
            labelled_days = frozenset()
        # Each label row keeps the right edge of its last label: a label that would overlap is skipped.
        # Month labels never are (their format is chosen to fit the narrowest month, see
        # month_label_format); only years at the far zoomed-out end can be.
        rows = {"top": -1e9, "bottom": -1e9, "third": -1e9}
        row_y = {"top": 6.0, "bottom": 8 + metrics.height(), "third": 10 + 2 * metrics.height()}

        def label(text: str, x: float, row: str, font: QFont, centred: bool) -> None:
            width = QFontMetricsF(font).horizontalAdvance(text)
            left_x = x - width / 2 if centred else x + 3
            if left_x < rows[row] + 6:
                return
            item = self._text(text, font, ink)
            item.setPos(left_x, row_y[row])
            item.setData(ROLE_KIND, "axis")
            rows[row] = left_x + width

        thin = QPen(ink, 0.8)
        if labelled_days:
            day = start
            while day <= end:
                x = self._x_of_date(day)
                if day.day in labelled_days or self._px_per_day >= 4:
                    self.scene.addLine(x, 0, x, 4, thin)
                if day.day in labelled_days:
                    label(str(day.day), x + self._px_per_day / 2, "top", small, centred=True)
                day += timedelta(days=1)
        # Day numbers take the top row, so month names go below them, at the month's start.
        month_font, centred = (bold, False) if labelled_days else (small, True)
        months = list(_months(start, end))
        narrowest = min(calendar.monthrange(m.year, m.month)[1] for m in months) * self._px_per_day
        month_format = month_label_format(narrowest, QFontMetricsF(month_font).horizontalAdvance, months)
        # The year goes beside every January (and the axis's first month) unless the month label has it.
        year_row = "top" if month_format is None else "bottom" if centred else "third"
        first_january = next((m for m in months if m.month == 1), None)
        for month in months:
            x = self._x_of_date(month)
            if month.month == 1:
                self.scene.addLine(x, 0, x, 10, QPen(ink, 1.2))
            elif month_px >= 4:
                self.scene.addLine(x, 0, x, 6, thin)
            days_in_month = calendar.monthrange(month.year, month.month)[1]
            if month_format is not None:
                anchor = x + days_in_month * self._px_per_day / 2 if centred else x
                label(
                    _month_label(month, month_format),
                    anchor,
                    "top" if centred else "bottom",
                    month_font,
                    centred,
                )
            if month_format is None or "%Y" not in month_format:
                # The axis's first year is named at its start unless that would crowd out the first January.
                crowded = (
                    first_january is not None
                    and month != first_january
                    and (
                        self._x_of_date(first_january) - x
                        < QFontMetricsF(bold).horizontalAdvance("0000") + 12
                    )
                )
                if month.month == 1 or (month == start and not crowded):
                    label(str(month.year), x, year_row, bold, centred=False)

    def _draw_grid(self, span: tuple[date, date], top: float, bottom: float, faint: QColor) -> None:
        """Faint vertical lines at month (or year) starts, so a stated date can be read off a row."""
        colour = QColor(faint)
        colour.setAlpha(70)
        pen = QPen(colour, 1, Qt.PenStyle.DotLine)
        monthly = 30.4 * self._px_per_day >= 24
        month = span[0]
        while month <= span[1]:
            if monthly or month.month == 1:
                x = self._x_of_date(month)
                line = self.scene.addLine(x, top, x, bottom, pen)
                line.setZValue(-10)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)

    def _draw_events(self, dated: list[Event], undated: list[Event], axis_end: float, lanes: _Lanes) -> float:
        """Event glyphs on the axis and their labels as flags above it; returns the top of the flags."""
        _, bold, small = self._fonts()
        bold_metrics, small_metrics = QFontMetricsF(bold), QFontMetricsF(small)
        colour = QColor(EVENT_COLOUR)
        ink = self.palette().color(QPalette.ColorRole.Text)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        top = 0.0
        placed: list[tuple[Event, float]] = []
        for event in dated:
            first = _day(event.date_lo)
            last = _day(event.date_hi) or first
            assert first is not None and last is not None
            x_lo, x_hi = self._x_of_date(first), self._x_of_date(last + timedelta(days=1))
            if event.date_precision == "day" or x_hi - x_lo < 10:
                x = (x_lo + x_hi) / 2
                glyph: QGraphicsItem = QGraphicsPolygonItem(
                    QPolygonF([QPointF(x, -6), QPointF(x + 6, 0), QPointF(x, 6), QPointF(x - 6, 0)])
                )
            else:
                x = x_lo
                path = QPainterPath()
                path.addRoundedRect(QRectF(x_lo, -4, x_hi - x_lo, 8), 3, 3)
                glyph = QGraphicsPathItem(path)
            glyph.setBrush(colour)  # type: ignore[attr-defined]
            glyph.setPen(QPen(colour.darker(130), 1))  # type: ignore[attr-defined]
            glyph.setZValue(5)
            glyph.setToolTip(f"{event.title}\n{event_date_display(event)}")
            glyph.setCursor(Qt.CursorShape.PointingHandCursor)
            _tag(glyph, "event", event.id)
            self.scene.addItem(glyph)
            placed.append((event, x))
        title_px = max(TITLE_MIN_PX, min(TITLE_MAX_PX, axis_end - MARGIN))

        def shown_title(event: Event, room: float = 0.0) -> str:
            """The title whole when it fits title_px or the free `room` up to the next event's stem."""
            title = " ".join(event.title.split())
            return bold_metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(title_px, room))

        undated_ids = {event.id for event in undated}
        if undated:
            # Undated events get a column of their own to the right of the axis, clearly not on it.
            x = axis_end + UNDATED_GAP
            separator = self.scene.addLine(x - UNDATED_GAP / 2, -30, x - UNDATED_GAP / 2, 30, QPen(muted, 1))
            separator.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
            heading = self._text("No date", small, muted)
            heading.setPos(x, 6)
            for event in undated:
                placed.append((event, x))
                title = shown_title(event)
                x += max(bold_metrics.horizontalAdvance(title), 60) + 3 * LABEL_GAP
        # First where each flag goes, its title cut to title_px (or the room to the next stem); then, per
        # lane, a cut title whose whole width fits before the next flag of its lane is shown whole.
        flags: list[_Flag] = []
        for number, (event, x) in enumerate(placed):
            following = placed[number + 1][1] if number + 1 < len(placed) else axis_end + MARGIN
            room = following - x - LABEL_GAP - 10 if event.id not in undated_ids else 0.0
            title = shown_title(event, room)
            when = event_date_display(event)
            width = max(bold_metrics.horizontalAdvance(title), small_metrics.horizontalAdvance(when)) + 10
            # A flag that would stick out past the axis's end opens leftwards from its stem instead, so a
            # whole title near the end neither widens the scene nor is cut.
            leftwards = event.id not in undated_ids and x + width > axis_end + MARGIN and x - width >= 0
            left = x - width if leftwards else x
            flags.append(_Flag(event, x, left, width, lanes.place(left, left + width), title, when))
        for entry in flags:
            whole = " ".join(entry.event.title.split())
            if entry.title == whole or entry.left < entry.x or entry.event.id in undated_ids:
                continue
            after = [other.left for other in flags if other.lane == entry.lane and other.left > entry.left]
            limit = min(after) - LABEL_GAP if after else axis_end + MARGIN
            when_width = small_metrics.horizontalAdvance(entry.when)
            whole_width = max(bold_metrics.horizontalAdvance(whole), when_width) + 10
            if entry.left + whole_width <= limit:
                entry.width, entry.title = whole_width, whole
        for entry in flags:
            event, x, left, width, lane = entry.event, entry.x, entry.left, entry.width, entry.lane
            title, when = entry.title, entry.when
            flag_y = -FLAG_RISE - (lane + 1) * EVENT_LANE_HEIGHT
            stem = self.scene.addLine(x, flag_y + EVENT_LANE_HEIGHT - 4, x, 0, QPen(colour, 1))
            stem.setZValue(2)
            flag = QGraphicsRectItem(0, 0, width, EVENT_LANE_HEIGHT - 6)
            flag.setPos(left, flag_y)
            flag.setPen(QPen(Qt.PenStyle.NoPen))
            flag.setZValue(3)
            flag.setToolTip(f"{event.title}\n{when}" + (f"\n{event.place}" if event.place else ""))
            flag.setCursor(Qt.CursorShape.PointingHandCursor)
            _tag(flag, "event", event.id)
            self.scene.addItem(flag)
            # A flag opening leftwards aligns its text on its stem, on the right.
            title_x = width - 5 - bold_metrics.horizontalAdvance(title) if left < x else 5
            when_x = width - 5 - small_metrics.horizontalAdvance(when) if left < x else 5
            self._text(title, bold, ink, flag).setPos(title_x, 1)
            self._text(when, small, muted, flag).setPos(when_x, 2 + bold_metrics.height())
            self._event_x[event.id] = x
            self._event_flags[event.id] = flag
            top = min(top, flag_y)
        self._drawn_order = [event.id for event, _ in placed]
        return top

    def _draw_claims(self, selected: tuple[str, str] | None) -> float:
        """One row per claim-event link: the claim's marker at its stated date, a line to a dot under its
        event, and a short label; returns the bottom of the last row."""
        _, _, small = self._fonts()
        metrics = QFontMetricsF(small)
        ink = self.palette().color(QPalette.ColorRole.Text)
        lanes = _Lanes()
        rows: list[tuple[_Link, float, float, str]] = []
        for link in self._data.links:
            x_event = self._event_x.get(link.event.id)
            if x_event is None:
                continue
            x_claim = self._x_of_range(link.claim.stated_lo, link.claim.stated_hi)
            x_claim = x_event if x_claim is None else x_claim
            rows.append((link, x_event, x_claim, self._claim_label(link)))
        rows.sort(key=lambda row: (row[1], row[2]))
        column_bottom: dict[str, float] = {}
        bottom = CLAIM_TOP
        for link, x_event, x_claim, text in rows:
            right = max(x_event, x_claim) + MARKER_RADIUS + 4
            label_width = metrics.horizontalAdvance(text)
            row = lanes.place(min(x_event, x_claim) - MARKER_RADIUS, right + label_width)
            y = CLAIM_TOP + row * CLAIM_ROW_HEIGHT
            bottom = max(bottom, y + CLAIM_ROW_HEIGHT / 2)
            column_bottom[link.event.id] = max(column_bottom.get(link.event.id, 0.0), y)
            colour = kind_colour(link.claim.kind)
            verdict = self._data.verdicts.get(link.claim.id)
            outcome = verdict_rules.outcome(verdict.label if verdict else None)
            tooltip = self._claim_tooltip(link)
            if abs(x_claim - x_event) > 1:
                line = self.scene.addLine(x_claim, y, x_event, y, QPen(colour.darker(135), 2))
                line.setZValue(6)
                line.setToolTip(tooltip)
                anchor = self.scene.addEllipse(
                    x_event - ANCHOR_RADIUS,
                    y - ANCHOR_RADIUS,
                    2 * ANCHOR_RADIUS,
                    2 * ANCHOR_RADIUS,
                    QPen(QColor(EVENT_COLOUR), 1),
                    QBrush(QColor(EVENT_COLOUR)),
                )
                anchor.setZValue(7)
                anchor.setToolTip(tooltip)
            outline = QPen(QColor(OUTCOME_COLOURS.get(outcome, "#000000")), 2.5)
            if outcome == "pending":
                outline = QPen(colour.darker(170), 1.2)
            marker = ClaimMarker(link.claim.id, link.event.id, colour, outline)
            marker.setPos(x_claim, y)
            marker.setToolTip(tooltip)
            self.scene.addItem(marker)
            self._markers[(link.claim.id, link.event.id)] = marker
            if selected == (link.claim.id, link.event.id):
                marker.setSelected(True)
            label = self._text(text, small, ink)
            label.setPos(right, y - metrics.height() / 2)
            label.setToolTip(tooltip)
            label.setCursor(Qt.CursorShape.PointingHandCursor)
            _tag(label, "claim", link.claim.id, link.event.id)
        # A dashed drop line from each event down through its claims shows which rows belong to it.
        pen = QPen(QColor(EVENT_COLOUR), 1, Qt.PenStyle.DashLine)
        for event_id, y in column_bottom.items():
            x = self._event_x[event_id]
            drop = self.scene.addLine(x, 8, x, y, pen)
            drop.setZValue(0)
        return bottom

    def _claim_label(self, link: _Link) -> str:
        verdict = self._data.verdicts.get(link.claim.id)
        glyph = OUTCOME_GLYPHS.get(verdict_rules.outcome(verdict.label if verdict else None), "")
        claimant = self._data.actor_names.get(link.claim.claimant_id or "", "")
        quote = f"“{_shorten(link.claim.exact, MAX_LABEL_QUOTE_CHARS)}”"
        return f"{glyph}{claimant}: {quote}" if claimant else f"{glyph}{quote}"

    def _claim_tooltip(self, link: _Link) -> str:
        claim, data = link.claim, self._data
        verdict = data.verdicts.get(claim.id)
        if verdict is None:
            verdict_text = "no verdict yet"
        else:
            verdict_text = f"{data.verdict_names.get(verdict.label, verdict.label)} (as of {verdict.as_of})"
        stated = claim.stated_text or ""
        if claim.stated_lo:
            stated = f"{claim.stated_lo}" + (f" ({claim.stated_text})" if claim.stated_text else "")
        lines = [
            f"<b>“{html.escape(_shorten(claim.exact, 400))}”</b>",
            f"Claimant: {html.escape(data.actor_names.get(claim.claimant_id or '', '') or '—')}",
            f"Kind: {claim.kind} · stated: {html.escape(stated or 'unknown')}",
            f"{link.relation.replace('_', ' ')}: {html.escape(link.event.title)}",
            f"Verdict: {html.escape(verdict_text)}",
            f"<i>{html.escape(data.document_titles.get(claim.document_id, ''))}</i>",
        ]
        return "<br>".join(lines)

    def _paint_event_selection(self) -> None:
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        fill = QColor(highlight)
        fill.setAlpha(45)
        for event_id, flag in self._event_flags.items():
            chosen = event_id == self._selected_event
            flag.setBrush(fill if chosen else QBrush(Qt.BrushStyle.NoBrush))
            flag.setPen(QPen(highlight, 1.5) if chosen else QPen(Qt.PenStyle.NoPen))

    # --- canvas interaction ----------------------------------------------------------------------

    def _on_canvas_clicked(self, kind: str, item_id: str, event_id: str) -> None:
        if kind == "claim":
            marker = self._markers.get((item_id, event_id))
            if marker is not None:
                self.scene.clearSelection()
                marker.setSelected(True)
            self.claimActivated.emit(item_id)
        elif kind == "event":
            self.select_event(item_id, centre=False)
            self.eventActivated.emit(item_id)

    def _activate_selected(self) -> None:
        for item in self.scene.selectedItems():
            if isinstance(item, ClaimMarker):
                self.claimActivated.emit(item.claim_id)
                return
        if self._selected_event:
            self.eventActivated.emit(self._selected_event)

    def _step_selection(self, step: int) -> None:
        """Arrow keys walk the claim markers left to right, so the timeline works without a mouse."""
        order = sorted(self._markers.values(), key=lambda m: (m.x(), m.y()))
        if not order:
            return
        current = next((i for i, m in enumerate(order) if m.isSelected()), None)
        index = (0 if step > 0 else len(order) - 1) if current is None else (current + step) % len(order)
        self.scene.clearSelection()
        order[index].setSelected(True)
        self.canvas.ensureVisible(order[index], 60, 40)
