"""The clinic's booking rules as settings (how far ahead and how soon online bookings may
start) and the front desk's arrival mark.

`arrived_at` is nullable without a default, so SQLite adds the column in place and the
appointment table keeps its overlap triggers (0004); the clinic table has none.
"""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clinic", "0009_record_uuids")]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="booking_horizon_days",
            field=models.PositiveSmallIntegerField(
                default=90,
                help_text="Online bookings open this many days ahead.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(366),
                ],
            ),
        ),
        migrations.AddField(
            model_name="clinic",
            name="booking_notice_minutes",
            field=models.PositiveIntegerField(
                default=120,
                help_text="Online bookings start at least this many minutes from now.",
                validators=[django.core.validators.MaxValueValidator(20160)],
            ),
        ),
        migrations.AlterField(
            model_name="clinic",
            name="cancellation_notice_hours",
            field=models.PositiveSmallIntegerField(
                default=24,
                help_text="Clients cancel or move a booking online at least this long ahead.",
            ),
        ),
        migrations.AddField(
            model_name="appointment",
            name="arrived_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
