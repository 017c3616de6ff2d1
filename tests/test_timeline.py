"""Local time -> absolute time, across daylight-saving changes (SPEC section 1)."""

from __future__ import annotations

import datetime as dt
import random

from benchmarks.instances import generate_season
from ortools.sat.python import cp_model

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.models import Season, Status
from liftplan.solver.infeasibility import AVAILABILITY, DiagnosisModel, day_classes
from liftplan.timeline import Timeline, build_timeline

NEW_YORK = "America/New_York"  # springs forward 2026-03-08 02:00, falls back 2026-11-01 02:00
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def one_day_season(date: str, window: str, minutes: int) -> dict[str, object]:
    return {
        "timezone": NEW_YORK,
        "season": {"start": date, "weeks": 1},
        "availability": {"weekly": {}, "dates": {date: [window]}},  # free on that day only
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 1, "max": 1}, "minutes": minutes},
    }


def test_days_and_weeks_follow_the_local_calendar() -> None:
    timeline = build_timeline(
        make_season(timezone=NEW_YORK, season={"start": "2026-03-04", "weeks": 2})
    )
    assert [day.date for day in timeline.days[:2]] == [dt.date(2026, 3, 4), dt.date(2026, 3, 5)]
    assert timeline.days[4].weekday == "sun" and timeline.days[7].week == 2
    # Local midnights are 23 h apart across the spring-forward night.
    midnights = [day.midnight for day in timeline.days]
    assert midnights[5] - midnights[4] == 23 * 60  # Sun 8 Mar -> Mon 9 Mar
    assert midnights[4] - midnights[3] == 24 * 60


def test_a_window_in_the_spring_forward_gap_is_clipped_to_times_that_exist() -> None:
    season = make_season(**one_day_season("2026-03-08", "01:00-02:30", 45))
    ((start, end),) = build_timeline(season).days[0].windows
    assert end - start == 60  # 01:00-02:00 EST exists; 02:00-02:30 does not
    plan = solve_checked(season)
    assert plan.lifts[0].start == dt.datetime(
        2026, 3, 8, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))
    )
    assert (
        solve_checked(make_season(**one_day_season("2026-03-08", "01:00-02:30", 75))).status
        is Status.INFEASIBLE
    )


def test_a_fall_back_window_is_longer_than_its_wall_clock_span() -> None:
    # 00:30-03:00 on the fall-back night lasts 3 h 30 min, because 01:00-02:00 happens twice.
    plan = solve_checked(make_season(**one_day_season("2026-11-01", "00:30-03:00", 210)))
    assert plan.status is Status.OPTIMAL
    (lift,) = plan.lifts
    assert lift.minutes == 210
    assert lift.start.isoformat() == "2026-11-01T00:30:00-04:00"
    assert lift.end.isoformat() == "2026-11-01T03:00:00-05:00"


def test_grid_skips_local_times_that_do_not_exist() -> None:
    season = make_season(**one_day_season("2026-03-08", "00:00-05:00", 45))
    timeline = build_timeline(season)
    starts = timeline.grid_starts(timeline.days[0], 15)
    local = [timeline.to_local(s).strftime("%H:%M") for s in starts]
    assert "01:45" in local and "03:00" in local
    assert not any(t.startswith("02:") for t in local)
    assert len(local) == 96 - 4


def test_a_run_at_a_missing_time_is_placed_like_zoneinfo_fold_0() -> None:
    season = make_season(
        timezone=NEW_YORK,
        season={"start": "2026-03-08", "end": "2026-03-08"},
        runs={"weekly": {"sun": {"kind": "easy", "start": "02:30", "minutes": 30}}},
        lifting={"per_week": {"min": 0, "max": 1}},
    )
    (run,) = build_timeline(season).runs
    local = build_timeline(season).to_local(run.start)
    assert local.isoformat() == "2026-03-08T03:30:00-04:00"


def test_recovery_is_elapsed_time_across_the_spring_forward_night() -> None:
    """Wall-clock arithmetic would allow a lift ending at 19:00 Saturday; elapsed time does not.

    Sunday's 19:00 EDT tempo is 23 elapsed hours after Saturday 19:00 EST. With 24 h of
    recovery the lift must end by 18:00 EST, although the easy run's 3 h gap pulls it later.
    """
    season = make_season(
        timezone=NEW_YORK,
        season={"start": "2026-03-02", "weeks": 1},
        availability={"weekly": {"sat": ["16:00-20:00"]}},
        runs={
            "weekly": {
                "sat": {"kind": "easy", "start": "15:00", "minutes": 30},
                "sun": {"kind": "tempo", "start": "19:00", "minutes": 45},
            }
        },
        lifting={"per_week": {"min": 1, "max": 1}, "minutes": 45},
        rules={"no_lift_day_before_hard": False, "recovery_hours": 24},
    )
    plan = solve_checked(season)
    (lift,) = plan.lifts
    assert lift.end.isoformat() == "2026-03-07T18:00:00-05:00"
    assert plan.score["short_gap_minute"] == 75  # starts 1 h 45 min after the run, not 3 h
    assert any("24 h before Sunday's tempo" in reason for reason in lift.reasons)


def two_clock_changes() -> Timeline:
    """New York from Saturday 7 March to Monday 2 November 2026: both changes inside."""
    return build_timeline(
        make_season(timezone=NEW_YORK, season={"start": "2026-03-07", "end": "2026-11-02"})
    )


