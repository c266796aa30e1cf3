"""Descriptions from Jinja templates: plain text for DESCRIPTION, HTML for X-ALT-DESC.

A user's ``--templates`` folder runs in Jinja's sandbox, so it can change the words but
cannot reach into Python, with the limits of ``template_limits`` on how large a value
and (for a user's templates) how much work they may make. Any template problem becomes a
``TemplateError`` naming the template and its line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.exceptions import SecurityError

from usce_cal.calendar.description import Description
from usce_cal.engine.items import Item, template_values
from usce_cal.errors import Problem, TemplateError
from usce_cal.formats import eastern, in_zone, longdate, repeats, shortdate, usd, when
from usce_cal.guide import data_files
from usce_cal.guide.content import load_guide
from usce_cal.guide.resources import templates_dir, user_cache
from usce_cal.guide.services import Words, words_for
from usce_cal.plan.model import Plan

if TYPE_CHECKING:
    from usce_cal.calendar.template_limits import StepBudget


class Renderer:
    """Renders item descriptions, with an optional folder of overriding templates."""

    def __init__(self, overrides: Path | None = None) -> None:
        if overrides is not None and not overrides.is_dir():
            raise TemplateError.one(
                "not a folder of templates; pass a folder holding files such as milestone.txt.j2",
                file=str(overrides),
            )
        loaders: list[jinja2.BaseLoader] = []
        if overrides is not None:
            loaders.append(jinja2.FileSystemLoader(overrides))
        loaders.append(jinja2.FileSystemLoader(templates_dir()))
        self._overrides = overrides
        self._budget: StepBudget | None = None
        self._max_text: int | None = None
        options: dict[str, Any] = {
            "loader": jinja2.ChoiceLoader(loaders),
            "autoescape": jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
            "undefined": jinja2.StrictUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "keep_trailing_newline": False,
            "auto_reload": False,
        }
        # The built-in templates are ours and trusted: no sandbox checks every attribute
        # they read (most of a cohort build's time). A user's folder runs sandboxed, ours
        # with it, since its templates may replace any that ours include; only a user's
        # templates are counted and limited (the limits are loaded for them alone).
        self._env: jinja2.Environment
        if overrides is None:
            self._env = jinja2.Environment(**options, bytecode_cache=_bytecode_cache("trusted"))
        else:
            from usce_cal.calendar.template_limits import MAX_TEXT, BoundedSandbox, StepBudget

            self._env = BoundedSandbox(**options, bytecode_cache=_bytecode_cache("compiled"))
            self._budget, self._max_text = StepBudget(), MAX_TEXT
        self._env.filters.update(
            longdate=longdate,
            shortdate=shortdate,
            usd=usd,
            when=when,
            repeats=repeats,
            eastern=eastern,
            in_zone=in_zone,
        )
        if overrides is not None:
            from usce_cal.calendar.template_limits import bounded_filters

            self._env.filters = bounded_filters(self._env.filters)
        guide = load_guide()
        self._env.globals.update(
            links=data_files.seasons()["links"],
            guide_gold_standard=guide.gold_standard,
            kinds=guide.kinds,
            cost_names=data_files.labels()["costs"],
        )

    def describe(self, plan: Plan, item: Item) -> Description:
        """Both descriptions of ``item``, worded for the plan's application service."""
        words = words_for(plan.applicant.specialty, plan.season)
        values: dict[str, object] = {
            "plan": plan,
            "item": item,
            "service": words.service.name,
            "service_site": words.service.site,
            "words": dict(words.values),
            "letter_states": _letter_states(words),
            **template_values(item.details),
        }
        return Description(
            text=self._render(f"{item.kind}.txt.j2", values),
            html=self._render(f"{item.kind}.html.j2", values),
        )

    def page(self, name: str, values: Mapping[str, object]) -> str:
        """A whole page (``site/<name>.html.j2``), HTML-escaped."""
        return "".join(self.page_pieces(name, values))

    def page_pieces(self, name: str, values: Mapping[str, object]) -> Iterator[str]:
        """``page``, piece by piece as Jinja makes it, for a page too large to hold whole
        (a cohort's, with a row per member): stripped, and ending in one line break."""
        name = f"site/{name}.html.j2"
        made = 0
        with self._errors(name), self._counting():
            made_by_jinja = self._env.get_template(name).generate(values)
            for piece in _stripped(_batched(made_by_jinja)):
                made += len(piece)
                self._check_length(made, name)
                yield piece
        yield "\n"

    def _render(self, name: str, values: Mapping[str, object]) -> str:
        with self._errors(name), self._counting():
            text = self._env.get_template(name).render(values)
        self._check_length(len(text), name)
        return text.strip()

    def _counting(self) -> AbstractContextManager[object]:
        """Counts a user's templates' steps against their budget (ours are not counted)."""
        return nullcontext() if self._budget is None else self._budget.counting()

    def _check_length(self, length: int, name: str) -> None:
        if self._max_text is not None and length > self._max_text:
            raise TemplateError.one(
                f"not allowed in a template: makes a description longer than {self._max_text:,}"
                " characters",
                file=self._path_of(name),
                line=1,
            )

    @contextmanager
    def _errors(self, name: str) -> Iterator[None]:
        """Any problem rendering template ``name`` as a ``TemplateError`` naming the
        template and line it arose in."""
        try:
            yield
        except TemplateError:
            raise
        except jinja2.TemplateNotFound as exc:
            where = (
                f"{self._overrides} or the built-in templates"
                if self._overrides
                else ("the built-in templates")
            )
            # Named by the template that includes it, where there is one.
            file, line = _template_frame(sys.exc_info()[2], str(exc.name))
            raise TemplateError.one(
                f"template {exc.name} not found in {where}", file=file, line=line
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                Problem(
                    f"template syntax error: {exc.message}",
                    file=_shown(exc.filename, exc.name),
                    line=exc.lineno,
                )
            ) from None
        except SecurityError as exc:
            file, line = _template_frame(sys.exc_info()[2], name)
            raise TemplateError(
                Problem(f"not allowed in a template: {exc}", file=file, line=line or 1)
            ) from None
        except UnicodeDecodeError as exc:
            raise TemplateError.one(
                f"cannot read the template: not UTF-8 (byte {exc.start + 1})",
                file=self._path_of(name),
                line=1,
            ) from None
        except Exception as exc:  # a runtime error inside a template, such as an undefined name
            file, line = _template_frame(sys.exc_info()[2], name)
            message = (
                exc.message
                if isinstance(exc, jinja2.TemplateError)
                else f"{type(exc).__name__}: {exc}".removesuffix(": ")
            )
            raise TemplateError(
                Problem(f"template error: {message}", file=file, line=line or 1)
            ) from None

    def _path_of(self, name: str) -> str:
        """Where template ``name`` comes from: the user's folder if it has it."""
        if self._overrides is not None and (self._overrides / name).is_file():
            return str(self._overrides / name)
        return name


