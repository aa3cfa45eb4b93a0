"""The allowlist every rendered summary passes before it is marked safe.

Nothing before this step is trusted: a summary's raw HTML, and latex2mathml's own output, which is not safe
(``\\text{<script>}``, ``\\href{javascript:…}``). nh3 keeps only ALLOWED_TAGS, with the ALLOWED_ATTRIBUTES of
each, drops <script> and <style> with their content, and links only to ALLOWED_URL_SCHEMES; _filter_attribute
then checks the values: no scheme hidden behind control characters, enumerated values, bounded lengths.
"""

import re

import nh3

_HTML_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd",
    "ul", "ol", "li", "dl", "dt", "dd",
    "em", "strong", "b", "i", "del", "s", "sup", "sub", "a", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
# Exactly what latex2mathml 3.81 emits (plus <semantics>/<annotation>, <merror> added here). Not
# <annotation-xml>, <maction> or <mglyph>: HTML integration points and oddities with no use here.
_MATHML_TAGS = {
    "math", "semantics", "annotation", "merror",
    "mrow", "mi", "mn", "mo", "mtext", "mspace", "mstyle", "mpadded", "mphantom", "menclose",
    "msub", "msup", "msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot",
    "mtable", "mtr", "mtd",
}  # fmt: skip
ALLOWED_TAGS = _HTML_TAGS | _MATHML_TAGS

_TOKEN_ATTRIBUTES = {"mathvariant"}
_OPERATOR_ATTRIBUTES = {"stretchy", "fence", "form", "movablelimits", "largeop", "lspace", "rspace",
                        "minsize", "maxsize", "separator", "accent", "symmetric"}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": set(),  # nh3 would otherwise allow lang and title everywhere
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
    "math": {"xmlns", "display"},
    "annotation": {"encoding"},
    "mi": _TOKEN_ATTRIBUTES,
    "mn": _TOKEN_ATTRIBUTES,
    "mtext": _TOKEN_ATTRIBUTES,
    "mo": _TOKEN_ATTRIBUTES | _OPERATOR_ATTRIBUTES,
    "mspace": {"width", "height", "depth", "linebreak", "mathbackground"},
    "mstyle": {"displaystyle", "scriptlevel", "mathsize", "mathcolor", "mathbackground"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset", "mathbackground"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mtable": {"rowspacing", "columnspacing", "columnalign", "rowlines", "columnlines", "displaystyle"},
    "mtr": {"columnalign"},
    "mtd": {"columnalign"},
    "menclose": {"notation"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Value-level checks, on top of the allowlists.
_URL_ATTRIBUTES = {"href", "src"}
_URL_IGNORED_RE = re.compile(r"[\x00-\x20\x7f]")
_URL_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_FREE_TEXT_ATTRIBUTES = {"alt", "title"}
_ENUMERATED = {
    ("math", "display"): {"block", "inline"},
    ("math", "xmlns"): {"http://www.w3.org/1998/Math/MathML"},
    ("annotation", "encoding"): {"application/x-tex"},
    ("th", "align"): {"left", "center", "right"},
    ("td", "align"): {"left", "center", "right"},
}
_CODE_CLASS_RE = re.compile(r"math-error|language-[A-Za-z0-9_+#.-]{1,40}")
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]{1,20}")
_LENGTH_ATTRIBUTES = {"width", "height", "depth", "lspace", "rspace", "voffset", "minsize", "maxsize",
                      "mathsize"}  # fmt: skip
_LENGTH_RE = re.compile(
    r"[+-]?(\d{1,4}(?:\.\d*)?|\.\d+)\s*(em|ex|mu|pt|px|mm|cm|in|%|width|height|depth)?"
    r"|(?:negative)?(?:very)*(?:thin|medium|thick)mathspace"
)
# Bounds that keep a formula from covering the page (think \rule{100em}{100em} on a black background).
_LENGTH_LIMITS = {None: 20, "em": 20, "ex": 40, "mu": 360, "width": 5, "height": 5, "depth": 5,
                  "pt": 200, "px": 300, "mm": 70, "cm": 7, "in": 3, "%": 500}  # fmt: skip
_WORDS_RE = re.compile(r"[A-Za-z0-9 .+-]{0,80}")


def sanitize(html: str) -> str:
    """``html`` with everything outside the allowlists removed: safe to mark safe."""
    return _CLEANER.clean(html)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """The value if it passes the checks for this attribute, else None (the attribute is dropped)."""
    if attribute in _URL_ATTRIBUTES:
        # nh3 checks the scheme too; this also refuses the ones hidden behind control characters.
        scheme = _URL_SCHEME_RE.match(_URL_IGNORED_RE.sub("", value))
        return None if scheme and scheme.group(1).lower() not in ALLOWED_URL_SCHEMES else value
    if attribute in _FREE_TEXT_ATTRIBUTES:
        return value
    allowed = _ENUMERATED.get((tag, attribute))
    if allowed is not None:
        return value if value in allowed else None
    if tag == "code":
        return value if _CODE_CLASS_RE.fullmatch(value) else None
    if tag == "img" or tag == "ol":
        if attribute == "loading":
            return "lazy"
        return value if value.isdigit() and len(value) <= 5 else None  # width, height, start
    if attribute in ("mathcolor", "mathbackground"):
        return value if _COLOR_RE.fullmatch(value) else None
    if attribute in _LENGTH_ATTRIBUTES:
        return value if _is_bounded_length(value) else None
    return value if _WORDS_RE.fullmatch(value) else None


def _is_bounded_length(value: str) -> bool:
    m = _LENGTH_RE.fullmatch(value.strip())
    return m is not None and (m.group(1) is None or float(m.group(1)) <= _LENGTH_LIMITS[m.group(2)])


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel="nofollow noopener",
    url_schemes=ALLOWED_URL_SCHEMES,
    set_tag_attribute_values={"img": {"loading": "lazy"}},
)