def utc(*fields: int) -> dt.datetime:
    return dt.datetime(*fields, tzinfo=dt.UTC)


def test_instants_are_elapsed_minutes_whatever_the_offset_they_are_written_with() -> None:
    timeline = two_clock_changes()
    assert timeline.instant(utc(2026, 3, 7, 5)) == 0  # Sat 00:00 EST, the epoch
    eastern = dt.timezone(dt.timedelta(hours=-4))
    assert timeline.instant(dt.datetime(2026, 3, 9, 0, 30, tzinfo=eastern)) == 47 * 60 + 30
    assert timeline.instant(timeline.to_local(12345)) == 12345


def test_a_local_day_starts_at_its_first_local_time() -> None:
    timeline = two_clock_changes()
    spring, fall = dt.date(2026, 3, 8), dt.date(2026, 11, 1)
    # Sunday 8 March lasts 23 elapsed hours, Sunday 1 November 25.
    assert timeline.start_of(spring + dt.timedelta(days=1)) - timeline.start_of(spring) == 23 * 60
    assert timeline.start_of(fall + dt.timedelta(days=1)) - timeline.start_of(fall) == 25 * 60
    assert timeline.start_of(spring) == timeline.instant(utc(2026, 3, 8, 5))
    # A date outside the season still has its local midnight.
    after = dt.date(2026, 11, 3)
    assert timeline.day_index(after) == len(timeline.days)
    assert timeline.start_of(after) == timeline.instant(utc(2026, 11, 3, 5))
    assert timeline.day_index(dt.date(2026, 3, 6)) == -1


def test_an_instant_falls_on_its_local_date_and_shows_its_wall_clock_time() -> None:
    timeline = two_clock_changes()
    # 04:30 UTC on Monday 9 March is still Sunday evening in EST, but it is EDT by then.
    monday_0030 = timeline.instant(utc(2026, 3, 9, 4, 30))
    assert timeline.day_of(monday_0030) == timeline.day_index(dt.date(2026, 3, 9))
    assert timeline.minute_of_day(monday_0030) == 30
    # 06:00 EDT on the spring-forward Sunday: 5 elapsed hours after midnight, 6 on the clock.
    six = timeline.instant(utc(2026, 3, 8, 10))
    assert six - timeline.start_of(dt.date(2026, 3, 8)) == 5 * 60
    assert timeline.minute_of_day(six) == 6 * 60
    # 23:30 EST on the fall-back Sunday is 24 h 30 after its midnight, and still Sunday.
    late = timeline.instant(utc(2026, 11, 2, 4, 30))
    assert late - timeline.start_of(dt.date(2026, 11, 1)) == 24 * 60 + 30
    assert timeline.day_of(late) == timeline.day_index(dt.date(2026, 11, 1))
    assert timeline.minute_of_day(late) == 23 * 60 + 30


def test_the_diagnosis_suggests_hours_of_the_wall_clock_on_a_clock_change_day() -> None:
    """Extra availability is suggested between 06:00 and 21:00 as the clock shows them."""
    season = make_season(
        timezone=NEW_YORK,
        season={"start": "2026-03-08", "weeks": 1},
        availability={"weekly": {}},  # never free: the week's one lift needs a window
        runs={"weekly": {}},
        lifting={"per_week": {"min": 1, "max": 1}, "minutes": 45},
    )
    timeline = build_timeline(season)
    diagnosis = DiagnosisModel(cp_model.CpModel(), {})
    day_classes(timeline, season.rules, diagnosis)
    (suggested,) = [slot for slot, rules in diagnosis.classes[0] if rules == {AVAILABILITY}]
    assert timeline.to_local(suggested.start).strftime("%H:%M") == "06:00"
    # (Elapsed minutes after midnight would have made it 07:00, 6 hours after midnight.)
    repairs = [repair.description for repair in api.explain(season).repairs]
    assert repairs[0] == "be free 06:00-06:45 on Sun 2026-03-08"


def test_the_days_around_races_looked_up_are_the_races_asked_one_by_one() -> None:
    """race_closing, race_just_after, race_before and race_after of the timeline's own rules
    come from tables made once; asked with other rules (an equal copy) they search the
    races: the same answers."""
    for seed in range(12):
        rng = random.Random(seed)
        data = generate_season(8, seed)
        start = dt.date.fromisoformat(data["season"]["start"])
        for _ in range(rng.randint(1, 4)):  # races mid-season, some crossing midnight
            date = start + dt.timedelta(days=rng.randrange(56))
            late = rng.random() < 0.3
            data["runs"]["dates"][date.isoformat()] = {
                "kind": "race",
                "start": "22:00" if late else "08:00",
                "minutes": 300 if late else 60,
            }
        data["rules"] = {
            "no_lift_days_before_race": rng.randint(0, 3),
            "no_lift_days_after_race": rng.randint(0, 3),
            "no_heavy_lift_days_before_race": rng.choice([None, 0, 2, 9]),  # None: by distance
            "light_lift_days_after_race": rng.choice([None, 0, 3, 9]),
        }
        season = Season.model_validate(data)
        timeline = build_timeline(season)
        assert timeline.races
        other = season.rules.model_copy()
        for day in range(-3, len(timeline.days) + 3):
            assert timeline.race_closing(day) == timeline.race_closing(day, other)
            assert timeline.race_just_after(day) == timeline.race_just_after(day, other)
            assert timeline.race_before(day) == timeline.race_before(day, other)
            assert timeline.race_after(day) == timeline.race_after(day, other)
