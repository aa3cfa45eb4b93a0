"""The synthetic DBLP file of the import benchmark: what import_dblp meets in the real dump, in small."""

import pytest
from django.core.management import call_command

from importers.dblp.parsing import iter_records, open_dblp
from papers.models import Author, Paper


def test_generate_dblp_writes_records_with_entities_markup_and_identifiers(tmp_path):
    path = tmp_path / "dblp.xml.gz"
    call_command("generate_dblp", str(path), "--records", "3000", "--seed", "3", verbosity=0)
    assert (tmp_path / "dblp.dtd").exists()
    with open_dblp(path) as stream:
        rows = list(iter_records(stream))
    records = [record for _, _, record in rows if record]
    assert len(rows) == 3000 and len(records) > 2800
    names = {dblp for record in records for dblp, _ in record.authors}
    assert any("ü" in name or "ö" in name or "é" in name for name in names)  # entities resolved through the DTD
    assert any(("²" in r.title or "₂" in r.title) for r in records) and not any(r.title.endswith(".") for r in records)
    assert any(r.doi for r in records) and any(r.arxiv_id for r in records)


@pytest.mark.django_db
def test_a_generated_file_imports(tmp_path):
    path = tmp_path / "dblp.xml"
    call_command("generate_dblp", str(path), "--records", "2500", verbosity=0)
    call_command("import_dblp", str(path), "--batch-size", "700", verbosity=0)
    assert Paper.objects.count() > 2300 and Author.objects.exclude(dblp_name=None).count() == Author.objects.count()
