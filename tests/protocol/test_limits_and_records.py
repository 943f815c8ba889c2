"""The edges of what a session accepts, and what its stored record says.

Settings at their documented limits are allowed and one step past is refused; a stored
event or record that is malformed is refused with a message naming what is wrong, so
a clinic importing a record learns which field to fix.
"""

import pytest

from triggerpoint.protocol import (
    Finish,
    Locate,
    Press,
    ProtocolSettings,
    Report,
    Start,
    event_from_dict,
    screen,
    session_from_dict,
    session_to_dict,
)

from .timeline import OTHER, POINT, at, run


@pytest.mark.parametrize(
    ("allowed", "refused"),
    [
        ({"cap_seconds": 300}, {"cap_seconds": 301}),
        ({"cycles": 5}, {"cycles": 6}),
        ({"release_low": 0}, {"release_low": 4}),  # must stay under target_low (4)
        ({"rest_seconds": 0, "stretch_seconds": 0}, {"rest_seconds": -1}),
        ({"stretch_seconds": 0}, {"stretch_seconds": -1}),
    ],
)
def test_settings_at_their_limit_are_kept_and_one_past_is_refused(allowed, refused):
    ProtocolSettings(**allowed)
    with pytest.raises(ValueError, match="invalid protocol settings"):
        ProtocolSettings(**refused)


def test_unknown_stored_settings_are_named():
    with pytest.raises(ValueError, match=r"unknown protocol setting\(s\): colour, speed$"):
        ProtocolSettings.from_dict({"speed": 1, "colour": 2})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], r"^an event must be a dict, got list$"),
        (
            {"kind": "press", "at": at(0).isoformat(), "b": 1, "a": 2},
            r"^press: unexpected field\(s\) a, b$",
        ),
        (
            {"kind": "start", "at": at(0).isoformat(), "plan": [], "settings": 3},
            r"^start: settings must be a dict$",
        ),
    ],
)
def test_a_malformed_stored_event_names_its_fault(data, message):
    with pytest.raises(ValueError, match=message):
        event_from_dict(data)


def test_a_client_may_report_no_discomfort_at_all():
    holding = run([Start(at(0), (POINT,)), Locate(at(1), POINT), Press(at(2))])
    hold = run([Report(at(3), 0)], holding).hold
    assert hold is not None and hold.last_intensity == 0


def test_a_fall_to_a_low_level_releases_at_the_moment_it_is_reported():
    holding = run([Start(at(0), (POINT,)), Locate(at(1), POINT), Press(at(2))])
    session = run([Report(at(3), 3), Report(at(9), 2)], holding)  # 2 is low, not half of 3
    (hold,) = session.holds
    assert hold.end_reason == "intensity_low" and hold.ended_at == at(9)
    assert session.phase_since == at(9)


def test_a_started_session_counts_its_phase_from_the_start():
    assert run([Start(at(5), (POINT,))]).phase_since == at(5)


def test_a_finished_record_lists_the_points_it_never_reached():
    started = run([Start(at(0), (POINT, OTHER))])
    assert session_to_dict(started)["not_reached"] == []
    finished = run([Finish(at(1))], started)
    record = session_to_dict(finished)
    assert record["not_reached"] == [POINT, OTHER]
    assert record["points"] == []
    assert session_from_dict(record).phase == "done"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"events": []}, None),
        ({"version": 2, "events": []}, r"^unsupported session record version 2$"),
        ({"events": "none"}, r"^a session record needs an 'events' list$"),
    ],
)
def test_a_stored_record_of_another_version_or_without_events_is_refused(record, message):
    if message is None:
        assert session_from_dict(record).phase == "new"
        return
    with pytest.raises(ValueError, match=message):
        session_from_dict(record)


def test_the_screen_says_release_only_once_the_cap_is_reached():
    session = run([Start(at(0), (POINT,)), Locate(at(1), POINT), Press(at(2))])
    assert "release" not in screen(session, at(91.5)).codes  # half a second before the cap
    assert "release" in screen(session, at(92)).codes
