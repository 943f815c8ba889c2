import pytest

from triggerpoint.protocol import (
    Locate,
    Press,
    ProtocolSettings,
    Report,
    Start,
    Stop,
    TherapistRelease,
    Tick,
)
from triggerpoint.protocol.session import Session

from .timeline import POINT, at, run


def pressing(settings: ProtocolSettings | None = None) -> Session:
    start = Start(at(0), (POINT,), settings or ProtocolSettings())
    return run([start, Locate(at(5), POINT), Press(at(10))])


def test_the_therapist_feeling_release_ends_the_hold():
    session = run([Report(at(12), 6), TherapistRelease(at(50))], pressing())
    hold = session.holds[-1]
    assert session.phase == "resting"
    assert hold.end_reason == "therapist_felt_release"
    assert hold.duration_seconds == 40
    assert (hold.start_intensity, hold.lowest_intensity) == (6, 6)


def test_intensity_falling_to_half_its_start_ends_the_hold():
    session = run([Report(at(12), 6), Report(at(30), 4)], pressing())
    assert session.phase == "holding"
    session = run([Report(at(40), 3)], session)
    assert session.phase == "resting"
    assert session.holds[-1].end_reason == "intensity_halved"
    assert session.holds[-1].lowest_intensity == 3


def test_intensity_falling_to_two_ends_the_hold_even_when_not_yet_halved():
    session = run([Report(at(12), 3), Report(at(30), 2)], pressing())
    assert session.holds[-1].end_reason == "intensity_low"


def test_a_start_already_at_two_or_less_does_not_release_at_once():
    session = run([Report(at(12), 2), Report(at(20), 2)], pressing())
    assert session.phase == "holding"


def test_rising_intensity_never_releases():
    session = run([Report(at(12), 5), Report(at(20), 7), Report(at(30), 9)], pressing())
    assert session.phase == "holding"
    assert session.hold is not None and session.hold.start_intensity == 5


def test_the_cap_releases_at_the_first_tick_past_it():
    session = run([Report(at(12), 6), Tick(at(99))], pressing())
    assert session.phase == "holding"
    session = run([Tick(at(100))], session)
    hold = session.holds[-1]
    assert hold.end_reason == "cap_reached"
    assert hold.duration_seconds == 90


def test_any_late_event_applies_the_cap_first():
    session = run([Report(at(12), 6), Report(at(105), 5)], pressing())
    assert session.holds[-1].end_reason == "cap_reached"
    assert session.holds[-1].ended_at == at(105)


def test_the_cap_follows_the_settings_the_hold_started_with():
    session = run([Tick(at(40))], pressing(ProtocolSettings(hold_seconds=20, cap_seconds=30)))
    assert session.holds[-1].end_reason == "cap_reached"
    assert session.holds[-1].settings.cap_seconds == 30


@pytest.mark.parametrize("intensity", [None, 9, 2])
def test_the_clients_stop_releases_at_once_whatever_the_intensity(intensity):
    session = pressing()
    if intensity is not None:
        session = run([Report(at(11), intensity)], session)
    session = run([Stop(at(13))], session)
    assert session.phase == "resting"
    assert session.holds[-1].end_reason == "client_stop"
    assert session.holds[-1].ended_at == at(13)


def test_each_hold_logs_the_settings_it_ran_with():
    settings = ProtocolSettings(hold_seconds=45, cap_seconds=75, release_low=1)
    session = run([TherapistRelease(at(20))], pressing(settings))
    assert session.holds[-1].settings == settings
    assert session.holds[-1].to_dict()["settings"]["cap_seconds"] == 75
