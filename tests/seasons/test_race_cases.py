"""The seasons with races a coach wrote by hand (races/README.md): each solves as written,
or not, the way its note says, and its plan is what a coach expects around every race.

Asserted as properties, not times: a light lift 3-6 days before each A/B race where the
days allow one, nothing on a race nor inside its post-race window, no heavy lift in the
light windows before and after it, lifting back after it, and lifts in every week."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.overrides import with_overrides
from liftplan.io.season_file import parse_document
from liftplan.models import LiftKind, Plan, Season, Status
from liftplan.models.races import Race

RACES = Path(__file__).parent / "races"


@dataclass(frozen=True)
class Span:
    """A race's local dates, first to last."""

    first: dt.date
    last: dt.date
    race: Race


def spans(season: Season) -> list[Span]:
    """Each race with the local date of its last minute (elapsed time, aware datetimes)."""
    zone = season.zone
    found = []
    for race in season.races():
        start = dt.datetime.combine(race.date, dt.time(), tzinfo=zone) + dt.timedelta(
            minutes=race.start
        )
        end = start.astimezone(dt.UTC) + dt.timedelta(minutes=max(race.minutes, 1) - 1)
        found.append(Span(race.date, end.astimezone(zone).date(), race))
    return found


def solved(name: str) -> tuple[Season, Plan]:
    season = api.load_season(RACES / name)
    plan = solve_checked(season)
    return season, plan


def solved_and_checked(season: Path, out: Path) -> None:
    """`liftplan solve SEASON -o OUT` ends 0, and `liftplan check SEASON OUT` accepts OUT."""
    runner = CliRunner()
    solved = runner.invoke(cli, ["solve", str(season), "-o", str(out)])
    assert solved.exit_code == 0, solved.stdout + solved.stderr
    checked = runner.invoke(cli, ["check", str(season), str(out)])
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def assert_around_races(
    season: Season, plan: Plan, no_room: frozenset[dt.date] = frozenset(), early: bool = True
) -> None:
    """What a coach expects around every race of ``season``; ``no_room``: races whose 3-6
    days before have no legal day (the plan says so in closed_weeks); ``early``: whether a
    lift 3-6 days before each A/B race is expected."""
    rules, end = season.rules, season.season.last_day
    lifts = plan.lifts
    for span in spans(season):
        race = span.race
        light_before = rules.race_days("no_heavy_lift_days_before_race", race)
        no_lift_after = rules.race_days("no_lift_days_after_race", race)
        light_after = rules.race_days("light_lift_days_after_race", race)
        for lift in lifts:
            before, after = (span.first - lift.date).days, (lift.date - span.last).days
            assert not span.first <= lift.date <= span.last, (race.label, lift.date)
            assert not 0 < after <= no_lift_after, (race.label, lift.date, "post-race window")
            if 0 < before <= light_before or 0 < after <= light_after:
                assert lift.kind is LiftKind.LIGHT, (race.label, lift.date, lift.kind)
        if early and race.priority in "AB" and race.date not in no_room:
            early = [lift for lift in lifts if 3 <= (span.first - lift.date).days <= 6]
            assert early, (race.label, "no lift 3-6 days before")
        if (end - span.last).days > no_lift_after + 7:  # the season goes on: lifting resumes
            back = [lift for lift in lifts if lift.date > span.last]
            first_back = min(back, key=lambda lift: lift.start)
            assert (first_back.date - span.last).days <= no_lift_after + 7, race.label
            if (first_back.date - span.last).days <= light_after:
                assert first_back.kind is LiftKind.LIGHT


def test_01_beginner_5k_lifts_every_week_and_light_in_the_race_week() -> None:
    season, plan = solved("01-beginner-5k.yaml")
    assert plan.status is Status.OPTIMAL
    assert all(count >= 1 for count in plan.lifts_per_week)
    assert_around_races(season, plan)
    race_week = [lift for lift in plan.lifts if lift.week == 10]
    assert race_week and all(lift.kind is LiftKind.LIGHT for lift in race_week)
    assert all(lift.date <= dt.date(2026, 5, 6) for lift in race_week)  # none Thu 7-Sun 10


