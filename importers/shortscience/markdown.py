"""Restoring the block structure of a flattened Markdown summary: the seed page lost the summaries' line breaks.

Math, code spans and links are first swapped for opaque placeholders so that nothing below can change them
(a " - " inside $…$ is a minus, a "# " inside a URL is no heading). Then "special" blocks are found with
their extents (headings, images, code, display math, reference definitions, bold pseudo-headings); the prose
between them is split into paragraphs at a few reliable cues and searched for lists. Prose is otherwise kept
byte for byte: only the spaces at block boundaries become line breaks.
"""

import re
from dataclasses import dataclass, field

from importers.shortscience.placeholders import PH_OPEN, PLACEHOLDER, placeholder_kind, protect, unprotect
from importers.shortscience.sentences import ends_sentence, is_acronym, is_capitalized, is_lowercase, sentence_breaks

__all__ = ["restore_markdown_blocks"]

_BARE_IMAGE_URL = re.compile(
    r"(?:^|(?<=\s))https?://\S+?\.(?:png|jpe?g|gif|svg|webp|bmp)(?:\?\S*)?(?=\s|$)", re.IGNORECASE
)
_URL = re.compile(r"https?://\S+")
_ATX_HEADING = re.compile(r"(?:^|(?<=\s))(#{1,6}) (?=\S)")
_SETEXT_UNDERLINE = re.compile(r"(?<=\s)={3,}(?=\s|$)")
_REFERENCE_DEFINITION = re.compile(r"(?:^|(?<=\s))\[[^\]\s][^\]]*\]:[ \t]+\S+")
_ASSIGNMENT = r"[A-Za-z_]\w* = [^\s=]+(?: [-+*/] [^\s=]+)*"
_CODE_RUN = re.compile(rf"(?:^|(?<=\s)){_ASSIGNMENT}(?: {_ASSIGNMENT}){{2,}}(?=\s|$)")
_BOLD = re.compile(r"(?:^|(?<=\s))\*\*[^*\s][^*]*?\*\*(?=\s|$)")

# Words that stay lowercase inside a Title Case heading.
_MINOR_WORDS = frozenset(
    "a an the and or but nor for of in on at to by with from via vs vs. as into onto over per than".split()
)
# A list item does not go on with the summary's conclusion.
_LIST_END_PHRASES = ("Overall, ", "In summary, ", "In conclusion, ", "To summarize, ", "To conclude, ")
_ITEM_START = r"(?=[\"“‘(]?[A-Z]|\*\*|_|\[|" + PH_OPEN + ")"


@dataclass
class _Block:
    kind: str  # heading, setext, image, refdef, code, display, para, list
    text: str = ""
    level: int = 0
    marker: str = ""  # list marker: "-", "*" or "1." for ordered lists
    items: list[list[str]] = field(default_factory=list)  # each item: its text, then any extra paragraphs


def restore_markdown_blocks(flat: str) -> str:
    """Best-effort Markdown line structure for a summary whose line breaks were flattened into spaces.

    Text that already has line breaks is returned unchanged.
    """
    if "\n" in flat:
        return flat
    stash: list[str] = []
    text = protect(flat.strip(), stash)
    blocks = _merge_lists_around_images(_split_blocks(text))
    return unprotect(_render(blocks), stash).strip()


def _is_image_word(word: str) -> bool:
    return placeholder_kind(word) == "I" or bool(_BARE_IMAGE_URL.fullmatch(word))


def _stops_heading(word: str) -> bool:
    return (
        word in ("-", "*", "+")
        or word.startswith(("**", "http://", "https://", "#", "==="))
        or placeholder_kind(word) in ("I", "D")
    )


def _heading_end(text: str, start: int) -> int:
    """Where an ATX heading's text ends: before the first word that starts the following paragraph.

    Headings are Title Case ("Hierarchy of Two Policies") or sentence case ("Methods compared"); the paragraph
    starts at a capitalized word that is not part of that pattern, e.g. "The" followed by a lowercase word.
    """
    words = list(re.finditer(r"\S+", text[start:]))
    sentence_case = False
    for index, match in enumerate(words):
        word = match.group(0)
        if _stops_heading(word):
            return start + (words[index - 1].end() if index else 0)
        if index == 0:
            continue
        previous_end = start + words[index - 1].end()
        if is_capitalized(word):
            if ends_sentence(words[index - 1].group(0)):
                return previous_end
            if is_acronym(word):
                continue
            if sentence_case:
                return previous_end
            # Title Case goes on if the next word that is not a lowercase "of", "the" … is capitalized too.
            following = next(
                (w for w in (m.group(0) for m in words[index + 1 :]) if w not in _MINOR_WORDS),
                None,
            )
            if following is not None and not _stops_heading(following) and not is_capitalized(following):
                return previous_end
        elif is_lowercase(word) and word.lower() not in _MINOR_WORDS:
            sentence_case = True
    return start + (words[-1].end() if words else 0)


