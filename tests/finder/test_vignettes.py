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


def test_every_group_the_issue_names_has_cases_and_a_held_out_part():
    vignettes = load()
    groups = {v.group for v in vignettes}
    assert {"multi-2", "multi-3", "distractor", "slip", "choir", "low-intensity"} <= groups
    for group in ("multi-2", "multi-3", "distractor", "slip", "choir", "low-intensity"):
        cases = [v for v in vignettes if v.group == group]
        assert len(cases) >= 5, group
        assert any(v.split == "held-out" for v in cases), group
    for v in vignettes:
        if v.group.startswith("multi-"):
            assert len(v.problems) == int(v.group[-1]), v.id


def test_a_multi_source_case_counts_all_in_top_three_only_when_every_problem_is_there(atlas):
    from eval.vignettes import all_in_top

    v = next(v for v in load() if v.id == "multi2-headache-and-hip-point")
    trapezius = "upper-trapezius-1-r"
    ql = "quadratus-lumborum-superficial-low-l"
    assert all_in_top(atlas, v, [trapezius, ql, "soleus-distal-r"])
    assert not all_in_top(atlas, v, [trapezius, "soleus-distal-r", "soleus-distal-l", ql])


def test_the_simulator_is_repeatable_and_draws_real_regions(atlas):
    from eval.simulate import drawings

    first = drawings(atlas, 5, 40)
    assert first == drawings(atlas, 5, 40)
    for case in first:
        assert case.marks and all(resolve(token) for token in case.marks)
        assert 1 <= len(case.active) <= 2
        assert all(1 <= x <= 10 for x in case.marks.values())
    assert all(len(c.active) == 2 for c in drawings(atlas, 6, 20, sources=2))


def test_expected_calibration_error_is_zero_when_stated_rates_come_true():
    from eval.reliability import ece

    honest = [(0.25, i % 4 == 0) for i in range(40)] + [(0.75, i % 4 != 0) for i in range(40)]
    assert ece(honest) < 1e-9
    assert abs(ece([(0.9, False)] * 10) - 0.9) < 1e-9


def test_the_longer_list_figure_grows_with_the_list_and_counts_only_whole_drawings(atlas):
    from eval.calibration import in_first_muscles
    from eval.context import Context
    from eval.simulate import Drawing

    ctx = Context(atlas=atlas, vignettes=[])
    # An upper trapezius headache and a soleus heel: both sources should be listed early;
    # a drawing whose second "source" left no mark can never count.
    both = Drawing(
        {"temple-r": 7, "angle-of-neck-r": 6, "heel-l": 7, "achilles-l": 5},
        ("upper-trapezius-1-r", "soleus-distal-l"),
    )
    unmarked = Drawing(
        {"temple-r": 7, "angle-of-neck-r": 6}, ("upper-trapezius-1-r", "soleus-distal-l")
    )
    shares = in_first_muscles(ctx, [both, unmarked], (2, 4, 6))
    assert shares == sorted(shares)
    assert shares[-1] == 0.5
