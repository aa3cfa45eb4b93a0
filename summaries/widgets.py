"""The summary editor: django-markdownx's widget plus static/js/summary-editor.js (Tab leaves the field, failed
uploads say why)."""

from markdownx.widgets import AdminMarkdownxWidget, MarkdownxWidget


class _EditorScript:
    class Media:
        js = ["js/summary-editor.js"]


class SummaryEditor(_EditorScript, MarkdownxWidget):
    pass


class AdminSummaryEditor(_EditorScript, AdminMarkdownxWidget):
    pass
