"""briefing: turns a day's news into a policy brief whose every statement cites its source."""

__version__ = "0.1.0"