def _special_spans(text: str) -> list[tuple[int, int, _Block]]:
    """Candidate blocks with their own lines, as (start, end, block); they may overlap."""
    spans = []
    for match in _ATX_HEADING.finditer(text):
        end = _heading_end(text, match.end())
        if end > match.end():
            heading = _Block("heading", text[match.end() : end], level=len(match.group(1)))
            spans.append((match.start(), end, heading))
    for match in _SETEXT_UNDERLINE.finditer(text):
        spans.append((match.start(), match.end(), _Block("setext", match.group(0))))
    for match in _BARE_IMAGE_URL.finditer(text):
        if not is_lowercase(text[match.end() :].lstrip()[:1]):  # "… ![icon](…) below …" stays inline
            spans.append((match.start(), match.end(), _Block("image", match.group(0))))
    for match in PLACEHOLDER.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        alone = (not before or before[-1].isspace()) and (not after or after[0].isspace())
        if match.group(1) == "I" and alone and not is_lowercase(after.lstrip()[:1]):
            spans.append((match.start(), match.end(), _Block("image", match.group(0))))
        elif match.group(1) == "D" and alone and (not before.strip() or before.rstrip()[-1] in ":.!?"):
            # Display math after a colon or a full stop had lines of its own; inside a sentence it stays.
            spans.append((match.start(), match.end(), _Block("display", match.group(0))))
        elif match.group(1) == "M" and before.endswith(": ") and re.match(r" [A-Z][a-z]", after):
            # "… is defined as: $h(…)$ And the reward …": a formula that had a line of its own.
            spans.append((match.start(), match.end(), _Block("display", match.group(0))))
    for match in _REFERENCE_DEFINITION.finditer(text):
        spans.append((match.start(), match.end(), _Block("refdef", match.group(0))))
    for match in _CODE_RUN.finditer(text):
        code = re.sub(r" (?=[A-Za-z_]\w* = )", "\n", match.group(0))
        spans.append((match.start(), match.end(), _Block("code", code)))
    for match in _BOLD.finditer(text):
        inner = match.group(0)[2:-2]
        after = text[match.end() :].split(maxsplit=1)
        next_word = after[0] if after else ""
        if (
            len(inner.split()) <= 8
            and not re.search(r"[.,;:!?]$", inner)
            and (not next_word or is_capitalized(next_word) or _is_image_word(next_word))
        ):
            spans.append((match.start(), match.end(), _Block("boldpara", match.group(0))))
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def _split_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    position = 0
    for start, end, block in _special_spans(text):
        if start < position:
            continue
        gap = text[position:start]
        if block.kind == "setext":
            # The heading text runs from the last sentence end before the underline.
            heading = gap.rstrip()
            breaks = [b for b in sentence_breaks(heading) if b < len(heading)]
            cut = breaks[-1] if breaks else 0
            if not heading[cut:].strip():
                continue
            block = _Block("setext", heading[cut:].strip() + "\n" + block.text)
            gap = heading[:cut]
        elif block.kind == "boldpara" and gap.strip() and not ends_sentence(gap):
            continue  # bold words inside a sentence
        blocks.extend(_prose_blocks(gap))
        blocks.append(block)
        position = end
    blocks.extend(_prose_blocks(text[position:]))
    return blocks


def _paragraph_starts(text: str) -> list[int]:
    """Positions inside prose where the author almost certainly started a new paragraph."""
    starts = set()
    after_sentence = re.compile(r"(?<=\s)(?=\S)")
    for match in after_sentence.finditer(text):
        position = match.start()
        rest = text[position:]
        if not ends_sentence(text[:position]):
            # "… is [RealNVP](…) Done this way, …": a link then a new sentence without a full stop.
            previous = text[:position].split()[-1] if text[:position].split() else ""
            if (placeholder_kind(previous) == "L" or _URL.fullmatch(previous)) and re.match(
                r"[A-Z][\w’'-]* [a-z]", rest
            ):
                starts.add(position)
            continue
        if rest.startswith("Also find this summary"):  # the trailer of David Stutz's summaries
            starts.add(position)
        elif re.match(r"\[\d+\] [A-Z]", rest):  # "[1] Aritra Gosh, …" reference entries
            starts.add(position)
        elif re.match(rf"[A-Z][\w’'-]*(?: [\w’'-]+){{0,2}}: (?:[A-Z]|{PH_OPEN}L)", rest):
            starts.add(position)  # a label paragraph: "Approach: Training samples …", "Code: [GitHub](…)"
    return sorted(starts)


