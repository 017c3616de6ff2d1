"""How long each command takes on the largest seasons a file may describe, against --time-limit.

    python -m benchmarks.limit_shapes [--time-limit 5] [--only NAME]

The README's "Limits of a season file" promise that `--time-limit` bounds the whole command.
Each shape below sits at (or just under) a limit of models/season.py or io/calendar_limits.py:
8,000,000 lift times with one lift a day, 1,200,000 with several, 20,000 busy events. Each
command runs as a user runs it (a subprocess); the table gives its wall time, its wall time
less the start-up of `liftplan --version` measured in this run, that as a ratio to the time
limit, and the peak memory of the command. No figure is asserted: the machines are shared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2026, 3, 2)
RUNS = {
    "mon": {"kind": "easy", "start": "06:30", "minutes": 40},
    "tue": {"kind": "track", "start": "06:30", "minutes": 60},
    "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
    "sat": {"kind": "long", "start": "07:00", "minutes": 120},
}


def season(
    weeks: int,
    window: str,
    minutes: Any,
    lifts_a_day: int = 1,
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
) -> dict[str, Any]:
    """A season on a 1-minute grid: ``window`` on each of ``days``, lifts of ``minutes``."""
    return {
        "timezone": "America/New_York",
        "season": {"start": START.isoformat(), "weeks": weeks},
        "availability": {"weekly": {day: [window] for day in days}},
        "runs": {"weekly": RUNS},
        "lifting": {
            "per_week": {"min": 2, "max": 3},
            "granularity_minutes": 1,
            "minutes": minutes,
        },
        "rules": {"max_lifts_per_day": lifts_a_day},
    }


def busy_calendar(folder: Path, weeks: int, every_hours: int) -> dict[str, Any]:
    """A season whose availability comes from a calendar with one event every
    ``every_hours`` hours through the season (just under 20,000 occurrences)."""
    ics = folder / f"busy-{weeks}w.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\n"
        "UID:busy\r\nDTSTART:20260302T050000Z\r\nDTEND:20260302T053000Z\r\n"
        f"RRULE:FREQ=HOURLY;INTERVAL={every_hours}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    data = season(weeks, "06:00-21:00", 30)  # a 30 min lift fits each free half hour
    data["availability"] = {"from_ics": ics.name}
    data["lifting"]["granularity_minutes"] = 15
    return data


# name -> the season's data (given the folder for side files)
SHAPES: dict[str, Callable[[Path], dict[str, Any]]] = {
    # one lift a day: MAX_LIFT_SLOTS (8,000,000)
    "1/day 4w weekdays 5-240min": lambda _: season(
        4, "00:00-24:00", {"min": 5, "max": 240}, days=("mon", "tue", "wed", "thu", "fri")
    ),
    "1/day 52w all-day 5-19min": lambda _: season(52, "00:00-24:00", {"min": 5, "max": 19}),
    "1/day 208w all-day 5-7min": lambda _: season(208, "00:00-24:00", {"min": 5, "max": 7}),
    # several lifts a day: MAX_LIFT_SLOTS_SEVERAL_A_DAY (1,200,000)
    "2/day 4w all-day 5-33min": lambda _: season(4, "00:00-24:00", {"min": 5, "max": 33}, 2),
    "2/day 52w all-day 5-6min": lambda _: season(52, "00:00-24:00", {"min": 5, "max": 6}, 2),
    "2/day 208w 12h 45min": lambda _: season(208, "06:00-18:00", 45, 2),
    # a busy calendar at MAX_BUSY_EVENTS (20,000)
    "calendar 113w 19,000 events": lambda folder: busy_calendar(folder, 113, 1),
    "calendar 208w 17,500 events": lambda folder: busy_calendar(folder, 208, 2),
}
COMMANDS = ("solve", "explain")


SRC = ROOT / "src"  # --src: another checkout's, for a baseline in the same sitting


def run(args: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, exit code and peak memory (MB) of ``liftplan ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "liftplan", *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 3, 4):
            errors.seek(0)
            text = errors.read().decode("utf-8", "replace").strip()
            print(f"  {' '.join(args[:2])}: exit {code}: {text[:300]}")
    return seconds, code, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--only", help="run the shapes whose name contains this")
    parser.add_argument("--src", type=Path, help="run liftplan from this src folder instead")
    options = parser.parse_args()
    if options.src is not None:
        global SRC
        SRC = options.src.resolve()
    limit = options.time_limit
    with tempfile.TemporaryDirectory(prefix="liftplan-limits-") as name:
        folder = Path(name)
        startup = min(run(["--version"], folder)[0] for _ in range(3))
        print(f"start-up (liftplan --version, best of 3): {startup:.2f} s; --time-limit {limit:g}")
        print(
            f"{'shape':32} {'command':8} {'exit':>4} {'wall s':>7} {'-start s':>8} "
            f"{'/limit':>6} {'peak MB':>7}"
        )
        for shape, make in SHAPES.items():
            if options.only and options.only not in shape:
                continue
            path = folder / "season.yaml"
            path.write_text(yaml.safe_dump(make(folder), sort_keys=False), encoding="utf-8")
            for command in COMMANDS:
                extra = ["-o", str(folder / "plan.json")] if command == "solve" else []
                seconds, code, peak = run(
                    [command, str(path), "--time-limit", f"{limit:g}", *extra], folder
                )
                net = seconds - startup
                print(
                    f"{shape:32} {command:8} {code:>4} {seconds:7.2f} {net:8.2f} "
                    f"{net / limit:6.2f} {peak:7.0f}"
                )


if __name__ == "__main__":
    main()
