"""The finder's results in two voices: plain words for the person who marked the pain
(the public /find/ page and the pain diary) and clinical detail for the therapist's
finder. Both take the finder's JSON (`FinderResult.to_json()`, as the API returns it) and
give one shape, so the page script only lays text out and owns no wording.

Flags come first. The finder's flags are `{code, message}`; the red-flag rules add a
`rule`, a `level` (emergency, urgent, doctor, caution), an `action` sentence, and the
result a `safety_first`, a `show_press_first` and `safety_questions`. Each is read when
present and derived from the code and message when not, so either shape reads well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from triggerpoint.atlas import load_atlas
from triggerpoint.atlas.model import TriggerPoint
from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import fine_regions

Voice = Literal["public", "clinical"]
VOICES: tuple[Voice, ...] = ("public", "clinical")

# Words for a posterior, decided once. The finder returns P(this point is active | the
# drawing); read as a forecast, 0.6 and above is more likely than not by a clear margin,
# 0.3 to 0.6 is a real possibility worth a therapist's press, and below 0.3 most such
# drawings turn out to have another source. Verbal-probability studies find people read
# "likely" at roughly 60-70 % and "possible" far lower (Budescu and Wallsten 1985;
# Mauboussin and Mauboussin 2018), so the words keep the number's meaning; the number
# stays beside them, smaller, for those who want it.
BANDS: tuple[tuple[float, str], ...] = ((0.6, "likely"), (0.3, "possible"), (0.0, "less likely"))

# One-tap answers to "Do you also feel pain at ...?": a no, or a yes at three strengths
# (about the thirds of the 0-10 scale), short enough to sit in one row on a phone. The
# therapist's finder keeps the full scale.
PUBLIC_ANSWERS = (("No", 0), ("A little", 3), ("Moderately", 5), ("A lot", 8))
CLINICAL_ANSWERS = (("No", 0), *((str(n), n) for n in range(1, 11)))

WITHHELD = "Rule out the flag above first; where to press is withheld until then."
SUMMARY_SIZE = 3  # candidates in the compact summary; the rest wait in the details
# Under these levels there is no pressing guidance at all (the red-flag rules' own
# NO_PRESSING); "doctor" and "caution" flags lead the result but keep it.
EMERGENCY_LEVELS = {"emergency", "urgent"}
_LEVEL_TITLES = {
    "emergency": "Get help first",
    "urgent": "See a doctor today",
    "doctor": "Please see a doctor first",
    "caution": "Please note",
}

_PUBLIC_FLAGS = {
    "cardiac": (
        "Check your heart first",
        "Chest pain together with pain in the left arm or jaw can come from the heart. If "
        "it is new, comes on with effort, or you feel breathless, sick or sweaty, call your "
        "emergency number now. Otherwise see a doctor before any muscle treatment.",
    ),
    "nerve": (
        "Please see a doctor first",
        "Sharp, shooting or electric pain, numbness or tingling often comes from a nerve "
        "rather than a muscle. Have it checked by a doctor or physiotherapist first.",
    ),
    "radicular": (
        "Please see a doctor first",
        "Shooting or electric pain, numbness or tingling along an arm or a leg often comes "
        "from an irritated nerve rather than a muscle. Have it checked first.",
    ),
    "widespread": (
        "Pain in many places",
        "You marked pain in many parts of the body. Pain this widespread is usually not "
        "caused by one muscle; a therapist or doctor will look at the whole picture first.",
    ),
    "unexplained": (
        "Part of this is not a usual muscle pattern",
        "Some of the places you marked do not match where muscle trigger points usually "
        "send pain. A therapist will also think of joints, nerves and other causes.",
    ),
}
# Kinds whose finder message is written for the clinic: the public voice replaces it.
_CLINICAL_MESSAGES = {"widespread", "unexplained"}
_CLINICAL_TITLES = {
    "cardiac": "Rule out a cardiac cause first.",
    "nerve": "Refer for assessment first.",
    "radicular": "Radicular pattern: refer first.",
    "widespread": "Widespread pain.",
    "unexplained": "Poorly explained drawing.",
}
_PUBLIC_ROLES = {
    "key": "It may be setting off other sore points on this list: easing it often eases them too.",
    "satellite": "It may be set off by another point on this list, which is usually treated first.",
}


def likelihood(probability: float) -> str:
    return next(word for floor, word in BANDS if probability >= floor)


def percent(probability: float) -> int:
    return round(100 * probability)


def flag_kind(flag: Mapping[str, Any]) -> str:
    """cardiac, nerve, radicular, widespread, unexplained, a newer rule, or the code."""
    rule = str(flag.get("rule") or "")
    if rule:
        return rule
    code = str(flag.get("code", ""))
    message = str(flag.get("message", "")).lower()
    if code in {"cardiac", "emergency"} or (code == "refer" and "cardiac" in message):
        return "cardiac"
    if code == "refer":
        return "nerve"
    return code


def is_emergency(flag: Mapping[str, Any]) -> bool:
    level = str(flag.get("level") or flag.get("severity") or "").lower()
    return level in EMERGENCY_LEVELS or flag_kind(flag) == "cardiac"


def _flag(flag: Mapping[str, Any], voice: Voice) -> dict[str, Any]:
    kind = flag_kind(flag)
    level = str(flag.get("level") or "")
    message = str(flag.get("message", ""))
    action = str(flag.get("action") or "")
    if voice == "public":
        title = _PUBLIC_FLAGS.get(kind, (_LEVEL_TITLES.get(level, "Please note"), ""))[0]
        if kind in _PUBLIC_FLAGS and (not level or kind in _CLINICAL_MESSAGES):
            message = _PUBLIC_FLAGS[kind][1]
    else:
        title = _CLINICAL_TITLES.get(kind, _LEVEL_TITLES.get(level, "Please note") + ".")
    text = message if not action or action in message else f"{message} {action}"
    return {
        "code": str(flag.get("code", "")),
        "kind": kind,
        "level": level,
        "emergency": is_emergency(flag),
        "title": title,
        "text": text,
    }


def _safety_first(result: Mapping[str, Any], flags: Sequence[Mapping[str, Any]]) -> bool:
    if "safety_first" in result:
        return bool(result["safety_first"])
    return any(f["kind"] in {"cardiac", "nerve"} or f["emergency"] for f in flags)


def _title(tp: TriggerPoint | None, candidate: Mapping[str, Any]) -> str:
    name = tp.name if tp else str(candidate.get("name", candidate["trigger_point"]))
    side = tp.side if tp else str(candidate.get("side", ""))
    return f"{name} ({side})" if side else name


def label(token: str) -> str:
    """A fine region id or a CHOIR code in words: "temple (right)"."""
    if token.isdecimal():
        return BY_CODE[int(token)].name
    regions = fine_regions()
    return regions[token].full_label if token in regions else token


def _sided(token: str) -> tuple[str, str]:
    """ "temple (right)" -> ("temple", "right")."""
    text = label(token)
    if text.endswith(")") and " (" in text:
        base, side = text[:-1].split(" (", 1)
        return base, side
    return text, ""


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _places(tokens: Sequence[str]) -> str:
    """Places as a person says them: "the temple and behind the eye, on the right"."""
    if not tokens:
        return ""
    sided = [_sided(t) for t in tokens]
    sides = {side for _, side in sided}
    if len(sides) == 1 and "" not in sides:
        return f"{_join([base for base, _ in sided])}, on the {sides.pop()}"
    return _join([label(t) for t in tokens])


def _zone(tp: TriggerPoint) -> tuple[str, ...]:
    return (tp.essential or tp.local or tp.spillover)[:3]


def _detail(heading: str, text: str) -> dict[str, str]:
    return {"heading": heading, "text": text}


# Under an emergency or urgent flag (the heart, an infection, a fracture) pressing is
# the wrong first step, so neither voice says where to press until a doctor has seen it.
def _candidate(
    candidate: Mapping[str, Any], tp: TriggerPoint | None, voice: Voice, emergency: bool
) -> dict[str, Any]:
    probability = float(candidate["probability"])
    role = str(candidate.get("role", "primary"))
    shown: dict[str, Any] = {
        "trigger_point": candidate["trigger_point"],
        "title": _title(tp, candidate),
        "likelihood": likelihood(probability),
        "percent": percent(probability),
    }
    if voice == "clinical":
        clinical = [
            _detail("Where to press", str(candidate.get("find_it", ""))),
            _detail("To confirm", str(candidate.get("confirm", ""))),
        ]
        if emergency:
            clinical = [_detail("Before pressing", WITHHELD)]
        badge = role if role != "primary" else ""
        return shown | {"badge": badge, "note": "", "details": clinical}
    # Region names read as places ("behind the eye", "top of the shoulder") and take no
    # article, so they follow a colon or stand in brackets.
    where = f" ({_places([tp.location])})" if tp else ""
    zone = f" It usually sends pain to: {_places(_zone(tp))}." if tp and _zone(tp) else ""
    check = (
        f"A therapist presses gently on the point{where} and asks whether that brings on the "
        f"pain you know.{zone}"
    )
    details = [_detail("What a therapist will check", check)]
    if not emergency and candidate.get("find_it"):
        details.append(_detail("Where it sits", str(candidate["find_it"])))
    return shown | {"badge": "", "note": _PUBLIC_ROLES.get(role, ""), "details": details}


def _explanation(
    explanation: Mapping[str, Any],
    titles: Mapping[str, str],
    shares: Mapping[str, Mapping[str, float]],
    voice: Voice,
) -> dict[str, Any]:
    probability = float(explanation["probability"])
    shown = {"likelihood": likelihood(probability), "percent": percent(probability)}
    if voice == "clinical":
        return shown | {"text": str(explanation["text"])}
    sources = [str(s) for s in explanation["sources"]]
    names = [titles.get(s, s) for s in sources]
    explained: dict[str, float] = {}
    for source in sources:
        for token, share in shares.get(source, {}).items():
            explained[token] = explained.get(token, 0.0) + share
    covered = [t for t, share in explained.items() if share >= 0.3]
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} together"
    what = (
        f"could explain the pain at: {_places(covered)}"
        if covered
        else "would explain only part of it"
    )
    text = f"{who} {what}."
    for key, satellite in explanation.get("chains", []):
        text += f" {titles.get(key, key)} may be setting off {titles.get(satellite, satellite)}."
    return shown | {"text": text}


def _question(question: Mapping[str, Any] | None, voice: Voice) -> dict[str, Any] | None:
    if not question or not question.get("region"):
        return None
    where = question.get("label") or str(question["region"])
    prompt = question.get("prompt") or f"Do you also feel pain at the {where}?"
    if voice == "clinical":
        why, answers = str(question.get("why", "")), CLINICAL_ANSWERS
    else:
        why = "Your answer helps tell the likeliest sources apart."
        answers = PUBLIC_ANSWERS
    return {
        "region": question["region"],
        "prompt": prompt,
        "why": why,
        "answers": [{"label": text, "intensity": value} for text, value in answers],
    }


def _safety_questions(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Questions the drawing cannot answer (fever, injury...), each a one-tap yes or no."""
    return [
        {
            "symptom": str(q["symptom"]),
            "question": str(q["question"]),
            "answers": [{"label": "Yes", "value": True}, {"label": "No", "value": False}],
        }
        for q in result.get("safety_questions", [])
        if q.get("symptom") and q.get("question")
    ]


