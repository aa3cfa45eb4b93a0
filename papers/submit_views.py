"""Adding a paper to the catalogue: from BibTeX, from arXiv, or by hand; duplicates lead to the existing paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.ratelimit import ratelimit
from papers import arxiv
from papers.forms import ADD_PAPER_FORMS
from papers.models import Paper
from papers.services import PaperDuplicate, paper_create, paper_find_duplicate

ARXIV_SOURCE = "arXiv e-Print archive"


def _arxiv_paper_data(arxiv_id: str) -> dict:
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


def _to_existing(request, paper):
    messages.info(request, "This paper is already in the catalogue: here it is.")
    return redirect(paper)


@ratelimit("paper")
@login_required
def paper_add(request):
    forms = {method: form_class(prefix=method) for method, form_class in ADD_PAPER_FORMS.items()}
    if request.method != "POST":
        return render(request, "papers/paper_add.html", {"forms": forms, "active": "arxiv"})

    method = request.POST.get("method", "")
    if method not in ADD_PAPER_FORMS:
        return render(request, "papers/paper_add.html", {"forms": forms, "active": "arxiv"}, status=400)
    form = forms[method] = ADD_PAPER_FORMS[method](request.POST, prefix=method)
    status = 400
    if form.is_valid():
        try:
            if method == "arxiv":
                arxiv_id = form.cleaned_data["arxiv"]
                duplicate = paper_find_duplicate(title="", arxiv_id=arxiv_id)
                if duplicate is not None:
                    return _to_existing(request, duplicate)
                data = _arxiv_paper_data(arxiv_id)
            else:
                data = form.paper_data()
            paper = paper_create(**data)
        except PaperDuplicate as duplicate:
            return _to_existing(request, duplicate.paper)
        except arxiv.ArxivNotFound as exc:
            form.add_error("arxiv", str(exc))
        except arxiv.ArxivError as exc:
            form.add_error("arxiv", str(exc))
            status = 502
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "The paper is in the catalogue. Would you write the first summary?")
            return redirect(paper)
    return render(request, "papers/paper_add.html", {"forms": forms, "active": method}, status=status)
