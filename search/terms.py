"""What a visitor typed, as words a full-text backend takes literally.

Each backend has a query language of its own (SQLite FTS5: quotes, `*`, `-`, `:`, `(`, `NEAR`,
`AND`/`OR`/`NOT`; PostgreSQL tsquery: `&`, `|`, `!`, `<->`, `:*`), and the database backend hands
the visitor's words to it as written: one stray quote was a 500. Here the text is cut to its words
(letters, digits and the marks that belong to them), lower-cased so that no word is an operator,
and bounded; punctuation only ever separated words. Nothing here imports the project.
"""

import unicodedata

from portal.public_input.text import clean_text

MAX_TERMS = 20
MAX_TERM_LENGTH = 60


def _is_word_character(char):
    # Letters, digits and combining marks (an accent typed as its own character stays on its letter).
    return char.isalnum() or unicodedata.category(char).startswith("M")


def search_terms(text):
    """The words of `text`, lower-case, at most MAX_TERMS of at most MAX_TERM_LENGTH characters,
    joined by spaces; "" when there is no word in it."""
    words, current = [], []
    for char in clean_text(unicodedata.normalize("NFKC", text or "")):
        if _is_word_character(char):
            current.append(char)
            continue
        if current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    terms = []
    for word in words:
        # A word that is only marks (a pile of accents on nothing) finds nothing and means nothing.
        if any(char.isalnum() for char in word):
            terms.append(word.casefold()[:MAX_TERM_LENGTH])
        if len(terms) == MAX_TERMS:
            break
    return " ".join(terms)
