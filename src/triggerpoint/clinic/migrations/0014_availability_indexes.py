"""Covering indexes for availability (issue 17).

Availability reads the bookings of some therapists and of some rooms near a date range,
and only their therapist, room, blocked times and status (clinic/booking/busy.py). With
all five columns in the index, PostgreSQL (index-only scans) and SQLite (covering index)
answer without visiting the table, which on a million appointments was most of the time.
The new indexes start with the columns of the ones they replace, so every query that used
those can use these.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('clinic', '0013_waitlist_intake_contact'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='appointment',
            name='appt_therapist_time',
        ),
        migrations.RemoveIndex(
            model_name='appointment',
            name='appt_room_time',
        ),
        migrations.AddIndex(
            model_name='appointment',
            index=models.Index(fields=['therapist', 'blocked_start', 'blocked_end', 'room', 'status'], name='appt_therapist_busy'),
        ),
        migrations.AddIndex(
            model_name='appointment',
            index=models.Index(fields=['room', 'blocked_start', 'blocked_end', 'therapist', 'status'], name='appt_room_busy'),
        ),
    ]
