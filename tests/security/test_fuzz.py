"""Nothing a request sends causes a 500: every form field and query parameter, fuzzed.

Each parameter gets a fixed list of nasty values (huge, empty, NUL bytes, deep nesting, markup, numbers out of
range) and hypothesis-generated text; raw invalid UTF-8 goes into query strings and form bodies. The answer must
be below 500, and a form refused with a 4xx keeps what the user typed in the other fields.
"""

import html
from unittest import mock
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.models import Paper
from summaries.models import Summary
from tests.builders import PASSWORD, make_paper, make_summary

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the repository
    derandomize=True,  # the same examples on every run: a failure here is reproducible, not flaky
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

NESTED_LIST = "\n".join("  " * depth + "- item" for depth in range(300))
NASTY = [
    "",
    "   \t\n ",
    "x" * 1_000_000,
    "\x00",
    "a\x00b",
    "\x1b[31m\x07\x08\x7f",
    "[" * 10_000,
    "[[[[[[[[[[" * 100 + "]]",
    ">" * 10_000 + " quoted",
    "> " * 5_000 + "quoted",
    NESTED_LIST,
    "(" * 10_000,
    "{" * 10_000,
    "$" + "{" * 3_000 + "$",
    "$$" + "\\frac{" * 2_000 + "$$",
    "$x^{$ $\\left( \\right.$ $\\begin{matrix}$ $$\\end{array}$$",
    "*" * 5_000 + "_" * 5_000 + "`" * 5_000,
    "<script>alert(1)</script>",
    "'\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "//evil.example/",
    "%00%ff%fe",
    "../../../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "2018.5",
    "١٢٣",  # Arabic-Indic digits: int() accepts them
    "\u202egnp.exe",
    "e\u0301" * 2_000,
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 \ufeff\ufffe",
    "@article{x, title={" + "{" * 5_000 + "}",
    "@string{a = a # a}\n@article{k, title = a, author = a, year = 2018}",
    "@" * 10_000,
]
# Raw bytes that are not UTF-8 (or are, but encode something a database cannot store).
INVALID_UTF8 = [b"\xff\xfe\xfd", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"abc\x80", b"\x00\xff"]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=2_000),
    st.builds(lambda unit, n: unit * n, st.sampled_from(["[", ">", "- ", "{", "\\frac{", "$", "*", "(", "\\"]),
              st.integers(1, 20_000)),
)
hostile_bytes = st.one_of(st.sampled_from(INVALID_UTF8), st.binary(max_size=300))


@pytest.fixture(autouse=True)
def no_limits_and_no_network(settings):
    """Rate limits and the login lockout would answer 429 before the forms are reached; arXiv is never called."""
    settings.RATELIMITS = {}
    settings.LOGIN_LOCKOUT = {"failures_per_username": 10**9, "failures_per_ip": 10**9}
    cache.clear()
    with mock.patch("importers.arxiv.fetch_atom", side_effect=__import__("importers.arxiv").arxiv.ArxivNotFound("no")):
        yield
    cache.clear()


@pytest.fixture
def world(make_user):
    """A paper with a summary by `writer`, a reader logged in on a client, and an anonymous client."""
    writer = make_user("writer")
    reader = make_user("reader")
    paper = make_paper("Neural Ordinary Differential Equations", authors=("Ricky T. Q. Chen",))
    other = make_paper("Attention Is All You Need", authors=("Ashish Vaswani",))
    summary = make_summary(paper, author=writer)
    logged_in = Client()
    logged_in.force_login(reader)
    author = Client()
    author.force_login(writer)
    return {"paper": paper, "other": other, "summary": summary, "reader": logged_in, "author": author,
            "anonymous": Client()}


def assert_no_server_error(response, what):
    assert response.status_code < 500, f"{what} -> {response.status_code}"
    return response


def raw_query(client, path, query: bytes):
    """GET with exactly these bytes as the query string (WSGI passes them as latin-1)."""
    return client.get(path, QUERY_STRING=query.decode("latin-1"))


def raw_post(client, path, body: bytes):
    return client.post(path, body, content_type="application/x-www-form-urlencoded")


def kept(response, value):
    """The page shows what the user typed (escaped as Django escapes it)."""
    return html.escape(value).encode() in response.content


# --- Query parameters -----------------------------------------------------------------------------------------------

