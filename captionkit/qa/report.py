"""The one report model of :mod:`captionkit.qa`: every check records :class:`Violation` s.

- :class:`Violation`: one failure of one rule or invariant (rule, cue, value, limit,
  message, file line). The lint, the API invariants and the item invariants all record
  them.
- :class:`RuleResult` and :class:`LintReport`: a lint's result, per rule how many items
  were checked and failed, and every violation (``captionkit lint``'s text and JSON).
- :class:`InvariantReport`: which invariants held (or were skipped), and every violation;
  :class:`captionkit.qa.invariants.Report` (captions) and
  :class:`captionkit.qa.items.ItemReport` (``/sentences``, ``/paragraphs``) are it with
  their invariants' names.

A violation's severity is the lint rule's (:data:`captionkit.qa.rules.RULES`); invariants
have no soft variant, so a name that is not a lint rule is an ``error``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from captionkit.profiles import Profile

ERROR = "error"
WARNING = "warning"


#: lint rule -> (severity, what it checks); the checks themselves are in captionkit.qa.rules
RULES: dict[str, tuple[str, str]] = {
    "format": (ERROR, "file structure: blocks, timing lines, numbering, markup, line ends"),
    "text": (ERROR, "no empty cue, no blank line, no leading/trailing/double spaces"),
    "timing": (ERROR, "every cue ends after it starts; cues sorted by start"),
    "overlap": (ERROR, "no cue starts before the previous one ends"),
    "max_chars_per_line": (ERROR, "characters per line"),
    "max_lines": (ERROR, "lines per cue"),
    "wide_word": (WARNING, "a line over the width that is a single word (no break can fix it)"),
    "min_duration": (WARNING, "shortest cue"),
    "max_duration": (ERROR, "longest cue"),
    "min_gap": (ERROR, "gap between consecutive cues"),
    "gap_chaining": (ERROR, "short gaps closed to exactly the minimum gap"),
    "reading_speed_cps": (WARNING, "characters per second"),
    "reading_speed_wpm": (WARNING, "words per minute"),
    "one_line_if_fits": (WARNING, "two lines only when the text does not fit on one"),
    "line_breaks": (WARNING, "no line break after a function word, inside a name, or number+unit"),
    "cue_breaks": (WARNING, "no cue break after a function word, inside a name, or number+unit"),
    "completeness": (ERROR, "every transcript word shown once, in order"),
    "sync": (ERROR, "cues timed to their words"),
}


def _rule_info(rule: str) -> tuple[str, str]:
    """(severity, description) of a lint rule; (``error``, "") for an invariant."""
    return RULES.get(rule, (ERROR, ""))


@dataclass(frozen=True)
class Violation:
    """One failure: ``cue`` is the 1-based cue (or item) number (None for the whole file)."""

    rule: str
    cue: int | None
    value: float | str | None
    limit: float | str | None
    message: str
    #: the file's line (1-based) where the problem is, when the check knows it
    line: int | None = None

    @property
    def severity(self) -> str:
        return _rule_info(self.rule)[0]

    def to_dict(self) -> dict[str, object]:
        return {
            "cue": self.cue,
            "line": self.line,
            "rule": self.rule,
            "severity": self.severity,
            "value": self.value,
            "limit": self.limit,
            "message": self.message,
        }


# -- lint -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """How one rule went: ``checked`` items (lines, cues or gaps), ``failed`` of them."""

    rule: str
    checked: int
    failed: int
    unit: str
    limit: str

    @property
    def severity(self) -> str:
        return _rule_info(self.rule)[0]

    @property
    def conformity(self) -> float:
        """Percentage of checked items that conform (100 when nothing was checked)."""
        return 100.0 * (self.checked - self.failed) / self.checked if self.checked else 100.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "description": _rule_info(self.rule)[1],
            "limit": self.limit,
            "unit": self.unit,
            "checked": self.checked,
            "failed": self.failed,
            "conformity": round(self.conformity, 2),
        }


@dataclass
class LintReport:
    """The result of checking one caption file (or list of cues) against a profile."""

    profile: Profile
    cues: int
    source: str = "<cues>"
    fmt: str | None = None
    rules: list[RuleResult] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    #: warnings fail the file too (``captionkit lint --strict``)
    strict: bool = False
    #: why the file could not be checked at all (then there are no cues), else None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when no hard rule (severity ``error``) failed, nor, when :attr:`strict`, a
        soft one."""
        return not self.failed_rules and not (self.strict and self.warned_rules)

    @property
    def failed_rules(self) -> list[str]:
        """The hard rules that failed."""
        return [r.rule for r in self.rules if r.severity == ERROR and r.failed]

    @property
    def warned_rules(self) -> list[str]:
        """The soft rules that failed."""
        return [r.rule for r in self.rules if r.severity == WARNING and r.failed]

    def rule(self, name: str) -> RuleResult | None:
        return next((r for r in self.rules if r.rule == name), None)

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "format": self.fmt,
            "profile": self.profile.name,
            "profile_summary": self.profile.summary(),
            "cues": self.cues,
            "ok": self.ok,
            "strict": self.strict,
            "error": self.error,
            "failed_rules": self.failed_rules,
            "warned_rules": self.warned_rules,
            "rules": [r.to_dict() for r in self.rules],
            "violations": [v.to_dict() for v in self.violations],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def to_text(self) -> str:
        out = [
            f"{self.source}: {self.cues} cues ({self.fmt or 'cues'}), profile {self.profile.summary()}",
            "",
            f"{'rule':<20} {'severity':<8} {'conformity':>10} {'failed':>7} {'checked':>8} {'of':<7} limit",
        ]
        for r in self.rules:
            out.append(
                f"{r.rule:<20} {r.severity:<8} {r.conformity:>9.2f}% {r.failed:>7} {r.checked:>8} {r.unit:<7} {r.limit}"
            )
        if self.violations:
            out += ["", "violations:"]
            for v in self.violations:
                where = f"cue {v.cue}" if v.cue is not None else "file"
                out.append(f"{where:>9}  {v.rule:<18} {v.severity:<7}  {v.message}")
        if self.ok:
            verdict = "PASS"
        elif self.failed_rules:
            verdict = f"FAIL: {', '.join(self.failed_rules)}"
        else:
            verdict = "FAIL (--strict)"
        if self.warned_rules:
            verdict += f" (warnings: {', '.join(self.warned_rules)})"
        out += ["", verdict]
        return "\n".join(out) + "\n"


