"""Django app for the clinic: clients, staff, rooms, services, booking and the audit trail."""