def _bytecode_cache(kind: str) -> jinja2.BytecodeCache | None:
    """Jinja's compiled-template cache in the user's cache folder (``platformdirs``:
    ``$XDG_CACHE_HOME/usce-cal/<kind>-templates`` on Linux), never a shared temporary folder.

    Compiling the templates is most of a run's time; Jinja checks each template's source
    against the cache, so edited templates are compiled afresh. The sandbox compiles the
    same source to other code, so each environment (``kind``) has its own folder.
    """
    folder = user_cache(f"{kind}-templates")
    if folder is None:  # no writable cache folder: compile every time
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


BATCH = 1 << 16
"""Characters of a page gathered before they are passed on: Jinja makes a piece of a few
characters at a time, and each piece passed on costs a write."""


def _batched(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` joined into runs of at least ``BATCH`` characters (the last may be
    shorter), as plain text."""
    run: list[str] = []
    size = 0
    for piece in pieces:
        run.append(piece)
        size += len(piece)
        if size >= BATCH:
            yield "".join(run)
            run, size = [], 0
    if run:
        yield "".join(run)


def _stripped(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` as the text they join to, stripped of white space at both ends."""
    started, pending = False, ""
    for made in pieces:
        piece = str(made)  # plain text: adding to Jinja's Markup would escape it again
        if not started:
            piece = piece.lstrip()
            started = bool(piece)
        body = piece.rstrip()
        if body:
            yield pending + body
            pending = piece[len(body) :]
        else:
            pending += piece


def _shown(filename: str | None, name: str | None) -> str:
    return filename or name or "template"


def _template_frame(tb: TracebackType | None, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line in a traceback that went through Jinja."""
    found: tuple[str, int | None] = (fallback, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


@cache
def _states(values: tuple[tuple[str, str], ...]) -> dict[str, str]:
    words = dict(values)
    return {
        status: _WORD.sub(lambda m: words.get(m.group(1), m.group(0)), text)
        for status, text in data_files.labels()["letter_status"].items()
    }


def _letter_states(words: Words) -> dict[str, str]:
    """Each letter status in words, for the applicant's service."""
    return _states(words.values)


_WORD = re.compile(r"\{([A-Za-z_]+)\}")
