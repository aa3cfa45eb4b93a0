"""DBLP-format files written for the tests: the dump's header, its DTD (with the entities it declares) beside it."""

import gzip

DTD = """<!ENTITY uuml "&#252;">
<!ENTITY ouml "&#246;">
<!ENTITY eacute "&#233;">
<!ENTITY szlig "&#223;">
<!ELEMENT dblp (article|inproceedings|proceedings|www)*>
"""
HEADER = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE dblp SYSTEM "dblp.dtd">\n<dblp>\n'


def inproceedings(key, title, year=2017, authors=("Ada Lovelace",), *, venue="NIPS", ee=(), extra=""):
    names = "".join(f"<author>{name}</author>" for name in authors)
    links = "".join(f"<ee>{link}</ee>" for link in ee)
    year_element = f"<year>{year}</year>" if year is not None else ""
    title_element = f"<title>{title}</title>" if title is not None else ""
    return (
        f'<inproceedings mdate="2020-01-01" key="{key}">{names}{title_element}<pages>1-9</pages>{year_element}'
        f"<booktitle>{venue}</booktitle>{links}<url>db/conf/nips/nips{year}.html#x</url>{extra}</inproceedings>\n"
    )


def write_dblp(directory, *records, name="dblp.xml", dtd=True, footer="</dblp>\n", compress=False):
    """The file's path; `records` are XML strings (see inproceedings())."""
    if dtd:
        (directory / "dblp.dtd").write_text(DTD, encoding="ascii")
    text = HEADER + "".join(records) + footer
    path = directory / name
    data = text.encode("latin-1")
    if compress:
        path = directory / f"{name}.gz"
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path
