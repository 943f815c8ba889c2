from triggerpoint.finder.config import BY_NAME, SETTINGS, value


def test_every_setting_says_why_it_has_its_value():
    undocumented = [s.name for s in SETTINGS if len(s.rationale.split()) < 5]
    assert undocumented == []


def test_setting_names_are_unique():
    assert len(BY_NAME) == len(SETTINGS)


def test_the_fitted_numbers_keep_the_order_the_literature_gives():
    assert value("link_essential") > value("link_spillover") > value("link_mirror") > 0
    assert value("link_local") > value("link_spillover")
    assert 0 < value("leak_default") < value("leak_unreferred") < 0.5
    assert 0 < value("prior_occasional") < value("prior_frequent") < value("prior_common") < 0.2
    assert value("false_mark_strong") < value("false_mark_weak") < 1


def test_fitted_numbers_say_so_and_where_they_started():
    fitted = [s for s in SETTINGS if "fitted" in s.rationale]
    assert len(fitted) >= 12
    assert all(
        "from " in s.rationale or "Platt" in s.rationale or "slope" in s.rationale for s in fitted
    )


def test_the_shown_probability_keeps_the_order_of_the_posteriors():
    from triggerpoint.finder.calibration import calibrated

    grid = [i / 100 for i in range(1, 100)]
    shown = [calibrated(p) for p in grid]
    assert shown == sorted(shown)
    assert all(0 < q < 1 for q in shown)
