"""Render a summary's Markdown, with TeX math, to sanitized HTML; and its plain text, for excerpts and snippets.

The pipeline, in the order it runs on one summary (render_summary, in pipeline):

1. guards: structures nested or repeated beyond what a person writes are escaped or shown as plain text, so that
   Python-Markdown neither overflows its stack nor takes seconds; past a budget of structures (lines, cells, list
   items, emphases…) the rest of a summary is plain text, so the worst 100 KB renders in about 0.1 s of CPU
   (bench/render.py).
2. lists: Python-Markdown parses the blocks, lists given CommonMark-like indentation first; linear: the steps of
   Python-Markdown and pymdownx whose time grew with the square of their input (fences, raw HTML blocks, links)
   are replaced by linear ones.
3. math_spans: before inline parsing, every math span (``$…$``, ``\\(…\\)``, ``$$…$$``, ``\\[…\\]``, pandoc's
   rules) is swapped for an opaque token so that Markdown cannot eat its ``_``, ``*``, ``\\`` or ``|``; table rows
   are protected the same way before they are split into cells. Raw HTML tags are skipped as Python-Markdown and a
   browser read them (a quoted attribute value may hold ">"): no formula is converted inside a tag.
4. extension: after inline parsing, tokens that ended up in attributes (``alt``, ``href``) or raw HTML get their TeX
   source back, bare image URLs become images, ``![](url =600x)`` sizes become ``width``/``height``.
5. tex, mathml: each formula is normalized (Unicode minus, combining accents, ``\\arg\\max``…) and converted to
   MathML with latex2mathml, whose tree is polished (limits, fences, math alphanumerics) and wrapped in
   ``<semantics>`` with the TeX kept as an ``<annotation>``. A formula latex2mathml cannot convert is shown as
   ``<code class="math-error">`` with its source; the formulas past a budget of TeX (MAX_MATH_COST), as their source.
6. sanitize: nh3 cleans the whole fragment with explicit allowlists: latex2mathml's own output is not safe
   (``\\text{<script>}``, ``\\href{javascript:…}``), so nothing is trusted before this step. MathML lengths are
   bounded and nothing is painted, so that a formula stays in its box; the result is a fixed point of sanitize().

plain_text reads the rendered HTML back as text (formulas as their TeX): the excerpt a summary stores, made with
its HTML by render_with_excerpt, and the text of search snippets.
"""

from summaries.rendering.pipeline import render_summary, render_with_excerpt
from summaries.rendering.plain_text import EXCERPT_WORDS, excerpt_of, plain_text

__all__ = ["EXCERPT_WORDS", "excerpt_of", "plain_text", "render_summary", "render_with_excerpt"]
