"""The allowlist every rendered summary passes before it is marked safe.

Nothing before this step is trusted: a summary's raw HTML, and latex2mathml's own output, which is not safe
(``\\text{<script>}``, ``\\href{javascript:…}``). nh3 keeps only ALLOWED_TAGS, with the ALLOWED_ATTRIBUTES of
each, drops <script> and <style> with their content, and links only to ALLOWED_URL_SCHEMES; _filter_attribute
then checks the values: no scheme hidden behind control characters, enumerated values, bounded lengths.

MathML may not draw outside its formula: no ``mathbackground`` at all (``\\rule`` takes its space but is not
painted), and every length within bounds (_LENGTH_BOUNDS), in em or relative to the content: ``width``, ``height``
and ``depth`` from -1 em (kerning such as ``\\!``) to 5 em, or up to twice the content; ``voffset`` and an
<mpadded>'s ``lspace`` within 1 em either way, or one content width (``\\mathllap``); an operator's spacing from 0 to
1 em; ``minsize``, ``maxsize`` and ``mathsize`` up to 3 em (``\\Bigg``, ``\\Huge``); a fraction bar at most 0.5 em;
table spacing at most 5 em; ``scriptlevel`` from -3 to 3. A value out of bounds is dropped, not clamped.

The result is a fixed point: sanitizing it again changes nothing. nh3 parses with html5ever and drops what is not
allowed, which can leave a tree that parses differently once serialized (``<p><select><p>`` becomes ``<p><p>``, a
<pre> loses the newline it starts with at each parse): that is how mutation XSS starts, so sanitize() cleans again
until the HTML is stable.
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
    "mspace": {"width", "height", "depth", "linebreak"},
    "mstyle": {"displaystyle", "scriptlevel", "mathsize", "mathcolor"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
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
_LENGTH_RE = re.compile(
    r"([+-]?)(\d{1,4}(?:\.\d*)?|\.\d+)\s*(em|ex|mu|px|pt|pc|mm|cm|in|%|width|height|depth)?"
    r"|(negative)?((?:very){0,2})(thin|medium|thick)mathspace"
)
_EM_PER_UNIT = {None: 1, "em": 1, "ex": 0.5, "mu": 1 / 18, "px": 1 / 16, "pt": 1 / 12, "pc": 1,
                "mm": 96 / 25.4 / 16, "cm": 96 / 2.54 / 16, "in": 6}  # fmt: skip
_RELATIVE_UNITS = {"%": 0.01, "width": 1, "height": 1, "depth": 1}
# (least, most) in em, and (least, most) relative to the content (mpadded) or to the default size; None: not allowed.
_LENGTH_BOUNDS: dict[str | tuple[str, str], tuple[tuple[float, float], tuple[float, float] | None]] = {
    "width": ((-1, 5), (0, 2)),
    "height": ((-1, 5), (0, 2)),
    "depth": ((-1, 5), (0, 2)),
    "voffset": ((-1, 1), (-1, 1)),
    "lspace": ((-1, 1), (-1, 1)),  # <mpadded>
    ("mo", "lspace"): ((0, 1), None),
    "rspace": ((0, 1), None),
    "minsize": ((0, 3), (0, 3)),
    "maxsize": ((0, 3), (0, 3)),
    "mathsize": ((0, 3), (0, 3)),
    "linethickness": ((0, 0.5), (0, 5)),
    "rowspacing": ((0, 5), None),
    "columnspacing": ((0, 5), None),
}
_LENGTH_LISTS = {"rowspacing", "columnspacing"}
_SCRIPTLEVEL_RE = re.compile(r"[+-]?[0-3]")
_WORDS_RE = re.compile(r"[A-Za-z0-9 .+-]{0,80}")
# The serializer writes each attribute as name="value" with '"' escaped, and text with "<" escaped: a "<pre>" followed
# by a newline is the tag unless it is inside the value of another tag's attribute, which this skips.
_PRE_NEWLINE_RE = re.compile(r'<pre>(?=\n)|<[a-z][^\s>]*(?: [^\s="]+="[^"]*")+>')
_MAX_PASSES = 4


def sanitize(html: str) -> str:
    """``html`` with everything outside the allowlists removed: safe to mark safe, and a fixed point of sanitize."""
    cleaned = _clean(html)
    if cleaned == html:
        return cleaned  # nothing to change, so nothing will change the next time either
    for _ in range(_MAX_PASSES - 1):
        again = _clean(cleaned)
        if again == cleaned:
            return cleaned
        cleaned = again
    # Never seen: the text alone, which is stable.
    return f"<p>{_TEXT_ONLY.clean(cleaned)}</p>"


def _clean(html: str) -> str:
    cleaned = _CLEANER.clean(html)
    if "<pre>\n" in cleaned:
        # A parser drops the newline that starts a <pre>: double it, so that the next parse leaves the one there was.
        cleaned = _PRE_NEWLINE_RE.sub(lambda m: "<pre>\n" if m.group() == "<pre>" else m.group(), cleaned)
    return cleaned


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
    if attribute == "mathcolor":
        return value if _COLOR_RE.fullmatch(value) else None
    if attribute == "scriptlevel":
        return value if _SCRIPTLEVEL_RE.fullmatch(value) else None
    bounds = _LENGTH_BOUNDS.get((tag, attribute)) or _LENGTH_BOUNDS.get(attribute)
    if bounds is not None:
        lengths = value.split() if attribute in _LENGTH_LISTS else [value.strip()]
        return value if 0 < len(lengths) <= 64 and all(_is_within(length, *bounds) for length in lengths) else None
    return value if _WORDS_RE.fullmatch(value) else None


def _is_within(length: str, absolute: tuple[float, float], relative: tuple[float, float] | None) -> bool:
    """Whether ``length`` (a MathML length) lies within ``absolute`` (em) or, if relative, within ``relative``."""
    m = _LENGTH_RE.fullmatch(length)
    if m is None:
        return False
    if m.group(6):  # thinmathspace (3/18 em), verythinmathspace (2/18), thickmathspace (5/18)…
        very = len(m.group(5)) // 4
        eighteenths = {"thin": 3 - very, "medium": 4, "thick": 5 + very}[m.group(6)]
        em = -eighteenths / 18 if m.group(4) else eighteenths / 18
        return absolute[0] <= em <= absolute[1]
    number = -float(m.group(2)) if m.group(1) == "-" else float(m.group(2))
    unit = m.group(3)
    if unit in _RELATIVE_UNITS:
        factor = number * _RELATIVE_UNITS[unit]
        return relative is not None and relative[0] <= factor <= relative[1]
    return absolute[0] <= number * _EM_PER_UNIT[unit] <= absolute[1]


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
_TEXT_ONLY = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"}, attributes={})
