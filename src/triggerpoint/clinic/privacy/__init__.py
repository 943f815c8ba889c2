"""Privacy plumbing: the audit trail, erasure, signed tokens and rate limits."""
