"""The phrase layer: phrase lists as data (`data/*.txt`), compiled once, matched once per draft."""

from reviewer.phrases.cues import Cues, unit_cues
from reviewer.phrases.language import PhraseList, load_phrases, parse_phrase_text, phrase_list_names, phrase_pattern
from reviewer.phrases.matching import EXTRA_ALLOW, ExtraPhrases, PhraseHits, compile_extra, extra_key, match

__all__ = [
    "EXTRA_ALLOW", "Cues", "ExtraPhrases", "PhraseHits", "PhraseList", "compile_extra", "extra_key", "load_phrases",
    "match", "parse_phrase_text", "phrase_list_names", "phrase_pattern", "unit_cues",
]
