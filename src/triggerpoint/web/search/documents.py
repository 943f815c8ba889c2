"""What the site search finds: services, muscles, trigger points, stretches, regions
and everyday symptom words, each as a `Document` with the page it links to."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.urls import reverse

from triggerpoint.atlas import load_atlas
from triggerpoint.atlas.loader import SAFE_LOADER
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.clinic.models import Service
from triggerpoint.web.search.index import Document, SearchIndex, build_index


@cache
def symptoms() -> list[dict[str, Any]]:
    text = resources.files("triggerpoint.web").joinpath("data/symptoms.yaml").read_text()
    entries: list[dict[str, Any]] = yaml.load(text, Loader=SAFE_LOADER)
    return entries


def _symptom_documents() -> Iterator[Document]:
    atlas = load_atlas()
    for entry in symptoms():
        muscles = [atlas.muscles[m] for m in entry["muscles"] if m in atlas.muscles]
        marks = "&".join(f"mark={base}-r" for base in entry["regions"])
        summary = "Often from: " + ", ".join(m.name for m in muscles) + "."
        if entry.get("note"):
            summary += " " + entry["note"]
        yield Document(
            kind="symptom",
            title=entry["name"].capitalize(),
            url=f"{reverse('web:find')}?{marks}",
            summary=summary,
            keywords=tuple(entry["words"]),
            boost=1.3,
        )
        # The muscles named for a symptom should come up for its words as well.
        for muscle in muscles:
            yield Document(
                kind="muscle",
                title=muscle.name,
                url=reverse("web:muscle", args=[muscle.id]),
                summary=f"A common source of {entry['name']}.",
                keywords=(entry["name"], *entry["words"]),
                boost=0.9,
            )


def _atlas_documents() -> Iterator[Document]:
    atlas = load_atlas()
    regions = fine_regions()
    for muscle in atlas.muscles.values():
        yield Document(
            kind="muscle",
            title=muscle.name,
            url=reverse("web:muscle", args=[muscle.id]),
            summary=f"{muscle.group}. {muscle.action}.",
            keywords=(muscle.id.replace("-", " "), muscle.group),
        )
    for tp in atlas.trigger_points.values():
        if tp.side != "right":
            continue
        refers = ", ".join(regions[r].label for r in tp.essential)
        yield Document(
            kind="trigger point",
            title=tp.name,
            url=reverse("web:muscle", args=[tp.muscle]) + f"#{tp.base}",
            summary=f"Refers pain to {refers}.",
            keywords=tuple(regions[r].label for r in tp.essential),
            boost=0.8,
        )
    for muscle in atlas.muscles.values():
        for stretch_id in muscle.stretches:
            stretch = atlas.stretches[stretch_id]
            yield Document(
                kind="stretch",
                title=stretch.name,
                url=reverse("web:muscle", args=[muscle.id]) + f"#stretch-{stretch.id}",
                summary=stretch.instructions,
                keywords=(muscle.name, "stretch", "exercise", "self-care"),
                boost=0.8,
            )


def _region_documents() -> Iterator[Document]:
    for region in fine_regions().values():
        if region.side == "right":
            yield Document(
                kind="body region",
                title=region.label.capitalize(),
                url=f"{reverse('web:find')}?mark={region.id}",
                summary="Mark it on the body map to see which trigger points may send pain there.",
                keywords=region.synonyms,
                boost=0.7,
            )


@cache
def static_index() -> SearchIndex:
    """The part of the index that changes only with a new release (built once)."""
    return build_index([*_symptom_documents(), *_atlas_documents(), *_region_documents()])


def service_documents(clinic_id: int | None = None) -> list[Document]:
    """The active services as documents; of one clinic when given (the site's)."""
    services = Service.objects.filter(active=True)
    if clinic_id is not None:
        services = services.filter(clinic_id=clinic_id)
    return [
        Document(
            kind="service",
            title=service.name,
            url=reverse("web:book-therapist", args=[service.pk]),
            summary=service.description,
            keywords=("book", "appointment", "session", "treatment"),
            boost=1.2,
        )
        for service in services
    ]


def search(query: str, limit: int = 25, clinic_id: int | None = None) -> list[Any]:
    """Ranked hits over everything; services are read fresh because staff edit them, and
    only `clinic_id`'s when given."""
    hits = static_index().search(query, limit=limit)
    hits += build_index(service_documents(clinic_id)).search(query, limit=limit)
    seen: set[str] = set()
    unique = []
    for hit in sorted(hits, key=lambda h: -h.score):
        if hit.document.url not in seen:
            seen.add(hit.document.url)
            unique.append(hit)
    return unique[:limit]
