from django.apps import AppConfig


class ImportersConfig(AppConfig):
    """Getting papers into the catalogue: ShortScience venue pages, arXiv, BibTeX and the "add a paper" page."""

    name = "importers"
    label = "importers"
    verbose_name = "Importers"
