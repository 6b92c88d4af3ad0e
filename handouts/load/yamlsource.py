"""YAML that remembers where each key stood, so validation can point at the line.

Only PyYAML's safe loader is used: tags such as `!!python/object` are refused. Aliases
are refused as well, which rules out "billion laughs" expansion; hand-written clinic
content has no need for them. Duplicate keys, which PyYAML silently overwrites, are
reported because the first value would otherwise vanish without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node

from ..diagnostics import ContentError, Location

# Python refuses to read an integer of more than 4,300 digits, and slows down long before.
MAX_DIGITS = 100
_INT = "tag:yaml.org,2002:int"


class LocatedMap(dict):
    """A mapping that knows the (line, col) of itself and of each key, 1-based."""

    position: tuple[int, int]
    key_positions: dict[Any, tuple[int, int]]

    def key_position(self, key: Any) -> tuple[int, int]:
        return self.key_positions.get(key, self.position)


@dataclass(frozen=True)
class Source:
    """One content file: its path relative to the site, and a line offset for embedded YAML."""

    path: str
    line_offset: int = 0

    def at(self, line: int, col: int | None = None) -> Location:
        return Location(self.path, line + self.line_offset, col)


class _Constructing(SafeConstructor):
    """What both loaders share: located mappings, refused duplicates, bad values located."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node.tag == _INT and len(node.value) > MAX_DIGITS:  # before int() sees it
            raise ConstructorError(
                None,
                None,
                f"a number of {len(node.value)} digits; no value here needs more than {MAX_DIGITS}",
                node.start_mark,
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # e.g. a date like 2026-13-45
            raise ConstructorError(
                None, None, f"invalid value '{node.value}': {exc}", node.start_mark
            ) from None
        except (AttributeError, TypeError):  # a value its explicit tag cannot hold
            raise ConstructorError(
                None, None, f"invalid value '{node.value}' for {node.tag}", node.start_mark
            ) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> LocatedMap:
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark
            )
        self.flatten_mapping(node)
        result = LocatedMap()
        result.position = (node.start_mark.line + 1, node.start_mark.column + 1)
        result.key_positions = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    "a key must be plain text",
                    key_node.start_mark,
                ) from None
            if key in result:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key '{key}' (it is already set above)",
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=deep)
            result.key_positions[key] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
        return result


class _Loader(_Constructing, yaml.SafeLoader):
    """The pure-Python loader: it refuses aliases where they are written."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not supported", event.start_mark
            )
        return super().compose_node(parent, index)


def _mapping(loader: _Loader, node: MappingNode) -> LocatedMap:
    return loader.construct_mapping(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)

if yaml.__with_libyaml__:

    class _FastLoader(_Constructing, yaml.CSafeLoader):
        """libyaml's parser with our constructor: some ten times faster on front matter.

        Only text without aliases or tags comes here (see `fast_path_suits`); a document it
        refuses is parsed again by `_Loader`, whose messages are the ones users see."""

    def _fast_mapping(loader: _FastLoader, node: MappingNode) -> LocatedMap:
        return loader.construct_mapping(node)

    _FastLoader.add_constructor("tag:yaml.org,2002:map", _fast_mapping)
    FAST_LOADER: type[_FastLoader] | None = _FastLoader
else:  # pragma: no cover - PyYAML wheels ship libyaml
    FAST_LOADER = None


# Where libyaml and PyYAML read the same text differently: aliases (which libyaml composes
# out of our reach) and tags (a lone `!` is '' to one and None to the other).
_ALIAS_OR_TAG = re.compile(r"\*|(?:^|[\s\[{,])!")


def fast_path_suits(text: str) -> bool:
    """Whether `text` may go through libyaml: it holds nothing the two parsers differ on."""
    return _ALIAS_OR_TAG.search(text) is None


def load_yaml(text: str, source: Source) -> Any:
    """Parse one YAML document; a syntax problem becomes a located ContentError."""
    if FAST_LOADER is not None and fast_path_suits(text):
        try:
            return yaml.load(text, Loader=FAST_LOADER)
        except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
            pass  # parsed again below, for the message
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in problem:
            tag = problem.split("tag ")[-1].strip("'").replace("tag:yaml.org,2002:", "!!")
            problem = f"YAML tag '{tag}' is not allowed: plain values only"
        location = source.at(mark.line + 1, mark.column + 1) if mark else source.at(1)
        raise ContentError.at(location, f"YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ContentError.at(source.at(1), f"YAML: {exc}") from None
    except RecursionError:
        raise ContentError.at(source.at(1), "YAML is nested too deeply") from None
