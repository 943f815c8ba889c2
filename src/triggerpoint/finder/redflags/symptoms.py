"""Questions to answer before treating yourself: symptoms a pain drawing cannot show.

The systemic red flags for serious spinal and musculoskeletal pathology follow the
IFOMPT international framework (Finucane et al., J Orthop Sports Phys Ther
2020;50(7):350-372): cauda equina syndrome (bladder or bowel change, numbness between
the legs), infection (fever), fracture (trauma), malignancy (history of cancer,
unexplained weight loss, night pain), and a spreading neurological deficit (weakness).
"Exertion" is the precipitant of angina (NICE CG95; Gulati 2021) and only matters with
pain at a cardiac site, so it raises no flag alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Symptom:
    id: str
    question: str  # asked as is, before self-treatment
    said: str  # the symptom as the flag names it back: "You told us about ..."
    condition: str  # what it may point to, in plain words
    level: str  # see finder.result.LEVELS; "" raises no flag on its own
    action: str
    source: str


_DOCTOR_FIRST = "See a doctor before you treat this yourself or book trigger point work."

SYMPTOMS: tuple[Symptom, ...] = (
    Symptom(
        "bladder-bowel",
        "Have you had new trouble passing or holding urine or stool, or numbness between "
        "your legs or around your back passage?",
        "new trouble with your bladder or bowels",
        "pressure on the nerves at the base of the spine (cauda equina syndrome)",
        "emergency",
        "Go to an emergency department now: this needs to be seen the same day.",
        "Finucane 2020 (IFOMPT red flags framework): cauda equina syndrome",
    ),
    Symptom(
        "fever",
        "Do you have a fever, chills or sweats along with this pain?",
        "a fever",
        "an infection",
        "urgent",
        "See a doctor today, before any pressing or massage.",
        "Finucane 2020 (IFOMPT red flags framework): spinal infection",
    ),
    Symptom(
        "trauma",
        "Did the pain start after a fall, an accident or another injury?",
        "an injury before the pain started",
        "a fracture or another injury",
        "urgent",
        "Have the injury checked by a doctor before any pressing or massage.",
        "Finucane 2020 (IFOMPT red flags framework): spinal fracture",
    ),
    Symptom(
        "weakness",
        "Is an arm or a leg weaker than usual (dropping things, a foot that catches)?",
        "weakness in an arm or a leg",
        "a nerve that is not working properly",
        "urgent",
        "See a doctor soon, and the same day if the weakness is getting worse.",
        "Finucane 2020 (IFOMPT red flags framework): progressive neurological deficit",
    ),
    Symptom(
        "cancer",
        "Have you ever had cancer?",
        "a history of cancer",
        "a cancer that has spread to bone",
        "doctor",
        _DOCTOR_FIRST,
        "Finucane 2020 (IFOMPT red flags framework): malignancy, history of cancer",
    ),
    Symptom(
        "weight-loss",
        "Have you lost weight recently without trying?",
        "weight loss without trying",
        "an illness elsewhere in the body, such as a cancer",
        "doctor",
        _DOCTOR_FIRST,
        "Finucane 2020 (IFOMPT red flags framework): malignancy, unexplained weight loss",
    ),
    Symptom(
        "night-pain",
        "Does the pain wake you at night and stay however you lie?",
        "pain that wakes you at night",
        "an illness rather than a muscle",
        "doctor",
        _DOCTOR_FIRST,
        "Finucane 2020 (IFOMPT red flags framework): malignancy, night pain",
    ),
    Symptom(
        "exertion",
        "Does the pain come on with physical effort, such as walking uphill or climbing "
        "stairs, and ease when you rest?",
        "pain that comes on with effort",
        "the heart, when the pain is in the chest, arm, neck or jaw",
        "",
        "",
        "NICE CG95 (chest pain of recent onset): angina is brought on by exertion",
    ),
)
BY_ID: dict[str, Symptom] = {s.id: s for s in SYMPTOMS}
