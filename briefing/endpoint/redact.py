"""Keeping the API key out of everything the LLM path says.

A server may echo the key back (in an error body, or in an answer): every error message
and every answer is masked before anything keeps or prints it. The HTTP loggers (the
openai client's, httpx's, httpcore's) get a filter that masks the key in their records,
should a future version log request headers or URLs at debug level.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "***"
# The loggers that see requests: the filter is attached to each of them and to every one
# below them that exists when a client is made (filters are not inherited by child loggers).
TRANSPORT_LOGGERS = ("openai", "httpx", "httpx2", "httpcore", "httpcore2")


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every secret replaced by MASK (mask before shortening, or a cut key stays)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


class SecretsFilter(logging.Filter):
    """Masks the secrets it was given in the message and traceback text of each record."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        masked = redact(message, self.secrets)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info), self.secrets)
            record.exc_info = None
        return True


_SECRETS_FILTER = SecretsFilter()


def guard_transport_logs(secret: str | None) -> None:
    """From now on, `secret` is masked in every record of the HTTP loggers."""
    if not secret:
        return
    _SECRETS_FILTER.secrets.add(secret)
    existing = [name for name in logging.Logger.manager.loggerDict if name.startswith(_below(TRANSPORT_LOGGERS))]
    for name in (*TRANSPORT_LOGGERS, *existing):
        logger = logging.getLogger(name)
        if _SECRETS_FILTER not in logger.filters:
            logger.addFilter(_SECRETS_FILTER)


def _below(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{name}." for name in names)
