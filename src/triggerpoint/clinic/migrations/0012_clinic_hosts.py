from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0011_emails_calendar"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="hosts",
            field=models.CharField(
                blank=True,
                help_text="Host names of this clinic's own site, separated by spaces or commas "
                "(e.g. book.north.example). A host no clinic names shows the first clinic.",
                max_length=500,
            ),
        ),
    ]