def _prose_blocks(text: str) -> list[_Block]:
    text = text.strip()
    if not text:
        return []
    blocks = []
    bounds = [0, *_paragraph_starts(text), len(text)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        blocks.extend(_list_blocks(text[start:end].strip()))
    return blocks


def _list_blocks(text: str) -> list[_Block]:
    """Split a paragraph into prose and lists ("- a - b", "* a * b", "1. a 2. b")."""
    blocks: list[_Block] = []
    position = 0
    while position < len(text):
        found = _find_list(text, position)
        if found is None:
            break
        start, end, block = found
        if text[position:start].strip():
            blocks.append(_Block("para", text[position:start].strip()))
        blocks.append(block)
        position = end
    if text[position:].strip():
        blocks.append(_Block("para", text[position:].strip()))
    return blocks


_LIST_MARKER = re.compile(rf"(?:^|(?<=\s))(-|\*|1\.) {_ITEM_START}")


def _find_list(text: str, position: int) -> tuple[int, int, _Block] | None:
    for match in _LIST_MARKER.finditer(text, position):
        before = text[position : match.start()].rstrip()
        at_block_start = not before
        if not at_block_start and not (before.endswith((":", ";")) or ends_sentence(before)):
            continue
        marker = match.group(1)
        items, end = _list_items(text, match.start() + len(marker) + 1, marker)
        if len(items) >= 2 or at_block_start or marker == "*":
            block = _Block("list", marker=marker, items=[[item] for item in items])
            return match.start(), end, block
    return None


def _list_items(text: str, start: int, marker: str) -> tuple[list[str], int]:
    """The items of a list whose first item starts at `start`, and where the list ends."""
    items: list[str] = []
    simple = True  # every item so far is a single sentence: then a second sentence ends the list
    number = 1
    while True:
        if marker == "1.":
            separator = re.compile(rf" {number + 1}\. (?=[\"“‘(]?[A-Z])")
        else:
            separator = re.compile(rf" {re.escape(marker)} {_ITEM_START}")
        following = separator.search(text, start)
        item_end = following.start() if following else len(text)
        item = text[start:item_end]
        breaks = sentence_breaks(item)
        ending = [b for b in breaks if item[b:].startswith(_LIST_END_PHRASES)]
        if ending or (breaks and items and simple):
            cut = (ending or breaks)[0]
            items.append(item[:cut].strip())
            return items, start + cut
        items.append(item.strip())
        simple = simple and not breaks
        if not following:
            return items, len(text)
        start = following.end()
        number += 1


def _merge_lists_around_images(blocks: list[_Block]) -> list[_Block]:
    """A list interrupted by an image goes on after it: the image belongs to the item before it."""
    merged: list[_Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "list" and merged:
            previous_list = next((b for b in reversed(merged) if b.kind != "image"), None)
            images = []
            for b in reversed(merged):
                if b.kind != "image":
                    break
                images.insert(0, b)
            if (
                images
                and previous_list is not None
                and previous_list.kind == "list"
                and (previous_list.marker == block.marker and block.marker != "1.")
            ):
                del merged[len(merged) - len(images) :]
                previous_list.items[-1].extend(image.text for image in images)
                previous_list.items.extend(block.items)
                index += 1
                continue
        merged.append(block)
        index += 1
    return merged


def _render(blocks: list[_Block]) -> str:
    rendered: list[str] = []
    previous_kind = ""
    for block in blocks:
        if block.kind == "heading":
            rendered.append(f"{'#' * block.level} {block.text.strip()}")
        elif block.kind == "code":
            rendered.append(f"```\n{block.text}\n```")
        elif block.kind == "list":
            loose = any(len(item) > 1 for item in block.items)
            lines = []
            for number, (first, *extra) in enumerate(block.items, start=1):
                marker = f"{number}." if block.marker == "1." else block.marker
                indent = " " * (len(marker) + 1)
                lines.append("\n\n".join([f"{marker} {first}", *(indent + paragraph for paragraph in extra)]))
            rendered.append(("\n\n" if loose else "\n").join(lines))
        elif block.kind == "refdef" and previous_kind == "refdef":
            rendered[-1] += "\n" + block.text  # definitions go one per line, in one block
        else:
            rendered.append(block.text.strip())
        previous_kind = block.kind
    return "\n\n".join(rendered)
