"""The DBLP venue table: seeded with the venues the catalogue knows, edited by admins, not code."""

import pytest
from django.core.management import call_command

from importers.models import DblpVenue
from papers.models import Paper
from tests.importers.dblp.files import inproceedings, write_dblp

pytestmark = pytest.mark.django_db


def test_the_seeded_table_maps_nips_neurips_key_prefix_to_nips():
    nips = DblpVenue.objects.get(key_prefix="conf/nips/")
    assert nips.venue_short_name == "NIPS" and "NeurIPS" in nips.note
    assert DblpVenue.objects.filter(venue_short_name="ICML").exists()


def test_admins_add_a_mapping_in_the_admin_and_the_import_follows_it(admin_client, tmp_path):
    assert admin_client.get("/admin/importers/dblpvenue/").status_code == 200
    wrong = {"key_prefix": "conf/wrong", "venue_short_name": "W"}
    refused = admin_client.post("/admin/importers/dblpvenue/add/", wrong)
    assert refused.status_code == 200 and "with a slash at the end" in refused.content.decode()
    assert not DblpVenue.objects.filter(venue_short_name="W").exists()
    added = admin_client.post(
        "/admin/importers/dblpvenue/add/", {"key_prefix": "conf/rss/", "venue_short_name": "RSS", "note": ""}
    )
    assert added.status_code == 302
    call_command("import_dblp", str(write_dblp(tmp_path, inproceedings("conf/rss/A19", "Robots", venue="RSS"))),
                 "--venue", "RSS", verbosity=0)
    assert Paper.objects.get(dblp_key="conf/rss/A19").venue.short_name == "RSS"


def test_imports_are_listed_read_only_in_the_admin(admin_client, tmp_path):
    call_command("import_dblp", str(write_dblp(tmp_path, inproceedings("conf/nips/A17", "A"))), verbosity=0)
    html = admin_client.get("/admin/importers/dblpimport/").content.decode()
    assert "conf/nips/" in html and admin_client.get("/admin/importers/dblpimport/add/").status_code == 403
