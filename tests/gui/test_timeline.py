"""The timeline on the real window's session: events in date order, claims under their event and at the
date they were stated, clicks and keys that open a claim, and the events list that filters by event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.gui.timeline import (
    MONTH_FORMATS,
    MONTH_LABEL_GAP,
    ROLE_KIND,
    TITLE_MAX_PX,
    TimelineView,
    _month_label,
    month_label_format,
)
from annotator.ops import actors as actor_ops
from annotator.ops import claims as claim_ops
from annotator.ops import events as event_ops
from annotator.ops import verdicts as verdict_ops
from annotator.store import queries
from gui_support import LUKASHENKA_TITLE, document_id_titled

PHRASE = "we are not going to join the war"
INVASION = "Russia invades Ukraine"
REFERENDUM = "Constitutional referendum"
FORCES = "Joint regional group of forces"
# Created out of date order, so the timeline has to sort them.
EVENTS = ((FORCES, "10 October 2022"), (INVASION, "24 February 2022"), (REFERENDUM, "27 February 2022"))


class Story:
    """The issue's story so far: three events and Lukashenka's prediction linked to the invasion."""

    def __init__(self, window: MainWindow) -> None:
        project = window.session.project
        self.window = window
        self.document_id = document_id_titled(window, LUKASHENKA_TITLE)
        start = queries.get_document(project, self.document_id).text.index(PHRASE)
        claim = claim_ops.tag_claim(project, self.document_id, start, start + len(PHRASE), kind="prediction")
        self.claim_id = claim.id
        lukashenka = actor_ops.create_actor(project, "Alexander Lukashenka", aliases=["Lukashenko"])
        claim_ops.update_claim(
            project,
            claim.id,
            {
                "claimant_id": lukashenka.id,
                "stated_text": "17 March",
                "stated_lo": "2022-03-17",
                "stated_hi": "2022-03-17",
                "stated_precision": "day",
            },
        )
        self.events = {title: event_ops.create_event(project, title, when).id for title, when in EVENTS}
        event_ops.link_claim(project, claim.id, self.events[INVASION], "about")
        session = window.session
        session.claimsChanged.emit(self.document_id, [queries.get_claim(project, claim.id)], [])
        session.actorsChanged.emit()
        session.eventsChanged.emit()
        session.linksChanged.emit(claim.id)


def _timeline(qtbot: Any, window: MainWindow) -> TimelineView:
    view = TimelineView(window.session)
    qtbot.addWidget(view)
    view.resize(1200, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def story(qtbot: Any, sample_project: Path, open_window: Callable[[Path], MainWindow]) -> Story:
    return Story(open_window(sample_project))


def _drawn(qtbot: Any, story: Story) -> TimelineView:
    view = _timeline(qtbot, story.window)
    qtbot.waitUntil(lambda: view.items_in_order() == [INVASION, REFERENDUM, FORCES])
    return view


def test_events_in_date_order_with_the_claim_under_the_invasion(
    qtbot: Any,
    sample_project: Path,
    open_window: Callable[[Path], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    refreshes: list[int] = []
    real_refresh = TimelineView.refresh

    def counting_refresh(self: TimelineView) -> None:
        refreshes.append(1)
        real_refresh(self)

    monkeypatch.setattr(TimelineView, "refresh", counting_refresh)
    window = open_window(sample_project)
    view = _timeline(qtbot, window)
    qtbot.waitUntil(lambda: len(refreshes) == 1)
    assert view.items_in_order() == []

    story = Story(window)  # emits claimsChanged, actorsChanged, eventsChanged and linksChanged at once
    assert len(refreshes) == 1, "views refresh on the next turn of the event loop, not per signal"
    qtbot.waitUntil(lambda: view.items_in_order() == [INVASION, REFERENDUM, FORCES])
    QApplication.processEvents()
    assert len(refreshes) == 2, "the burst of signals is read once"

    assert view.objectName() == "timelineView"
    assert view.canvas.objectName() == "timelineCanvas"
    invasion = story.events[INVASION]
    assert view.claim_marker_ids(invasion) == [story.claim_id]
    assert view.claim_marker_ids(story.events[REFERENDUM]) == []
    marker = view.claim_marker(story.claim_id, invasion)
    assert marker is not None
    # Below the axis (y = 0), and to the right of the invasion: stated on 17 March, after 24 February.
    invasion_x, referendum_x = view.event_x(invasion), view.event_x(story.events[REFERENDUM])
    assert invasion_x is not None and referendum_x is not None
    assert marker.y() > 0
    assert invasion_x < referendum_x < marker.x() < (view.event_x(story.events[FORCES]) or 0)
    tooltip = marker.toolTip()
    for expected in (PHRASE, "Alexander Lukashenka", "about", INVASION, "no verdict yet", LUKASHENKA_TITLE):
        assert expected in tooltip

    # The events list: date order, with the date shown.
    rows = [view.events_list.item(row) for row in range(view.events_list.count())]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in rows] == [
        story.events[INVASION],
        story.events[REFERENDUM],
        story.events[FORCES],
    ]
    assert rows[0].text().startswith("2022-02-24")
    assert "1 claim" in rows[0].text()


def test_a_verdict_shows_on_the_marker(qtbot: Any, story: Story) -> None:
    view = _drawn(qtbot, story)
    verdict_ops.add_verdict(story.window.session.project, story.claim_id, "confirmed", "2023-10-05")
    story.window.session.verdictsChanged.emit(story.claim_id)

    def confirmed() -> bool:
        marker = view.claim_marker(story.claim_id, story.events[INVASION])
        return marker is not None and "Confirmed (as of 2023-10-05)" in marker.toolTip()

    qtbot.waitUntil(confirmed)


def test_clicking_a_marker_or_pressing_enter_on_it_opens_the_claim(qtbot: Any, story: Story) -> None:
    view = _drawn(qtbot, story)
    marker = view.claim_marker(story.claim_id, story.events[INVASION])
    assert marker is not None
    view.canvas.centerOn(marker)
    pos = view.canvas.mapFromScene(marker.scenePos())
    assert view.canvas.viewport().rect().contains(pos)
    with qtbot.waitSignal(view.claimActivated, timeout=1000) as blocker:
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [story.claim_id]
    assert marker.isSelected()

    view.canvas.setFocus()
    with qtbot.waitSignal(view.claimActivated, timeout=1000) as blocker:
        qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    assert blocker.args == [story.claim_id]


def test_clicking_an_event_on_the_canvas_selects_and_activates_it(qtbot: Any, story: Story) -> None:
    view = _drawn(qtbot, story)
    forces = story.events[FORCES]
    x = view.event_x(forces)
    assert x is not None
    pos = view.canvas.mapFromScene(QPointF(x, 0))  # its diamond on the axis
    with (
        qtbot.waitSignal(view.eventSelected, timeout=1000) as selected,
        qtbot.waitSignal(view.eventActivated, timeout=1000) as activated,
    ):
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert selected.args == activated.args == [forces]
    assert view.events_list.selectedItems()[0].data(Qt.ItemDataRole.UserRole) == forces


def test_picking_an_event_in_the_list_selects_it_and_centres_the_canvas(qtbot: Any, story: Story) -> None:
    view = _drawn(qtbot, story)
    assert view.selected_event() == "", "showing the timeline filters by nothing"
    for _ in range(12):  # zoom in far enough that the canvas has to scroll to reach an event
        view.zoom_in_button.click()
    referendum = story.events[REFERENDUM]
    rect = view.events_list.visualItemRect(view.events_list.item(1))
    before = view.canvas.mapToScene(view.canvas.viewport().rect().center())
    with qtbot.waitSignal(view.eventSelected, timeout=1000) as blocker:
        qtbot.mouseClick(view.events_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [referendum]
    centre = view.canvas.mapToScene(view.canvas.viewport().rect().center())
    assert centre.x() != pytest.approx(before.x(), abs=50)
    assert centre.x() == pytest.approx(view.event_x(referendum), abs=2)

    with qtbot.waitSignal(view.eventSelected, timeout=1000) as blocker:
        qtbot.mouseClick(view.show_all_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [""]
    assert view.events_list.selectedItems() == []

    # Deleting the selected event tells the window to stop filtering by it.
    forces = story.events[FORCES]
    view.select_event(forces)
    event_ops.delete_event(story.window.session.project, forces)
    with qtbot.waitSignal(view.eventSelected, timeout=1000) as blocker:
        story.window.session.eventsChanged.emit()
    assert blocker.args == [""]
    assert view.items_in_order() == [INVASION, REFERENDUM]


def test_zoom_with_buttons_keys_and_ctrl_wheel_keeps_the_date_under_the_mouse(
    qtbot: Any, story: Story
) -> None:
    view = _drawn(qtbot, story)
    fitted = view.px_per_day
    view.zoom_in_button.click()
    assert view.px_per_day == pytest.approx(fitted * 1.25)
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Minus)
    assert view.px_per_day == pytest.approx(fitted)

    invasion_x = view.event_x(story.events[INVASION])
    assert invasion_x is not None
    under_mouse = view.canvas.mapFromScene(QPointF(invasion_x, 0))
    wheel = QWheelEvent(
        QPointF(under_mouse),
        QPointF(view.canvas.viewport().mapToGlobal(under_mouse)),
        QPoint(0, 0),
        QPoint(0, 3 * 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.canvas.viewport(), wheel)
    assert view.px_per_day == pytest.approx(fitted * 1.25**3)
    moved = view.canvas.mapFromScene(QPointF(view.event_x(story.events[INVASION]) or 0, 0))
    assert abs(moved.x() - under_mouse.x()) <= 2

    view.fit_button.click()
    assert view.px_per_day == pytest.approx(fitted)
    scene = view.scene.sceneRect()
    assert scene.width() <= view.canvas.viewport().width(), "fit all shows everything without scrolling"


def test_undated_events_are_listed_apart_and_drawn_off_the_axis(qtbot: Any, story: Story) -> None:
    project = story.window.session.project
    someday = event_ops.create_event(project, "Belarusian troops enter Ukraine", "").id
    event_ops.link_claim(project, story.claim_id, someday, "denies")
    view = _timeline(qtbot, story.window)
    story.window.session.eventsChanged.emit()
    qtbot.waitUntil(lambda: len(view.items_in_order()) == 4)

    assert view.items_in_order()[-1] == "Belarusian troops enter Ukraine"
    texts = [view.events_list.item(row).text() for row in range(view.events_list.count())]
    heading = texts.index("Undated (not on the axis)")
    assert view.events_list.item(heading).flags() == Qt.ItemFlag.NoItemFlags
    assert texts[heading + 1] == "no date  ·  1 claim\nBelarusian troops enter Ukraine"
    # Its column starts after the axis ends, beyond the last dated event.
    assert (view.event_x(someday) or 0) > (view.event_x(story.events[FORCES]) or 0)
    assert view.claim_marker_ids(someday) == [story.claim_id]


def _axis_labels(view: TimelineView) -> list[tuple[str, QRectF]]:
    """The axis's text labels left to right, with their scene rectangles."""
    items = [item for item in view.scene.items() if item.data(ROLE_KIND) == "axis"]
    labelled = [(item.text(), item.sceneBoundingRect()) for item in items]  # type: ignore[attr-defined]
    return sorted(labelled, key=lambda pair: (pair[1].y(), pair[1].x()))


