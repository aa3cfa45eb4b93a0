"""Identicons: a symmetric 5x5 pattern and a colour drawn as SVG from a user's id alone (deterministic, so the
image can be cached for a year; nothing is fetched from another site)."""

import hashlib

GRID = 5


def identicon_svg(user_id: int) -> str:
    digest = hashlib.sha256(f"shortscience-identicon:{user_id}".encode()).digest()
    hue = int.from_bytes(digest[:2], "big") % 360
    cells = []
    half = (GRID + 1) // 2  # columns 0..2 are drawn and mirrored onto 4..3
    for index in range(GRID * half):
        if digest[2 + index] % 2:
            row, column = divmod(index, half)
            cells.extend({(column, row), (GRID - 1 - column, row)})
    path = "".join(f"M{x} {y}h1v1h-1z" for x, y in sorted(cells))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 {GRID + 1} {GRID + 1}" width="64" height="64">'
        f'<rect x="-0.5" y="-0.5" width="{GRID + 1}" height="{GRID + 1}" fill="#f2f2f2"/>'
        f'<path fill="hsl({hue} 55% 45%)" d="{path}"/></svg>'
    )


def anonymous_svg() -> str:
    """The same picture for every anonymous or imported summary: a grey head and shoulders, naming nobody."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 6 6" width="64" height="64">'
        '<rect width="6" height="6" fill="#e4e4e4"/><circle cx="3" cy="2.3" r="1.1" fill="#9a9a9a"/>'
        '<path fill="#9a9a9a" d="M1 6c0-1.6 0.9-2.5 2-2.5s2 0.9 2 2.5z"/></svg>'
    )
