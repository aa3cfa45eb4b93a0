"""Adding a paper to the catalogue: from BibTeX, from arXiv, or by hand; duplicates lead to the existing paper."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from accounts.ratelimit import ratelimit
from papers import arxiv
from papers.forms import ADD_PAPER_FORMS
from papers.services import PaperDuplicate, paper_create


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
            paper = paper_create(**form.paper_data())
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