def _month_labels(view: TimelineView) -> list[str]:
    """The axis's labels that name months (not day numbers or years), left to right."""
    texts = sorted(_axis_labels(view), key=lambda pair: pair[1].x())
    return [text for text, _ in texts if not text.isdigit()]


def test_month_label_rule_picks_the_longest_format_that_fits_the_narrowest_month() -> None:
    months = [date(2022, number, 1) for number in range(1, 13)]

    def width(text: str) -> float:
        return 7.0 * len(text)

    # "September 2022" is the widest full label (14 characters, 98 px).
    assert month_label_format(98 + MONTH_LABEL_GAP, width, months) == "%B %Y"
    assert month_label_format(97 + MONTH_LABEL_GAP, width, months) == "%b %Y"  # "Sep 2022", 56 px
    assert month_label_format(55 + MONTH_LABEL_GAP, width, months) == "%b"  # "September" (63) is too wide
    assert month_label_format(7 + MONTH_LABEL_GAP, width, months) == "%-1"
    assert month_label_format(6 + MONTH_LABEL_GAP, width, months) is None
    # Only the months shown count: May to July fit "%B %Y" in less room than September would need.
    summer = months[4:7]
    assert month_label_format(9 * 7 + MONTH_LABEL_GAP, width, summer) == "%B %Y"


