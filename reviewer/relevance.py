"""How relevant each skill statement is to a job description (TF-IDF over lookup lemmas)."""

from __future__ import annotations

import re

from reviewer.pipeline import lookup_lemma


def _lemmas(text: str) -> str:
    return " ".join(lookup_lemma(w) for w in re.findall(r"[a-z][a-z+#.-]*[a-z+#]|[a-z]", text.lower()))


def rank_by_relevance(statements: list[str], job: str) -> list[float]:
    """RETURNS (list): cosine similarity of each statement to the job text, 0..1."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    docs = [_lemmas(job)] + [_lemmas(s) for s in statements]
    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # nothing but stop words
        return [0.0] * len(statements)
    return [float(x) for x in cosine_similarity(matrix[1:], matrix[:1]).ravel()]
