"""The numbers a guided session runs with, declared once as data.

Each setting is a field of `ProtocolSettings` whose metadata carries its unit, what it
does and where the default comes from; `describe()` turns that into rows for the CLI,
a settings page and the test that fails when a setting is undocumented. Every hold
stores the settings it ran with, so a later change of defaults never rewrites history.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


def _setting(default: float | int, unit: str, help: str, source: str) -> Any:
    # Runs only while the class body is built at import, before mutmut can switch a
    # mutant on, so its mutants could never be killed; tests/protocol check the result.
    metadata = {"unit": unit, "help": help, "source": source}  # pragma: no mutate
    return field(default=default, metadata=metadata)  # pragma: no mutate


HOU_2002 = "Hou CR et al., Arch Phys Med Rehabil 2002;83:1406"
GEMMELL_2008 = "Gemmell H et al., Clin Chiropr 2008;11:30"
LEHRER_2014 = "Lehrer PM, Gevirtz R, Front Psychol 2014;5:756"
BANDY_1997 = "Bandy WD et al., Phys Ther 1997;77:1090"
HOUSE = "house default; no trial fixes it, adjust to the client"
DOMAIN = 'docs/domain.md, "Guided session protocol"'


@dataclass(frozen=True, slots=True)
class ProtocolSettings:
    """How one guided session holds, releases, rests and paces breathing."""

    target_low: int = _setting(4, "/10", "lowest discomfort to press to", DOMAIN + "; " + HOU_2002)
    target_high: int = _setting(
        7, "/10", "highest discomfort to press to", DOMAIN + "; " + HOU_2002
    )
    ease_off_at: int = _setting(8, "/10", "intensity at which the screen says ease off", DOMAIN)
    hold_seconds: float = _setting(
        60.0,
        "s",
        "planned hold; the countdown on the screen",
        HOU_2002 + " (60-90 s at moderate pressure); " + GEMMELL_2008 + " (1 minute)",
    )
    cap_seconds: float = _setting(
        90.0,
        "s",
        "longest hold; the engine releases here",
        HOU_2002 + " (threshold pressure needs 90 s; 30 s was inferior)",
    )
    release_fraction: float = _setting(
        0.5,
        "of start",
        "release once the client's intensity falls to this share of its start",
        GEMMELL_2008 + " (release when tenderness fades)",
    )
    release_low: int = _setting(
        2,
        "/10",
        "release once the client's intensity falls to this or less",
        GEMMELL_2008 + " (release when no tenderness remains)",
    )
    cycles: int = _setting(3, "cycles", "press-hold-release-rest cycles per trigger point", DOMAIN)
    rest_seconds: float = _setting(30.0, "s", "pause between cycles", HOUSE)
    stretch_seconds: float = _setting(
        30.0,
        "s",
        "static stretch after the last cycle",
        BANDY_1997 + " (30 s as effective as 60 s)",
    )
    breaths_per_minute: float = _setting(
        6.0, "breaths/min", "breathing pacer rate", LEHRER_2014 + " (slow paced breathing)"
    )
    exhale_share: float = _setting(
        0.6,
        "of a breath",
        "share of each breath spent breathing out, when pressure builds",
        HOUSE + "; a longer exhale gives the pressure more time",
    )

    def __post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise ValueError("invalid protocol settings: " + "; ".join(problems))

    def _problems(self) -> list[str]:
        checks = [
            (0 <= self.target_low <= self.target_high <= 10, "need 0 <= target_low <= target_high"),
            (self.target_high < self.ease_off_at <= 10, "need target_high < ease_off_at <= 10"),
            (0 < self.hold_seconds <= self.cap_seconds, "need 0 < hold_seconds <= cap_seconds"),
            (self.cap_seconds <= 300, "cap_seconds above 300 s is not a pressure release"),
            (0 < self.release_fraction < 1, "release_fraction must lie strictly between 0 and 1"),
            (0 <= self.release_low < self.target_low, "need 0 <= release_low < target_low"),
            (1 <= self.cycles <= 5, "cycles must be 1-5"),
            (self.rest_seconds >= 0 and self.stretch_seconds >= 0, "durations must be >= 0"),
            (2 <= self.breaths_per_minute <= 20, "breaths_per_minute must be 2-20"),
            (0 < self.exhale_share < 1, "exhale_share must lie strictly between 0 and 1"),
        ]  # fmt: skip
        return [message for ok, message in checks if not ok]

    def to_dict(self) -> dict[str, float | int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProtocolSettings:
        """Build settings from stored values; unknown names are an error, missing ones default."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown protocol setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for name, value in data.items():
            kind = int if isinstance(known[name].default, int) else float
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"protocol setting {name} must be a number, got {value!r}")
            if kind is int and value != int(value):
                raise ValueError(f"protocol setting {name} must be a whole number, got {value!r}")
            values[name] = kind(value)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class SettingInfo:
    name: str
    default: float | int
    unit: str
    help: str
    source: str


def describe() -> list[SettingInfo]:
    """Every protocol setting with its default, unit, meaning and source, in order."""
    return [
        SettingInfo(
            f.name,
            getattr(DEFAULT_SETTINGS, f.name),
            f.metadata["unit"],
            f.metadata["help"],
            f.metadata["source"],
        )
        for f in fields(ProtocolSettings)
    ]


DEFAULT_SETTINGS = ProtocolSettings()