GET_PARAMETERS = {
    "/": ["tab"],
    "/search/": ["q", "venue", "year", "year_from", "year_to", "page"],
    "/venues/nips/2018/": ["sort", "page"],
    "/authors/ricky-t-q-chen/": ["sort", "page"],
    "/api/papers/": ["venue", "year", "author", "keyword", "page", "page_size"],
    "/api/summaries/": ["paper", "page", "page_size"],
    "/api/venues/": ["page", "page_size"],
    "/accounts/login/": ["next"],
    "/accounts/signup/": ["next"],
    "/sitemap-papers.xml": ["p"],
    "/feeds/latest/": ["page"],
}


@pytest.fixture
def catalogue(nips2018, world):
    return world


def test_every_query_parameter_survives_every_nasty_value(catalogue):
    client = catalogue["anonymous"]
    for path, names in GET_PARAMETERS.items():
        for name in names:
            for value in NASTY:
                assert_no_server_error(client.get(path, {name: value}), f"GET {path}?{name}={value[:40]!r}")
            for raw in INVALID_UTF8:
                query = name.encode() + b"=" + raw
                assert_no_server_error(raw_query(client, path, query), f"GET {path}?{query!r}")
                query = name.encode() + b"=" + quote_from_bytes(raw).encode()
                assert_no_server_error(raw_query(client, path, query), f"GET {path}?{query!r}")


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "venue", "year", "year_from", "year_to", "page"]), hostile_text))
def test_search_never_fails_and_keeps_the_query(catalogue, params):
    response = assert_no_server_error(catalogue["anonymous"].get("/search/", params), f"search {params!r:.200}")
    q = params.get("q", "")
    if q and q.isprintable() and len(q) <= 500 and response.status_code in (200, 400):
        # The search box shows the query again (with its spaces collapsed once it was understood).
        assert kept(response, q if response.status_code == 400 else " ".join(q.split()))


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["venue", "year", "author", "keyword", "page", "page_size", "paper"]),
                              hostile_text, max_size=4),
       path=st.sampled_from(["/api/papers/", "/api/summaries/", "/api/venues/"]))
def test_api_parameters_answer_json_and_never_fail(catalogue, params, path):
    response = assert_no_server_error(catalogue["anonymous"].get(path, params), f"{path} {params!r:.200}")
    assert response["Content-Type"] == "application/json"
    if response.status_code >= 400:
        assert "error" in response.json()


@FUZZ
@given(query=hostile_bytes, path=st.sampled_from(sorted(GET_PARAMETERS)))
def test_raw_bytes_as_a_whole_query_string(catalogue, query, path):
    assert_no_server_error(raw_query(catalogue["anonymous"], path, query), f"GET {path}?{query!r}")


