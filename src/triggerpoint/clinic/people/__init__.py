"""Who is who: the access policy, clinics chosen by host, contact details and account claims."""
