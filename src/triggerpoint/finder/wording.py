"""Every sentence the finder says, built in one place from region labels and numbers.

Region labels in regions.yaml are short noun phrases ("angle of the jaw", "calf") or
places ("behind the eye", "between the shoulder blades"). A sentence needs them as a
place on one side of the body: `place()` turns "behind the eye" into "behind your right
eye" and "angle of the neck" into "at the angle of your neck on the right" (the neck is
one, in the midline, so the side goes after it). No template writes "the", "at" or a
side itself, so none can say "at the behind the eye" or show a raw region id.
"""

from __future__ import annotations

from collections.abc import Sequence

from triggerpoint.atlas import TriggerPoint
from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import Region, region

# Label openings that already say where; they take no preposition of their own.
PLACE_WORDS = ("just above ", "behind ", "beside ", "between ", "above ", "below ", "under ")
# Body parts there is one of, on the midline: the side follows ("on the right").
MIDLINE = frozenset(
    {
        "head",
        "crown",
        "skull",
        "neck",
        "spine",
        "forehead",
        "throat",
        "chin",
        "breastbone",
        "navel",
        "sacrum",
        "tailbone",
        "pubic",
    }
)
# Labels for a whole soft area read better with "in" than "at" ("in your right calf").
_IN = frozenset(
    {"calf", "lower calf", "palm", "breast", "armpit", "groin", "upper teeth", "lower teeth"}
)
# CHOIR parts that appear on both views: a code names its view ("on the back of ...").
_BOTH_VIEWS = frozenset(
    {
        "cranium",
        "neck",
        "shoulder",
        "upper-arm",
        "elbow",
        "forearm",
        "wrist",
        "hip",
        "hand",
        "upper-leg",
        "knee",
        "lower-leg",
        "ankle",
        "foot",
    }
)
_PART_WORDS = {"cranium": "head", "head": "back of the head", "pubic": "pubic area"}


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def sentence(text: str) -> str:
    """Capitalise the first letter only (labels stay lower case inside)."""
    return text[:1].upper() + text[1:] if text else text


