"""Errors the package raises for bad input.

Every one carries a one-line message that names the file or the thing that
is wrong; the command line prints it as ``wfsim-plot: error: MESSAGE`` and
exits with status 2. Anything else escaping is a bug in this package.
"""

from __future__ import annotations


class WfsimError(Exception):
    """Base class: bad input (a file, a name, an option), not a bug."""


class RunFileError(WfsimError):
    """The file is missing, unreadable, or not a wfsim run file."""


class SchemaVersionError(RunFileError):
    """A wfsim file written in a layout this package does not know."""


class UnknownNameError(WfsimError, KeyError):
    """A metric, field, function, person or tick the file does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class SweepError(WfsimError):
    """A sweep folder or index that cannot be read as a sweep."""
