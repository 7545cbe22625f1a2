"""Protective monitoring ("atypisch bevragen"): detect atypical use of police information systems.

Pure Python on Polars, no Django. Public API:

* :func:`detect` / :func:`detect_dir` -> :class:`DetectionResult` with :class:`Alert` objects;
* :func:`load_dataset` / :func:`from_frames` to read the data contract;
* :class:`Verdict`, :func:`parse_verdicts`, :func:`load_verdicts` for reviewers' feedback;
* :class:`Params` for every tunable number.
"""

from pmengine.alerts import Alert
from pmengine.contract import Dataset, from_frames, load_dataset
from pmengine.engine import detect, detect_dir
from pmengine.errors import ContractError, FeedbackError, PMEngineError
from pmengine.feedback import Verdict, load_verdicts, parse_verdicts
from pmengine.params import Params
from pmengine.pipeline import DetectionResult

__all__ = [
    "Alert",
    "ContractError",
    "Dataset",
    "DetectionResult",
    "FeedbackError",
    "PMEngineError",
    "Params",
    "Verdict",
    "detect",
    "detect_dir",
    "from_frames",
    "load_dataset",
    "load_verdicts",
    "parse_verdicts",
]
