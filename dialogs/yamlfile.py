"""Reading Closer's YAML content with the file, the key and the line of anything that is wrong.

PyYAML's `safe_load` forgets where a value came from; `compose` keeps it. A `Node` here is a thin,
read-only view of a composed node that knows its path ("families.sad.words[3]") and line, so the
validators in `dialogs` can say exactly which entry of which file is at fault.
"""

from __future__ import annotations

import string
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml


class ContentError(Exception):
    """A content file is missing, malformed, or lacks a key the code needs."""

    def __init__(self, file: str, key: str, line: int | None, message: str) -> None:
        self.file, self.key, self.line, self.message = file, key, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key or '(top)'}: {message}")


@dataclass(frozen=True)
class Node:
    """One value in a YAML file, with where it stands."""

    raw: yaml.Node
    file: str
    path: str

    @property
    def line(self) -> int:
        return self.raw.start_mark.line + 1

    def fail(self, message: str) -> ContentError:
        return ContentError(self.file, self.path, self.line, message)

    def _child(self, raw: yaml.Node, step: str) -> Node:
        joiner = "" if step.startswith("[") or not self.path else "."
        return Node(raw, self.file, f"{self.path}{joiner}{step}")

    # --- mappings -------------------------------------------------------------------------
    def items(self) -> Iterator[tuple[str, Node]]:
        if not isinstance(self.raw, yaml.MappingNode):
            raise self.fail("expected a mapping of keys to values")
        seen: set[str] = set()
        for key_node, value_node in self.raw.value:
            key = str(key_node.value)
            if key in seen:
                raise Node(key_node, self.file, self.path).fail(f"key {key!r} appears twice")
            seen.add(key)
            yield key, self._child(value_node, key)

    def get(self, key: str) -> Node | None:
        for name, node in self.items():
            if name == key:
                return node
        return None

    def __getitem__(self, key: str) -> Node:
        node = self.get(key)
        if node is None:
            raise self.fail(f"missing key {key!r}")
        return node

    def keys(self) -> list[str]:
        return [name for name, _ in self.items()]

    def only(self, allowed: frozenset[str]) -> None:
        """Fail on a key that is not one of these: a misspelt key fails at load, not later."""
        for name, node in self.items():
            if name not in allowed:
                raise node.fail(f"unknown key {name!r} (known: {', '.join(sorted(allowed))})")

    @property
    def is_seq(self) -> bool:
        return isinstance(self.raw, yaml.SequenceNode)

    # --- sequences and scalars --------------------------------------------------------------
    def seq(self) -> list[Node]:
        if not isinstance(self.raw, yaml.SequenceNode):
            raise self.fail("expected a list")
        return [self._child(item, f"[{i}]") for i, item in enumerate(self.raw.value)]

    def text(self) -> str:
        if not isinstance(self.raw, yaml.ScalarNode) or self.raw.tag == "tag:yaml.org,2002:null":
            raise self.fail("expected text")
        value = str(self.raw.value).strip()
        if not value:
            raise self.fail("expected text, found an empty value")
        return value

    def texts(self) -> list[str]:
        """A non-empty list of non-empty strings."""
        items = [node.text() for node in self.seq()]
        if not items:
            raise self.fail("expected a non-empty list")
        return items

    def flag(self) -> bool:
        if not isinstance(self.raw, yaml.ScalarNode) or self.raw.value not in ("true", "false"):
            raise self.fail("expected true or false")
        return self.raw.value == "true"

    def text_map(self) -> dict[str, str]:
        return {key: node.text() for key, node in self.items()}


# libyaml's parser where PyYAML was built with it (its wheels are): the same nodes and marks,
# several times faster, which is most of a start-up's reading of content/.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: Path, display: str | None = None) -> Node:
    """Compose one YAML file; syntax errors become ContentErrors with their line."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(name, "", None, f"cannot read the file ({exc.strerror})") from exc
    try:
        raw = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ContentError(name, "", line, f"not valid YAML: {exc.problem}") from exc
    if raw is None:
        raise ContentError(name, "", None, "the file is empty")
    return Node(raw, name, "")


def texts(
    node: Node,
    required: Mapping[str, Collection[str]] | frozenset[str],
    *,
    open_keys: bool = False,
) -> dict[str, str]:
    """A mapping of keys to sentences, with every required key present and sane placeholders.
    A key the code does not know fails (a misspelt key would otherwise be silently unused),
    unless the keys are data themselves (`open_keys`: city names). Given a mapping of each key
    to the placeholders the code fills in, a placeholder it does not fill fails too."""
    declared = required if isinstance(required, Mapping) else None
    found = {}
    for key, value in node.items():
        if not open_keys:
            _known(key, value, required)
        text = value.text()
        check_placeholders(value, text, frozenset(declared[key]) if declared else None)
        found[key] = text
    _all_present(node, required, found)
    return found


def variants(node: Node, declared: Mapping[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """Messages that may each be said in several ways (a text, or a list of texts), checked
    against what the code declares: every key known and present, and every {placeholder} one
    the code fills in for that key. A typo in a key or a placeholder fails here, at start."""
    found: dict[str, tuple[str, ...]] = {}
    for key, value in node.items():
        _known(key, value, declared)
        if value.is_seq and not value.seq():
            raise value.fail("expected a non-empty list")
        said = value.seq() if value.is_seq else [value]
        for where in said:
            check_placeholders(where, where.text(), declared[key])
        found[key] = tuple(where.text() for where in said)
    _all_present(node, declared, found)
    return found


def _known(key: str, value: Node, required: Collection[str]) -> None:
    """A key the code does not know fails: a misspelt key would otherwise go silently unused."""
    if key not in required:
        raise value.fail(f"unknown key {key!r}: the code never uses it")


def _all_present(node: Node, required: Collection[str], found: Mapping[str, object]) -> None:
    missing = sorted(set(required) - found.keys())
    if missing:
        raise node.fail(
            f"missing key {missing[0]!r}"
            + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
        )


def placeholders(node: Node, text: str) -> list[str]:
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise node.fail(f"a {{placeholder}} is malformed: {exc}") from exc
    for name in names:
        if not name.isidentifier():
            raise node.fail(f"placeholder {{{name}}} must be a plain name")
    return names


def check_placeholders(node: Node, text: str, allowed: frozenset[str] | None = None) -> None:
    """Placeholders are plain names; with `allowed`, only those the code fills in."""
    for name in placeholders(node, text):
        if allowed is not None and name not in allowed:
            given = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
            raise node.fail(f"placeholder {{{name}}} is not filled in here (given: {given})")