@pytest.mark.parametrize("width", [700, 900, 1280, 1900])
def test_every_month_of_2022_gets_a_label_at_any_width(qtbot: Any, story: Story, width: int) -> None:
    """The issue saw January, March and October 2022 without a label; whatever the width, when a month
    label fits the narrowest month every month has one, and none overlaps another."""
    project = story.window.session.project
    event_ops.create_event(project, "Lukashenko addresses the National Assembly", "28 January 2022")
    view = _timeline(qtbot, story.window)
    view.resize(width, 500)
    story.window.session.eventsChanged.emit()
    qtbot.waitUntil(lambda: len(view.items_in_order()) == 4)
    view.fit_all()
    months = [date(2022, number, 1) for number in range(1, 11)]  # the axis runs January to October
    labels = _month_labels(view)
    # One label per month, all in one format (the rule's choice), in order.
    assert any(labels == [_month_label(m, form) for m in months] for form in MONTH_FORMATS), labels
    if width >= 1280:
        assert labels[0] in ("January 2022", "Jan 2022")
    drawn = _axis_labels(view)
    for (_, left), (_, right) in zip(drawn, drawn[1:], strict=False):
        assert not left.intersects(right)


def test_zoomed_out_over_years_every_year_is_named(qtbot: Any, story: Story) -> None:
    project = story.window.session.project
    event_ops.create_event(project, "Crimea annexed", "18 March 2014")
    event_ops.create_event(project, "Paper published", "5 October 2023")
    view = _timeline(qtbot, story.window)
    story.window.session.eventsChanged.emit()
    qtbot.waitUntil(lambda: len(view.items_in_order()) == 5)
    view.fit_all()
    texts = [text for text, _ in _axis_labels(view)]
    assert all(str(year) in texts for year in range(2014, 2024)), texts


