"""Find body regions from the words a person types ("my left jaw joint", "tempel R").

`interpret` reads a phrase the way a client means it and answers with one of:

- ``found``: one place, on the side the person named (or both sides, when they said
  "both" or "left and right", or when the place lies on the midline: "my tailbone").
- ``side-needed``: one place but no side ("my calf"). The body map marks each side on
  its own and a pain drawing on the wrong side points the finder at the wrong muscles,
  so the look-up asks "which side?" instead of guessing; the candidates are the place on
  both sides, right first, for a client or page to pick from.
- ``ambiguous``: the words fit more than one place about equally ("hand" is the palm or
  the back of the hand); the candidates come with the reason, never a tie broken by the
  alphabet. Words naming the left side for one place and the right for another ("left
  knee and right hip") are ambiguous too, with no candidates: one place at a time.
- ``none``: nothing the body map knows.

A region on the side opposite to the one the person named is never returned, not even
among the candidates (side words: `sides.py`). Similarity is rapidfuzz's token-set and
token-sort ratios of the content words, after each unknown word is corrected to the
nearest known one within one or two edits (optimal string alignment, so "tempel" is one
slip from "temple"). Places within `TIE_MARGIN` of the best are a tie, except that an
exact phrase beats near ones and a phrase chosen in phrases.yaml beats a synonym that
regions.yaml gives to several places.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from triggerpoint.bodymap.choir import Side
from triggerpoint.bodymap.phrases import (
    Phrase,
    content_words,
    part_words,
    region_phrases,
    spellings,
    tokens,
    vocabulary,
)
from triggerpoint.bodymap.regions import BOTH_SIDES, SUFFIX, fine_regions
from triggerpoint.bodymap.sides import SideSpec, split_side

Status = Literal["found", "side-needed", "ambiguous", "none"]
MIN_SCORE = 0.7  # below this a phrase names nothing the map knows
TIE_MARGIN = 0.06  # places scoring this close to the best are equally good readings
OTHER_PART = 0.85  # a phrase naming none of the body parts typed ("hip" for "front shin")


@dataclass(frozen=True, slots=True)
class Match:
    region_id: str
    label: str
    score: float
    matched: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What a phrase means on the body map; see the module docstring for `status`."""

    text: str
    status: Status
    side: SideSpec | None
    regions: tuple[str, ...]  # the answer when found: one region, or one per side
    candidates: tuple[Match, ...]  # best first, only on the side(s) the person named
    reason: str


@dataclass(frozen=True, slots=True)
class _Scored:
    base: str
    score: float
    phrase: Phrase


@cache
def _known() -> list[tuple[Phrase, str]]:
    """Every known phrase with its content words, sorted."""
    rows = []
    for phrases in region_phrases().values():
        for phrase in phrases:
            words = content_words(tokens(phrase.text))
            if words:
                rows.append((phrase, " ".join(sorted(words))))
    return rows


@cache
def _choices() -> tuple[str, ...]:
    return tuple(words for _, words in _known())


