"""The independent checker catches each kind of broken plan, and passes good ones."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.check import _dosing_problems, _dosing_problems_of, check_plan
from liftplan.models import LiftKind, Plan, Season, Session, Status
from liftplan.models.plan import Block, ClosedWeek
from liftplan.models.routines import Dosing, WorkoutExercise

UTC = dt.UTC


@pytest.fixture(scope="module")
def solved() -> tuple[Season, Plan]:
    season = make_season()
    return season, solve_checked(season)


def moved(
    plan: Plan, index: int, start: str, minutes: int = 45, kind: LiftKind | None = None
) -> Plan:
    """The plan with lift ``index`` moved to ``start`` (UTC, ISO), and retyped to ``kind``."""
    copy = plan.model_copy(deep=True)
    lift = copy.lifts[index]
    lift.kind = lift.kind if kind is None else kind
    # Written as the plan writes it: local time with the zone's own offset.
    zone = ZoneInfo(plan.timezone)
    utc = dt.datetime.fromisoformat(start).replace(tzinfo=UTC)
    begin, end = utc.astimezone(zone), (utc + dt.timedelta(minutes=minutes)).astimezone(zone)
    lift.start, lift.end, lift.minutes = begin, end, minutes
    lift.date, lift.weekday = (
        begin.date(),
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[begin.weekday()],
    )
    copy.objective = None  # compare rules only
    return copy


def broken_rules(season: Season, plan: Plan) -> set[str]:
    return {violation.rule for violation in check_plan(season, plan).violations}


def test_a_solved_plan_is_clean(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    report = check_plan(season, plan)
    assert report.ok and report.objective == plan.objective


@pytest.mark.parametrize(
    ("start", "minutes", "rules"),
    [
        ("2026-03-02T17:30", 45, {"no_lift_day_before_hard", "recovery_hours"}),  # Monday
        ("2026-03-03T21:00", 45, {"availability"}),  # after the window closes
        ("2026-03-03T06:45", 45, {"availability", "no_overlap_with_runs"}),
        ("2026-03-03T17:37", 45, {"granularity"}),
        ("2026-03-03T17:30", 50, {"lift_minutes"}),
        (
            "2026-03-04T17:30",
            45,
            {"no_lift_day_before_hard", "recovery_hours", "rest_days_between_lifts"},
        ),
    ],
)
def test_each_broken_rule_is_named(
    solved: tuple[Season, Plan], start: str, minutes: int, rules: set[str]
) -> None:
    season, plan = solved
    assert broken_rules(season, moved(plan, 0, start, minutes)) == rules


@pytest.mark.parametrize(
    ("start", "minutes", "rules"),
    [
        ("2026-03-02T17:30", 45, set()),  # Monday, the day before the track
        ("2026-03-03T21:00", 45, set()),  # after the window closed
        ("2026-03-03T06:45", 45, set()),  # over the run
        ("2026-03-03T17:37", 45, set()),
        ("2026-03-03T17:30", 50, set()),
        # Done Wednesday, the day before the tempo: history, but Thursday's lift (after
        # --from) still owes it a rest day.
        ("2026-03-04T17:30", 45, {"rest_days_between_lifts"}),
    ],
)
def test_a_replans_history_is_held_only_to_the_rules_that_count_lifts(
    solved: tuple[Season, Plan], start: str, minutes: int, rules: set[str]
) -> None:
    season, plan = solved
    lived = moved(plan, 0, start, minutes).model_copy(
        update={"replanned_from": dt.date(2026, 3, 5)}
    )
    assert broken_rules(season, lived) == rules
    # From the lift's own day on, it is no history: every rule binds it again.
    today = lived.model_copy(update={"replanned_from": lived.lifts[0].date})
    assert broken_rules(season, today) - broken_rules(season, lived)


def test_two_lifts_of_history_never_clash(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    doubled = plan.model_copy(deep=True)
    second = doubled.lifts[0].model_copy()
    second.start += dt.timedelta(hours=1)
    second.end += dt.timedelta(hours=1)
    monday = doubled.lifts[0].model_copy()
    monday.start -= dt.timedelta(days=1)
    monday.end -= dt.timedelta(days=1)
    monday.date, monday.weekday = monday.date - dt.timedelta(days=1), "mon"
    doubled.sessions += [second, monday]  # 4 lifts in the week (max 3), Mon + 2 on Tue
    doubled.objective = None
    assert {"max_lifts_per_day", "rest_days_between_lifts", "lifts_per_week"} <= broken_rules(
        season, doubled
    )
    doubled.sessions = [
        s for s in doubled.sessions if not (s.activity == "lift" and s.weekday == "thu")
    ]
    lived = doubled.model_copy(update={"replanned_from": dt.date(2026, 3, 5)})
    assert broken_rules(season, lived) == set()


def test_too_few_lifts_in_a_week(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    fewer = plan.model_copy(deep=True)
    fewer.sessions = [
        s for s in fewer.sessions if not (s.activity == "lift" and s.weekday == "thu")
    ]
    fewer.objective = None
    assert broken_rules(season, fewer) == {"lifts_per_week"}  # legs in the lift that is left


def test_two_lifts_on_one_day(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    doubled = plan.model_copy(deep=True)
    second = doubled.lifts[0].model_copy()
    second.start += dt.timedelta(hours=1)
    second.end += dt.timedelta(hours=1)
    doubled.sessions.append(second)
    doubled.objective = None
    assert broken_rules(season, doubled) == {"max_lifts_per_day"}


def test_a_missing_run_and_an_invented_run(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    changed = plan.model_copy(deep=True)
    run = next(s for s in changed.sessions if s.kind == "long")
    run.start += dt.timedelta(hours=1)
    run.end += dt.timedelta(hours=1)
    messages = [str(v) for v in check_plan(season, changed).violations]
    assert any("long run is missing" in m for m in messages)
    assert any("long run is not in the season" in m for m in messages)


def test_a_wrong_score_is_caught(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    lying = plan.model_copy(deep=True)
    lying.score["habit"] = 5
    lying.objective = 5
    assert broken_rules(season, lying) == {"score", "objective"}


def test_race_cutoffs() -> None:
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},  # no derived taper
        availability={"weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed")}},
        runs={
            "weekly": {},
            "dates": {"2026-03-15": {"kind": "race", "start": "08:00", "minutes": 60}},
        },
        lifting={"per_week": {"min": 0, "max": 2}},
    )
    plan = solve_checked(season)  # each moved lift is made heavy below
    late = moved(plan, len(plan.lifts) - 1, "2026-03-13T18:00", kind=LiftKind.HEAVY)
    assert {"no_lift_days_before_race", "no_heavy_lift_days_before_race"} <= broken_rules(
        season, late
    )
    mid = moved(plan, len(plan.lifts) - 1, "2026-03-10T18:00", kind=LiftKind.HEAVY)
    assert "no_heavy_lift_days_before_race" in broken_rules(season, mid)
    assert "no_lift_days_before_race" not in broken_rules(season, mid)


def test_recovery_is_checked_in_elapsed_time_across_daylight_saving() -> None:
    season = make_season(
        timezone="America/New_York",
        season={"start": "2026-03-02", "weeks": 1},
        availability={"weekly": {"sat": ["16:00-20:00"]}},
        runs={"weekly": {"sun": {"kind": "tempo", "start": "19:00", "minutes": 45}}},
        lifting={"per_week": {"min": 1, "max": 1}},
        rules={"no_lift_day_before_hard": False},
    )
    plan = solve_checked(season)
    # Saturday 18:15-19:00 EST is 24 h before Sunday 19:00 on the wall clock but 23 h elapsed.
    late = moved(plan, 0, "2026-03-07T23:15")
    assert broken_rules(season, late) == {"recovery_hours"}


def test_sessions_keep_their_local_offset() -> None:
    plan = solve_checked(make_season(timezone="Europe/Oslo"))
    assert all(
        isinstance(s, Session) and s.start.utcoffset() == dt.timedelta(hours=1)
        for s in plan.sessions
    )


# --- races (SPEC section 2): every race rule, each violation naming its race ---------------

EVERY_EVENING = {day: ["17:30-21:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def race_season(race: dict[str, object], **sections: object) -> Season:
    """Evenings free every day, no runs but the race (on 2026-05-09 unless given), no phases
    and no deloads, so only the race decides a lift's kind; windows written unless given."""
    date = str(race.pop("date", "2026-05-09"))
    data: dict[str, object] = {
        "season": {"start": "2026-04-20", "weeks": 4, "phases": [], "deload_every_weeks": 0},
        "availability": {"weekly": EVERY_EVENING},
        "runs": {"weekly": {}, "dates": {date: {"kind": "race", **race}}},
        "lifting": {"per_week": {"min": 0, "max": 2, "target": 1}, "minutes": 45},
        "rules": {"no_lift_days_before_race": 2, "no_heavy_lift_days_before_race": 6},
        "blocks": {"min_weeks": 1, "max_weeks": 12},
    }
    return make_season(**{**data, **sections})


