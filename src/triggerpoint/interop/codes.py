"""The code systems and codes the FHIR export uses, with what each means and where it
was checked.

code -> meaning -> where it was checked (with the search tool, against public
terminology and FHIR implementation material):

- LOINC 72514-3: pain severity, 0-10 verbal numeric rating, reported -> LOINC
- LOINC 61150-9: Subjective narrative (SOAP S) -> LOINC section codes in SOAP-to-FHIR code
- LOINC 61149-1: Objective narrative (SOAP O) -> as above
- LOINC 51848-0: Evaluation note (SOAP A) -> as above
- LOINC 18776-5: Plan of care note (SOAP P) -> the C-CDA plan section code, as above
- LOINC 11506-3: Progress note (the Composition's type) -> LOINC document ontology
- SNOMED CT body sites and laterality: the table in `data/snomed.yaml`, every code with
  its display and the published source it was read in (DICOM PS3.16 context groups, the
  HL7 mCODE TG-263 ConceptMap, the SNOMED CT Editorial Guide, national FHIR guides).
  Muscles and regions with no code of their own in any source carry a verified broader
  structure (`match: parent`); docs/fhir.md lists them.
- UCUM kPa: kilopascal -> UCUM (prefix k, unit Pa)
- UCUM kgf/cm2: kilogram-force per square centimetre, prefix k on gf (gram-force, g.[g]);
  `kg/cm2` is mass per area and UCUM libraries refuse to convert it to kPa (NLM's
  ucum-lhc checks both in tests/interop/test_ucum.py)
- UCUM deg: degree of plane angle -> UCUM
- UCUM {score}: a dimensionless score (annotation) -> UCUM annotations

Everything without a standard code (trigger points, body map regions, the examination
signs of Travell and Simons, the measures LOINC lacks, the pressure release procedure)
uses the project's own `urn:triggerpoint:*` systems, always with readable text beside it.
No SNOMED CT procedure code for manual trigger point pressure release (or massage) could
be confirmed in a nameable source, so Procedure carries the local code and, beside it,
the verified broader 91251008 Physical therapy procedure (`procedure` in the table).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
RFC3986 = "urn:ietf:rfc:3986"  # identifier values that are URIs, here urn:uuid:...
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
TARGET_BODY_STRUCTURE = "http://hl7.org/fhir/StructureDefinition/procedure-targetBodyStructure"
BODY_SITE = "http://hl7.org/fhir/StructureDefinition/bodySite"

TRIGGER_POINTS = "urn:triggerpoint:trigger-point"
REGIONS = "urn:triggerpoint:body-region"
CHOIR = "urn:triggerpoint:choir-body-map"
MEASURE_CODES = "urn:triggerpoint:measure"
TIMING = "urn:triggerpoint:measure-timing"
SIGNS = "urn:triggerpoint:examination-sign"
PROCEDURES = "urn:triggerpoint:procedure"
PGIC = "urn:triggerpoint:pgic"
NDI_ITEMS = "urn:triggerpoint:ndi-section"
STRETCHES = "urn:triggerpoint:stretch"
DRAWINGS = "urn:triggerpoint:pain-drawing"  # identifier: drawing UUID / mark number
DRAWING_SOURCE = "urn:triggerpoint:drawing-source"

PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"


@dataclass(frozen=True)
class Site:
    """A SNOMED CT code for a body site, how close it is and where it was found."""

    code: str
    display: str
    match: str  # exact, whole (the whole muscle of a part) or parent (a broader structure)
    source: str  # a key of `sources` in data/snomed.yaml


@cache
def snomed_table() -> dict[str, Any]:
    text = resources.files("triggerpoint.interop").joinpath("data/snomed.yaml").read_text()
    table: dict[str, Any] = yaml.safe_load(text)
    return table


def _site(code: str, match: str) -> Site:
    entry = snomed_table()["codes"][code]
    return Site(code, entry["display"], match, entry["source"])


def muscle_site(muscle: str) -> Site | None:
    row = snomed_table()["muscles"].get(muscle)
    return _site(*row) if row else None


def region_site(base: str, side: str) -> Site | None:
    row = snomed_table()["regions"].get(base)
    if isinstance(row, dict):
        row = row.get(side)
    return _site(*row) if row else None


def procedure_site() -> Site:
    """The SNOMED CT code beside the local one on each trigger point Procedure."""
    return _site(*snomed_table()["procedure"])


def laterality(side: str) -> Site | None:
    code = snomed_table()["laterality"].get(side)
    return _site(code, "exact") if code else None


LATERALITY: dict[str, tuple[str, str]] = {
    side: (code, snomed_table()["codes"][code]["display"])
    for side, code in snomed_table()["laterality"].items()
}

# SOAP sections of the note, as LOINC section codes.
SOAP_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("subjective", "61150-9", "Subjective narrative"),
    ("objective", "61149-1", "Objective narrative"),
    ("assessment", "51848-0", "Evaluation note"),
    ("plan", "18776-5", "Plan of care note"),
)
PROGRESS_NOTE = ("11506-3", "Progress note")

# Every muscle of the atlas -> (SNOMED CT code, display), from data/snomed.yaml.
MUSCLE_SNOMED: dict[str, tuple[str, str]] = {
    muscle: (site.code, site.display)
    for muscle in snomed_table()["muscles"]
    if (site := muscle_site(muscle)) is not None
}

# The examination signs of a trigger point (Travell and Simons' criteria).
SIGN_LABELS: dict[str, str] = {
    "taut_band": "Taut band palpable",
    "spot_tenderness": "Spot tenderness",
    "recognised": "Pain recognised by the client",
    "local_twitch": "Local twitch response",
}
