"""Exchange formats with the outside world: FHIR and iCalendar."""
