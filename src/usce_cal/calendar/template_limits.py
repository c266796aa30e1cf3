"""How much work a description template may do: Jinja's sandbox, bounded.

The sandbox keeps templates away from Python's internals but caps only a single ``range``:
nested loops, huge powers, ``"x" * 10**9`` or a string doubled in a loop would run for
minutes or exhaust memory. Here every operator that can make a large value is checked
before it runs (``*``, ``**``, ``%``, calls with large numbers, ``replace``) and every value
an operator or ``~`` makes is checked after, so no single step makes more than ``MAX_TEXT``;
and user templates run under a budget of ``MAX_STEPS`` Python lines per run, counted by a
trace function, so the number of steps is bounded too. Both are counts, not clocks: the same
templates fail the same way on any machine.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sized
from contextlib import contextmanager
from functools import wraps
from types import FrameType
from typing import TYPE_CHECKING

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

if TYPE_CHECKING:
    from _typeshed import TraceFunction

MAX_TEXT = 100_000
"""Longest string or collection (and largest number argument) one step may make."""
MAX_BITS = 4 * MAX_TEXT
"""Largest whole number, in bits, a step may make."""
MAX_STEPS = 2_000_000
"""Python lines all user templates of one run may execute together."""
_WIDE = re.compile(r"\d{6,}|\*")
"""A width or precision of a million or more in a format, or one taken from an argument."""


class LimitError(SecurityError):
    """A template that would do more work than allowed."""


def checked(value: object) -> object:
    """``value``, if it is no larger than a step may make."""
    if isinstance(value, Sized) and not isinstance(value, range) and len(value) > MAX_TEXT:
        raise LimitError(_TOO_LONG)
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise LimitError(f"makes a number larger than {MAX_BITS:,} bits")
    return value


_TOO_LONG = f"makes a value longer than {MAX_TEXT:,} characters or items"
_TOO_WIDE = "formats with a width of a million or more, or one given as *"


def _length(value: object) -> int:
    return len(value) if isinstance(value, Sized) and not isinstance(value, range) else 1


def _before_binop(operator: str, left: object, right: object) -> None:
    """Refuse an operator whose result would be too large, before it is made."""
    ints = isinstance(left, int), isinstance(right, int)
    if operator == "*" and ints.count(True) == 1:
        count, other = (left, right) if ints[0] else (right, left)
        if isinstance(count, int) and _length(other) * count > MAX_TEXT:
            raise LimitError(_TOO_LONG)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int):
        if max(left.bit_length(), 1) * right > MAX_BITS:
            raise LimitError(f"makes a number larger than {MAX_BITS:,} bits")
    elif operator == "%" and isinstance(left, str) and _WIDE.search(left):
        raise LimitError(_TOO_WIDE)


def _before_call(target: object, args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    """Refuse a call that would make a value too large (a width, a count, a replacement)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
            raise LimitError(f"calls with a number above {MAX_TEXT:,}")
    method = getattr(target, "__wrapped__", target)
    owner, name = getattr(method, "__self__", None), getattr(method, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in ("format", "format_map") and _WIDE.search(owner):
        raise LimitError(_TOO_WIDE)
    texts = [a for a in args if isinstance(a, str)]
    if name == "replace" and len(texts) == len(args[:2]) == 2:  # noqa: PLR2004  # old, new
        replacing(owner, *texts[:2])


def replacing(text: str, old: str, new: str) -> None:
    """Refuse replacing ``old`` by ``new`` in ``text`` if the result would be too long."""
    times = text.count(old) if old else len(text) + 1
    if len(text) + times * max(len(new) - len(old), 0) > MAX_TEXT:
        raise LimitError(_TOO_LONG)


def bounded_filters(
    filters: Mapping[str, Callable[..., object]],
) -> dict[str, Callable[..., object]]:
    """Every filter, with number arguments and results checked; ``replace`` and ``format``
    also checked before they run."""
    return {name: _bounded(name, original) for name, original in filters.items()}


def _bounded(name: str, original: Callable[..., object]) -> Callable[..., object]:
    @wraps(original)  # keeps Jinja's pass_context and pass_eval_context marks
    def run(*args: object, **kwargs: object) -> object:
        _before_call(None, args, kwargs)
        texts = [a for a in args if isinstance(a, str)]
        if name == "replace" and len(texts) >= 3:  # noqa: PLR2004  # value, old, new
            replacing(*texts[:3])
        if name == "format" and texts and _WIDE.search(texts[0]):
            raise LimitError(_TOO_WIDE)
        return checked(original(*args, **kwargs))

    return run


class _BoundedGenerator(CodeGenerator):
    """Jinja's code generator, with each ``~`` join checked like an operator's result."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox for a user's templates, with the operators, calls and ``~`` joins
    that make values bounded."""

    code_generator_class = _BoundedGenerator
    intercepted_binops = frozenset({"*", "**", "%", "+", "//"})

    def checked(self, value: object) -> object:
        """``value``, checked."""
        return checked(value)

    def call_binop(self, context: Context, operator: str, left: object, right: object) -> object:
        _before_binop(operator, left, right)
        return self.checked(super().call_binop(context, operator, left, right))

    def call(
        __self,  # Jinja's own signature: these names cannot clash with a call's keywords
        __context: Context,
        __obj: object,
        *args: object,
        **kwargs: object,
    ) -> object:
        _before_call(__obj, args, kwargs)
        return __self.checked(super().call(__context, __obj, *args, **kwargs))


class StepBudget:
    """Python lines user templates may still run; spent by ``counting``."""

    def __init__(self, steps: int = MAX_STEPS) -> None:
        self.left = steps

    def _local(self, _frame: FrameType, event: str, _arg: object) -> TraceFunction:
        if event == "line":
            self.left -= 1
            if self.left < 0:
                raise LimitError(f"takes more than {MAX_STEPS:,} steps; make its loops shorter")
        return self._local

    def _global(self, _frame: FrameType, _event: str, _arg: object) -> TraceFunction:
        return self._local

    @contextmanager
    def counting(self) -> Iterator[None]:
        """Count every Python line run inside the block against the budget."""
        previous = sys.gettrace()
        sys.settrace(self._global)
        try:
            yield
        finally:
            sys.settrace(previous)
