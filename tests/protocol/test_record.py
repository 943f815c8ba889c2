import json

import pytest

from triggerpoint.protocol import (
    Locate,
    Press,
    ProtocolSettings,
    Report,
    RestDone,
    Start,
    Stop,
    TherapistRelease,
    Tick,
    describe,
    event_from_dict,
    event_to_dict,
    session_from_dict,
    session_to_dict,
)

from .timeline import POINT, at, run

EVERY_KIND = [
    Start(at(0), (POINT,), ProtocolSettings(cycles=2, cap_seconds=60)),
    Locate(at(1), POINT),
    Press(at(2)),
    Report(at(3), 6, "therapist"),
    Stop(at(4)),
    RestDone(at(6)),
    Press(at(7)),
    Tick(at(70)),
]


@pytest.mark.parametrize("event", EVERY_KIND, ids=lambda e: e.kind)
def test_every_event_round_trips_through_json(event):
    assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event


def test_a_stored_record_loads_back_to_the_same_session():
    session = run(EVERY_KIND)
    stored = json.loads(json.dumps(session_to_dict(session)))
    assert session_from_dict(stored) == session
    assert [h["end_reason"] for h in stored["holds"]] == ["client_stop", "cap_reached"]
    assert stored["holds"][1]["duration_seconds"] == 63


def test_a_record_whose_summary_disagrees_with_its_log_is_refused():
    stored = session_to_dict(run([*EVERY_KIND[:4], TherapistRelease(at(20))]))
    stored["holds"][0]["end_reason"] = "intensity_halved"
    with pytest.raises(ValueError, match="holds"):
        session_from_dict(stored)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "jump", "at": "2025-01-01T00:00:00+00:00"}, "unknown event kind"),
        ({"kind": "press", "at": "yesterday"}, "ISO 8601"),
        ({"kind": "press", "at": "2025-01-01T00:00:00"}, "time zone"),
        ({"kind": "press", "at": "2025-01-01T00:00:00+00:00", "force": 3}, "unexpected"),
        ({"kind": "report", "at": "2025-01-01T00:00:00+00:00", "intensity": 12}, "0-10"),
        (
            {"kind": "start", "at": "2025-01-01T00:00:00+00:00", "settings": {"hold": 3}},
            "unknown protocol setting",
        ),
        # Settings are fixed when a session starts: there is no event that changes them.
        ({"kind": "configure", "at": "2025-01-01T00:00:00+00:00"}, "unknown event kind"),
    ],
)
def test_malformed_stored_events_are_refused_with_a_reason(data, message):
    with pytest.raises(ValueError, match=message):
        event_from_dict(data)


def test_every_setting_is_documented_with_unit_help_and_source():
    rows = describe()
    assert [row.name for row in rows][:2] == ["target_low", "target_high"]
    for row in rows:
        assert row.unit and row.help and row.source, row.name


def test_the_defaults_are_the_published_ones():
    defaults = {row.name: row.default for row in describe()}
    assert (defaults["target_low"], defaults["target_high"]) == (4, 7)
    assert (defaults["hold_seconds"], defaults["cap_seconds"]) == (60, 90)
    assert defaults["ease_off_at"] == 8
    assert defaults["breaths_per_minute"] == 6


@pytest.mark.parametrize(
    "bad",
    [
        {"hold_seconds": 100, "cap_seconds": 90},
        {"target_low": 8, "target_high": 7},
        {"ease_off_at": 6},
        {"release_fraction": 1.0},
        {"cycles": 0},
    ],
)
def test_inconsistent_settings_are_refused(bad):
    with pytest.raises(ValueError, match="invalid protocol settings"):
        ProtocolSettings(**bad)


def test_settings_from_storage_keep_whole_numbers_whole():
    assert ProtocolSettings.from_dict({"cycles": 2.0}).cycles == 2
    with pytest.raises(ValueError, match="whole number"):
        ProtocolSettings.from_dict({"cycles": 2.5})
