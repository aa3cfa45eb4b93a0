"""Byline names as the venue page writes them ("Last, First", "First Last, Jr.") in the catalogue's display form."""

__all__ = ["normalize_author_name"]

NAME_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})


def normalize_author_name(raw: str) -> str:
    """Display form "First Last [Suffix]" of a byline name.

    Accepts "First Last", BibTeX's "Last, First", "Last, Jr., First", "First Last, Jr." and Bibsonomy's
    mangled "IV, Frederick A. Matsen" (suffix where the last name should be). Raises ValueError otherwise.
    """
    name = " ".join(raw.split())
    if not name:
        raise ValueError("empty author name")
    parts = [part.strip() for part in name.split(",")]
    if any(not part for part in parts):
        raise ValueError(f"cannot read the author name {name!r}")
    if len(parts) == 1:
        return name
    if len(parts) == 2:
        first, second = parts
        if second in NAME_SUFFIXES:  # "Frederick A. Matsen, IV"
            return f"{first} {second}"
        if first in NAME_SUFFIXES:  # "IV, Frederick A. Matsen"
            return f"{second} {first}"
        last_words = first.split()  # "Matsen IV, Frederick A."
        if len(last_words) > 1 and last_words[-1] in NAME_SUFFIXES:
            return f"{second} {' '.join(last_words[:-1])} {last_words[-1]}"
        return f"{second} {first}"
    if len(parts) == 3 and parts[1] in NAME_SUFFIXES:  # "Matsen, IV, Frederick A."
        last, suffix, given = parts
        return f"{given} {last} {suffix}"
    raise ValueError(f"cannot read the author name {name!r}")
