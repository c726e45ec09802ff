"""Errors that reach the user as one plain line (never a traceback)."""


class ReviewNoteError(Exception):
    """Base class: the message is shown to the user as is."""


class PipelineError(ReviewNoteError):
    """The configured spaCy pipeline cannot be loaded."""


class ConfigError(ReviewNoteError):
    """A bad setting in a config file or on the command line."""


class ModelError(ReviewNoteError):
    """The classifier file is missing, corrupt, untrusted or from another version."""
