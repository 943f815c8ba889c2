"""Invariants of the finder on the real atlas."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triggerpoint.bodymap.regions import fine_regions, mirror
from triggerpoint.finder import atlas_network, from_marks, infer

REGIONS = sorted(fine_regions())
NETWORK = atlas_network()
drawings = st.dictionaries(
    st.sampled_from(REGIONS), st.integers(1, 10).map(float), min_size=1, max_size=7
)
fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mirror_node(node: str) -> str:
    return node[:-1] + ("l" if node.endswith("r") else "r")


def posterior(marks, answered_no=()):
    return infer(NETWORK, from_marks(NETWORK, marks, answered_no)).posterior


@fast
@given(drawings)
def test_mirroring_the_drawing_mirrors_the_result(marks):
    mirrored = posterior({mirror(r): x for r, x in marks.items()})
    original = posterior(marks)
    at = NETWORK.index()
    swap = [at[mirror_node(node)] for node in NETWORK.nodes]
    np.testing.assert_allclose(mirrored[swap], original, atol=1e-9)


def exclusive_regions():
    """(region, the one trigger point that refers there) pairs; the faint mirror-image
    links every point has to the other side (a slipped mark) do not count."""
    referring = NETWORK.link > NETWORK.setting("link_mirror")
    only = np.flatnonzero(referring.sum(axis=0) == 1)
    return [(NETWORK.regions[r], int(np.flatnonzero(referring[:, r])[0])) for r in only]


EXCLUSIVE = exclusive_regions()


def test_the_atlas_has_regions_only_one_point_refers_to():
    assert len(EXCLUSIVE) >= 5


@fast
@given(drawings, st.sampled_from(EXCLUSIVE), st.integers(1, 10))
def test_marking_a_region_only_x_refers_to_never_lowers_x(marks, exclusive, intensity):
    region_id, x = exclusive
    marks.pop(region_id, None)
    before = posterior(marks)[x]
    after = posterior({**marks, region_id: float(intensity)})[x]
    assert after >= before - 1e-12


@fast
@given(drawings, st.sampled_from(EXCLUSIVE))
def test_answering_no_for_a_region_only_x_refers_to_lowers_x(marks, exclusive):
    # "No pain there" is stronger evidence than leaving the region unmarked, and only x
    # could have sent pain there, so x must fall (unless it was already near certain).
    region_id, x = exclusive
    marks.pop(region_id, None)
    if not marks:
        return
    before = posterior(marks)[x]
    after = posterior(marks, [region_id])[x]
    assert after <= before + 1e-12
    if 1e-9 < before < 1 - 1e-9:
        assert after < before


def test_a_choir_code_counts_as_any_of_its_fine_regions():
    # 219 is the right lower back; it holds the right iliac crest among others.
    choir = posterior({"219": 6})
    assert choir.max() > 0 and np.isfinite(choir).all()
    at = NETWORK.index()
    ql = at["quadratus-lumborum-superficial-r"]
    assert choir[ql] > NETWORK.prior[ql]


def test_more_than_sixteen_marks_are_approximate_and_say_so():
    marks = dict.fromkeys(REGIONS[:20], 5.0)
    result = infer(NETWORK, from_marks(NETWORK, marks))
    assert result.method == "approximate"
    # Still an answer about these marks: the leading point refers to at least one of them.
    assert np.isfinite(result.posterior).all()
    leader = int(np.argmax(result.posterior))
    marked = [NETWORK.regions.index(r) for r in marks]
    assert NETWORK.link[leader, marked].max() > NETWORK.setting("link_mirror")


@pytest.mark.parametrize("count", [4, 16])
def test_up_to_sixteen_marks_are_exact(count):
    marks = dict.fromkeys(REGIONS[100 : 100 + count], 5.0)
    assert infer(NETWORK, from_marks(NETWORK, marks)).method == "exact"
