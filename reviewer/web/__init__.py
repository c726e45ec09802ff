"""A local web page for review-note: `review-note serve` (Starlette app, uvicorn server)."""

__all__ = ["create_app", "serve"]


def __getattr__(name: str):
    # Lazy, so `review-note serve --help` doesn't import Starlette, uvicorn or spaCy.
    if name in __all__:
        from reviewer.web import server

        return getattr(server, name)
    raise AttributeError(f"module 'reviewer.web' has no attribute {name!r}")
