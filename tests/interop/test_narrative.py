"""Note text survives FHIR: what the Composition's narrative holds reads back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import World
from triggerpoint.interop.csv_import import write_clients
from triggerpoint.interop.fhir_load import narrative_text
from triggerpoint.interop.fhir_records import narrative

# What a therapist types: letters, digits, punctuation, symbols, spaces and new lines.
TYPED = st.text(
    st.one_of(st.characters(categories=("L", "N", "P", "S", "Zs")), st.just("\n")), max_size=200
)


@given(TYPED)
def test_note_text_reads_back_from_its_narrative_exactly(text: str):
    div = narrative(text)["div"]
    assert div.startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
    assert narrative_text(div) == text


@pytest.mark.django_db
def test_writing_clients_reports_progress_per_batch(world: World):
    rows = [
        {
            "name": f"P{i}",
            "email": f"p{i}@example.com",
            "phone": "",
            "date_of_birth": None,
            "notes": "",
        }
        for i in range(2500)
    ]
    steps: list[int] = []
    assert write_clients(rows, world.clinic, steps.append) == 2500
    assert steps == [1000, 1000, 500]
