"""The entry points: a summary's Markdown to sanitized HTML, and with it the excerpt stored beside it."""

from summaries.rendering.extension import thread_markdown
from summaries.rendering.guards import escaped_paragraphs
from summaries.rendering.plain_text import excerpt_of
from summaries.rendering.sanitize import sanitize


def render_summary(markdown_text: str) -> str:
    """Return the summary ``markdown_text`` as sanitized HTML, safe to mark safe."""
    if not markdown_text or not markdown_text.strip():
        return ""
    md = thread_markdown()
    try:
        html = md.convert(markdown_text)
    except RecursionError:
        html = escaped_paragraphs(markdown_text)  # never a 500
    finally:
        md.reset()
    return sanitize(html)


def render_with_excerpt(body: str) -> tuple[str, str]:
    """The summary ``body`` as sanitized HTML, and its excerpt: what a summary stores beside its Markdown."""
    body_html = render_summary(body)
    return body_html, excerpt_of(body_html)