def test_03_marathon_keeps_light_lifts_in_the_tune_up_weeks() -> None:
    season, plan = solved("03-marathon-18wk.yaml")
    assert plan.status is Status.OPTIMAL
    assert all(count >= 1 for count in plan.lifts_per_week)
    assert_around_races(season, plan)
    for week in (9, 13):  # the 10k and the half: a light lift early in the week
        tune_up = [lift for lift in plan.lifts if lift.week == week]
        assert tune_up and all(lift.kind is LiftKind.LIGHT for lift in tune_up)
    never = [dt.date(2026, 8, 30), dt.date(2026, 8, 31)]  # 10k: 2 days
    never += [dt.date(2026, 9, d) for d in (28, 29, 30)]  # half: 3 days
    assert not {lift.date for lift in plan.lifts} & set(never)
    assert all(lift.kind is LiftKind.LIGHT for lift in plan.lifts if lift.week >= 16)


def test_06_masters_half_is_infeasible_by_the_runners_own_rules() -> None:
    _, plan = solved("06-masters-half.yaml")
    assert plan.status is Status.INFEASIBLE


def test_09_two_races_without_phases() -> None:
    season, plan = solved("09-two-races-no-phases.yaml")
    assert plan.status is Status.OPTIMAL
    assert [race.priority for race in season.races()] == ["B", "A"]
    assert all(count >= 1 for count in plan.lifts_per_week)
    assert_around_races(season, plan)
    after_half = [lift for lift in plan.lifts if lift.date > dt.date(2026, 11, 22)]
    assert after_half[0].date >= dt.date(2026, 11, 26)
    assert after_half[0].kind is LiftKind.LIGHT


def test_10_track_season_lifts_weekly_and_says_why_the_championship_week_has_none() -> None:
    season, plan = solved("10-track-in-season.yaml")
    assert plan.status is Status.OPTIMAL
    assert all(count >= 1 for count in plan.lifts_per_week[:9])
    closed = {week.week for week in plan.closed_weeks}
    assert plan.lifts_per_week[9] >= 1 or closed == {10}
    assert closed <= {10}
    if closed:
        reason = plan.closed_weeks[0].reason
        assert "Fri 17 Jul" in reason and "Sun 19 Jul" in reason
    # The final's 3-6 days before are the heat's week, closed around both races.
    assert_around_races(season, plan, no_room=frozenset({dt.date(2026, 7, 19)}))


@pytest.mark.parametrize("distance", ["1500m", "10k"])
def test_10_never_lifts_the_day_after_a_race_whatever_its_distance(distance: str) -> None:
    text = (RACES / "10-track-in-season.yaml").read_text()
    text = text.replace(
        'race, start: "14:00", minutes: 60}',
        f'race, start: "14:00", minutes: 60, distance: {distance}}}',
    )
    text = text.replace(
        "minutes: 60}    # 1500 m evening",
        f"minutes: 60, distance: {distance}}}    # 1500 m evening",
    )
    season = Season.model_validate(parse_document(text, "10.yaml"))
    assert {race.distance for race in season.races()[:-2]} == {distance}
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert all(count >= 1 for count in plan.lifts_per_week[:9])
    # As 1500 m races the post-race pause is one day, and nothing asks the lift to sit
    # 3-6 days before a race rather than 2 days after the one before (week 2: Sun 24 May).
    assert_around_races(
        season, plan, no_room=frozenset({dt.date(2026, 7, 19)}), early=distance == "10k"
    )


