"""The command line (typer only): parse options, call one use case, print its result.

The command modules do not use ``from __future__ import annotations``: typer reads every
option from its function's annotations on each run, and annotations kept as objects are
read as they are, where strings would be evaluated one by one (2 ms of each start).
"""