def skeleton(
    season: Season, lifts: list[tuple[str, LiftKind]], closed: tuple[int, ...] = ()
) -> Plan:
    """A hand-built plan: the season's runs, one block, and ``lifts`` (local "YYYY-MM-DD HH:MM",
    45 min each); ``closed`` lists the weeks the plan says are closed."""
    zone = ZoneInfo(season.timezone)
    first = season.season.start
    weeks = season.season.num_weeks

    def session(start: dt.datetime, minutes: int, **fields: object) -> Session:
        local = start.astimezone(zone)
        return Session.model_validate(
            {
                "athlete": "test",
                "week": (local.date() - first).days // 7 + 1,
                "phase": "",
                "date": local.date(),
                "weekday": WEEKDAY_NAMES[local.weekday()],
                "start": local,
                "end": (start + dt.timedelta(minutes=minutes)).astimezone(zone),
                "minutes": minutes,
                **fields,
            }
        )

    def instant(date: dt.date, minute: int) -> dt.datetime:
        naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
        return naive.replace(tzinfo=zone).astimezone(UTC)

    sessions = []
    for offset in range(season.season.num_days):
        date = first + dt.timedelta(days=offset)
        for run in season.runs.runs_on(date):
            assert run.start is not None and run.minutes is not None
            start = instant(date, run.start)
            hard = run.kind in season.rules.hard_kinds if run.hard is None else run.hard
            sessions.append(session(start, run.minutes, activity="run", kind=run.kind, hard=hard))
    for when, kind in lifts:
        local = dt.datetime.fromisoformat(when)
        start = instant(local.date(), local.hour * 60 + local.minute)
        sessions.append(session(start, 45, activity="lift", kind=kind, block="1A"))
    sessions.sort(key=lambda s: s.start)
    return Plan(
        athlete="test",
        timezone=season.timezone,
        status=Status.FEASIBLE,
        blocks=[Block(number=1, routine="A", variation="plain", first_week=1, last_week=weeks)],
        closed_weeks=[ClosedWeek(week=week, reason="closed around the race") for week in closed],
        sessions=sessions,
    )