def test_11_the_week_a_b_marathon_s_recovery_covers_plans_no_lift_and_says_why(
    tmp_path: Path,
) -> None:
    season, plan = solved("11-b-marathon-mid-season.yaml")
    assert plan.status is Status.OPTIMAL
    (closed,) = plan.closed_weeks
    assert closed.week == 4 and "the marathon (B) on Sun 26 Apr" in closed.reason
    assert not [lift for lift in plan.lifts if lift.week == 4]
    assert_around_races(season, plan)
    # The coach wants no lift in the closed week: none is counted as missed (was 300).
    assert plan.lifts_per_week == [2, 2, 1, 0, 2, 2, 1, 1]
    assert plan.score["below_target"] == 0
    # The closed week, found again by the checker from a plan.csv (no closed_weeks in it).
    solved_and_checked(RACES / "11-b-marathon-mid-season.yaml", tmp_path / "plan.csv")
    # A week whose minimum the season writes is not closed for the race: the conflict stands.
    written = api.solve(
        with_overrides(season, ["week_overrides.4.lifting.per_week.min=2"]), time_limit=10
    )
    assert written.status is Status.INFEASIBLE


def test_12_the_week_a_midweek_b_marathon_s_recovery_reaches_into_asks_one_lift(
    tmp_path: Path,
) -> None:
    path = RACES / "12-b-marathon-midweek.yaml"
    out = tmp_path / "plan.json"
    solved_and_checked(path, out)  # was exit 3: infeasible
    season, plan = api.load_season(path), Plan.model_validate_json(out.read_text())
    # The race week: Mon and Tue before it, the race, then its days of no lift.
    (closed,) = plan.closed_weeks
    assert closed.week == 3 and "the marathon (B) on Wed 22 Apr" in closed.reason
    # The recovery reaches Mon-Wed of week 4: one light lift on what is left, not two.
    (after,) = [lift for lift in plan.lifts if lift.week == 4]
    assert after.date in (dt.date(2026, 4, 30), dt.date(2026, 5, 1))
    assert after.kind is LiftKind.LIGHT
    assert plan.lifts_per_week[4] == 2  # back to two a week
    # None missed in the closed week; the week the recovery reaches into keeps its wish
    # for two (the runner is back to training), so its one lift misses one.
    assert plan.score["below_target"] == season.weights_for_week(4).below_target
    assert_around_races(season, plan)
    # The runner who writes two lifts for that week keeps the conflict, said as such.
    written = CliRunner().invoke(
        cli, ["solve", str(path), "--set", "week_overrides.4.lifting.per_week.min=2"]
    )
    assert written.exit_code == 3, written.stdout + written.stderr
    assert "week 4" in written.stderr


def test_13_the_week_a_monday_b_race_s_days_of_no_lift_reach_back_into_asks_one_lift(
    tmp_path: Path,
) -> None:
    path = RACES / "13-bank-holiday-monday-10k.yaml"
    solved_and_checked(path, tmp_path / "plan.csv")  # was exit 3: infeasible
    season = api.load_season(path)
    plan = solve_checked(season)
    # Sat 2 and Sun 3 May are the 10k's days of no lift: one light lift on Tue or Thu.
    (before,) = [lift for lift in plan.lifts if lift.week == 4]
    assert before.date in (dt.date(2026, 4, 28), dt.date(2026, 4, 30))
    assert before.kind is LiftKind.LIGHT
    assert plan.lifts_per_week[:3] == [2, 2, 2]
    assert not plan.closed_weeks
    # The week keeps its wish for two (the race is still days away): one lift missed.
    missed = plan.score["below_target"]
    assert missed >= season.weights_for_week(4).below_target
    assert_around_races(season, plan)
    # The runner who writes two lifts for that week keeps the conflict, said as such.
    written = CliRunner().invoke(
        cli, ["solve", str(path), "--set", "week_overrides.4.lifting.per_week.min=2"]
    )
    assert written.exit_code == 3, written.stdout + written.stderr
    assert "week 4 (2026-04-27..2026-05-03) needs 2 lifts (lifting.per_week.min)" in written.stderr
