"""The three ways to add a paper: paste BibTeX, give an arXiv id or URL, or fill in the fields by hand.

Each form's `paper_data()` returns the keyword arguments of `papers.services.paper_create`.
"""

import datetime
import re

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry
from django import forms
from pylatexenc.latex2text import LatexNodes2Text

from importers import arxiv
from papers.identifiers import ARXIV_SOURCE, parse_arxiv_id
from papers.models import Paper, Venue, doi_validator
from papers.services import PaperDuplicate, normalize_doi, paper_find_duplicate

MAX_BIBTEX_CHARS = 20_000


FIRST_YEAR = 1600


def _validate_year(year: int, typed: str = "") -> None:
    """A year a paper can have been published in: from FIRST_YEAR to next year (preprints run ahead)."""
    last = datetime.date.today().year + 1
    if not FIRST_YEAR <= year <= last:
        raise forms.ValidationError(
            f"{typed or year} is not a year a paper can have been published in: enter one from {FIRST_YEAR} to {last}."
        )


def _plain(text: str) -> str:
    """Text with its spaces collapsed (a decoded ~ is a no-break space)."""
    return " ".join(text.split())


# Field names in lower case; "Smith, Jr., John and others" split into names the way BibTeX does (braces keep
# "{Barnes and Noble}" one name) and merged first name first: "John Smith Jr.".
PARSE_STACK = (middlewares.NormalizeFieldKeys, middlewares.SeparateCoAuthors, middlewares.SplitNameParts)
# The fields read as prose: their TeX is decoded ("G{\"u}l{\c{c}}ehre" -> "Gülçehre", "{\textbf{Bold}}" -> "Bold",
# protective braces gone, $math$ kept as written) by pylatexenc, the decoder of bibtexparser's LatexDecodingMiddleware.
# Not that middleware itself: it decodes every field, and a URL's "%20" starts a TeX comment, its "~" becomes a space.
PROSE_FIELDS = ("title", "booktitle", "journal", "publisher", "abstract", "keywords")
_decode_latex = LatexNodes2Text(math_mode="verbatim").latex_to_text


def bibtex_entries(text: str) -> list[dict]:
    """The entries of `text` as {field: value}, by bibtexparser 2: prose decoded, names as a list of names, other
    fields (url, doi, eprint, year) as written. A ValidationError says where `text` is not BibTeX."""
    library = bibtexparser.parse_string(text, append_middleware=[middleware() for middleware in PARSE_STACK])
    failed = [block for block in library.failed_blocks if not isinstance(block, DuplicateBlockKeyBlock)]
    if failed:
        block = failed[0]
        if isinstance(block, DuplicateFieldKeyBlock):
            reason = f"{', '.join(sorted(block.duplicate_keys))} given twice"
        else:  # a name that cannot be split says why; an entry cut short says nothing
            reason = str(block.error) or "an entry is not closed: check its braces and quotes"
        raise forms.ValidationError(f"This is not valid BibTeX (line {block.start_line + 1}: {reason}).")
    entries = library.entries + [block.ignore_error_block for block in library.failed_blocks]  # a key used twice
    return [_decoded(entry) for entry in entries if entry is not None]


def _decoded(entry: Entry) -> dict:
    fields = {}
    for field in entry.fields:
        value = field.value
        if isinstance(value, list):  # names: a name is what BibTeX made of it, "von" and "Jr." in their places
            value = [_plain(_decode_latex(name.merge_first_name_first)) for name in value]
            value = [name for name in value if name and name.lower() != "others"]
        elif field.key in PROSE_FIELDS:
            value = _plain(_decode_latex(value))
        fields[field.key] = value
    return fields


class AddPaperForm(forms.Form):
    """One of the three ways to add a paper; each gives paper_data(), the arguments of papers.services.paper_create.

    `method` names the way; it is sent as a hidden field so that one page can hold all three forms.
    """

    method = ""


