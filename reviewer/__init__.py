"""review-note: checks a post-interview thank-you note before it is sent."""

from reviewer.version import __version__

__all__ = ["Config", "Finding", "Report", "Severity", "__version__", "review", "review_many"]


def __getattr__(name: str):
    # Lazy, so `review-note --version` and `--help` don't pay for importing spaCy.
    if name in ("review", "review_many", "Report"):
        from reviewer import engine

        return getattr(engine, name)
    if name == "Config":
        from reviewer.config import Config

        return Config
    if name in ("Finding", "Severity"):
        from reviewer import findings

        return getattr(findings, name)
    raise AttributeError(f"module 'reviewer' has no attribute {name!r}")
