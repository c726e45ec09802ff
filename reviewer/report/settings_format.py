"""The resolved settings as text, for --show-settings: what a review would use, and where it came from."""

from __future__ import annotations

from reviewer.config import Config
from reviewer.settings import Settings


def describe(config: Config, settings: Settings) -> str:
    """RETURNS (str): the settings file (or "defaults"), limits, pipeline, model, and every rule with
    its severity, selected or not."""
    from reviewer.rules import ALL_RULES

    lines = [
        f"Settings from: {config.source or 'defaults (no settings file found)'}",
        f"Pipeline: {settings.pipeline}",
        f"Fail on: {settings.fail_on} (exit status 1 for a finding at or above it)",
        "Limits:",
        f"  body words: {settings.min_words} to {settings.max_words}",
        f"  words per sentence: at most {settings.max_sentence_words}",
        f"  added sentences (skills addendum): at most {settings.max_addendum_sentences}",
        f"  subject words: at most {settings.max_subject_words}",
        f"  largest draft: {settings.max_bytes:,} bytes",
    ]
    if settings.use_model:
        overrides = settings.threshold_overrides
        try:
            from reviewer.model.store import load_classifier

            own = dict(load_classifier().thresholds)
        except Exception as exc:  # noqa: BLE001 - a broken model file is reported when a review runs
            own = {}
            lines.append(f"Sentence classifier: on, but it cannot be loaded ({exc})")
        else:
            lines.append("Sentence classifier: on; thresholds:")
        for label in sorted(set(own) | set(overrides)):
            value = overrides.get(label, own.get(label))
            origin = "set in settings" if label in overrides else "the model's own"
            lines.append(f"  {label}: {value:.10g} ({origin})")
    else:
        lines.append("Sentence classifier: off (rules only)")
    if config.select:
        lines.append(f"Select: {', '.join(config.select)}")
    if config.ignore:
        lines.append(f"Ignore: {', '.join(config.ignore)}")
    if settings.extra:
        lines.append(f"Extra phrases: {len(config.extra_phrases)}; allowed phrases: {len(config.allow_phrases)}")
    on = [r for r in ALL_RULES if r.code in settings.enabled]
    lines.append(f"Rules: {len(on)} of {len(ALL_RULES)} selected")
    overridden = dict(settings.severities)
    for rule in ALL_RULES:
        severity = settings.severity_for(rule.code, rule.severity)
        mark = "on " if rule.code in settings.enabled else "off"
        note = " (set in settings)" if rule.code in overridden else ""
        lines.append(f"  {mark}  {rule.code}  {rule.name:<26} {str(severity):<7}{note}")
    return "\n".join(line.rstrip() for line in lines)
