"""The red-flag vignettes of eval/vignettes.yaml: sourced, paired, and all passing."""

from __future__ import annotations

from eval import redflags
from eval.interactive import clients, rows, simulate

from triggerpoint.finder.redflags.symptoms import SYMPTOMS


def test_every_rule_has_a_positive_and_a_negative_vignette_that_pass():
    cases = redflags.cases()
    rules = {"cardiac", "radicular", "nerve", "widespread"} | {s.id for s in SYMPTOMS if s.level}
    for rule in rules:
        mine = [c for c in cases if c.rule == rule]
        assert any(c.positive for c in mine), rule
        assert any(not c.positive for c in mine), rule
    failing = [c.id for c in cases if not c.right]
    assert failing == []


def test_simulated_clients_are_reproducible_and_their_drawings_are_part_of_their_pain():
    first, again = clients(5, seed=7), clients(5, seed=7)
    assert first == again
    for client in first:
        assert client.drawing and set(client.drawing) <= client.pain


def test_questioning_asks_at_most_eight_and_reports_every_figure():
    outcomes = simulate(4, seed=3)
    assert all(0 <= o.questions <= 8 for o in outcomes)
    names = [name for name, _ in rows(outcomes)]
    assert "median questions to a clear leader" in names
    assert "top-1 after questions (muscle, side)" in names
