"""The learning loop's arithmetic: Beta posterior priors and the calibration bins."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.finder import find
from triggerpoint.finder.learning import (
    PRIOR_STRENGTH,
    Count,
    calibration,
    posterior_prior,
    predicted,
    with_counts,
)

priors = st.floats(min_value=1e-4, max_value=1 - 1e-4)
strengths = st.floats(min_value=0.5, max_value=500)


@st.composite
def counts(draw: st.DrawFn) -> Count:
    examined = draw(st.integers(min_value=0, max_value=10_000))
    return Count(examined, draw(st.integers(min_value=0, max_value=examined)))


@settings(max_examples=200)
@given(prior=priors, count=counts(), strength=strengths)
def test_the_posterior_prior_stays_a_probability(prior, count, strength):
    assert 0.0 < posterior_prior(prior, count, strength) < 1.0


@settings(max_examples=200)
@given(prior=priors, count=counts(), strength=strengths)
def test_the_posterior_prior_lies_between_the_atlas_prior_and_the_observed_rate(
    prior, count, strength
):
    posterior = posterior_prior(prior, count, strength)
    if count.rate is None:
        assert posterior == pytest.approx(prior)
    else:
        low, high = sorted((prior, count.rate))
        assert low - 1e-12 <= posterior <= high + 1e-12


@settings(max_examples=100)
@given(prior=priors, tenths=st.integers(min_value=0, max_value=10), strength=strengths)
def test_more_examinations_at_the_same_rate_move_the_prior_closer_to_that_rate(
    prior, tenths, strength
):
    rate = tenths / 10
    small, large = Count(10, tenths), Count(1000, 100 * tenths)
    gap_small = abs(posterior_prior(prior, small, strength) - rate)
    gap_large = abs(posterior_prior(prior, large, strength) - rate)
    assert gap_large <= gap_small + 1e-12


def test_the_atlas_prior_weighs_as_much_as_its_declared_pseudo_count():
    # 20 pseudo-examinations at 0.1 plus 20 real ones all confirmed: halfway to 1.
    assert PRIOR_STRENGTH.value == 20
    assert posterior_prior(0.1, Count(20, 20)) == pytest.approx(0.55)
    assert PRIOR_STRENGTH.rationale


def test_a_count_cannot_confirm_more_than_it_examined():
    with pytest.raises(ValueError, match="confirmed"):
        Count(2, 3)
    with pytest.raises(ValueError):
        Count(2, -1)


def test_counts_change_only_the_counted_points_and_ignore_unknown_ids(network):
    node = network.nodes[0]
    learned = with_counts(network, {node: Count(100, 90), "no-such-point-r": Count(5, 5)})
    assert learned.prior[0] > network.prior[0]
    assert (learned.prior[1:] == network.prior[1:]).all()
    assert (learned.link == network.link).all()
    assert with_counts(network, {}) is network


def test_a_clinic_that_confirms_a_point_often_sees_it_ranked_higher(network):
    marks = {"temple-r": 6.0, "side-neck-r": 5.0}
    before = find(marks, network=network)
    runner_up = before.candidates[1].trigger_point
    learned = with_counts(network, {runner_up: Count(200, 190)})
    after = find(marks, network=learned)
    probability = {c.trigger_point: c.probability for c in after.candidates}
    assert probability[runner_up] > before.candidates[1].probability


def test_predictions_without_marks_are_the_priors(network):
    assert list(predicted(network, {}).values()) == network.prior.tolist()
    with_pain = predicted(network, {"temple-r": 6.0})
    assert with_pain != predicted(network, {})
    # Temple pain makes the point that lies under the temple and refers there likelier.
    before = predicted(network, {})["temporalis-middle-r"]
    assert with_pain["temporalis-middle-r"] > 2 * before


def test_calibration_bins_count_predictions_and_confirmations():
    pairs = [(0.05, False), (0.1, False), (0.15, True), (0.9, True), (1.0, True), (0.5, False)]
    bins = calibration(pairs, bins=5)
    assert (bins[0].low, bins[0].high) == (0.0, 0.2)
    assert [b.examined for b in bins] == [3, 0, 1, 0, 2]
    assert [b.confirmed for b in bins] == [1, 0, 0, 0, 2]
    assert bins[0].rate == pytest.approx(1 / 3)
    assert bins[0].mean_predicted == pytest.approx(0.1)
    assert bins[1].rate is None and bins[1].mean_predicted is None


@settings(max_examples=100)
@given(
    pairs=st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.booleans()), max_size=60),
    bins=st.integers(min_value=1, max_value=12),
)
def test_every_prediction_lands_in_exactly_one_bin_that_covers_it(pairs, bins):
    result = calibration(pairs, bins)
    assert sum(b.examined for b in result) == len(pairs)
    assert sum(b.confirmed for b in result) == sum(1 for _, c in pairs if c)
    for b in result:
        if b.mean_predicted is not None:
            assert b.low - 1e-12 <= b.mean_predicted <= b.high + 1e-12


def test_calibration_refuses_probabilities_outside_zero_to_one():
    with pytest.raises(ValueError):
        calibration([(1.5, True)])


@pytest.mark.parametrize("prior", [0.0, 1.0, -0.1, 1.1])
def test_a_prior_of_certainty_or_impossibility_is_refused(prior):
    # A prior of 0 or 1 could never learn from any count: the data would change nothing.
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        posterior_prior(prior, Count(10, 5))