def violations(season: Season, plan: Plan) -> set[tuple[str, str, str | None]]:
    """Each violation as (rule, date, race)."""
    return {(v.rule, str(v.date), v.race) for v in check_plan(season, plan).violations}


HEAVY, LIGHT, DELOAD = LiftKind.HEAVY, LiftKind.LIGHT, LiftKind.DELOAD
FIVE_K = {"start": "08:00", "minutes": 30, "distance": "5k"}
A_5K = "5k (A) on 2026-05-09"


@pytest.fixture(scope="module")
def five_k() -> tuple[Season, Plan]:
    """A season around a 5k, and a solved plan of it to edit (its runs, blocks, a workout)."""
    season = race_season(dict(FIVE_K))
    return season, api.solve(season)


def test_a_solved_plan_around_a_race_passes() -> None:
    # Sun 10 to Wed 13 May (the days after the 5k) closed, so any solver's lifts pass.
    after = {f"2026-05-{day}": [] for day in range(10, 14)}
    season = race_season(dict(FIVE_K), availability={"weekly": EVERY_EVENING, "dates": after})
    plan = solve_checked(season)
    assert [lift.week for lift in plan.lifts if lift.week != 3] == [1, 2, 4]


def relifted(season: Season, plan: Plan, lifts: list[tuple[str, LiftKind]]) -> Plan:
    """The solved plan with its lifts replaced by copies of its first, moved and retyped."""
    copy = plan.model_copy(deep=True)
    template = copy.lifts[0]
    zone = ZoneInfo(season.timezone)
    block_of = {w: b.label for b in copy.blocks for w in range(b.first_week, b.last_week + 1)}
    new = []
    for when, kind in lifts:
        start = dt.datetime.fromisoformat(when).replace(tzinfo=zone)
        week = (start.date() - season.season.start).days // 7 + 1
        new.append(
            template.model_copy(
                update={
                    "start": start,
                    "end": start + dt.timedelta(minutes=template.minutes),
                    "date": start.date(),
                    "weekday": WEEKDAY_NAMES[start.weekday()],
                    "week": week,
                    "block": block_of[week],
                    "kind": kind,
                }
            )
        )
    copy.sessions = sorted(
        [s for s in copy.sessions if s.activity == "run"] + new, key=lambda s: s.start
    )
    copy.objective = None  # compare rules only
    return copy


def test_lifts_outside_every_window_pass(five_k: tuple[Season, Plan]) -> None:
    season, plan = five_k
    clean = [("2026-04-21 17:30", HEAVY), ("2026-04-29 17:30", HEAVY), ("2026-05-16 17:30", HEAVY)]
    assert check_plan(season, relifted(season, plan, clean)).ok


