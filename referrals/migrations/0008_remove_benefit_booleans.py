"""The booleans 0007 moved into records go (the history rows' copies with them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("referrals", "0007_benefit_booleans_to_records")]

    operations = [
        migrations.RemoveField(
            model_name='client',
            name='housing_allowance',
        ),
        migrations.RemoveField(
            model_name='client',
            name='housing_supplement',
        ),
        migrations.RemoveField(
            model_name='client',
            name='ospod_involved',
        ),
        migrations.RemoveField(
            model_name='client',
            name='ospod_note',
        ),
        migrations.RemoveField(
            model_name='historicalclient',
            name='housing_allowance',
        ),
        migrations.RemoveField(
            model_name='historicalclient',
            name='housing_supplement',
        ),
        migrations.RemoveField(
            model_name='historicalclient',
            name='ospod_involved',
        ),
        migrations.RemoveField(
            model_name='historicalclient',
            name='ospod_note',
        ),
    ]