def test_event_titles_are_shown_whole_and_elided_only_when_too_long(qtbot: Any, story: Story) -> None:
    project = story.window.session.project
    long_title = "Belarus and Russia announce a joint regional group of forces near Ukraine"  # 74 chars
    too_long = "A title that goes on " + "and on " * 40 + "until it ends"
    whole = event_ops.create_event(project, long_title, "1 June 2022").id
    elided = event_ops.create_event(project, too_long, "1 August 2022").id
    view = _timeline(qtbot, story.window)
    story.window.session.eventsChanged.emit()
    qtbot.waitUntil(lambda: len(view.items_in_order()) == 5)

    def flag_title(event_id: str) -> str:
        return view._event_flags[event_id].childItems()[0].text()  # type: ignore[attr-defined]

    assert flag_title(whole) == long_title
    assert flag_title(story.events[FORCES]) == FORCES
    shown = flag_title(elided)
    assert shown.endswith("…") and too_long.startswith(shown[:-1].rstrip()) and len(shown) < len(too_long)
    assert too_long in view._event_flags[elided].toolTip()


def test_a_title_wider_than_the_usual_cap_is_whole_when_its_lane_is_free(qtbot: Any, story: Story) -> None:
    project = story.window.session.project
    title = (
        "Lukashenko tells the National Assembly that Belarusian troops would join the conflict only if "
        "Belarus were attacked"
    )
    event = event_ops.create_event(project, title, "1 April 2022").id
    view = _timeline(qtbot, story.window)
    view.resize(1900, 500)
    story.window.session.eventsChanged.emit()
    qtbot.waitUntil(lambda: len(view.items_in_order()) == 4)
    view.fit_all()
    flag = view._event_flags[event]
    assert flag.childItems()[0].text() == title  # type: ignore[attr-defined]
    assert QFontMetricsF(flag.childItems()[0].font()).horizontalAdvance(title) > TITLE_MAX_PX  # type: ignore[attr-defined]
    # And it overlaps no other flag.
    for other_id, other in view._event_flags.items():
        if other_id != event:
            assert not flag.sceneBoundingRect().intersects(other.sceneBoundingRect())
