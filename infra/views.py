"""Site-wide pages that no app owns."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page is for developers (and unstyled under the site's CSP)."""
    return render(request, "403_csrf.html", status=403)
