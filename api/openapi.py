"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json (tests validate responses with it)."""

import copy

from papers.models import Paper


def _string(**extra):
    return {"type": "string", **extra}


def _nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties):
    return {"type": "object", "required": list(properties), "properties": properties, "additionalProperties": False}


def _page_of(ref):
    return _object(
        {
            "count": {"type": "integer", "minimum": 0},
            "next": _nullable(_string(format="uri")),
            "previous": _nullable(_string(format="uri")),
            "results": {"type": "array", "items": {"$ref": ref}},
        }
    )


_WRITTEN = {
    "byline": _string(),
    "created": _string(format="date-time"),
    "updated": _string(format="date-time"),
    "markdown": _string(description="As written: Markdown with $…$ LaTeX math."),
    "html": _string(description="Rendered and sanitized HTML; math as MathML."),
}

NAMED = _object({"name": _string(), "slug": _string(), "url": _string(format="uri")})

SCHEMAS = {
    "Error": _object({"error": _string()}),
    "Named": NAMED,
    "Venue": _object(
        {
            "slug": _string(),
            "short_name": _string(),
            "description": _string(),
            "paper_count": {"type": "integer", "minimum": 0},
            "summary_count": {"type": "integer", "minimum": 0},
            "url": _string(format="uri"),
            "api_url": _string(format="uri"),
            "histogram_url": _string(format="uri"),
        }
    ),
    "VenueHistogram": _object(
        {
            "venue": _string(),
            "years": {
                "type": "array",
                "items": _object(
                    {"year": {"type": "integer"}, "paper_count": {"type": "integer"}, "url": _string(format="uri")}
                ),
            },
        }
    ),
    "Paper": _object(
        {
            "id": {"type": "integer"},
            "title": _string(),
            "slug": _string(),
            "year": {"type": "integer"},
            "venue": _nullable(_object({"slug": _string(), "short_name": _string()})),
            "source": _string(),
            "provenance": _string(enum=[choice.value for choice in Paper.Provenance]),
            "abstract": _string(),
            "first_published": _nullable(_string(format="date")),
            "arxiv_id": _string(description="Empty when the paper is not on arXiv."),
            "doi": _string(),
            "external_url": _string(),
            "authors": {"type": "array", "items": {"$ref": "#/components/schemas/Named"}},
            "keywords": {"type": "array", "items": {"$ref": "#/components/schemas/Named"}},
            "summary_count": {"type": "integer", "minimum": 0},
            "url": _string(format="uri"),
            "api_url": _string(format="uri"),
            "summaries_url": _string(format="uri"),
            "bibtex_url": _string(format="uri"),
        }
    ),
    "Summary": _object(
        {
            "id": {"type": "integer"},
            "paper": _object({"id": {"type": "integer"}, "title": _string(), "api_url": _string(format="uri")}),
            "byline": _string(description="Who wrote it, as pages show it: \"Anonymous\" for a summary its writer "
                              "published anonymously (the API never says who wrote those)."),
            "created": _nullable(_string(
                format="date-time",
                description="When its writer first saved it; null for a summary imported without its date "
                "(see imported_from). Such summaries come last in lists, as the oldest.",
            )),
            "updated": _string(
                format="date-time",
                description="When it last changed here; for an imported summary, when it was imported.",
            ),
            "imported_from": _nullable(_string(
                description="Where an imported summary was copied from, e.g. shortscience.org; null when it was "
                "written here.",
            )),
            "markdown": _string(description="The summary as its author wrote it: Markdown with $…$ LaTeX math."),
            "html": _string(description="Rendered and sanitized HTML; math as MathML."),
            "url": _string(format="uri"),
            "api_url": _string(format="uri"),
        }
    ),
    "Comment": _object(
        {
            "id": {"type": "integer"},
            "summary_id": {"type": "integer"},
            "thread": _nullable({"type": "integer", "description": "The top-level comment of its thread."}),
            "reply_to": _nullable({"type": "integer", "description": "The comment it answers."}),
            "deleted": {"type": "boolean", "description": "Deleted by its writer after others replied: no text."},
            "byline": _nullable(_string()),
            "created": _string(format="date-time"),
            "updated": _string(format="date-time"),
            "markdown": _string(),
            "html": _string(description="Rendered and sanitized HTML; math as MathML."),
            "url": _string(format="uri"),
        }
    ),
    "Answer": _object(
        {
            "id": {"type": "integer"},
            "score": {"type": "integer"},
            "accepted": {"type": "boolean"},
            **_WRITTEN,
        }
    ),
    "Question": _object(
        {
            "id": {"type": "integer"},
            "paper_id": {"type": "integer"},
            "title": _string(),
            "category": _string(enum=["clarification", "reproduction", "related", "errata", "other"]),
            **_WRITTEN,
            "url": _string(format="uri"),
            "api_url": _string(format="uri"),
            "answer_count": {"type": "integer", "minimum": 0},
            "answers": {"type": "array", "items": {"$ref": "#/components/schemas/Answer"},
                        "description": "Accepted first, then by score."},
        }
    ),
    "CommentPage": _page_of("#/components/schemas/Comment"),
    "QuestionPage": _page_of("#/components/schemas/Question"),
    "VenuePage": _page_of("#/components/schemas/Venue"),
    "PaperPage": _page_of("#/components/schemas/Paper"),
    "SummaryPage": _page_of("#/components/schemas/Summary"),
}

PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
]


def _slug(name):
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _id(name):
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name, schema, description):
    return {"name": name, "in": "query", "schema": schema, "description": description}


def _json(ref, description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


ERRORS = {
    "400": _json("#/components/schemas/Error", "A parameter is invalid."),
    "404": _json("#/components/schemas/Error", "No such object or page."),
}


def _get(summary, ref, parameters=(), errors=("400", "404")):
    return {
        "get": {
            "summary": summary,
            "parameters": list(parameters),
            "responses": {"200": _json(ref, "OK"), **{code: ERRORS[code] for code in errors}},
        }
    }


PATHS = {
    "/venues/": _get("Venues with their numbers of papers and public summaries", "#/components/schemas/VenuePage",
                     PAGE_PARAMETERS),
    "/venues/{slug}/": _get("One venue", "#/components/schemas/Venue", [_slug("slug")], ["404"]),
    "/venues/{slug}/histogram/": _get("Papers per year at a venue", "#/components/schemas/VenueHistogram",
                                      [_slug("slug")], ["404"]),
    "/papers/": _get(
        "Papers, newest year first, with authors and keywords",
        "#/components/schemas/PaperPage",
        [
            _query("venue", {"type": "string"}, "A venue slug, e.g. nips."),
            _query("year", {"type": "integer"}, "Publication year."),
            _query("author", {"type": "string"}, "An author slug, e.g. sergey-levine."),
            _query("keyword", {"type": "string"}, "A keyword slug, e.g. cs-lg."),
            *PAGE_PARAMETERS,
        ],
    ),
    "/papers/{id}/": _get("One paper", "#/components/schemas/Paper", [_id("id")], ["404"]),
    "/summaries/": _get(
        "Public summaries, newest first (undated imported ones last), as Markdown and HTML",
        "#/components/schemas/SummaryPage",
        [_query("paper", {"type": "integer"}, "Only the summaries of this paper id."), *PAGE_PARAMETERS],
    ),
    "/summaries/{id}/": _get("One public summary", "#/components/schemas/Summary", [_id("id")], ["404"]),
    "/summaries/{id}/comments/": _get("A public summary's comments, oldest first", "#/components/schemas/CommentPage",
                                      [_id("id"), *PAGE_PARAMETERS]),
    "/papers/{id}/questions/": _get("A paper's public questions, newest first, with their answers",
                                    "#/components/schemas/QuestionPage", [_id("id"), *PAGE_PARAMETERS]),
    "/questions/{id}/": _get("One public question with its answers", "#/components/schemas/Question", [_id("id")],
                             ["404"]),
}


def openapi_description(*, server_url="/api"):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ShortScience API",
            "version": "1.0.0",
            "description": (
                "Read-only access to the catalogue: venues, papers, public summaries, their comments, and questions"
                " and answers. No key needed."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": copy.deepcopy(PATHS),
        "components": {"schemas": copy.deepcopy(SCHEMAS)},
    }
