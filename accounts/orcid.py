"""ORCID iDs: the form readers know (0000-0002-1825-0097), checked by their ISO 7064 MOD 11-2 check character."""

import re

from django.core.exceptions import ValidationError

ORCID_PATTERN = re.compile(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]")
ORCID_URL_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def orcid_check_character(base_digits: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 15 digits."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalize_orcid(value: str) -> str:
    """The bare iD from what a user typed: the iD itself or its https://orcid.org/ address, 'x' as 'X'."""
    value = value.strip()
    for prefix in ORCID_URL_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix):]
            break
    return value.strip("/").upper()


def validate_orcid(value: str) -> None:
    if not ORCID_PATTERN.fullmatch(value):
        raise ValidationError(
            "An ORCID iD has 16 characters in four groups, like 0000-0002-1825-0097 (or its https://orcid.org/ "
            "address).", code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_check_character(digits[:15]) != digits[15]:
        raise ValidationError(
            "This is not a valid ORCID iD: its last character does not match the others (a typo?). Copy it from "
            "your ORCID record.", code="orcid_checksum",
        )


def orcid_url(value: str) -> str:
    return f"https://orcid.org/{value}"