def test_too_many_query_parameters_get_a_400_page(catalogue):
    query = "&".join(f"q{n}=x" for n in range(5_000))
    response = catalogue["anonymous"].get(f"/search/?{query}")
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters only where it parses them all.
    assert response.status_code in (200, 400)
    response = catalogue["anonymous"].post("/accounts/login/", query, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and b"Bad request" in response.content


# --- Forms ----------------------------------------------------------------------------------------------------------

# form -> (who posts, path, a valid submission, the fields kept on the page when the form is refused)
FORMS = {
    "signup": ("anonymous", "/accounts/signup/", {"username": "fuzzy", "email": "fuzzy@example.org",
                                                  "display_name": "Fuzzy", "password1": PASSWORD,
                                                  "password2": PASSWORD, "next": "/venues/"},
               ["username", "email", "display_name"]),
    "login": ("anonymous", "/accounts/login/", {"username": "reader", "password": PASSWORD, "next": "/"},
              ["username"]),
    "password_reset": ("anonymous", "/accounts/password_reset/", {"email": "reader@example.org"}, ["email"]),
    "profile": ("reader", "/accounts/profile/", {"display_name": "Reader", "bio": "Reads."},
                ["display_name", "bio"]),
    "summary_create": ("reader", "/papers/{paper.pk}/{paper.slug}/summaries/new/",
                       {"body": "A *fine* summary with $x$.", "is_private": ""}, ["body"]),
    "summary_edit": ("author", "/summaries/{summary.pk}/edit/", {"body": "Edited: $y$.", "is_private": "on"},
                     ["body"]),
    "summary_report": ("reader", "/summaries/{summary.pk}/report/", {"reason": "Spam."}, ["reason"]),
    "summary_vote": ("reader", "/summaries/{summary.pk}/vote/", {"value": "1"}, []),
    "markdown_preview": ("reader", "/markdownx/markdownify/", {"content": "Preview $x^2$."}, []),
    "paper_add_bibtex": ("reader", "/papers/add/", {
        "method": "bibtex", "bibtex-bibtex": "@article{k, title={A Fuzzed Paper}, author={Ann Bee}, year={2020}}",
    }, ["bibtex-bibtex"]),
    "paper_add_arxiv": ("reader", "/papers/add/", {"method": "arxiv", "arxiv-arxiv": "2101.00001"},
                        ["arxiv-arxiv"]),
    "paper_add_manual": ("reader", "/papers/add/", {
        "method": "manual", "manual-title": "A Hand-Made Paper", "manual-authors": "Ann Bee\nCy Dee",
        "manual-year": "2020", "manual-venue": "", "manual-source": "A journal", "manual-url": "https://example.org",
        "manual-doi": "10.1000/xyz", "manual-arxiv_id": "", "manual-abstract": "About things.",
    }, ["manual-title", "manual-authors", "manual-source", "manual-abstract"]),
}


def form_target(world, name):
    who, path, valid, kept_fields = FORMS[name]
    return world[who], path.format(**world), valid, kept_fields


def reset_world(world):
    """Undo what a successful submission changed, so the next one meets the same page."""
    Summary.objects.exclude(pk=world["summary"].pk).delete()
    Paper.objects.exclude(pk__in=[world["paper"].pk, world["other"].pk]).delete()
    world["anonymous"].logout()  # a successful sign-up or login logged it in


def check_form_submission(world, name, field, value):
    client, path, valid, kept_fields = form_target(world, name)
    data = {**valid, field: value}
    response = assert_no_server_error(client.post(path, data), f"{name}: {field}={value[:60]!r}")
    # A tampered hidden `method` says nothing about which of the three add-paper forms was meant: nothing to keep.
    if 400 <= response.status_code < 500 and response["Content-Type"].startswith("text/html") and field != "method":
        for other in kept_fields:
            if other != field and valid[other]:
                assert kept(response, valid[other]), f"{name}: {field}={value[:60]!r} lost {other}"
    reset_world(world)
    return response


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_field_survives_every_nasty_value(world, name):
    _, _, valid, _ = FORMS[name]
    for field in valid:
        for value in NASTY:
            check_form_submission(world, name, field, value)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_survives_invalid_utf8_in_its_body(world, name):
    client, path, valid, _ = form_target(world, name)
    for field in valid:
        for raw in INVALID_UTF8:
            rest = "&".join(f"{quote(k)}={quote(v)}" for k, v in valid.items() if k != field).encode()
            for encoded in (raw, quote_from_bytes(raw).encode()):
                body = rest + b"&" + field.encode() + b"=" + encoded
                assert_no_server_error(raw_post(client, path, body), f"{name}: {body[-60:]!r}")
                reset_world(world)
    assert_no_server_error(raw_post(client, path, b"\xff\xfe=\x00&&&==&%zz=%"), f"{name}: garbage body")


@FUZZ
@given(name=st.sampled_from(sorted(FORMS)), data=st.data())
def test_forms_with_generated_values_never_fail(world, name, data):
    _, _, valid, _ = FORMS[name]
    field = data.draw(st.sampled_from(sorted(valid)), label="field")
    value = data.draw(hostile_text, label="value")
    response = check_form_submission(world, name, field, value)
    if name == "summary_vote" and response.status_code == 400:
        assert b"A vote is +1 or -1." in response.content


def test_a_refused_form_keeps_the_value_that_was_wrong(world):
    """The field that failed keeps its text too, so the user can correct it rather than retype it."""
    client, path, valid, _ = form_target(world, "paper_add_manual")
    response = client.post(path, {**valid, "manual-year": "nineteen-ninety <b>"})
    assert response.status_code == 400 and kept(response, "nineteen-ninety <b>")
    client, path, valid, _ = form_target(world, "summary_create")
    too_long = "[" * 120_000
    response = client.post(path, {**valid, "body": too_long})
    assert response.status_code == 400 and b"at most 100 KB" in response.content and kept(response, too_long)


def test_uploads_that_are_not_images_are_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world["reader"]
    for name, content, content_type in [
        ("x.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("x.gif", b"GIF89a" + b"\x00" * 10, "image/gif"),
        ("x.png", b"", "image/png"),
        ("x.png", b"\x89PNG\r\n\x1a\n" + b"\xff" * 500, "image/png"),
    ]:
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        response = assert_no_server_error(client.post("/markdownx/upload/", {"image": upload}), name)
        assert response.status_code == 400, name
    assert client.post("/markdownx/upload/", {"other": "x"}).status_code == 400
