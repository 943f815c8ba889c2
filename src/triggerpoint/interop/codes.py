"""The code systems and codes the FHIR export uses, with what each means and where it
was checked.

code -> meaning -> where it was checked (with the search tool, against public
terminology and FHIR implementation material):

- LOINC 72514-3: pain severity, 0-10 verbal numeric rating, reported -> LOINC
- LOINC 61150-9: Subjective narrative (SOAP S) -> LOINC section codes in SOAP-to-FHIR code
- LOINC 61149-1: Objective narrative (SOAP O) -> as above
- LOINC 51848-0: Evaluation note (SOAP A) -> as above
- LOINC 18776-5: Plan of care note (SOAP P) -> HL7 C-CDA on FHIR "Care Plan Document Type"
- LOINC 11506-3: Progress note (the Composition's type) -> LOINC document ontology
- SNOMED CT 24028007: Right (qualifier value) -> laterality value set of FHIR BodyStructure
- SNOMED CT 7771000: Left (qualifier value) -> as above
- SNOMED CT muscle structures (the `MUSCLE_SNOMED` table below): 22823000
  sternocleidomastoid, 79368004 masseter, 52927003 temporalis, 52410001 digastric,
  18252004 platysma, 88938001 lateral pterygoid, 85002005 medial pterygoid -> a published
  FHIR ConceptMap of the AAPM TG-263 structure names to SNOMED CT (with laterality
  24028007/7771000 as separate qualifiers, as here); 31764008 trapezius, 206007 gluteus
  maximus, 68455001 iliopsoas -> a published FHIR code system's SNOMED body structure
  map. Both are secondary sources: confirm in a SNOMED CT browser before relying on them.
- UCUM kPa: kilopascal -> UCUM (prefix k, unit Pa)
- UCUM kgf/cm2: kilogram-force per square centimetre, kgf = kg.[g] -> UCUM unit kgf;
  `kg/cm2` is mass per area and UCUM libraries refuse to convert it to kPa
- UCUM deg: degree of plane angle -> UCUM
- UCUM {score}: a dimensionless score (annotation) -> UCUM annotations

Everything without a standard code (trigger points, body map regions, the examination
signs of Travell and Simons, the measures LOINC lacks, the pressure release procedure)
uses the project's own `urn:triggerpoint:*` systems, always with readable text beside it.
No SNOMED CT procedure code names manual trigger point pressure release, so Procedure
carries the local code only.
"""

from __future__ import annotations

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

LATERALITY: dict[str, tuple[str, str]] = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
}

# SOAP sections of the note, as LOINC section codes.
SOAP_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("subjective", "61150-9", "Subjective narrative"),
    ("objective", "61149-1", "Objective narrative"),
    ("assessment", "51848-0", "Evaluation note"),
    ("plan", "18776-5", "Plan of care note"),
)
PROGRESS_NOTE = ("11506-3", "Progress note")

# Muscles with a SNOMED CT body structure code checked so far; others carry the local
# trigger point code and their laterality only.
MUSCLE_SNOMED: dict[str, tuple[str, str]] = {
    "upper-trapezius": ("31764008", "Structure of trapezius muscle"),
    "middle-trapezius": ("31764008", "Structure of trapezius muscle"),
    "lower-trapezius": ("31764008", "Structure of trapezius muscle"),
    "sternocleidomastoid": ("22823000", "Structure of sternocleidomastoid muscle"),
    "masseter": ("79368004", "Masseter muscle structure"),
    "temporalis": ("52927003", "Structure of temporalis muscle"),
    "digastric": ("52410001", "Digastric muscle structure"),
    "platysma": ("18252004", "Structure of platysma muscle"),
    "lateral-pterygoid": ("88938001", "Structure of lateral pterygoid muscle"),
    "medial-pterygoid": ("85002005", "Structure of medial pterygoid muscle"),
    "gluteus-maximus": ("206007", "Structure of gluteus maximus muscle"),
    "iliopsoas": ("68455001", "Structure of iliopsoas muscle"),
}

# The examination signs of a trigger point (Travell and Simons' criteria).
SIGN_LABELS: dict[str, str] = {
    "taut_band": "Taut band palpable",
    "spot_tenderness": "Spot tenderness",
    "recognised": "Pain recognised by the client",
    "local_twitch": "Local twitch response",
}
