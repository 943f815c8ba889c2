"""Derived satellite candidates follow the rule: location in the key's essential zone."""

from __future__ import annotations


def test_derived_edges_satisfy_the_geometric_rule(atlas):
    derived = [e for e in atlas.satellites if e.derived]
    assert derived
    for edge in derived:
        key, satellite = atlas.trigger_points[edge.key], atlas.trigger_points[edge.satellite]
        assert satellite.location in key.essential
        assert satellite.muscle != key.muscle
        assert satellite.side == key.side
        assert edge.sources == key.sources


def test_no_pair_is_both_cited_and_derived(atlas):
    pairs = [(e.key, e.satellite) for e in atlas.satellites]
    assert len(pairs) == len(set(pairs))


def test_levator_scapulae_is_a_candidate_key_for_the_rhomboids(atlas):
    edges = atlas.satellites_of("levator-scapulae-upper-r")
    assert any(e.satellite == "rhomboids-1-r" and e.derived for e in edges)
    assert any(e.key == "levator-scapulae-upper-r" for e in atlas.keys_of("rhomboids-1-r"))


def test_a_point_is_never_its_own_candidate(atlas):
    assert all(e.key != e.satellite for e in atlas.satellites)


def test_referring_to_puts_essential_before_spillover(atlas):
    zones = [zone for _, zone in atlas.referring_to("temple-r")]
    assert zones == sorted(zones, key=["essential", "spillover", "local"].index)
    assert zones[0] == "essential" and "spillover" in zones
