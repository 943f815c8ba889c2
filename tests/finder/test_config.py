from triggerpoint.finder.config import BY_NAME, SETTINGS, value


def test_every_setting_says_why_it_has_its_value():
    undocumented = [s.name for s in SETTINGS if len(s.rationale.split()) < 5]
    assert undocumented == []


def test_setting_names_are_unique():
    assert len(BY_NAME) == len(SETTINGS)


def test_the_numbers_follow_the_design_ranges():
    assert value("link_local") >= value("link_essential") > value("link_spillover") > 0
    assert 0.05 <= value("leak_default") <= value("leak_unreferred") <= 0.2
    assert 0.02 <= value("prior_occasional") < value("prior_frequent") < value("prior_common")
    assert value("prior_common") <= 0.15
    assert value("false_mark_strong") < value("false_mark_weak") < 1