class BibtexPaperForm(AddPaperForm):
    method = "bibtex"
    bibtex = forms.CharField(
        label="BibTeX entry",
        max_length=MAX_BIBTEX_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="One entry, e.g. @inproceedings{key, title={…}, author={… and …}, year={2018}, …}.",
    )

    def clean_bibtex(self):
        text = self.cleaned_data["bibtex"]
        entries = bibtex_entries(text)
        if not entries:
            raise forms.ValidationError("No BibTeX entry found. Paste one entry starting with @article{ or similar.")
        if len(entries) > 1:
            raise forms.ValidationError("Paste one entry at a time.")
        entry = entries[0]
        missing = [name for name in ("title", "author", "year") if not entry.get(name)]
        if missing:
            raise forms.ValidationError(f"The entry needs {', '.join(missing)}.")
        match = re.search(r"\d{4}", entry["year"])
        if not match:
            raise forms.ValidationError(f"The year {entry['year']!r} is not a year.")
        _validate_year(int(match.group()), typed=repr(entry["year"]))
        self.entry = entry
        return text

    def paper_data(self):
        entry = self.entry
        arxiv_id = ""
        if entry.get("archiveprefix", "").lower() == "arxiv" or "arxiv" in entry.get("journal", "").lower():
            arxiv_id = parse_arxiv_id(entry.get("eprint", "")) or ""
        keywords = [k.strip() for k in re.split(r"[,;]", entry.get("keywords", "")) if k.strip()]
        return {
            "title": entry["title"],
            "authors": entry["author"],
            "year": int(re.search(r"\d{4}", entry["year"]).group()),
            "provenance": Paper.Provenance.BIBTEX,
            "source": (entry.get("booktitle") or entry.get("journal") or entry.get("publisher") or "")[:200],
            "abstract": entry.get("abstract", ""),
            "url": entry.get("url", "").strip()[:500],
            "arxiv_id": arxiv_id,
            "doi": entry.get("doi", "").strip(),
            "keywords": keywords[:20],
        }


class ArxivPaperForm(AddPaperForm):
    method = "arxiv"
    arxiv = forms.CharField(
        label="arXiv id or URL",
        max_length=200,
        help_text="e.g. 1806.07366 or https://arxiv.org/abs/1806.07366v5",
    )

    def clean_arxiv(self):
        arxiv_id = parse_arxiv_id(self.cleaned_data["arxiv"])
        if arxiv_id is None:
            raise forms.ValidationError("This is not an arXiv id or an arxiv.org/abs/… link.")
        return arxiv_id

    def paper_data(self):
        """The paper as arXiv describes it; a paper already in the catalogue is found before asking arXiv."""
        arxiv_id = self.cleaned_data["arxiv"]
        existing = paper_find_duplicate(title="", arxiv_id=arxiv_id)
        if existing is not None:
            raise PaperDuplicate(existing)
        entry = arxiv.fetch_entry(arxiv_id)
        return {
            "title": entry.title,
            "authors": entry.authors,
            "year": entry.published.year if entry.published else None,
            "provenance": Paper.Provenance.ARXIV,
            "source": ARXIV_SOURCE,
            "abstract": entry.abstract,
            "arxiv_id": entry.arxiv_id,
            "doi": entry.doi,
            "first_published": entry.published,
            "keywords": entry.categories,
        }


class ManualPaperForm(AddPaperForm):
    method = "manual"
    title = forms.CharField(max_length=500)
    authors = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, help_text="One author per line, “First Last”."
    )
    year = forms.IntegerField()
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.all(), required=False, help_text="If it appeared at a venue in the catalogue."
    )
    source = forms.CharField(max_length=200, required=False, help_text="e.g. “arXiv e-Print archive” or a journal.")
    url = forms.URLField(max_length=500, required=False, assume_scheme="https", label="Link")
    doi = forms.CharField(max_length=200, required=False, label="DOI")
    arxiv_id = forms.CharField(max_length=40, required=False, label="arXiv id")
    abstract = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=10_000)

    def clean_year(self):
        year = self.cleaned_data["year"]
        _validate_year(year)
        return year

    def clean_doi(self):
        # Checked here too (the paper checks it again) so that a wrong DOI shows with the form's other errors.
        doi = normalize_doi(self.cleaned_data["doi"])
        if doi:
            doi_validator(doi)
        return doi

    def clean_authors(self):
        names = [" ".join(line.split()) for line in self.cleaned_data["authors"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError("Enter at least one author.")
        if any(len(name) > 200 for name in names):
            raise forms.ValidationError("One author per line, at most 200 characters each.")
        return names

    def clean_arxiv_id(self):
        text = self.cleaned_data["arxiv_id"].strip()
        if not text:
            return ""
        arxiv_id = parse_arxiv_id(text)
        if arxiv_id is None:
            raise forms.ValidationError("This is not an arXiv id.")
        return arxiv_id

    def paper_data(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "authors": data["authors"],
            "year": data["year"],
            "provenance": Paper.Provenance.MANUAL,
            "venue": data["venue"],
            "source": data["source"],
            "abstract": data["abstract"],
            "url": data["url"],
            "arxiv_id": data["arxiv_id"],
            "doi": data["doi"],
        }


ADD_PAPER_FORMS = {form.method: form for form in (BibtexPaperForm, ArxivPaperForm, ManualPaperForm)}
