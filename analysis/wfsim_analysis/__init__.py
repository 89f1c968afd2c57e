"""wfsim_analysis: read wfsim HDF5 run files and plot them.

    from wfsim_analysis import open_run
    with open_run("out/run.h5") as run:
        run.metrics(["headcount", "quits"])   # DataFrame indexed by tick

See analysis/README.md for the API and the `wfsim-plot` commands.
"""

from .errors import RunFileError, SchemaVersionError, SweepError, UnknownNameError, WfsimError
from .io import EVENT_KINDS, STATUS_CODES, SUPPORTED_SCHEMA_VERSIONS, Run, open_run, years
from .paired import Comparison, open_comparison
from .policies import Policy
from .summary import summarize
from .sweep import open_sweep_index

__version__ = "0.1.0"

__all__ = [
    "open_run", "Run", "open_comparison", "Comparison", "open_sweep_index", "Policy",
    "summarize", "years", "EVENT_KINDS", "STATUS_CODES", "SUPPORTED_SCHEMA_VERSIONS",
    "WfsimError", "RunFileError", "SchemaVersionError", "UnknownNameError", "SweepError",
    "__version__",
]
