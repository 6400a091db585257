"""The exception tree. Every error newsgraph raises on bad input is a NewsgraphError.

    NewsgraphError                 base; `exit_code` is the CLI's exit status
    ├── InputError                 the input cannot become an article (exit 3)
    │   ├── EmptyInput             nothing but white space
    │   ├── BinaryInput            bytes that are not text
    │   ├── InputTooLarge          over `Settings.max_chars`
    │   ├── UnwantedLanguage       in a language the caller did not ask for (`languages`)
    │   ├── NoTitle                no line that can serve as a headline
    │   └── OverTimeBudget         reading took longer than `Settings.time_budget`
    └── ConfigError                a bad setting or argument (exit 2)

Bugs are not NewsgraphErrors: they propagate.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base of every error newsgraph reports to users."""

    exit_code = 1
    stage = "read"


class InputError(NewsgraphError):
    """The input cannot become an article."""

    exit_code = 3
    stage = "decode"


class EmptyInput(InputError):
    """The input holds no text."""


class BinaryInput(InputError):
    """The input is binary data, not text."""


class InputTooLarge(InputError):
    """The input is larger than the configured limit."""


class UnwantedLanguage(InputError):
    """The input is in a language left out by the caller (`ingest --languages`)."""

    stage = "language"


class NoTitle(InputError):
    """No line of the input can serve as a headline."""

    stage = "clean"


class OverTimeBudget(InputError):
    """Reading the input took longer than its time budget; `stage` is where it stopped."""

    def __init__(self, message: str, stage: str) -> None:
        super().__init__(message)
        self.stage = stage


class ConfigError(NewsgraphError):
    """A bad setting or argument."""

    exit_code = 2
