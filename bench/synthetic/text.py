"""Random text for the synthetic catalogue: titles, abstracts, person names and Markdown summaries, and the
Zipf law that makes a few words, venues, authors and papers common and most of them rare.
"""

import itertools
import math
import string

from bench.synthetic.words import (
    ADJECTIVES,
    DISPLAY_FORMULAS,
    FIRST_NAMES,
    INLINE_FORMULAS,
    LAST_NAMES,
    METHODS,
    PROPERTIES,
    RARE_TERMS,
    SENTENCES,
    SUMMARY_HEADINGS,
    SUMMARY_SENTENCES,
    TASKS,
    TITLE_PATTERNS,
    TOPICS,
)


def zipf_cum_weights(n, *, exponent=1.0, offset=0.0):
    """Cumulative weights of a Zipf-Mandelbrot law over ranks 1..n (rank 1 most likely), for random.choices."""
    return list(itertools.accumulate(1.0 / (rank + offset) ** exponent for rank in range(1, n + 1)))


class TextGenerator:
    """Titles, abstracts, names and Markdown summaries drawn from one random generator."""

    def __init__(self, rng):
        self.rng = rng
        self._method_cum = zipf_cum_weights(len(METHODS), exponent=1.1)
        self._task_cum = zipf_cum_weights(len(TASKS), exponent=0.9)
        self._adj_cum = zipf_cum_weights(len(ADJECTIVES), exponent=0.8)
        self._fields = {}
        method = lambda: self._pick(METHODS, self._method_cum)  # noqa: E731
        task = lambda: self._pick(TASKS, self._task_cum)  # noqa: E731
        adj = lambda: self._pick(ADJECTIVES, self._adj_cum)  # noqa: E731
        self._draws = {
            "method": method, "method2": method, "task": task, "task2": lambda: rng.choice(TASKS),
            "adj": adj, "adj2": lambda: rng.choice(ADJECTIVES), "prop": lambda: rng.choice(PROPERTIES),
            "rare": lambda: rng.choice(RARE_TERMS), "topic": lambda: rng.choice(TOPICS),
            "inline": lambda: rng.choice(INLINE_FORMULAS),
            "method_l": lambda: method().lower(), "method2_l": lambda: method().lower(),
            "task_l": lambda: task().lower(), "task2_l": lambda: rng.choice(TASKS).lower(),
            "adj_l": lambda: adj().lower(), "prop_l": lambda: rng.choice(PROPERTIES).lower(),
        }

    def _pick(self, words, cum):
        return self.rng.choices(words, cum_weights=cum)[0]

    def _fill(self, pattern, name=""):
        """`pattern` with each {placeholder} drawn; only the placeholders the pattern uses cost a draw."""
        fields = self._fields.get(pattern)
        if fields is None:
            fields = self._fields[pattern] = [f for _, f, _, _ in string.Formatter().parse(pattern) if f]
        draw = self._draws
        return pattern.format(**{f: name if f == "name" else draw[f]() for f in fields})

    def title(self):
        # The rare-term pattern is used for about 1 title in 400, so its words stay rare at any size.
        pattern = TITLE_PATTERNS[-1] if self.rng.random() < 0.0025 else self.rng.choice(TITLE_PATTERNS[:-1])
        return self._fill(pattern)

    def acronym(self):
        return "".join(self.rng.choice("ABCDEFGHIJKLMNOPRSTUVWXZ") for _ in range(self.rng.randint(3, 5)))

    def abstract(self):
        name = self.acronym()
        sentences = [self._fill(s, name) for s in self.rng.sample(SENTENCES, self.rng.randint(4, 8))]
        return " ".join(sentences)

    def person_name(self):
        rng = self.rng
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        return f"{rng.choice(FIRST_NAMES)}{middle} {rng.choice(LAST_NAMES)}"

    def unique_person_name(self, seen):
        """A name not in `seen` (then added to it): the same person is one Author, as in the importer."""
        for _ in range(5):
            name = self.person_name()
            if name not in seen:
                break
        while name in seen:  # the simple names are used up: double-barrelled surnames
            name = f"{self.person_name()}-{self.rng.choice(LAST_NAMES)}"
        seen.add(name)
        return name

    def summary_markdown(self):
        """A Markdown summary of 0.5-8 KB (log-uniform) with headings, lists, inline and display formulas."""
        rng = self.rng
        target = int(math.exp(rng.uniform(math.log(500), math.log(8000))))
        name = self.acronym()
        parts = []
        size, previous = 0, None
        while size < target:
            kind = rng.random()
            if 0.15 <= kind < 0.35 and previous == "list":
                kind = 0.6  # two lists in a row would merge into one
            previous = "list" if 0.15 <= kind < 0.35 else None
            if kind < 0.15:
                block = f"## {rng.choice(SUMMARY_HEADINGS)}"
            elif kind < 0.35:
                block = "\n".join(f"- {self._fill(s, name)}" for s in rng.sample(SUMMARY_SENTENCES, rng.randint(2, 4)))
            elif kind < 0.5:
                block = f"$$\n{rng.choice(DISPLAY_FORMULAS)}\n$$"
            else:
                block = " ".join(self._fill(s, name) for s in rng.sample(SUMMARY_SENTENCES, rng.randint(2, 5)))
            parts.append(block)
            size += len(block) + 2
        return "\n\n".join(parts)