def _headings(voice: Voice, safety: bool) -> dict[str, str]:
    if voice == "clinical":
        return {
            "summary": "Red flags first, then candidates" if safety else "Candidates",
            "safety": "Red-flag questions not yet answered",
            "candidates": "Trigger points to check",
            "explanations": "What could explain it",
            "question": "Next question",
            "answers": "Answer",
            "details": "Details",
            "empty": "No trigger point in the atlas sends pain to these marks.",
            "disclaimer": "Candidates to palpate and confirm, not a diagnosis.",
        }
    return {
        "summary": "Please read this first" if safety else "What may be causing this pain",
        "safety": "Before you treat this yourself",
        "more": "How a therapist checks it",
        "muscle_page": "About this muscle",
        "candidates": "Muscle points a therapist may check",
        "explanations": "What could explain it",
        "question": "One more question",
        "answers": "Your answer",
        "details": "Details",
        "empty": "No usual muscle pattern sends pain to these places.",
        "disclaimer": (
            "These are possibilities for a therapist to check by pressing, not a diagnosis."
        ),
    }


def _status(voice: Voice, candidates: Sequence[Mapping[str, Any]], safety: bool) -> str:
    """The one sentence a screen reader hears when the results change."""
    first = "Please read the warning first. " if safety else ""
    if not candidates:
        return f"{first}Results updated: no usual muscle pattern found."
    top = candidates[0]
    if voice == "clinical":
        return f"{first}Results updated: leading candidate {top['title']}, {top['percent']}%."
    return f"{first}Results updated: {top['title']} is {top['likelihood']}."


