"""Quickscore with chains equals brute-force enumeration of the same model."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from triggerpoint.finder import Evidence, Network, Positive, infer
from triggerpoint.finder.brute import brute_force, brute_joint
from triggerpoint.finder.config import value
from triggerpoint.finder.inference import combinations

probability = st.floats(0.0, 0.9)


@st.composite
def networks(draw, max_nodes=8, max_regions=6):
    n = draw(st.integers(1, max_nodes))
    r = draw(st.integers(1, max_regions))
    link = np.array(
        [[draw(st.one_of(st.just(0.0), probability)) for _ in range(r)] for _ in range(n)]
    )
    prior = np.array([draw(st.floats(0.01, 0.6)) for _ in range(n)])
    leak = np.array([draw(st.floats(0.0, 0.3)) for _ in range(r)])
    order = draw(st.permutations(range(n)))
    n_keys = draw(st.integers(0, min(4, n - 1)))
    keys, others = order[:n_keys], order[n_keys:]
    edges = [(k, s) for k in keys for s in others if draw(st.booleans())]
    # Zone reach scales the links of regions left unmarked at the default strength.
    reach = draw(st.one_of(st.none(), st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    return Network(
        nodes=tuple(f"tp{i}" for i in range(n)),
        regions=tuple(f"region{j}" for j in range(r)),
        prior=prior,
        link=link,
        leak=leak,
        edge_key=np.array([k for k, _ in edges], dtype=np.int64),
        edge_satellite=np.array([s for _, s in edges], dtype=np.int64),
        induction=np.array([draw(st.floats(0.0, 0.9)) for _ in edges]),
        reach=None if reach is None else np.array(reach),
    )


@st.composite
def cases(draw):
    net = draw(networks())
    r = len(net.regions)
    marked = draw(st.lists(st.integers(0, r - 1), unique=True, max_size=r))
    positives = []
    for j in marked:
        # Sometimes a mark covers two regions, like a CHOIR code over its fine regions;
        # b > 0 because any mark may be a slip (impossible drawings have no posterior).
        extra = draw(st.sets(st.integers(0, r - 1), max_size=1))
        a, b = draw(st.floats(0.5, 1.0)), draw(st.floats(0.01, 0.5))
        positives.append(Positive(f"m{j}", tuple(sorted({j} | extra)), a, b))
    default = value("unmarked_strength")  # left unmarked: the strength reach applies to
    strengths = [0.0, 0.5, default, default, 0.9, 1.0]
    negative = np.array([draw(st.sampled_from(strengths)) for _ in range(r)])
    negative[[i for p in positives for i in p.regions]] = 0.0
    return net, Evidence(tuple(positives), negative)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_quickscore_equals_brute_force_enumeration(case):
    net, evidence = case
    result = infer(net, evidence)
    posterior, log_evidence = brute_force(net, evidence)
    assert result.method == "exact"
    np.testing.assert_allclose(result.posterior, posterior, atol=1e-9, rtol=0)
    assert abs(result.log_evidence - log_evidence) < 1e-9


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_joint_queries_equal_brute_force(case, data):
    net, evidence = case
    n = len(net.nodes)
    on = data.draw(st.sets(st.integers(0, n - 1), max_size=2))
    off = data.draw(st.sets(st.integers(0, n - 1), max_size=2)) - on
    expected = brute_joint(net, evidence, on, off)
    assert abs(infer(net, evidence).joint(on, off) - expected) < 1e-9


@settings(max_examples=80, deadline=None)
@given(cases(), st.data())
def test_leader_combinations_add_up_to_one_and_to_each_posterior(case, data):
    # Two paths through the code (the per-node posteriors and the joint table of a few
    # leaders) must tell one story: the table is a distribution whose margins are the
    # posteriors. (A range check would pass anything, since both are clipped to [0, 1].)
    net, evidence = case
    result = infer(net, evidence)
    n = len(net.nodes)
    leaders = data.draw(st.lists(st.integers(0, n - 1), unique=True, min_size=1, max_size=3))
    joints = combinations(result, leaders)
    assert abs(joints.sum() - 1.0) < 1e-9
    for t, i in enumerate(leaders):
        on = sum(joint for x, joint in enumerate(joints) if x >> t & 1)
        assert abs(on - result.posterior[i]) < 1e-9


@settings(max_examples=80, deadline=None)
@given(cases(), st.data())
def test_every_on_off_combination_of_leaders_equals_brute_force(case, data):
    net, evidence = case
    n = len(net.nodes)
    leaders = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=4))
    joints = combinations(infer(net, evidence), leaders)
    for x, joint in enumerate(joints):
        on = {i for t, i in enumerate(leaders) if x >> t & 1}
        expected = brute_joint(net, evidence, on, set(leaders) - on)
        assert abs(joint - expected) < 1e-9


def _two_key_network():
    # Nodes 0 and 1 are keys that share satellite 2; node 3 is plain, node 4 links to no
    # mark. Every mark is shared, so one component holds the satellite pair correction.
    link = np.array(
        [
            [0.7, 0.0, 0.25, 0.0],
            [0.0, 0.6, 0.25, 0.0],
            [0.6, 0.6, 0.0, 0.0],
            [0.25, 0.7, 0.6, 0.0],
            [0.0, 0.0, 0.0, 0.7],
        ]
    )
    return Network(
        nodes=tuple(f"tp{i}" for i in range(5)),
        regions=tuple(f"region{j}" for j in range(4)),
        prior=np.array([0.1, 0.15, 0.05, 0.08, 0.12]),
        link=link,
        leak=np.array([0.1, 0.05, 0.2, 0.1]),
        edge_key=np.array([0, 1], dtype=np.int64),
        edge_satellite=np.array([2, 2], dtype=np.int64),
        induction=np.array([0.4, 0.3]),
    )


def test_a_satellite_of_two_keys_and_its_leader_combinations_equal_brute_force():
    net = _two_key_network()
    positives = tuple(Positive(f"m{j}", (j,), 1.0, 0.1) for j in range(3))
    evidence = Evidence(positives, np.array([0.0, 0.0, 0.0, 0.5]))
    result = infer(net, evidence)
    posterior, _ = brute_force(net, evidence)
    np.testing.assert_allclose(result.posterior, posterior, atol=1e-9, rtol=0)
    leaders = [2, 0, 3, 4]
    for x, joint in enumerate(combinations(result, leaders)):
        on = {i for t, i in enumerate(leaders) if x >> t & 1}
        assert abs(joint - brute_joint(net, evidence, on, set(leaders) - on)) < 1e-9


def test_a_mark_over_the_budget_is_labelled_approximate_and_exact_for_a_single_cause(
    monkeypatch,
):
    from triggerpoint.finder import config

    # Budget of 2^2 numbers: the three marks of node 0's group cannot all enter exactly.
    monkeypatch.setitem(config.BY_NAME, "exact_cells", config.Setting("exact_cells", 4, "test"))
    link = np.array([[0.7, 0.6, 0.5], [0.6, 0.6, 0.0], [0.0, 0.0, 0.0]])
    net = Network(
        nodes=("tp0", "tp1", "tp2"),
        regions=("region0", "region1", "region2"),
        prior=np.array([0.1, 0.2, 0.05]),
        link=link,
        leak=np.array([0.1, 0.1, 0.1]),
    )
    # Mark 2 is the weakest and only node 0 refers there: folding it as a likelihood
    # ratio is then exact, though the answer still says it took the approximate path.
    positives = (
        Positive("m0", (0,), 1.0, 0.05, 8.0),
        Positive("m1", (1,), 1.0, 0.05, 7.0),
        Positive("m2", (2,), 1.0, 0.2, 2.0),
    )
    evidence = Evidence(positives, np.zeros(3))
    result = infer(net, evidence)
    assert result.method == "approximate"
    assert result.exact_positives == (0, 1)
    posterior, log_evidence = brute_force(net, evidence)
    np.testing.assert_allclose(result.posterior, posterior, atol=1e-9, rtol=0)
    assert abs(result.log_evidence - log_evidence) < 1e-9


@settings(max_examples=60, deadline=None)
@given(cases(), st.data())
def test_the_grouped_path_for_large_groups_equals_brute_force_too(case, data):
    # Large groups build node tables per set of reached marks instead of one dense
    # matrix; force that path on small cases and hold it to the same reference.
    from triggerpoint.finder.inference import component

    net, evidence = case
    saved = component.DENSE_CELLS
    component.DENSE_CELLS = 0
    try:
        result = infer(net, evidence)
        n = len(net.nodes)
        leaders = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=3))
        joints = combinations(result, leaders)
    finally:
        component.DENSE_CELLS = saved
    posterior, log_evidence = brute_force(net, evidence)
    np.testing.assert_allclose(result.posterior, posterior, atol=1e-9, rtol=0)
    assert abs(result.log_evidence - log_evidence) < 1e-9
    for x, joint in enumerate(joints):
        on = {i for t, i in enumerate(leaders) if x >> t & 1}
        assert abs(joint - brute_joint(net, evidence, on, set(leaders) - on)) < 1e-9
