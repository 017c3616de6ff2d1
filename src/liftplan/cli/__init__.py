"""The command line: thin wrappers that parse, call the API, print and choose the exit code."""

from liftplan.cli.app import main

__all__ = ["main"]