def _peek(voice: Voice, candidates: Sequence[Mapping[str, Any]], flags: Sequence[Any]) -> str:
    """The one line a folded summary keeps: the most urgent flag, or the leader."""
    if flags:
        return str(flags[0]["title"]).rstrip(".")
    if not candidates:
        return ""
    top = candidates[0]
    if voice == "clinical":
        return f"{top['percent']}% {top['title']}"
    return f"{str(top['likelihood']).capitalize()}: {top['title']}"


def view(result: Mapping[str, Any], voice: Voice) -> dict[str, Any]:
    """What the finder panel shows, worded for `voice`."""
    points = load_atlas().trigger_points
    # The finder lists flags in the order it checks them; a person reads the most urgent first.
    flags = [_flag(f, voice) for f in result.get("flags", [])]
    flags.sort(key=lambda f: not f["emergency"])
    emergency = any(f["emergency"] for f in flags) or result.get("show_press_first") is False
    safety = _safety_first(result, flags)
    raw = list(result.get("candidates", []))
    candidates = [_candidate(c, points.get(c["trigger_point"]), voice, emergency) for c in raw]
    titles = {c["trigger_point"]: c["title"] for c in candidates}
    for explanation in result.get("explanations", []):
        for source in explanation["sources"]:
            if source not in titles and source in points:
                titles[source] = _title(points[source], {"trigger_point": source})
    shares = {str(c["trigger_point"]): c.get("explains", {}) for c in raw}
    return {
        "voice": voice,
        "safety_first": safety,
        "flags": flags,
        "summary_size": SUMMARY_SIZE,
        "candidates": candidates,
        "explanations": [
            _explanation(e, titles, shares, voice) for e in result.get("explanations", [])[:3]
        ],
        "next_question": _question(result.get("next_question"), voice),
        "safety_questions": _safety_questions(result),
        "headings": _headings(voice, safety),
        "status": _status(voice, candidates, safety),
        "peek": _peek(voice, candidates, flags),
    }
