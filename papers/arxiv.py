"""Kept only because papers/synthetic.py reads `arxiv.SOURCE`; the arXiv client is importers/arxiv.py now.

Delete this module once papers/synthetic.py (or its new home) imports papers.identifiers.ARXIV_SOURCE.
"""

from papers.identifiers import ARXIV_SOURCE as SOURCE

__all__ = ["SOURCE"]
