"""The DBLP key prefixes of the venues the catalogue knows; admins edit and add to them in the admin."""

from django.db import migrations

DBLP_VENUES = [
    ("conf/nips/", "NIPS", "DBLP lists it as NeurIPS from 2018 on."),
    ("conf/icml/", "ICML", ""),
    ("conf/iclr/", "ICLR", ""),
    ("conf/cvpr/", "CVPR", ""),
    ("conf/iccv/", "ICCV", ""),
    ("conf/eccv/", "ECCV", ""),
    ("conf/acl/", "ACL", ""),
    ("conf/emnlp/", "EMNLP", ""),
    ("conf/naacl/", "NAACL", ""),
    ("conf/aaai/", "AAAI", ""),
    ("conf/ijcai/", "IJCAI", ""),
    ("conf/kdd/", "KDD", ""),
    ("conf/uai/", "UAI", ""),
    ("conf/aistats/", "AISTATS", ""),
    ("conf/colt/", "COLT", ""),
    ("conf/corl/", "CoRL", ""),
    ("journals/jmlr/", "JMLR", ""),
    ("journals/pami/", "TPAMI", ""),
    ("journals/ijcv/", "IJCV", ""),
    ("journals/tmlr/", "TMLR", ""),
]


def seed(apps, schema_editor):
    DblpVenue = apps.get_model("importers", "DblpVenue")
    for key_prefix, venue, note in DBLP_VENUES:
        DblpVenue.objects.get_or_create(key_prefix=key_prefix, defaults={"venue_short_name": venue, "note": note})


def unseed(apps, schema_editor):
    apps.get_model("importers", "DblpVenue").objects.filter(key_prefix__in=[p for p, _, _ in DBLP_VENUES]).delete()


class Migration(migrations.Migration):
    dependencies = [("importers", "0001_dblp_venues_and_imports")]
    operations = [migrations.RunPython(seed, unseed)]
