"""The words people use for body regions: data/phrases.yaml plus regions.yaml.

Both the phrase a person types and every known phrase go through `content_words`, so
"the golfer's elbow" and "golfer elbow" compare as the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from triggerpoint.bodymap.regions import fine_regions


@dataclass(frozen=True, slots=True)
class Vocabulary:
    side_words: dict[str, str]  # word -> "left" | "right" | "both"
    adverb_after_right: frozenset[str]
    filler: frozenset[str]
    words: dict[str, str]  # one word -> its one spelling
    groups: tuple[tuple[str, str], ...]  # several words -> their one spelling
    midline: frozenset[str]
    position_words: frozenset[str]
    extra: dict[str, tuple[str, ...]]  # side-neutral region id -> more phrases


def tokens(text: str) -> list[str]:
    """Lower-case words; apostrophes dropped ("golfer's" -> "golfers"), other marks split."""
    return re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", text.lower()))


@cache
def vocabulary() -> Vocabulary:
    text = resources.files("triggerpoint.bodymap").joinpath("data/phrases.yaml").read_text()
    # libyaml's safe loader when present (as regions.py): same data, ten times faster.
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _check_words(data)
    side_words = {word: side for side, words in data["sides"].items() for word in words}
    mapping = {str(k): str(v) for k, v in data["words"].items()}
    bases = {fine.base for fine in fine_regions().values()}
    extra = {base: tuple(phrases) for base, phrases in data["regions"].items()}
    unknown = (set(extra) | set(data["midline"])) - bases
    if unknown:
        raise ValueError(f"phrases.yaml: unknown region ids {sorted(unknown)}")
    return Vocabulary(
        side_words=side_words,
        adverb_after_right=frozenset(data["adverb_after_right"]),
        filler=frozenset(data["filler"]),
        words={k: v for k, v in mapping.items() if " " not in k},
        groups=tuple((k, v) for k, v in mapping.items() if " " in k),
        midline=frozenset(data["midline"]),
        position_words=frozenset(w for words in data["position_words"] for w in words.split()),
        extra=extra,
    )


def _check_words(data: dict[str, Any]) -> None:
    """YAML reads a bare on, no or yes as true or false; every word must stay a word."""
    lists = [data["adverb_after_right"], data["filler"], data["midline"], data["position_words"]]
    lists += [*data["sides"].values(), *data["regions"].values()]
    lists.append([*data["words"], *data["words"].values()])
    for words in lists:
        for word in words:
            if not isinstance(word, str):
                raise ValueError(f"phrases.yaml: {word!r} is not a word; quote it")


def part_words(words: str) -> frozenset[str]:
    """The content words that name a body part, not a position on it."""
    return frozenset(words.split()) - vocabulary().position_words


def content_words(words: list[str]) -> list[str]:
    """The words that carry a place, each in its one spelling, filler left out."""
    vocab = vocabulary()
    joined = f" {' '.join(words)} "
    for group, spelling in vocab.groups:
        joined = joined.replace(f" {group} ", f" {spelling} ")
    out = []
    for word in joined.split():
        for part in vocab.words.get(word, word).split():
            if part not in vocab.filler:
                out.append(part)
    return out


@dataclass(frozen=True, slots=True)
class Phrase:
    base: str  # side-neutral region id
    text: str  # as written in the data
    curated: bool  # from phrases.yaml, chosen to tell this place from its neighbours


@cache
def region_phrases() -> dict[str, tuple[Phrase, ...]]:
    """Each side-neutral region id with every phrase that names it, data order kept."""
    phrases: dict[str, tuple[Phrase, ...]] = {}
    extra = vocabulary().extra
    for fine in fine_regions().values():
        if fine.base in phrases:
            continue
        curated = extra.get(fine.base, ())
        named = (fine.label, fine.base.replace("-", " "), *fine.synonyms)
        rows = {text: Phrase(fine.base, text, False) for text in named}
        rows.update({text: Phrase(fine.base, text, True) for text in curated})
        phrases[fine.base] = tuple(rows.values())
    return phrases


@cache
def spellings() -> frozenset[str]:
    """Every word as people write it in a known phrase or in the spelling list."""
    vocab = vocabulary()
    words = {w for rows in region_phrases().values() for p in rows for w in tokens(p.text)}
    words |= set(vocab.words) | {w for group, _ in vocab.groups for w in group.split()}
    return frozenset(words - vocab.filler - set(vocab.side_words))
