"""Field types that hold other values: lists, free mappings, and mappings of declared keys.

A :class:`Mapping` of :class:`Field` s is also how a record is made: each field names the
record attribute it fills and what that attribute is when the key is absent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import catalogue as rp
from ..diagnostics import did_you_mean
from .characters import find_disguise
from .fields import EMPTY, Context, FieldType, escape_invisible, quote
from .source import KeyPath


class ListOf(FieldType):
    """A list of distinct items of one type."""

    def __init__(self, item: FieldType, *, min_items: int = 0, max_items: int | None = None, description: str = ""):
        super().__init__(description)
        self.item = item
        self.min_items = min_items
        self.max_items = max_items

    @property
    def doc(self) -> str:
        bounds = [f"at least {self.min_items}"] if self.min_items else []
        bounds += [f"at most {self.max_items}"] if self.max_items is not None else []
        return f"a list{' of ' + ' and '.join(bounds) if bounds else ''}, each {self.item.doc}"

    def validate(self, value: object, ctx: Context, where: KeyPath) -> object:
        if type(value) is not list:
            return self._unexpected(value, ctx, where)
        out: list = []
        item = self.item
        for i, raw in enumerate(value):
            here = (*where, i)
            cleaned = item.validate(raw, ctx, here)
            if cleaned is EMPTY:
                _empty_item(ctx, here)
                continue
            if cleaned is None:
                continue
            if type(cleaned) is not dict and cleaned in out:
                ctx.report(rp.DUPLICATE_ITEM, here, f"{quote(where)} names `{cleaned}` twice; remove one")
                continue
            out.append(cleaned)
        if self.max_items is not None and len(out) > self.max_items:
            ctx.report(
                rp.TOO_MANY,
                (*where, self.max_items),
                f"{quote(where)} has {len(out)} items, at most {self.max_items} are allowed",
            )
            out = out[: self.max_items]
        if len(value) < self.min_items:
            ctx.report(rp.MISSING_KEY, where, f"{quote(where)} is empty; name at least {self.min_items}")
        return out

    def mismatch(self, value: object, ctx: Context, where: KeyPath) -> None:
        example = value if isinstance(value, str) else "..."
        ctx.report(rp.WRONG_TYPE, where, f"{quote(where)} must be a list, e.g. {where[-1]}: [{example}]")

    def _json_schema(self, optional: bool) -> dict:
        out: dict = {"type": "array", "items": self.item.json_schema(), "uniqueItems": True}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out

    def empty(self) -> object:
        return ()

    def to_record(self, cleaned: object) -> object:
        if not isinstance(self.item, Mapping):
            return tuple(cleaned)
        records = (self.item.to_record(x) for x in cleaned)
        return tuple(x for x in records if x is not None)


def _empty_item(ctx: Context, where: KeyPath) -> None:
    # An optional key left empty is absent, but an empty item is a stray `-` or `key:` that
    # would otherwise vanish unseen (`authors: [~]` would pass with nobody credited).
    ctx.report(rp.MISSING_KEY, where, f"{quote(where)} is empty; remove it or give it a value")


class _Keyed(FieldType):
    def mismatch(self, value: object, ctx: Context, where: KeyPath) -> None:
        ctx.report(rp.WRONG_TYPE, where, f"{quote(where)} must be a mapping of `key: value` lines")


class DictOf(_Keyed):
    """A mapping whose keys and values are each of one type (``alias: canonical-tag``)."""

    def __init__(self, key: FieldType, item: FieldType, *, description: str = ""):
        super().__init__(description)
        self.key = key
        self.item = item

    @property
    def doc(self) -> str:
        return f"a mapping of {self.key.doc} to {self.item.doc}"

    def validate(self, value: object, ctx: Context, where: KeyPath) -> object:
        if type(value) is not dict:
            return self._unexpected(value, ctx, where)
        keys = ctx.keys()
        out = {}
        for key, raw in value.items():
            here = (*where, key)
            if self.key.check(key, keys, here) in (None, EMPTY):
                continue
            cleaned = self.item.validate(raw, ctx, here)
            if cleaned is EMPTY:
                _empty_item(ctx, here)
            elif cleaned is not None:
                out[key] = cleaned
        return out

    def _json_schema(self, optional: bool) -> dict:
        return {
            "type": "object",
            "propertyNames": self.key.json_schema(),
            "additionalProperties": self.item.json_schema(),
        }

    def empty(self) -> object:
        return {}

    def to_record(self, cleaned: object) -> object:
        return dict(cleaned)


class Same:
    """A default taken from another attribute of the same record (a title defaults to the slug)."""

    def __init__(self, attr: str):
        self.attr = attr


@dataclass(frozen=True)
class Field:
    """One key of a mapping: its type, whether it is required, what it means, and its record attribute.

    ``kinds`` limits the key to those kinds of contribution. On the record, the value goes to
    ``attr`` (the key's name unless given), through ``convert`` if given; an absent, empty or
    wrong value leaves ``default``, by default the type's empty value (None, or ``()`` for a
    list), which is also what a key of another kind leaves.
    """

    name: str
    type: FieldType
    doc: str = ""
    required: bool = False
    kinds: tuple[str, ...] = ()
    attr: str = ""
    default: object = EMPTY
    convert: Callable[[object], object] | None = None

    def __post_init__(self) -> None:
        if not self.attr:
            object.__setattr__(self, "attr", self.name)

    def json_schema(self) -> dict:
        out: dict = {"description": self.doc} if self.doc else {}
        out.update(self.type.json_schema(optional=not self.required))
        return out


class Mapping(_Keyed):
    """Declared keys (:class:`Field`); unknown keys and missing required ones are reported.

    With ``record``, the cleaned mapping becomes that frozen record (:meth:`to_record`); one that
    lacks its ``identified_by`` key is left out. Without, its keys' attributes go on the record
    of the mapping that holds it (``tags.aliases`` → ``Settings.tag_aliases``).
    """

    def __init__(
        self,
        fields: tuple[Field, ...],
        *,
        record: type | None = None,
        identified_by: str | None = None,
        description: str = "",
    ):
        super().__init__(description)
        self.fields = fields
        self.record = record
        self.identified_by = identified_by
        self._keys_by_kind: dict[str | None, tuple[dict[str, Field], dict[str, Field]]] = {}

    @property
    def doc(self) -> str:
        return f"a mapping of {', '.join(f'`{f.name}`' for f in self.fields)}"

    def validate(self, value: object, ctx: Context, where: KeyPath) -> object:
        if type(value) is not dict:
            return self._unexpected(value, ctx, where)
        return self.check_keys(value, ctx, where)

    def _keys(self, kind: str | None) -> tuple[dict[str, Field], dict[str, Field]]:
        """The keys a mapping of ``kind`` may have, and those that belong to other kinds."""
        found = self._keys_by_kind.get(kind)
        if found is None:
            known: dict[str, Field] = {}
            other: dict[str, Field] = {}
            for f in self.fields:
                (known if not f.kinds or kind is None or kind in f.kinds else other)[f.name] = f
            found = self._keys_by_kind[kind] = (known, other)
        return found

    def check_keys(self, value: dict, ctx: Context, where: KeyPath, kind: str | None = None) -> dict:
        """The cleaned values of ``value``'s keys; ``kind`` (a contribution's) limits the keys."""
        known, other = self._keys(kind)
        out: dict = {}
        for key, item in value.items():
            here = (*where, key)
            spec = known.get(key)
            if spec is None:
                self._unknown(key, here, kind, known, other, ctx)
                continue
            cleaned = spec.type.validate(item, ctx, here)
            if cleaned is EMPTY:
                if spec.required:
                    ctx.report(rp.MISSING_KEY, here, f"{quote(here)} is empty; give it a value ({spec.doc})")
            elif cleaned is not None:
                out[key] = cleaned
        for spec in known.values():
            if spec.required and spec.name not in value and (not spec.kinds or kind in spec.kinds):
                ctx.report(
                    rp.MISSING_KEY,
                    where,
                    f"missing required key {quote((*where, spec.name))} ({spec.doc})",
                    at_key=bool(where),
                )
        return out

    @staticmethod
    def _unknown(key: str, here: KeyPath, kind: str | None, known: dict, other: dict, ctx: Context) -> None:
        if key in other:
            owners = " and ".join(other[key].kinds)
            ctx.report(
                rp.WRONG_KIND_KEY,
                here,
                f"{quote(here)} is only for {owners} contributions, and this is "
                f"a{'n' if kind[0] in 'aeiou' else ''} {kind}; remove it or change `kind`",
                at_key=True,
            )
            return
        hidden = find_disguise(key, mixed_scripts=False)
        shown = quote((*here[:-1], escape_invisible(key)))
        ctx.report(
            rp.UNKNOWN_KEY,
            here,
            f"unknown key {shown}{did_you_mean(key, known)}"
            + (f" (it {hidden})" if hidden else "")
            + f"; allowed keys: {', '.join(known)}",
            at_key=True,
        )

    def _json_schema(self, optional: bool) -> dict:
        return {
            "type": "object",
            "properties": {f.name: f.json_schema() for f in self.fields},
            "required": [f.name for f in self.fields if f.required and not f.kinds],
            "additionalProperties": False,
        }

    def empty(self) -> object:
        return {}

    def to_record(self, cleaned: object, kind: str | None = None, **given: object) -> object:
        """The record of a cleaned mapping; ``given`` values (a file's id, path, body) come first."""
        if self.record is None:
            return dict(cleaned)
        if self.identified_by is not None and self.identified_by not in cleaned:
            return None
        attrs = dict(given)
        later: list[tuple[str, Same]] = []
        self._gather(cleaned, kind, attrs, later)
        for attr, same in later:
            attrs[attr] = attrs[same.attr]
        return self.record(**attrs)

    def _gather(self, cleaned: dict, kind: str | None, attrs: dict, later: list) -> None:
        for f in self.fields:
            if f.attr in attrs:
                continue
            value = cleaned.get(f.name)
            if type(f.type) is Mapping and f.type.record is None:
                f.type._gather(value or {}, kind, attrs, later)
            elif value is not None:
                value = f.type.to_record(value)
                attrs[f.attr] = f.convert(value) if f.convert else value
            elif f.default is EMPTY or (f.kinds and kind not in f.kinds):
                attrs[f.attr] = f.type.empty()
            elif type(f.default) is Same:
                later.append((f.attr, f.default))
            else:
                attrs[f.attr] = f.default
