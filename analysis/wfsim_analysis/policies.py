"""The scenario's ``policies:`` list, read from the scenario text a run file carries
(an event's ``source`` is an index into it)."""

from __future__ import annotations

import re
from dataclasses import dataclass


KEYS = ("type", "id", "function")


@dataclass(frozen=True)
class Policy:
    """One entry of the scenario's ``policies:`` list."""

    index: int
    type: str
    id: str = ""
    function: str = ""  # the function it acts on, where it names one

    @property
    def label(self) -> str:
        """The policy's id; else its type, with its function when it names one."""
        if self.id:
            return self.id
        return f"{self.type} ({self.function})" if self.function else self.type


def _policy(index: int, fields: dict) -> Policy:
    return Policy(index, str(fields.get("type") or "policy"), str(fields.get("id") or ""),
                  str(fields.get("function") or ""))


def parse_policies(scenario_yaml: str) -> list[Policy]:
    """The scenario's policies in list order (index = event ``source``).

    Uses PyYAML when it is installed; otherwise a small line parser that
    understands the block and flow styles of the scenario files.
    """
    if not scenario_yaml:
        return []
    try:
        import yaml  # type: ignore

        doc = yaml.safe_load(scenario_yaml)
        items = (doc.get("policies") or []) if isinstance(doc, dict) else []
        return [_policy(i, {k: p.get(k) for k in KEYS if not isinstance(p.get(k), (list, dict))})
                for i, p in enumerate(items) if isinstance(p, dict)]
    except ImportError:
        pass
    except Exception:  # a scenario text PyYAML rejects: try the line parser
        pass
    out: list[Policy] = []
    inside = False
    item_indent = None
    current: dict[str, str] | None = None
    key = re.compile(r"(?:^|[{,]\s*)(type|id|function)\s*:\s*['\"]?([\w.-]+)")
    for raw in scenario_yaml.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        if indent == 0:
            inside = line.startswith("policies:")
            continue
        if not inside:
            continue
        stripped = line.strip()
        if stripped.startswith("- ") and (item_indent is None or indent == item_indent):
            item_indent = indent
            if current is not None:
                out.append(_policy(len(out), current))
            current = {}
            stripped = stripped[2:].strip()
            indent += 2
        if current is not None and indent == (item_indent or 0) + 2:
            for name, value in key.findall(stripped):
                current.setdefault(name, value)
    if current is not None:
        out.append(_policy(len(out), current))
    return out
