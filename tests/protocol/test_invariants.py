"""Random event sequences: whatever the therapist, the client and the clock do, the
session stays in a legal state and its record stays honest."""

from datetime import timedelta

from hypothesis import event as hypothesis_event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from triggerpoint.protocol import (
    END_REASONS,
    Event,
    Finish,
    Locate,
    Press,
    ProtocolError,
    ProtocolSettings,
    Report,
    RestDone,
    Skip,
    Start,
    Stop,
    StretchDone,
    TherapistRelease,
    Tick,
    apply,
    replay,
    screen,
    session_from_dict,
    session_to_dict,
)
from triggerpoint.protocol.events import REPORTERS
from triggerpoint.protocol.session import Session

from .timeline import OTHER, POINT, T0

MAX_STEP = 30.0  # seconds between two events, the longest "tick interval" here
POINTS = (POINT, OTHER, "infraspinatus-1-r")

# Only these phases take each of these events (after the cap rule has run).
ONLY_IN = {
    "start": {"new"},
    "locate": {"ready"},
    "press": {"located"},
    "therapist_release": {"holding"},
    "rest_done": {"resting"},
    "stretch_done": {"stretching"},
    "finish": {"ready"},
}

ANY_EVENT = [
    lambda at, settings: Start(at, (POINT,), settings),
    lambda at, settings: Locate(at, OTHER),
    lambda at, settings: Press(at),
    lambda at, settings: Report(at, 9),
    lambda at, settings: Report(at, 1, "therapist"),
    lambda at, settings: TherapistRelease(at),
    lambda at, settings: Tick(at),
    lambda at, settings: Stop(at),
    lambda at, settings: RestDone(at),
    lambda at, settings: StretchDone(at),
    lambda at, settings: Skip(at),
    lambda at, settings: Finish(at),
]

protocol_settings = st.builds(
    ProtocolSettings,
    hold_seconds=st.sampled_from([20.0, 30.0, 60.0]),
    cap_seconds=st.sampled_from([60.0, 90.0]),
    cycles=st.integers(1, 3),
    rest_seconds=st.sampled_from([0.0, 10.0]),
)


