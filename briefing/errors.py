"""The errors a user can see. The CLI turns them into one-line messages and exit codes."""


class BriefingError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1


class UsageError(BriefingError):
    """The command was asked for something that cannot be: `--from` after `--to`, …"""

    exit_code = 2


class InputError(BriefingError):
    """An input path or file cannot be used at all."""

    exit_code = 2


class NothingToBrief(BriefingError):
    """The input was read, but no article falls in the requested range."""

    exit_code = 3


class RenderError(BriefingError):
    """A brief was built but could not be written in the requested format."""

    exit_code = 1


class OutputError(BriefingError):
    """A file could not be written; the message names the file the user asked for."""

    exit_code = 1


class OutputRefused(OutputError):
    """The output path names something that must not be replaced: a symlink, a folder, …"""

    exit_code = 2


class LLMUnavailable(BriefingError):
    """--require-llm: the LLM wrote no section (not reached, or no usable answer), so no
    brief is written rather than an extractive one."""

    exit_code = 4
