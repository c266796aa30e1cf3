"""Editing a plan file with tomlkit: values set where they stand, new keys beside their kin,
new tables after the last of their array, and every comment and blank line kept.

A file tomlkit cannot write back unchanged (an array of tables split by other tables) is
refused rather than rearranged.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

from usce_cal.errors import PlanError

Values = Sequence[tuple[str, object]]
"""Keys and values in the order a new table lists them; ``None`` or ``()`` means absent."""


def open_for_edit(text: str, *, source: str) -> TOMLDocument:
    """``text`` as an editable document, if tomlkit writes it back byte for byte."""
    doc = tomlkit.parse(text)
    if doc.as_string() != text:
        raise PlanError.one(
            "cannot be edited without moving its tables; keep all [[programs]] tables"
            " together and all [[rotations]] tables together, then try again",
            file=source,
        )
    return doc


def toml_item(value: object) -> Item:
    """A plan value as a TOML item: words for choices, an array for several dates."""
    if isinstance(value, StrEnum):
        return tomlkit.item(value.value)
    if isinstance(value, tuple):
        array = tomlkit.array()
        array.extend(value)
        return array
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        table.update(value)
        return table
    return tomlkit.item(value)


def absent(value: object) -> bool:
    """Whether a value means "leave the key out"."""
    return value is None or value == ()


def set_values(table: Table | InlineTable, values: Values, order: Sequence[str]) -> None:
    """Set, add or remove each key of ``values`` in ``table``; a new key goes after the
    nearest key before it in ``order`` (or after the table's last key)."""
    for key, value in values:
        if absent(value):
            if key in table:
                del table[key]
            continue
        item = toml_item(value)
        if key in table:
            table[key] = item
            continue
        present = [k for k in table if isinstance(k, str)]
        earlier = [k for k in order[: order.index(key)] if k in present] if key in order else []
        after = earlier[-1] if earlier else (present[-1] if present else None)
        if isinstance(table, Table) and after is not None:
            _insert_after(table, after, key, item)
        else:
            table[key] = item


def _insert_after(table: Table, after: str, key: str, item: Item) -> None:
    """Put ``key`` right after the key ``after`` in ``table``, before any comment or blank
    line that follows it.

    tomlkit has no public insert: its ``Container._insert_at`` (present from 0.11 through
    0.15, which dropped ``_insert_after``) is the one private call, and the dependency's
    upper bound keeps a release that changes it from installing unseen.
    """
    body = table.value.body
    # After the last entry of ``after`` (a key given in parts has several), as tomlkit's
    # own _insert_after did.
    places = [i for i, (k, _) in enumerate(body) if k is not None and k.key == after]
    if places and places[-1] + 1 < len(body):
        table.value._insert_at(places[-1] + 1, key, item)
    else:
        table[key] = item


def append_table(doc: TOMLDocument, name: str, values: Values, *, source: str) -> None:
    """Add a table to the array ``name`` (``[[name]]``, or an inline array of tables)."""
    present = [(key, toml_item(value)) for key, value in values if not absent(value)]
    container = doc.get(name)
    if container is None:
        array = tomlkit.aot()
        array.append(_table(present))
        doc.append(name, array)
    elif isinstance(container, AoT):
        last = container[-1] if len(container) else None
        if last is not None and not _ends_blank(last):
            last.add(tomlkit.nl())
        table = _table(present)
        table.add(tomlkit.nl())
        container.append(table)
    elif isinstance(container, Array):
        inline = tomlkit.inline_table()
        for key, item in present:
            inline[key] = item
        container.append(inline)
    else:
        raise PlanError.one(f"{name} is not an array of tables; cannot add to it", file=source)


def _table(present: list[tuple[str, Item]]) -> Table:
    table = tomlkit.table()
    for key, item in present:
        table[key] = item
    return table


def _ends_blank(table: Table) -> bool:
    body = table.value.body
    return bool(body) and isinstance(body[-1][1], Whitespace)


def written(doc: TOMLDocument, original: str) -> str:
    """The edited text, ending the way the original ended (one line break)."""
    text = doc.as_string()
    return text.rstrip("\n") + "\n" if original.endswith("\n") else text
