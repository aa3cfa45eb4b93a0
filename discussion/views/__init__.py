"""The discussion's pages: comments (comments.py), questions and answers (questions.py, answers.py)."""