@pytest.mark.parametrize(
    ("when", "kind", "expected"),
    [
        # 2 days before: no lift at all, and a heavy one is not light either.
        (
            "2026-05-07 17:30",
            HEAVY,
            {
                ("no_lift_days_before_race", "2026-05-07", A_5K),
                ("no_heavy_lift_days_before_race", "2026-05-07", A_5K),
            },
        ),
        ("2026-05-07 17:30", LIGHT, {("no_lift_days_before_race", "2026-05-07", A_5K)}),
        ("2026-05-09 17:30", LIGHT, {("no_lift_days_before_race", "2026-05-09", A_5K)}),
        # 4 and 6 days before: inside the light window (6), so heavy or deload is wrong.
        ("2026-05-05 17:30", HEAVY, {("no_heavy_lift_days_before_race", "2026-05-05", A_5K)}),
        ("2026-05-03 17:30", DELOAD, {("no_heavy_lift_days_before_race", "2026-05-03", A_5K)}),
        ("2026-05-05 17:30", LIGHT, set()),
        # 7 days before: outside the window, a light lift is the wrong kind.
        ("2026-05-02 17:30", LIGHT, {("lift_kind", "2026-05-02", None)}),
        # 1 and 2 days after a 5k (by distance: 2 days without lifting, 4 light).
        (
            "2026-05-11 17:30",
            HEAVY,
            {
                ("no_lift_days_after_race", "2026-05-11", A_5K),
                ("light_lift_days_after_race", "2026-05-11", A_5K),
            },
        ),
        ("2026-05-10 17:30", LIGHT, {("no_lift_days_after_race", "2026-05-10", A_5K)}),
        ("2026-05-13 17:30", HEAVY, {("light_lift_days_after_race", "2026-05-13", A_5K)}),
        ("2026-05-13 17:30", LIGHT, set()),
        ("2026-05-14 17:30", LIGHT, {("lift_kind", "2026-05-14", None)}),
    ],
)
def test_each_race_rule_names_the_race(
    five_k: tuple[Season, Plan], when: str, kind: LiftKind, expected: set[tuple[str, str, str]]
) -> None:
    season, plan = five_k
    assert violations(season, relifted(season, plan, [(when, kind)])) == expected


def test_race_violations_say_which_race_in_their_message(five_k: tuple[Season, Plan]) -> None:
    season, plan = five_k
    lifts = [("2026-05-05 17:30", HEAVY), ("2026-05-07 17:30", LIGHT), ("2026-05-11 17:30", LIGHT)]
    found = sorted(str(v) for v in check_plan(season, relifted(season, plan, lifts)).violations)
    assert found == [
        "2026-05-05 no_heavy_lift_days_before_race: heavy lift 4 days before the 5k (A) on "
        "2026-05-09",
        "2026-05-07 no_lift_days_before_race: 2 days before the 5k (A) on 2026-05-09",
        "2026-05-11 no_lift_days_after_race: 2 days after the 5k (A) on 2026-05-09",
    ]


def test_a_written_window_applies_to_every_race() -> None:
    rules = {"no_lift_days_before_race": 2, "no_heavy_lift_days_before_race": 6}
    season = race_season(dict(FIVE_K), rules={**rules, "no_lift_days_after_race": 4})
    plan = skeleton(season, [("2026-05-13 17:30", LIGHT)])
    assert violations(season, plan) == {("no_lift_days_after_race", "2026-05-13", A_5K)}


def test_a_race_week_needs_one_lift_and_the_week_after_an_a_race_too() -> None:
    """With a minimum of 2: weeks 3 (the race) and 4 (after the A race) need only 1."""
    season = race_season(dict(FIVE_K), lifting={"per_week": {"min": 2, "max": 2}, "minutes": 45})
    two_a_week = [("2026-04-20 17:30", HEAVY), ("2026-04-22 17:30", HEAVY)]
    two_a_week += [("2026-04-27 17:30", HEAVY), ("2026-04-29 17:30", HEAVY)]
    one_after = [("2026-05-15 17:30", HEAVY)]
    missing_race_week = skeleton(season, two_a_week + one_after)
    assert violations(season, missing_race_week) == {("lifts_per_week", "2026-05-04", A_5K)}
    message = str(check_plan(season, missing_race_week).violations[0])
    assert message == (
        "2026-05-04 lifts_per_week: week 3 has 0 lifts, min 1 (race week of the 5k (A) on "
        "2026-05-09)"
    )
    dosed = skeleton(season, [*two_a_week, ("2026-05-04 17:30", LIGHT), *one_after])
    assert check_plan(season, dosed).ok


def test_a_written_minimum_keeps_the_race_week_dose() -> None:
    written = {4: {"lifting": {"per_week": {"min": 2}}}}
    season = race_season(
        dict(FIVE_K),
        lifting={"per_week": {"min": 2, "max": 2}, "minutes": 45},
        week_overrides=written,
    )
    lifts = [("2026-04-20 17:30", HEAVY), ("2026-04-22 17:30", HEAVY)]
    lifts += [("2026-04-27 17:30", HEAVY), ("2026-04-29 17:30", HEAVY)]
    lifts += [("2026-05-04 17:30", LIGHT), ("2026-05-15 17:30", HEAVY)]
    assert violations(season, skeleton(season, lifts)) == {("lifts_per_week", "2026-05-11", None)}


