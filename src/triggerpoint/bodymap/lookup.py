"""Find body regions from the words a person types ("left jaw joint", "tempel")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from functools import cache

from triggerpoint.bodymap.choir import Side
from triggerpoint.bodymap.regions import SUFFIX, Region, fine_regions

_SIDE_WORDS: dict[str, Side] = {
    "left": "left",
    "l": "left",
    "lt": "left",
    "right": "right",
    "r": "right",
    "rt": "right",
}
_STOPWORDS = {"the", "of", "a", "an", "my", "in", "at", "on", "to", "and", "pain", "ache", "sore"}


@dataclass(frozen=True, slots=True)
class Match:
    region_id: str
    label: str
    score: float
    matched: str


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")) if w]


@cache
def _phrases() -> dict[str, tuple[str, ...]]:
    """Each side-neutral region with the phrases that name it."""
    phrases: dict[str, tuple[str, ...]] = {}
    for fine in fine_regions().values():
        if fine.base not in phrases:
            phrases[fine.base] = (fine.base.replace("-", " "), fine.label, *fine.synonyms)
    return phrases


def _word_score(query: list[str], phrase: list[str]) -> float:
    """How well the query words cover the phrase words, tolerant of small typos."""
    if not query or not phrase:
        return 0.0
    total = sum(max(SequenceMatcher(None, q, p).ratio() for p in phrase) for q in query)
    return total / max(len(query), len(phrase))


def _score(query: list[str], phrase: str) -> float:
    phrase_words = [w for w in _words(phrase) if w not in _STOPWORDS]
    whole = SequenceMatcher(None, " ".join(query), " ".join(phrase_words)).ratio()
    return max(whole, _word_score(query, phrase_words))


def split_side(text: str) -> tuple[Side | None, list[str]]:
    """The side named in the text (if any) and the remaining content words."""
    side: Side | None = None
    rest = []
    for word in _words(text):
        if word in _SIDE_WORDS:
            side = _SIDE_WORDS[word]
        elif word not in _STOPWORDS:
            rest.append(word)
    return side, rest


def lookup(text: str, limit: int = 5, min_score: float = 0.6) -> list[Match]:
    """Regions matching the text, best first. A named side narrows to that side."""
    side, words = split_side(text)
    if not words:
        return []
    scored: list[tuple[float, str, str]] = []
    for base, phrases in _phrases().items():
        best, phrase = max((_score(words, p), p) for p in phrases)
        if best >= min_score:
            scored.append((best, base, phrase))
    scored.sort(key=lambda item: (-item[0], item[1]))
    regions = fine_regions()
    sides: tuple[Side, ...] = (side,) if side else ("right", "left")
    matches = []
    for score, base, phrase in scored:
        for s in sides:
            fine: Region = regions[f"{base}-{SUFFIX[s]}"]
            matches.append(Match(fine.id, fine.full_label, round(score, 3), phrase))
    return matches[:limit]


def closest_id(token: str) -> str | None:
    """The valid region id nearest to a mistyped one, for error messages."""
    close = get_close_matches(token, list(fine_regions()), n=1, cutoff=0.6)
    if close:
        return close[0]
    found = lookup(token, limit=1)
    return found[0].region_id if found else None
