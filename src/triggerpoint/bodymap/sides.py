"""Which side a person names, wherever they put it ("my left calf", "calf, L",
"on the right-hand side", "both knees", "left and right").

Side words are listed in data/phrases.yaml, misspellings included, rather than
guessed by edit distance: "tight", "light" and "lift" are one letter from a side word,
and a wrong side is the one error the look-up must never make.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from triggerpoint.bodymap.phrases import vocabulary

SideSpec = Literal["left", "right", "both"]
_SIDE_NOUNS = {"side", "sides", "sided"}


@dataclass(frozen=True, slots=True)
class SidedPhrase:
    side: SideSpec | None
    words: list[str]  # what is left once the side words are taken out
    # "left side of the neck": "side" may name the place (side of the neck) or only the
    # side (left side of the chin); the look-up tries the words with and without it.
    side_word: bool = False
    # "left knee and right hip": two places on two sides, which one look-up cannot answer
    # without offering one of them on the wrong side.
    mixed: bool = False

    @property
    def readings(self) -> list[list[str]]:
        if not self.side_word:
            return [self.words]
        return [self.words, [w for w in self.words if w != "side"]]


def split_side(words: list[str]) -> SidedPhrase:
    """The side the words name and the words that remain.

    Naming both left and right, or a word such as "both", means both sides. "right"
    straight before "above", "behind" and the like is the adverb when another side word
    is there ("right above my left knee"); alone it stays the side, so that the person
    who meant their right side never sees the left one offered. "side" after a side word
    goes with it ("left side", "right-hand side"); when more words follow, it may also
    be part of the place ("left side of the neck").
    """
    vocab = vocabulary()
    adverbs = {
        i
        for i, word in enumerate(words[:-1])
        if vocab.side_words.get(word) == "right" and words[i + 1] in vocab.adverb_after_right
    }
    # "left-handed" tells which hand the person writes with, not where it hurts.
    handed = {i for i, word in enumerate(words[:-1]) if words[i + 1] in ("handed", "hander")}
    sided = {i for i, word in enumerate(words) if word in vocab.side_words} - handed
    adverbs -= handed
    if sided == adverbs:
        adverbs = set()
    named: set[str] = set()
    rest: list[str] = []
    side_word = False
    i = 0
    positions: dict[str, list[int]] = {}
    while i < len(words):
        side = None if i in adverbs | handed else vocab.side_words.get(words[i])
        if side is None:
            if i not in adverbs | handed:
                rest.append(words[i])
            i += 1 + (i in handed)
            continue
        named.add(side)
        positions.setdefault(side, []).append(i)
        i += 1
        if words[i : i + 1] == ["hand"] and words[i + 1 : i + 2] in (["side"], ["sided"]):
            i += 1
        if i < len(words) and words[i] in _SIDE_NOUNS:
            i += 1
            if i < len(words):
                rest.append("side")
                side_word = True
    if named >= {"left", "right"} and "both" not in named and not _paired(words, positions):
        return SidedPhrase(None, rest, side_word, mixed=True)
    return SidedPhrase(_combine(named), rest, side_word)


def _paired(words: list[str], positions: dict[str, list[int]]) -> bool:
    """Whether "left" and "right" are said together ("left and right", "right/left")."""
    for i in positions["left"]:
        for j in positions["right"]:
            between = words[min(i, j) + 1 : max(i, j)]
            if all(w in ("and", "or", "n", "side", "sides") for w in between):
                return True
    return False


def _combine(named: set[str]) -> SideSpec | None:
    if not named:
        return None
    if "both" in named or named == {"left", "right"}:
        return "both"
    return "left" if named == {"left"} else "right"