def test_a_c_race_keeps_its_windows_but_not_the_cap() -> None:
    season = race_season(
        {**FIVE_K, "priority": "C"}, lifting={"per_week": {"min": 1, "max": 2}, "minutes": 45}
    )
    a_c = "5k (C) on 2026-05-09"
    lifts = [("2026-04-20 17:30", HEAVY), ("2026-04-27 17:30", HEAVY), ("2026-05-11 17:30", LIGHT)]
    assert violations(season, skeleton(season, lifts)) == {
        ("lifts_per_week", "2026-05-04", None),  # week 3: a C race caps nothing
        ("no_lift_days_after_race", "2026-05-11", a_c),
    }


def test_the_week_a_b_race_s_days_of_no_lift_reach_into_needs_one_lift_and_keeps_its_wish() -> None:
    # The 5k on Sat 9 May: its two days of no lift after it (Sun 10, Mon 11) reach week 5.
    two = {"per_week": {"min": 2, "max": 2}, "minutes": 45}
    lifts = [("2026-04-20 17:30", HEAVY), ("2026-04-22 17:30", HEAVY)]
    lifts += [("2026-04-27 17:30", HEAVY), ("2026-04-29 17:30", HEAVY)]
    lifts += [("2026-05-04 17:30", LIGHT), ("2026-05-13 17:30", LIGHT)]
    season = race_season({**FIVE_K, "priority": "B"}, lifting=two)
    report = check_plan(season, skeleton(season, lifts))
    assert report.ok, [str(v) for v in report.violations]
    # The race week wishes one lift; the week the recovery reaches into still wishes two.
    assert report.score["below_target"] == 150
    trained_through = race_season({**FIVE_K, "priority": "C"}, lifting=two)
    assert violations(trained_through, skeleton(trained_through, lifts)) == {
        ("lifts_per_week", "2026-05-04", None),
        ("lifts_per_week", "2026-05-11", None),
    }


def test_the_week_a_monday_b_race_s_days_of_no_lift_reach_back_into_needs_one_lift() -> None:
    # A 5k on Mon 4 May: its two days of no lift before it (Sat 2, Sun 3) are in week 2.
    two = {"per_week": {"min": 2, "max": 2}, "minutes": 45}
    lifts = [("2026-04-20 17:30", HEAVY), ("2026-04-22 17:30", HEAVY)]
    lifts += [("2026-04-27 17:30", HEAVY)]  # week 2: one lift, 7 days before the race
    lifts += [("2026-05-07 17:30", LIGHT)]  # the race week: one, after its days of no lift
    lifts += [("2026-05-11 17:30", HEAVY), ("2026-05-13 17:30", HEAVY)]
    monday = {**FIVE_K, "priority": "B", "date": "2026-05-04"}
    season = race_season(dict(monday), lifting=two)
    report = check_plan(season, skeleton(season, lifts))
    assert report.ok, [str(v) for v in report.violations]
    # Week 2 still wishes two (the race is days away); the race week wishes one.
    assert report.score["below_target"] == 150
    trained_through = race_season({**monday, "priority": "C"}, lifting=two)
    assert violations(trained_through, skeleton(trained_through, lifts)) == {
        ("lifts_per_week", "2026-04-27", None),
        ("lifts_per_week", "2026-05-04", None),
    }


def test_a_closed_week_counts_no_lift_missed() -> None:
    season = july()  # a target of 1 a week; week 2 closed around the 5k
    report = check_plan(season, skeleton(season, JULY_LIFTS, closed=(2,)))
    assert report.ok and report.score["below_target"] == 0
    # A plan.csv lists no closed weeks (nor blocks): the checker finds week 2 closed itself.
    table = skeleton(season, JULY_LIFTS)
    table.blocks = []
    report = check_plan(season, table)
    assert report.sessions_only and report.ok and report.score["below_target"] == 0
    # A plan that lists no closed week is short of week 2's lift, and misses it.
    unlisted = check_plan(season, skeleton(season, JULY_LIFTS))
    assert not unlisted.ok and unlisted.score["below_target"] == 150


