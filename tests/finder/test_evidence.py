"""How a drawing becomes evidence: a CHOIR code over a fine mark, a slipped side."""

from triggerpoint.bodymap.regions import expand, region
from triggerpoint.finder import atlas_network, find, from_marks


def test_a_choir_code_with_a_fine_region_inside_it_counts_once():
    network = atlas_network()
    code = str(region("occiput-r").choir)
    both = from_marks(network, {code: 5, "occiput-r": 6})
    assert [p.label for p in both.positives] == ["occiput-r"]
    # The code still says "somewhere here": no negative evidence on its other regions.
    at = network.region_index()
    assert all(both.negative[at[r]] == 0.0 for r in expand(int(code)))


def test_the_fine_mark_keeps_the_stronger_intensity_of_the_two():
    network = atlas_network()
    code = str(region("occiput-r").choir)
    evidence = from_marks(network, {code: 8, "occiput-r": 3})
    assert evidence.positives[0].intensity == 8


def test_a_choir_code_alone_stays_one_finding_over_its_fine_regions():
    network = atlas_network()
    code = str(region("occiput-r").choir)
    evidence = from_marks(network, {code: 5, "temple-l": 4})
    assert {p.label for p in evidence.positives} == {code, "temple-l"}


def _rank(result, muscle, side):
    for n, c in enumerate(result.candidates, 1):
        if c.muscle == muscle and c.side == side:
            return n
    return len(result.candidates) + 1


# Travell & Simons' upper trapezius pattern (temple, neck angle, mastoid, behind the eye)
# and infraspinatus pattern (front of the shoulder, front and outer arm), each with one
# region drawn on the wrong side, the commonest drawing error (Scherrer 2021).
SLIPS = [
    ({"temple-r": 6, "angle-of-neck-r": 5, "mastoid-l": 4, "eye-r": 3}, "upper-trapezius", "right"),
    ({"temple-l": 6, "angle-of-neck-r": 5, "mastoid-l": 4, "eye-l": 3}, "upper-trapezius", "left"),
    ({"front-deltoid-r": 6, "front-arm-l": 5, "outer-arm-r": 3}, "infraspinatus", "right"),
]


def test_one_region_drawn_on_the_wrong_side_keeps_the_true_point_in_the_top_three():
    for marks, muscle, side in SLIPS:
        assert _rank(find(marks, top=20), muscle, side) <= 3, marks
