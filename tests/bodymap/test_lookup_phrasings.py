"""The look-up on everyday phrasings: >= 97% right first and never the wrong side,
on the phrasings it was tuned on and on the ones held back (`python -m eval.lookup`)."""

import pytest
from eval.lookup import SETS, evaluate, load


@pytest.mark.parametrize("name", list(SETS))
def test_everyday_phrasings_find_the_meant_region(name, capsys):
    outcomes = evaluate(load(SETS[name]))
    right = sum(o.right for o in outcomes) / len(outcomes)
    wrong_side = [o.phrasing.say for o in outcomes if o.wrong_side]
    with capsys.disabled():
        print(
            f"\nlook-up, {name}: {len(outcomes)} phrasings, top-1 {right:.1%}, "
            f"wrong side {len(wrong_side)}"
        )
    assert wrong_side == []
    assert right >= 0.97


def test_the_test_set_is_large_and_covers_every_region():
    from triggerpoint.bodymap.regions import fine_regions

    phrasings = [p for file in SETS.values() for p in load(file)]
    assert len(phrasings) >= 300
    held_out = load(SETS["held out"])
    assert len(held_out) >= 0.2 * len(phrasings)
    named = {r for p in phrasings for r in p.want}
    assert named <= set(fine_regions())
    bases = {r.rsplit("-", 1)[0] for r in named}
    assert bases == {r.base for r in fine_regions().values()}
