"""Reading a form definition's YAML: values of the expected shape, or problems at their lines."""

from __future__ import annotations

from typing import Any

from ..problems import Problem, problem
from ..tables import shape_name
from ..yamlfiles import YamlDocument


class DefinitionReader:
    """Reads one definition document, collecting problems with their lines."""

    def __init__(self, document: YamlDocument, subject: str):
        self.doc = document
        self.subject = subject
        self.problems: list[Problem] = []

    def line(self, path: tuple) -> int:
        while path and self.doc.line(path) is None:
            path = path[:-1]
        return self.doc.line(path) or 1

    def keys(self, path: tuple, allowed: tuple[str, ...], subject: str) -> dict:
        value = self.doc.get(path) if path else self.doc.data
        if not isinstance(value, dict):
            self.problems.append(problem("yaml-shape", self.doc.rel, self.line(path), subject=subject,
                                         expected="键值表", found=shape_name(value)))
            return {}
        for key in value:
            if key not in allowed:
                self.problems.append(problem("unknown-field", self.doc.rel, self.line(path + (key,)), subject=subject,
                                             found=key, expected="、".join(allowed)))
        return value

    def text(self, mapping: dict, path: tuple, key: str, required: bool = False, hint: str = "") -> str:
        value = mapping.get(key)
        if value is None:
            if required:
                self.problems.append(problem("form-key-missing", self.doc.rel, self.line(path), subject=self.subject,
                                             found=key, hint=hint or f"请写上 {key}:"))
            return ""
        if not isinstance(value, str):
            self.problems.append(problem("yaml-shape", self.doc.rel, self.line(path + (key,)),
                                         subject=f"{self.subject}的 {key}", expected="一段文字",
                                         found=shape_name(value)))
            return ""
        return value

    def texts(self, mapping: dict, path: tuple, key: str) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problems.append(problem("yaml-shape", self.doc.rel, self.line(path + (key,)),
                                         subject=f"{self.subject}的 {key}", expected="列表（每项一段文字）",
                                         found=shape_name(value)))
            return ()
        return tuple(value)

    def names(self, mapping: dict, path: tuple, key: str, allowed: dict[str, str]) -> tuple[str, ...]:
        """A list of names, each one of `allowed` (name -> what it is); the others are problems, and left out."""
        names = self.texts(mapping, path, key)
        for i, name in enumerate(names):
            if name not in allowed:
                self.bad_value(path + (key, i), key, name, "、".join(f"{k}（{v}）" for k, v in allowed.items()))
        return tuple(name for name in names if name in allowed)

    def bad_value(self, path: tuple, key: str, found: Any, expected: str) -> None:
        self.problems.append(problem("form-value", self.doc.rel, self.line(path), subject=self.subject, field=key,
                                     found=found, expected=expected))

    def number(self, mapping: dict, path: tuple, key: str, default: int) -> int:
        value = mapping.get(key)
        if value is None:
            return default
        if not (isinstance(value, str) and value.isdigit() and 0 < int(value) <= 200):
            self.bad_value(path + (key,), key, value, " 1 到 200 之间的整数")
            return default
        return int(value)