class SessionMachine(RuleBasedStateMachine):
    @initialize(settings=protocol_settings, plan=st.lists(st.sampled_from(POINTS), unique=True))
    def begin(self, settings, plan):
        self.session = Session()
        self.now = T0
        self.max_step = 0.0
        self.feed(Start(T0, tuple(plan), settings))

    def feed(self, event: Event) -> None:
        before = self.session
        timed_phase = before.phase
        hold = before.hold
        if hold is not None and hold.seconds_at(event.at) >= hold.settings.cap_seconds:
            timed_phase = "resting"
        allowed = ONLY_IN.get(event.kind)
        try:
            after = apply(before, event)
        except ProtocolError as error:
            assert self.session is before
            assert error.event == event.kind
            if event.at >= (before.last_at or event.at):
                assert error.phase == timed_phase
            assert allowed is None or timed_phase not in allowed
            self.keep_the_clock_ticking(event.at)
            return
        assert allowed is None or timed_phase in allowed, f"{event.kind} taken in {timed_phase}"
        if event.kind == "stop" and timed_phase == "holding":
            assert after.phase == "resting"
            assert after.holds[-1].ended_at == event.at
            assert after.holds[-1].end_reason == "client_stop"
        if len(after.holds) > len(before.holds):
            hypothesis_event(f"hold ended: {after.holds[-1].end_reason}")
        self.session = after

    def keep_the_clock_ticking(self, now):
        # The live screen ticks every few seconds whatever else is refused, so the
        # cap is applied within one step even after a run of refused events.
        if self.session.phase not in ("new", "done"):
            self.session = apply(self.session, Tick(now))

    def later(self, seconds: float):
        self.max_step = max(self.max_step, seconds)
        self.now += timedelta(seconds=seconds)
        return self.now

    # Rules guarded by the phase keep sessions moving through every step;
    # `any_event` throws in anything at all, legal or not.
    @precondition(lambda self: self.session.phase == "ready")
    @rule(dt=st.floats(0, MAX_STEP), point=st.sampled_from(POINTS))
    def locate(self, dt, point):
        self.feed(Locate(self.later(dt), point))

    @precondition(lambda self: self.session.phase == "located")
    @rule(dt=st.floats(0, MAX_STEP))
    def press(self, dt):
        self.feed(Press(self.later(dt)))

    @precondition(lambda self: self.session.phase == "holding")
    @rule(dt=st.floats(0, MAX_STEP), intensity=st.integers(0, 10), by=st.sampled_from(REPORTERS))
    def report(self, dt, intensity, by):
        self.feed(Report(self.later(dt), intensity, by))

    @precondition(lambda self: self.session.phase == "holding")
    @rule(dt=st.floats(0, MAX_STEP))
    def tick(self, dt):
        self.feed(Tick(self.later(dt)))

    @precondition(lambda self: self.session.phase == "holding")
    @rule(dt=st.floats(0, MAX_STEP))
    def therapist_release(self, dt):
        self.feed(TherapistRelease(self.later(dt)))

    @precondition(lambda self: self.session.phase == "holding")
    @rule(dt=st.floats(0, MAX_STEP))
    def client_stop(self, dt):
        self.feed(Stop(self.later(dt)))

    @precondition(lambda self: self.session.phase == "resting")
    @rule(dt=st.floats(0, MAX_STEP))
    def rest_done(self, dt):
        self.feed(RestDone(self.later(dt)))

    @precondition(lambda self: self.session.phase == "stretching")
    @rule(dt=st.floats(0, MAX_STEP))
    def stretch_done(self, dt):
        self.feed(StretchDone(self.later(dt)))

    @rule(dt=st.floats(0, MAX_STEP), make=st.sampled_from(ANY_EVENT), settings=protocol_settings)
    def any_event(self, dt, make, settings):
        self.feed(make(self.later(dt), settings))

    @rule(back=st.floats(0.001, 5))
    def event_from_the_past(self, back):
        with_past = Press(self.now - timedelta(seconds=back))
        if self.session.last_at is not None and with_past.at < self.session.last_at:
            before = self.session
            try:
                apply(before, with_past)
            except ProtocolError as error:
                assert "earlier than the last event" in str(error)
            else:
                raise AssertionError("an event from the past was accepted")

    @invariant()
    def the_phase_and_the_hold_agree(self):
        assert (self.session.phase == "holding") == (self.session.hold is not None)
        current_needed = self.session.phase in ("located", "holding", "resting", "stretching")
        assert (self.session.current is not None) == current_needed

    @invariant()
    def every_hold_ended_by_a_release_rule_within_one_tick_of_the_cap(self):
        for hold in self.session.holds:
            assert hold.end_reason in END_REASONS
            cap = hold.settings.cap_seconds
            assert 0 <= hold.duration_seconds <= cap + MAX_STEP
            if hold.end_reason != "cap_reached":
                assert hold.duration_seconds < cap
            else:
                assert hold.duration_seconds >= cap

    @invariant()
    def timings_are_monotonic(self):
        times = [event.at for event in self.session.events]
        assert times == sorted(times)
        ends = [(h.started_at, h.ended_at) for h in self.session.holds]
        flat = [t for pair in ends for t in pair]
        assert flat == sorted(flat)

    @invariant()
    def the_log_replays_to_the_same_session(self):
        assert replay(self.session.events) == self.session
        assert session_from_dict(session_to_dict(self.session)) == self.session

    @invariant()
    def ease_off_shows_exactly_when_intensity_reaches_eight(self):
        shown = "ease_off" in screen(self.session, self.now).codes
        hold = self.session.hold
        expected = (
            hold is not None
            and hold.last_intensity is not None
            and hold.last_intensity >= hold.settings.ease_off_at
        )
        assert shown == expected


SessionMachine.TestCase.settings = hypothesis_settings(
    max_examples=60, stateful_step_count=40, deadline=None
)
test_random_sessions_keep_their_invariants = SessionMachine.TestCase
