"""Calendar files now live in clinic/messaging/calendar_files.py (the emails need them, and clinic/
does not import interop/); this name stays for callers outside clinic/."""

from triggerpoint.clinic.messaging.calendar_files import (
    CONTENT_TYPE,
    PRODID,
    booking_ics,
    download_ics,
    therapist_feed,
)

__all__ = ["CONTENT_TYPE", "PRODID", "booking_ics", "download_ics", "therapist_feed"]
