import re

from django import forms

from papers.models import Venue

MAX_QUERY_LENGTH = 500
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QueryField(forms.CharField):
    """Free text where NUL bytes and other control characters become spaces (PostgreSQL cannot take NULs)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = CONTROL_CHARACTERS.sub(" ", value)
        return super().to_python(value)


class SearchForm(forms.Form):
    q = QueryField(label="Search papers and summaries", required=False)
    venue = forms.ChoiceField(label="Venue", required=False)
    year = forms.IntegerField(label="Year", required=False, min_value=1000, max_value=2999)
    year_from = forms.IntegerField(label="From year", required=False, min_value=1000, max_value=2999)
    year_to = forms.IntegerField(label="To year", required=False, min_value=1000, max_value=2999)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].choices = [("", "All venues"), *Venue.objects.values_list("slug", "short_name")]

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if len(text) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                f"Searches are limited to {MAX_QUERY_LENGTH} characters; this one has {len(text):,}. "
                "Try the few words that matter most."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", "The last year comes before the first.")
        return cleaned

    @property
    def year_range(self):
        data = self.cleaned_data
        if data.get("year"):
            return data["year"], data["year"]
        return data.get("year_from"), data.get("year_to")

    @property
    def has_filters(self):
        return bool(self.cleaned_data.get("venue")) or any(self.year_range)

    @property
    def filters(self):
        """The filters as search.engine.paper_filter takes them."""
        year_from, year_to = self.year_range
        return {"venue_slug": self.cleaned_data.get("venue", ""), "year_from": year_from, "year_to": year_to}

    @property
    def filters_label(self):
        """What the filters let through, in words: "NIPS, 2016–2018", "all venues, 2019 and later"."""
        slug = self.cleaned_data.get("venue")
        venue = dict(self.fields["venue"].choices)[slug] if slug else "all venues"
        year_from, year_to = self.year_range
        if year_from and year_to:
            years = str(year_from) if year_from == year_to else f"{year_from}–{year_to}"
        elif year_from:
            years = f"{year_from} and later"
        elif year_to:
            years = f"{year_to} and earlier"
        else:
            return venue
        return f"{venue}, {years}"
