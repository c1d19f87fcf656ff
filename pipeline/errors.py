"""One error hierarchy. The library raises; only the CLI turns errors into exit codes."""

from __future__ import annotations


class FramelensError(Exception):
    """Base class: the message says what went wrong and how to fix it."""


class ModelNotFound(FramelensError):
    """No spaCy pipeline could be loaded."""


class InputRejected(FramelensError):
    """One input file or record cannot be ingested; ``reason`` is a short code for the summary."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class StoreError(FramelensError):
    """The store is missing, corrupt or of an unknown schema version."""


class SettingsError(FramelensError):
    """A settings file or option is missing, unreadable, unknown or of the wrong type or range."""


class OutputError(FramelensError):
    """An output file or folder cannot be written (a file in the way, no permission, a full disk)."""


class ExportError(FramelensError):
    """An export request that cannot be served (unknown kind or format, filter on the wrong kind)."""


class CompareError(FramelensError):
    """A comparison that cannot be made (no analysed articles, a grouping field no article has)."""


class EngineError(FramelensError):
    """The analysis engine cannot run (e.g. the Dask scheduler cannot be reached)."""


class LexiconError(FramelensError):
    """A lexicon file is missing, malformed or does not match the fields its extractor expects."""


class GoldFormatError(FramelensError):
    """A gold annotation file does not follow shared/gold/README.md."""


class TimeBudgetExceeded(FramelensError):
    """An article's analysis ran past its time budget (``time_budget`` in the settings)."""
