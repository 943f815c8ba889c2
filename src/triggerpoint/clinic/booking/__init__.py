"""Appointments: availability, the booking policy, booking, moving and cancelling,
the waitlist and the front desk."""
