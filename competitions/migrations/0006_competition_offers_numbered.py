from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def count_numbered_offers(apps, schema_editor):
    """Start each counter where the old numbering (a count of numbered first versions) stood."""
    Competition = apps.get_model("competitions", "Competition")
    Offer = apps.get_model("competitions", "Offer")
    numbered = (
        Offer.objects.filter(competition=OuterRef("pk"), version=1)
        .filter(~Q(number=""))
        .values("competition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Competition.objects.update(
        offers_numbered=Coalesce(Subquery(numbered, output_field=IntegerField()), 0)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0005_contracts_default_template"),
    ]

    operations = [
        migrations.AddField(
            model_name="competition",
            name="offers_numbered",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="offers numbered"),
        ),
        migrations.RunPython(count_numbered_offers, migrations.RunPython.noop),
    ]