def _correct(word: str) -> str | None:
    """The known word one slip away (two for long words); None for an unknown word."""
    known = spellings()
    if word in known:
        return word
    if len(word) < 3:
        return None
    limit = 1 if len(word) <= 5 else 2
    close = process.extract(word, known, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not close:
        return None
    fewest = min(distance for _, distance, _ in close)
    nearest = [w for w, distance, _ in close if distance == fewest]
    return max(sorted(nearest), key=lambda w: fuzz.ratio(word, w))


def _query(words: list[str]) -> str:
    """The content words of a phrase, each mistyped word replaced by the known one."""
    filler = vocabulary().filler
    corrected = [w if w in filler else _correct(w) for w in words]
    return " ".join(content_words([w for w in corrected if w]))


def _scores(query: str) -> list[float]:
    """Similarity 0-1 of the query to every known phrase, in `_known()` order."""
    # Token-set finds a known phrase inside a longer sentence; token-sort then prefers
    # the phrase that uses all of the words over one that shares only some of them.
    choices = _choices()
    both = process.cdist([query], choices, scorer=fuzz.token_set_ratio)[0]
    both += process.cdist([query], choices, scorer=fuzz.token_sort_ratio)[0]
    return [float(x) / 200 for x in both]


@cache
def _parts() -> tuple[frozenset[str], ...]:
    return tuple(part_words(words) for _, words in _known())


def _rank(readings: list[list[str]]) -> list[_Scored]:
    """Each region's best phrase for any reading of the words, best first."""
    best: dict[str, _Scored] = {}
    for query in filter(None, (_query(words) for words in readings)):
        typed = part_words(query)
        scores = _scores(query)
        for (phrase, _), parts, score in zip(_known(), _parts(), scores, strict=True):
            if typed and parts and not typed & parts:
                score *= OTHER_PART
            if phrase.base not in best or score > best[phrase.base].score:
                best[phrase.base] = _Scored(phrase.base, score, phrase)
    order = {base: n for n, base in enumerate(region_phrases())}
    return sorted(best.values(), key=lambda s: (-s.score, order[s.base]))


def _tied(scored: list[_Scored]) -> list[_Scored]:
    """The places as good as the best. An exact phrase beats any near one, and a
    phrase chosen in phrases.yaml to tell neighbours apart beats a shared synonym."""
    exact = [s for s in scored if s.score == 1.0]
    if not exact:
        return [s for s in scored if s.score >= scored[0].score - TIE_MARGIN]
    curated = [s for s in exact if s.phrase.curated]
    return curated or exact


def _sides(side: SideSpec | None) -> tuple[Side, ...]:
    if side == "left" or side == "right":
        return (side,)
    return BOTH_SIDES


def _matches(scored: list[_Scored], side: SideSpec | None) -> tuple[Match, ...]:
    regions = fine_regions()
    out = []
    for s in scored:
        for one in _sides(side):
            fine = regions[f"{s.base}-{SUFFIX[one]}"]
            out.append(Match(fine.id, fine.full_label, round(s.score, 3), s.phrase.text))
    return tuple(out)


def _label(base: str) -> str:
    return fine_regions()[f"{base}-r"].label


def interpret(text: str) -> Reading:
    """What the phrase means: one place, a question about the side, or the candidates."""
    sided = split_side(tokens(text))
    if sided.mixed:
        reason = "names the left and the right side for different places; one place at a time"
        return Reading(text, "ambiguous", None, (), (), reason)
    scored = [s for s in _rank(sided.readings) if s.score >= MIN_SCORE]
    if not scored:
        return Reading(text, "none", sided.side, (), (), f"no body region matches {text!r}")
    tied = _tied(scored)
    best = tied[0]
    if len(tied) > 1:
        places = "; ".join(_label(s.base) for s in tied)
        same = len({s.phrase.text.lower() for s in tied}) == 1
        why = f"{best.phrase.text!r} names" if same else f"{text.strip()!r} fits"
        reason = f"{why} more than one place: {places}"
        if sided.side is None:
            reason += "; say which side too"
        return Reading(text, "ambiguous", sided.side, (), _matches(tied, sided.side), reason)
    candidates = _matches([best], sided.side)
    if sided.side is None and best.base not in vocabulary().midline:
        reason = f"which side, left or right? ({_label(best.base)})"
        return Reading(text, "side-needed", None, (), candidates, reason)
    regions = tuple(m.region_id for m in candidates)
    reason = f"matched {best.phrase.text!r}"
    if sided.side is None:
        reason += ", a place on the midline: both sides"
    elif sided.side == "both":
        reason += " on both sides"
    return Reading(text, "found", sided.side, regions, candidates, reason)


def lookup(text: str, limit: int = 5, min_score: float = MIN_SCORE) -> list[Match]:
    """Regions matching the text, best first, only on the side(s) the text names."""
    sided = split_side(tokens(text))
    if sided.mixed:
        return []
    scored = [s for s in _rank(sided.readings) if s.score >= min_score]
    return list(_matches(scored, sided.side)[:limit])


def closest_id(token: str) -> str | None:
    """The valid region id nearest to a mistyped one, for error messages; on the side
    the token names ("jaw-l" -> "jaw-angle-l", never a right-side id)."""
    reading = interpret(token)
    if reading.candidates:
        return reading.candidates[0].region_id
    if reading.status == "ambiguous":
        return None  # left and right named for different places
    allowed = _sides(reading.side)
    ids = [r.id for r in fine_regions().values() if r.side in allowed]
    close = process.extractOne(token, ids, scorer=fuzz.ratio, score_cutoff=60)
    return close[0] if close else None
