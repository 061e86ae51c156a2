"""How far an objective has come (from its KPI and from the action items that serve it)
and whether it is on track: plain figures in, no store.

Progress
- KPI progress: where `current` sits on the way from `baseline` to `target`, in percent,
  clamped to 0-100. It works for falling targets too (baseline 12 days, target 8, current
  10 is 50%). Unknown when baseline, target or current is missing or the target equals
  the baseline.
- Action progress: the linked live action items that are done, out of those not cancelled;
  unknown when there are none.
- Progress: the KPI counts twice as much as the actions, because the result matters more
  than the work towards it: (2 × KPI + actions) / 3. When only one is known it is that
  one; when neither is, progress is unknown.

Track (the first rule that applies). The measure is the KPI progress, or the action
progress when the objective has no KPI figures. Time gone is the share of the days from
the day the objective was set (created) to its due date that have passed; an objective
without a due date gets no time check.
- reached: the KPI is at or past its target (or, without KPI figures, every linked action
  is done).
- unknown: there is no measure (no KPI figures and no actions).
- off track: the due date has passed; or the KPI went the wrong way (current is worse than
  the baseline); or the measure lags the time gone by more than 25 points.
- at risk: the measure lags the time gone by more than 10 points; or a linked action is
  overdue.
- on track: otherwise.
"""

from datetime import date
from enum import StrEnum

OFF_TRACK_LAG = 25  # points the measure may lag the time gone before it is off track
AT_RISK_LAG = 10  # ... and before it is at risk
KPI_WEIGHT = 2  # the KPI counts twice as much as the actions in the progress figure


class Track(StrEnum):
    reached = "reached"
    on_track = "on_track"
    at_risk = "at_risk"
    off_track = "off_track"
    unknown = "unknown"


def kpi_share(baseline: float | None, target: float | None,
              current: float | None) -> float | None:
    """Where current sits from baseline (0) to target (100), unclamped; None if unknown."""
    if baseline is None or target is None or current is None or target == baseline:
        return None
    return (current - baseline) / (target - baseline) * 100


def clamp(value: float | None) -> float | None:
    return None if value is None else max(0.0, min(100.0, value))


def action_progress(done: int, counted: int) -> float | None:
    return None if counted == 0 else done / counted * 100


def combined_progress(kpi: float | None, actions: float | None) -> float | None:
    if kpi is None or actions is None:
        return kpi if actions is None else actions
    return (KPI_WEIGHT * kpi + actions) / (KPI_WEIGHT + 1)


def time_gone(start: date, due: date | None, today: date) -> float | None:
    """The share of the days from start to due that have passed, 0-100; None without a
    due date."""
    if due is None:
        return None
    if due <= start:
        return 100.0 if today >= due else 0.0
    return clamp((today - start).days / (due - start).days * 100)


def track(kpi_raw: float | None, actions: float | None, *, due: date | None,
          gone: float | None, today: date, overdue_actions: int = 0) -> tuple[Track, str]:
    """The objective's track and why, by the rules in the module docstring."""
    if kpi_raw is not None and kpi_raw >= 100:
        return Track.reached, "the KPI has reached its target"
    if kpi_raw is None and actions is not None and actions >= 100:
        return Track.reached, "every linked action is done"
    measure = clamp(kpi_raw) if kpi_raw is not None else actions
    what = "KPI" if kpi_raw is not None else "action"
    if measure is None:
        return Track.unknown, "no KPI figures and no linked actions to measure it by"
    if due is not None and due < today:
        return Track.off_track, f"due {due.isoformat()} passed without reaching the target"
    if kpi_raw is not None and kpi_raw < 0:
        return Track.off_track, "the KPI went the wrong way (worse than its baseline)"
    lag = (gone - measure) if gone is not None else 0.0
    said = f"{what} progress {measure:.0f}% with {gone or 0:.0f}% of the time gone"
    if lag > OFF_TRACK_LAG:
        return Track.off_track, said
    if lag > AT_RISK_LAG:
        return Track.at_risk, said
    if overdue_actions:
        return Track.at_risk, (f"{overdue_actions} linked action"
                               f"{' is' if overdue_actions == 1 else 's are'} overdue")
    return Track.on_track, said if gone is not None else f"{what} progress {measure:.0f}%"


__all__ = ["AT_RISK_LAG", "KPI_WEIGHT", "OFF_TRACK_LAG", "Track", "action_progress", "clamp",
           "combined_progress", "kpi_share", "time_gone", "track"]
