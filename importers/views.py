"""Adding a paper to the catalogue: from BibTeX, from arXiv, or by hand; duplicates lead to the existing paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.shortcuts import redirect, render
from django.utils.text import capfirst

from importers import arxiv
from importers.forms import ADD_PAPER_FORMS
from infra.ratelimit import ratelimit
from papers.models import Paper
from papers.services import PaperDuplicate, paper_create


def _to_existing(request, paper):
    messages.info(request, "This paper is already in the catalogue: here it is.")
    return redirect(paper)


def _add_service_errors(form, error):
    """The paper's own checks, shown on its field when the form has one, else named ("DOI: Enter a DOI…"): a
    BibTeX entry arrives in one box, and "Ensure this value has at most 500 characters" alone says not which."""
    errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for name, texts in errors.items():
        if name in form.fields:
            form.add_error(name, texts)
            continue
        try:
            label = f"{capfirst(Paper._meta.get_field(name).verbose_name)}: "
        except FieldDoesNotExist:  # NON_FIELD_ERRORS, or a check of the whole paper
            label = ""
        for text in texts:
            form.add_error(None, label + text)


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
            paper = paper_create(**form.paper_data())
        except PaperDuplicate as duplicate:
            return _to_existing(request, duplicate.paper)
        except arxiv.ArxivNotFound as exc:
            form.add_error("arxiv", str(exc))
        except arxiv.ArxivError as exc:
            form.add_error("arxiv", str(exc))
            status = 502
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, "The paper is in the catalogue. Would you write the first summary?")
            return redirect(paper)
    return render(request, "papers/paper_add.html", {"forms": forms, "active": method}, status=status)