def test_a_race_crossing_midnight_covers_both_dates() -> None:
    # Sat 22:00 + 180 min: the race ends Sun 01:00, so Sunday is race day, Monday day 1 after.
    season = race_season({"start": "22:00", "minutes": 180, "distance": "10k"})
    a_10k = "10k (A) on 2026-05-09"
    plan = skeleton(season, [("2026-05-10 17:30", LIGHT), ("2026-05-12 17:30", LIGHT)])
    assert violations(season, plan) == {
        ("no_lift_days_before_race", "2026-05-10", a_10k),  # day 2 of the race
        ("no_lift_days_after_race", "2026-05-12", a_10k),  # 2 days after Sunday, not Saturday
    }
    words = {str(v) for v in check_plan(season, plan).violations}
    assert "2026-05-10 no_lift_days_before_race: on day 2 of the 10k (A) on 2026-05-09" in words
    # The 10k's 5 light days count from Sunday too: Fri 15 is light, Sat 16 heavy again.
    after = skeleton(season, [("2026-05-15 17:30", HEAVY), ("2026-05-17 17:30", LIGHT)])
    assert violations(season, after) == {
        ("light_lift_days_after_race", "2026-05-15", a_10k),
        ("lift_kind", "2026-05-17", None),
    }


def test_a_multi_day_race_covers_every_date_and_counts_from_its_ends() -> None:
    # A 100 mile race from Fri 5 Jun 06:00 for 50 h: Fri, Sat and Sun are race days.
    season = race_season(
        {"date": "2026-06-05", "start": "06:00", "minutes": 3000, "distance": "100mi"},
        season={"start": "2026-05-11", "weeks": 8, "phases": [], "deload_every_weeks": 0},
        # The days after by distance (100mi: 10 without lifting, 16 light).
        rules={"no_lift_days_before_race": 2, "no_heavy_lift_days_before_race": 14},
    )
    race = "100mi (A) on 2026-06-05"
    lifts = [
        ("2026-05-21 17:30", HEAVY),  # 15 days before Friday: heavy is fine
        ("2026-05-23 17:30", HEAVY),  # 13 days before: light window
        ("2026-06-03 17:30", LIGHT),  # 2 days before the first date
        ("2026-06-06 17:30", LIGHT),  # day 2
        ("2026-06-16 17:30", LIGHT),  # 9 days after Sunday: no lift (10)
        ("2026-06-18 17:30", LIGHT),  # 11 days after: light (16)
        ("2026-07-03 17:30", HEAVY),  # 26 days after: heavy again
    ]
    assert violations(season, skeleton(season, lifts)) == {
        ("no_heavy_lift_days_before_race", "2026-05-23", race),
        ("no_lift_days_before_race", "2026-06-03", race),
        ("no_lift_days_before_race", "2026-06-06", race),
        ("no_overlap_with_runs", "2026-06-06", None),  # the race is still on at 17:30
        ("no_lift_days_after_race", "2026-06-16", race),
    }


def test_a_race_across_a_daylight_saving_change_ends_after_its_elapsed_minutes() -> None:
    # Santiago turns its clocks back at midnight on Sat 4 Apr 2026: a race from 22:30 for
    # 120 elapsed minutes ends at 23:30 Saturday (the second one), not 00:30 Sunday. So
    # Sunday is the first day after the race, not a race day.
    season = race_season(
        {"date": "2026-04-04", "start": "22:30", "minutes": 120, "distance": "10k"},
        timezone="America/Santiago",
        season={"start": "2026-03-30", "weeks": 2, "phases": [], "deload_every_weeks": 0},
        rules={
            "no_lift_days_before_race": 2,
            "no_heavy_lift_days_before_race": 6,
            "no_lift_days_after_race": 1,
            "light_lift_days_after_race": 3,
        },
    )
    race = "10k (A) on 2026-04-04"
    plan = skeleton(season, [("2026-04-05 17:30", LIGHT), ("2026-04-07 17:30", HEAVY)])
    assert violations(season, plan) == {
        ("no_lift_days_after_race", "2026-04-05", race),
        ("light_lift_days_after_race", "2026-04-07", race),
    }
    words = {str(v) for v in check_plan(season, plan).violations}
    assert "2026-04-05 no_lift_days_after_race: 1 day after the 10k (A) on 2026-04-04" in words
    # Wed 8 is 4 days after Saturday: heavy again (counted from a Sunday it would be light).
    assert check_plan(season, skeleton(season, [("2026-04-08 17:30", HEAVY)])).ok


# A 5k on Sat 18 Jul; the runner lifts Thu to Sun only. Thu 16 and Fri 17 are the two days
# before, Sat 18 the race, Sun 19 the first day after: week 3 (13-19 Jul) has no legal day.
JULY_EVENINGS = {day: ["17:30-21:00"] for day in ("thu", "fri", "sat", "sun")}
JULY = {
    "season": {"start": "2026-07-06", "weeks": 3, "phases": [], "deload_every_weeks": 0},
    "availability": {"weekly": JULY_EVENINGS},
    "lifting": {"per_week": {"min": 1, "max": 2, "target": 1}, "minutes": 45},
}
JULY_5K = "5k (A) on 2026-07-18"
JULY_LIFTS = [("2026-07-09 17:30", HEAVY), ("2026-07-23 17:30", HEAVY)]


