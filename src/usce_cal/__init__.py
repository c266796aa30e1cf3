"""usce-cal: turn an IMG's plan for US clinical experience and letters into calendars."""

__version__ = "0.1.0"
