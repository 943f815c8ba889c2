"""Treatment records: guided sessions, SOAP notes, intake, home care, self-care,
outcomes and the owner's report."""
