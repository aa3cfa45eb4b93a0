"""The committed schemas of the XML the site sends (Atom feeds, sitemaps), loaded with lxml."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ATOM = "http://www.w3.org/2005/Atom"


@cache
def atom_schema():
    """RFC 4287's RELAX NG grammar (Appendix B, converted to XML syntax by trang)."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


@cache
def sitemap_schema(name):
    """sitemaps.org 0.9: "sitemap" for a <urlset>, "siteindex" for a <sitemapindex>."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / f"{name}.xsd")))


def schema_errors(schema, xml_bytes):
    """The schema's complaints about this document, one line each; empty when it is valid."""
    document = etree.fromstring(xml_bytes)
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