def july(**sections: object) -> Season:
    return race_season({**FIVE_K, "date": "2026-07-18"}, **{**JULY, **sections})


def test_a_true_closed_week_is_accepted() -> None:
    season = july()
    assert check_plan(season, skeleton(season, JULY_LIFTS, closed=(2,))).ok


def test_a_closed_week_the_plan_does_not_list_is_short_of_its_minimum() -> None:
    season = july()
    assert violations(season, skeleton(season, JULY_LIFTS)) == {
        ("lifts_per_week", "2026-07-13", JULY_5K)
    }


def test_a_false_closed_week_claim_is_caught() -> None:
    # Wednesday 15 Jul is free too: 3 days before the race, a light lift is legal there.
    season = july(availability={"weekly": JULY_EVENINGS, "dates": {"2026-07-15": ["17:30-21:00"]}})
    found = check_plan(season, skeleton(season, JULY_LIFTS, closed=(2,))).violations
    assert [(v.rule, v.race) for v in found] == [
        ("closed_weeks", JULY_5K),
        ("lifts_per_week", JULY_5K),  # the claim is not believed: the minimum stays 1
    ]
    assert str(found[0]) == (
        "2026-07-15 closed_weeks: week 2 is said closed but Wed 2026-07-15 17:30 is legal "
        "(race week of the 5k (A) on 2026-07-18)"
    )


def test_a_closed_week_must_be_closed_by_a_race_rule() -> None:
    season = july()
    lifts = [("2026-07-09 17:30", HEAVY)]
    found = check_plan(season, skeleton(season, lifts, closed=(1, 3))).violations
    assert [str(v) for v in found if v.rule == "closed_weeks"] == [
        "2026-07-09 closed_weeks: week 1 is said closed but Thu 2026-07-09 17:30 is legal",
        "2026-07-23 closed_weeks: week 3 is said closed but Thu 2026-07-23 17:30 is legal "
        "(race week of the 5k (A) on 2026-07-18)",
    ]
    # Week 3 (after the A race) with no free evening and no race window reaching it.
    quiet = july(
        availability={
            "weekly": JULY_EVENINGS,
            "dates": {f"2026-07-{d}": [] for d in range(20, 27)},
        },
        rules={"no_lift_days_before_race": 2, "no_lift_days_after_race": 0},
    )
    found = check_plan(quiet, skeleton(quiet, lifts, closed=(3,))).violations
    assert [str(v) for v in found if v.rule == "closed_weeks"] == [
        "2026-07-20 closed_weeks: week 3 is said closed but no race rule closes any of its days"
    ]


def test_a_run_ending_after_midnight_counts_for_the_gap_on_its_last_date() -> None:
    # Sat 23:30 + 120 min ends Sun 01:30: a lift Sun 03:00 is 90 min after it (wish: 3 h).
    season = make_season(
        season={"start": "2026-03-02", "weeks": 1},
        availability={"weekly": {"sun": ["00:00-06:00"]}},
        runs={"weekly": {"sat": {"kind": "easy", "start": "23:30", "minutes": 120}}},
        lifting={"per_week": {"min": 1, "max": 1}, "minutes": 45, "gap_hours": 3},
    )
    report = check_plan(season, skeleton(season, [("2026-03-08 03:00", HEAVY)]))
    assert report.ok
    assert report.score["short_gap_minute"] == season.weights.short_gap_minute * 90
    assert report.score["wrong_order"] == 0  # the lift comes after the run, as it should


def test_two_runs_alike_but_for_hard_are_two_runs() -> None:
    """Found by the property test: an easy run and the same run marked hard at the same time
    are both the season's; only a run marked the other way is one violation."""
    twins = [
        {"kind": "easy", "start": "06:00", "minutes": 10},
        {"kind": "easy", "start": "06:00", "minutes": 10, "hard": True},
    ]
    season = make_season(runs={"weekly": {"sun": twins}})
    plan = solve_checked(season)  # the checker accepts the solver's plan
    flipped = [
        s.model_copy(update={"hard": not s.hard}) if s.activity == "run" and s.hard else s
        for s in plan.sessions
    ]
    report = check_plan(season, plan.model_copy(update={"sessions": flipped}))
    runs = [v.message for v in report.violations if v.rule == "runs"]
    assert runs == ["the easy run is hard in the season"]


