"""`python -m reviewer` runs the command line."""

from reviewer.cli import entry_point

entry_point()
