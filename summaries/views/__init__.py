"""Summaries' pages: reading (the home page, a paper with its summaries, a shared private summary), writing
(editing.py), votes and reports (actions.py) and the editor's endpoints (editor.py)."""
