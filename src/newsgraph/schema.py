"""The JSON Schema of `Article.to_dict()`, derived from the dataclasses so it cannot drift."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from newsgraph import model


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(a, defs) for a in typing.get_args(tp)]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
    return {"type": simple[tp]}


def _object_schema(cls: Any, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(model))
    props = {f.name.rstrip("_"): _type_schema(hints[f.name], defs) for f in dataclasses.fields(cls)}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    return {"type": "object", "description": doc, "properties": props, "required": list(props)}


def article_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one article of the output."""
    defs: dict[str, Any] = {}
    schema = _object_schema(model.Article, defs)
    schema["properties"] = {"schema": {"const": model.SCHEMA}, **schema["properties"]}
    schema["required"] = ["schema", *schema["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": model.SCHEMA,
        "title": "newsgraph article",
        **schema,
        "$defs": defs,
    }