# -- invariants -----------------------------------------------------------------------------------


@dataclass
class InvariantReport:
    """Violations of invariants (``names``, in the order they are reported); an invariant
    that could not be checked is in ``skipped``, with why."""

    names: tuple[str, ...]
    found: list[Violation] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.found

    @property
    def violations(self) -> dict[str, list[str]]:
        """Each invariant's violation messages, in the order found."""
        out: dict[str, list[str]] = {name: [] for name in self.names}
        for v in self.found:
            out[v.rule].append(v.message)
        return out

    def messages(self, name: str) -> list[str]:
        return [v.message for v in self.found if v.rule == name]

    def held(self, name: str) -> bool | None:
        """True/False for a checked invariant, None when it was skipped."""
        return None if name in self.skipped else not any(v.rule == name for v in self.found)

    def add(self, name: str, message: str, cue: int | None = None) -> None:
        if name not in self.names:
            raise KeyError(name)
        self.found.append(Violation(name, cue, None, None, message))

    def __str__(self) -> str:
        rows = []
        for name in self.names:
            messages = self.messages(name)
            if name in self.skipped:
                rows.append(f"{name}: skipped ({self.skipped[name]})")
            elif messages:
                shown = "; ".join(messages[:3])
                more = len(messages) - 3
                rows.append(f"{name}: FAILED {shown}" + (f" (+{more} more)" if more > 0 else ""))
            else:
                rows.append(f"{name}: ok")
        return "\n".join(rows)
