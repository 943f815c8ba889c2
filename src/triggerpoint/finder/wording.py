"""Every sentence the finder says, built in one place from region labels and numbers.

Region labels in regions.yaml are noun phrases that take "the" ("angle of the jaw",
"back of the knee") unless they are already a place ("behind the eye", "between the
shoulder blades"). Sentences need a preposition before them ("at the angle of your
jaw", "behind your right eye"): `place()` makes that phrase, so no template writes
"the" or "at" itself and none can say "at the behind the eye".
"""

from __future__ import annotations

from collections.abc import Sequence

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import Region, region

# Labels that already say where ("behind the ear"): they take no preposition or article.
PLACE_WORDS = ("behind ", "beside ", "between ", "above ", "below ", "just ", "under ")
# Labels that name a whole surface read better with "in" than "at" ("in your calf").
_IN = frozenset({"calf", "lower calf", "palm", "breast", "armpit", "groin", "throat"})


def join(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def sentence(text: str) -> str:
    """Capitalise the first letter only (labels stay lower case inside)."""
    return text[:1].upper() + text[1:] if text else text


def place(fine: Region, possessive: bool = True) -> str:
    """The region as a place in a sentence, side included.

    "behind your right eye", "at the top of your right shoulder", "in your left calf",
    "at your right temple". Without `possessive` the client is not addressed: "behind
    the right eye", "at the right temple".
    """
    label, side = fine.label, fine.side
    owner = "your" if possessive else "the"
    for word in PLACE_WORDS:
        if label.startswith(word):
            rest = label[len(word) :]
            if rest.startswith("the "):
                rest = rest[4:]
            return f"{word}{owner} {side} {rest}"
    preposition = "in" if label in _IN else "at"
    if " of the " in label:
        head, _, tail = label.partition(" of the ")
        return f"{preposition} the {head} of {owner} {side} {tail}"
    return f"{preposition} {owner} {side} {label}"


def name(fine: Region) -> str:
    """The region as a noun phrase with its side: "right temple", "left angle of the jaw"."""
    return f"{fine.side} {fine.label}"


def token_name(token: str) -> str:
    """A marked token in words: a fine region or a whole CHOIR region."""
    if token.isdigit():
        choir = BY_CODE[int(token)]
        return f"{choir.side} {choir.name.split(' (')[0].lower()} ({choir.view})"
    return name(region(token))