def _midline(phrase: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a phrase names a midline part, by its first word ("spine between the
    shoulders", "pubic bone")."""
    return phrase.split()[0] in MIDLINE | extra


# The jaw is one bone: "the angle of your jaw on the left", but "your left jaw joint".
_ONE_BONE = frozenset({"jaw"})


def _noun(phrase: str, side: str, owner: str) -> tuple[str, bool]:
    """ "top of the shoulder" -> ("the top of your right shoulder", False); the flag says
    the side still has to be added after it (a midline part)."""
    if " of the " in phrase:
        head, _, tail = phrase.partition(" of the ")
        if _midline(tail, _ONE_BONE):
            return f"the {head} of {owner} {tail}", True
        return f"the {head} of {owner} {side} {tail}", False
    if _midline(phrase):
        return f"{owner} {phrase}", True
    return f"{owner} {side} {phrase}", False


def place(fine: Region, possessive: bool = True) -> str:
    """The region as a place in a sentence, with its side.

    possessive (to the client): "behind your right eye", "at the top of your right
    shoulder", "in your left calf", "at the angle of your neck on the right".
    Otherwise (to the therapist): "behind the right eye", "at the right temple".
    """
    owner = "your" if possessive else "the"
    label = fine.label
    for word in PLACE_WORDS:
        if label.startswith(word):
            rest = label[len(word) :].removeprefix("the ")
            noun, midline = _noun(rest, fine.side, owner)
            phrase = f"{word}{noun}"
            return f"{phrase} on the {fine.side}" if midline else phrase
    noun, midline = _noun(label, fine.side, owner)
    if midline and " of the " not in label:
        return f"on the {fine.side} side of {noun}"
    preposition = "in" if label in _IN else "at"
    phrase = f"{preposition} {noun}"
    return f"{phrase} on the {fine.side}" if midline else phrase


def choir_place(code: int, possessive: bool = True) -> str:
    """A whole CHOIR region as a place: "on the back of your right knee", "in your left
    chest"."""
    choir = BY_CODE[code]
    owner = "your" if possessive else "the"
    part = _PART_WORDS.get(choir.part, choir.part.replace("-", " "))
    if choir.part in _BOTH_VIEWS:
        return f"on the {choir.view} of {owner} {choir.side} {part}"
    return f"in {owner} {choir.side} {part}"


def token_place(token: str, possessive: bool = True) -> str:
    """A marked token (a fine region id or a CHOIR code) as a place."""
    if token.strip().isdecimal():
        return choir_place(int(token), possessive)
    return place(region(token), possessive)


def places(tokens: Sequence[str], possessive: bool = True, conjunction: str = "and") -> str:
    return join([token_place(t, possessive) for t in tokens], conjunction)


def point_name(tp: TriggerPoint) -> str:
    """ "right upper trapezius (front border)": side, muscle, then the point's part."""
    name, _, part = tp.name.partition(", ")
    words = f"{tp.side} {name[:1].lower()}{name[1:]}"
    return f"{words} ({part})" if part else words


def confirm(zone: Sequence[str]) -> str:
    """What confirms a point, to the therapist, naming where its pain usually goes."""
    where = places(zone[:3], possessive=False) if zone else "around the point"
    return (
        "Press the point: it is confirmed when the pressure reproduces pain the client "
        f"recognises as their own, usually {where}."
    )


def destination(fine: Region) -> str:
    """Where pain is sent: "to your right temple", "into your right calf", "behind your
    right eye"."""
    where = place(fine)
    for before, after in (("at ", "to "), ("in ", "into "), ("on the ", "to the ")):
        if where.startswith(before):
            return after + where[len(before) :]
    return where


def label(token: str) -> str:
    """A mark as a short name for tables: "temple (right)", "Lower back (back, right)"."""
    if token.strip().isdecimal():
        return BY_CODE[int(token)].name
    return region(token).full_label


def question(fine: Region) -> str:
    return f"Do you also feel pain {place(fine)}?"


def question_why(likely: str, often: str, unlikely: str, seldom: str, fine: Region) -> str:
    """Why the question separates the leaders; `often`/`seldom` are frequency words."""
    return (
        f"A point in the {likely} {often} sends pain {destination(fine)}; one in the "
        f"{unlikely} {seldom} does. A yes points to the first, a no to the second."
    )


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def explanation(head: str, explained: Sequence[Sequence[str]], left: Sequence[str]) -> str:
    """One combination of sources in words. `head` names them ("A (key) -> B (satellite)
    + C"); `explained` holds, per source in the order `head` names them, the marks it
    explains best; `left` the marks none of them explains.

    "Right soleus (above the heel) explains the pain at your right heel."
    "A + B: the first explains the pain at ...; the second the pain behind ...; none of
    them explains the pain at ... or ..."
    """
    if len(explained) == 1:
        text = f"{sentence(head)} explains the pain {places(explained[0])}"
        if left:
            text += f" but not the pain {places(left, conjunction='or')}"
        return f"{text}."
    clauses: list[str] = []
    for n, tokens in enumerate(explained):
        verb = "" if clauses else "explains "
        clauses.append(f"the {ORDINALS[n]} {verb}the pain {places(tokens)}")
    text = f"{sentence(head)}: {'; '.join(clauses)}"
    if left:
        text += f"; none of them explains the pain {places(left, conjunction='or')}"
    return f"{text}."


def ask_about(region_ids: Sequence[str]) -> str:
    """ "Ask whether it also hurts behind the right eye or at the right temple." """
    if not region_ids:
        return ""
    return f"Ask whether it also hurts {places(region_ids, False, 'or')}."


def unexplained(tokens: Sequence[str]) -> str:
    if not tokens:
        return ""
    return sentence(f"no trigger point in the atlas explains the pain {places(tokens)}.")
