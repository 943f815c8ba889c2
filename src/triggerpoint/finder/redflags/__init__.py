"""Red flags: when a drawing is not (only) a trigger point question, and what to do.

The rules and their sources are in `rules`; where on the body each looks, in `sites`;
the symptoms a drawing cannot show, in `symptoms`. `evaluate` runs them all and returns
the flags most urgent first, so a result can lead with what to do.
"""

from __future__ import annotations

from collections.abc import Mapping

from triggerpoint.finder.redflags import rules, sites
from triggerpoint.finder.redflags.symptoms import BY_ID, SYMPTOMS
from triggerpoint.finder.result import LEVELS, Flag, SafetyQuestion

__all__ = ["BY_ID", "SYMPTOMS", "evaluate", "safety_questions"]


def evaluate(
    marks: Mapping[str, float],
    qualities: Mapping[str, str],
    symptoms: Mapping[str, bool],
    none_shares: Mapping[str, float],
) -> tuple[Flag, ...]:
    """All flags for a drawing, most urgent level first (rule order within a level)."""
    marked = {token: x for token, x in marks.items() if x > 0}
    found = [
        rules.cardiac(marked, symptoms),
        *rules.systemic(symptoms),
        rules.radicular(marked, qualities),
        rules.nerve_quality(marked, qualities),
        rules.widespread(marked),
        rules.unexplained(none_shares, marked),
    ]
    flags = [flag for flag in found if flag is not None]
    return tuple(sorted(flags, key=lambda flag: LEVELS.index(flag.level)))


def safety_questions(
    marks: Mapping[str, float], symptoms: Mapping[str, bool]
) -> tuple[SafetyQuestion, ...]:
    """The systemic questions not yet answered; the exertion question only when a mark
    lies where cardiac pain is felt."""
    cardiac = any(sites.token_cardiac_sites(t) for t, x in marks.items() if x > 0)
    return tuple(
        SafetyQuestion(s.id, s.question)
        for s in SYMPTOMS
        if s.id not in symptoms and (s.id != "exertion" or cardiac)
    )
