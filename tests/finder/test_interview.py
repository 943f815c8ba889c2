"""Interactive questioning: informative questions, no repeats, a stop when clear."""

from __future__ import annotations

from triggerpoint.finder.interview import Interview, is_clear, replay, run


def test_a_truthful_client_brings_the_hidden_source_to_the_top(atlas):
    tp = atlas.trigger_points["upper-trapezius-1-r"]
    pain = set(tp.local) | set(tp.essential)
    # One mark at the neck angle, shared with levator scapulae and splenius cervicis: the
    # answers must bring upper trapezius up. (A temple mark alone, answered yes behind
    # the eye, is the suboccipital pattern itself, and questioning rightly stops there.)
    interview = Interview({"angle-of-neck-r": 6.0})
    result = run(interview, replay(interview.drawing, pain))
    assert interview.asked, "one neck mark leaves the leader unclear"
    assert result.leader is not None and result.leader.muscle == "upper-trapezius"
    assert result.leader.side == "right"


def test_no_region_is_asked_twice_or_asked_after_it_was_marked():
    interview = Interview({"si-joint-r": 5.0, "lateral-thigh-r": 5.0})
    run(interview, lambda q: 0.0)
    assert len(interview.asked) == len(set(interview.asked))
    assert not set(interview.asked) & {"si-joint-r", "lateral-thigh-r"}


def test_questioning_stops_at_once_when_the_leader_is_already_clear(atlas):
    tp = atlas.trigger_points["upper-trapezius-1-r"]
    interview = Interview(dict.fromkeys([*tp.essential, *tp.local], 6.0))
    assert is_clear(interview.result())
    run(interview, lambda q: 5.0)
    assert interview.asked == []


def test_the_person_can_stop_answering():
    interview = Interview({"temple-r": 6.0})
    run(interview, lambda q: None)
    assert interview.asked == []
