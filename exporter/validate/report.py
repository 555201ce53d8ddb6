"""Validation messages and the per-file report."""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
INCONSISTENCY = "inconsistency"


@dataclass(slots=True)
class Message:
    level: str  # "error" | "warning" | "inconsistency"
    code: str  # e.g. "xbrl.4.6.1:itemContextRef"
    message: str  # one sentence a person can act on
    line: int | None
    file: str

    def to_text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.level} {self.code} {self.message}"


@dataclass
class Report:
    file: str
    messages: list[Message] = field(default_factory=list)
    # True when the file could not be read at all (missing, directory, unreadable): exit code 2.
    unreadable: bool = False

    def add(self, level: str, code: str, message: str, line: int | None = None,
            file: str | None = None) -> None:
        self.messages.append(Message(level, code, message, line, file or self.file))

    def error(self, code: str, message: str, line: int | None = None, file: str | None = None) -> None:
        self.add(ERROR, code, message, line, file)

    def warning(self, code: str, message: str, line: int | None = None, file: str | None = None) -> None:
        self.add(WARNING, code, message, line, file)

    def inconsistency(self, code: str, message: str, line: int | None = None,
                      file: str | None = None) -> None:
        self.add(INCONSISTENCY, code, message, line, file)

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.level == ERROR]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.level == WARNING]

    @property
    def inconsistencies(self) -> list[Message]:
        return [m for m in self.messages if m.level == INCONSISTENCY]

    @property
    def valid(self) -> bool:
        return not any(m.level in (ERROR, INCONSISTENCY) for m in self.messages)

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.messages if m.level in (ERROR, INCONSISTENCY)]

    def to_json(self) -> dict:
        def entries(level: str) -> list[dict]:
            out = []
            for m in self.messages:
                if m.level == level:
                    entry = {"code": m.code, "message": m.message, "line": m.line}
                    if m.file != self.file:
                        entry["file"] = m.file
                    out.append(entry)
            return out

        return {"file": self.file, "valid": self.valid, "errors": entries(ERROR),
                "warnings": entries(WARNING), "inconsistencies": entries(INCONSISTENCY)}
