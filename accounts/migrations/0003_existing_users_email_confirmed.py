"""Users who signed up before addresses were confirmed count as confirmed: their mail kept arriving as before.

Every user gets a profile (sign-up always made one; users made otherwise may lack it) whose confirmed address is
their current one.
"""

from django.conf import settings
from django.db import migrations
from django.db.models import OuterRef, Subquery


def confirm_existing_addresses(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("accounts", "Profile")
    with_profile = set(Profile.objects.values_list("user_id", flat=True))
    Profile.objects.bulk_create(
        [Profile(user_id=pk) for pk in User.objects.exclude(pk__in=with_profile).values_list("pk", flat=True)],
        batch_size=1000,
    )
    Profile.objects.update(confirmed_email=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("email")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_profile_orcid_and_confirmed_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(confirm_existing_addresses, migrations.RunPython.noop)]
