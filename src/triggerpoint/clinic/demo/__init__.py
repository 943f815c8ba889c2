"""Demo data for `triggerpoint demo` and `make run`: a clinic, its staff, clients and visits."""
