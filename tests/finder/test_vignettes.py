from eval.vignettes import baseline_ranking, load, rank_of_first_correct

from triggerpoint.bodymap.regions import resolve


def test_there_are_at_least_forty_ranked_vignettes_each_with_a_source():
    vignettes = load()
    assert sum(1 for v in vignettes if v.expect) >= 40
    assert all(v.source for v in vignettes)


def test_every_vignette_names_real_regions_and_muscles(atlas):
    for v in load():
        for token in v.drawing:
            assert resolve(token)
        assert set(v.expect) <= set(atlas.muscles), v.id


def test_flag_cases_cover_widespread_and_cardiac_patterns():
    flags = {code for v in load() for code in v.flags}
    assert {"widespread", "refer"} <= flags


def test_the_baseline_ranks_by_essential_zone_hits(atlas):
    v = next(v for v in load() if v.id == "soleus-heel")
    ranking = baseline_ranking(atlas, v.drawing)
    top = atlas.trigger_points[ranking[0]]
    assert "heel-r" in top.essential
    assert rank_of_first_correct(atlas, v, ranking) >= 1