def _run_edits(plan: Plan) -> dict[str, Plan]:
    """The plan with one of its runs changed in each way the runs rule reads a run."""
    first = next(i for i, s in enumerate(plan.sessions) if s.activity == "run")
    run = plan.sessions[first]
    minute = dt.timedelta(minutes=1)
    changes = {
        "as solved": {},
        "kind": {"kind": "long" if run.kind != "long" else "easy"},
        "hard": {"hard": not run.hard},
        "start": {"start": run.start - minute},
        "end": {"end": run.end + minute},
    }
    edited = {}
    for name, update in changes.items():
        sessions = list(plan.sessions)
        sessions[first] = run.model_copy(update=update)
        edited[name] = plan.model_copy(update={"sessions": sessions})
    edited["dropped"] = plan.model_copy(
        update={"sessions": plan.sessions[:first] + plan.sessions[first + 1 :]}
    )
    edited["twice"] = plan.model_copy(update={"sessions": [run, *plan.sessions]})
    return edited


@pytest.mark.parametrize("edit", ["as solved", "kind", "hard", "start", "end", "dropped", "twice"])
def test_runs_in_time_order_are_checked_as_runs_in_any_order(
    solved: tuple[Season, Plan], edit: str
) -> None:
    """A plan listing its runs in time order is read at one comparison (the runs rule's
    shortcut); listed backwards, run by run: the same violations either way."""
    season, plan = solved
    edited = _run_edits(plan)[edit]
    backwards = edited.model_copy(update={"sessions": edited.sessions[::-1]})
    runs = [str(v) for v in check_plan(season, edited).violations if v.rule == "runs"]
    assert runs == [str(v) for v in check_plan(season, backwards).violations if v.rule == "runs"]
    assert bool(runs) == (edit != "as solved")


def _as_read_from_file(plan: Plan) -> Plan:
    """The plan as its JSON file gives it back: every time on a fixed UTC offset, not the zone."""
    return Plan.model_validate_json(plan.model_dump_json())


@pytest.mark.parametrize(
    "timezone", ["America/New_York", "Europe/Oslo", "Australia/Lord_Howe", "Asia/Kolkata"]
)
def test_a_plan_in_memory_and_read_from_its_file_check_alike(timezone: str) -> None:
    """Times written on the zone's own clock (a plan made in memory) take the checker's
    shortcut (`_Season.read`); read from a file they take zoneinfo's road: same verdicts,
    for a clean plan, one with a lift moved across the spring change, and one with a time
    in its gap (the offset rule)."""
    season = make_season(timezone=timezone, season={"start": "2026-03-02", "weeks": 6})
    plan = solve_checked(season)
    zone = ZoneInfo(timezone)
    gap = next(  # the first local time of the season that does not exist, if any
        (
            naive
            for day in range(42)
            for minute in range(0, 24 * 60, 15)
            if (naive := dt.datetime(2026, 3, 2) + dt.timedelta(days=day, minutes=minute))
            != naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        ),
        None,
    )
    edits = {"as solved": plan, "moved": moved(plan, 3, "2026-03-29T00:30")}
    if gap is not None:
        in_gap = plan.model_copy(deep=True)
        in_gap.lifts[0].start = gap.replace(tzinfo=zone)
        in_gap.lifts[0].end = in_gap.lifts[0].start + dt.timedelta(minutes=45)
        edits["in a gap"] = in_gap
    for name, edited in edits.items():
        in_memory, from_file = (
            check_plan(season, edited),
            check_plan(season, _as_read_from_file(edited)),
        )
        assert [str(v) for v in in_memory.violations] == [str(v) for v in from_file.violations]
        assert in_memory.score == from_file.score, name
    if gap is not None:
        assert "offsets" in {v.rule for v in check_plan(season, edits["in a gap"]).violations}


@settings(max_examples=200, deadline=None)
@given(
    dosing=st.sampled_from(list(Dosing)),
    tempo=st.sampled_from(["explosive", "3-1-X-0", "hold", "steady", "5-0-X-0"]),
    percent=st.none() | st.integers(min_value=50, max_value=95),
    load=st.sampled_from(["75% of 1RM", "2 reps in reserve", "RPE 8", "fast intent", "1RM"]),
)
def test_an_exercises_dosing_is_judged_as_written_each_time_it_is_asked(
    dosing: Dosing, tempo: str, percent: int | None, load: str
) -> None:
    """The checker remembers its verdict on each (frozen, shared) exercise: the verdict is
    the plain one, asked again or of an equal copy."""
    exercise = WorkoutExercise(
        name="Jump squat",
        pattern="plyometric",
        sets=3,
        reps="5",
        tempo=tempo,
        rest_s=90,
        load=load,
        dosing=dosing,
        percent_1rm=percent,
    )
    plain = tuple(_dosing_problems_of(exercise))
    assert _dosing_problems(exercise) == plain
    assert _dosing_problems(exercise) == plain
    assert _dosing_problems(exercise.model_copy()) == plain
