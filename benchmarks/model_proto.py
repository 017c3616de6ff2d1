"""Whether two checkouts build the same CP-SAT models: a hash of each model's full text dump
(`CpModel.Proto()` in protobuf text format: variables with names and domains, constraints,
objective), for every athlete of a generated team and every season in examples/.

    python -m benchmarks.model_proto --baseline OLD/src [--athletes 200]

Each athlete's season is built as the batch builds it (shipped options), and again with one
boolean per slot (no weekly patterns) and with two lifts a day allowed, so the paths a
season rarely takes are compared too. Each example is also solved, explained and re-planned
through the api, and every model `solve_timeline` builds on the way is hashed (a re-plan's
commitments included). Exits 1 when any hash differs or a model is missing on one side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import json
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def model_hash(model: Any) -> str:
    """sha256 of the model's protobuf text dump (the pybind11 proto has no SerializeToString)."""
    return hashlib.sha256(str(model.Proto()).encode()).hexdigest()


def variants(name: str, timeline: Any, rules: Any) -> dict[str, str]:
    """The model of a season as shipped, without patterns, and with two lifts a day."""
    from liftplan.solver.model import ModelOptions, build_model

    two_a_day = rules.model_copy(update={"max_lifts_per_day": 2})
    return {
        f"{name} shipped": model_hash(build_model(timeline, rules).model),
        f"{name} no patterns": model_hash(
            build_model(timeline, rules, options=ModelOptions(patterns=False)).model
        ),
        f"{name} two a day": model_hash(build_model(timeline, two_a_day).model),
    }


def through_api(name: str, path: Path) -> dict[str, str]:
    """Every model the api builds to solve, explain and re-plan the season at ``path``."""
    from liftplan import api

    solve: Any = importlib.import_module("liftplan.solver.solve")  # its build_model, wrapped
    built: list[str] = []
    original = solve.build_model

    def recording(*args: Any, **kwargs: Any) -> Any:
        season = original(*args, **kwargs)
        built.append(model_hash(season.model))
        return season

    solve.build_model = recording  # solve_timeline looks it up by name
    try:
        season = api.load_season(path)
        plan = api.solve(season, repairs=False)
        api.explain(season, repairs=False)
        if plan.status.solved and plan.lifts:
            middle = plan.lifts[len(plan.lifts) // 2].start.date()
            api.replan(season, plan, middle + dt.timedelta(days=1))
    finally:
        solve.build_model = original
    return {f"{name} api #{index}": digest for index, digest in enumerate(built)}


def measure(team_file: Path) -> dict[str, str]:
    """Every hash of this code (the one first on the path)."""
    from liftplan.errors import InputError
    from liftplan.io.team_file import load_team

    try:
        from liftplan.io.team_file import member_season
    except ImportError:  # a baseline from before `member_season`
        from liftplan.team.batch import season_of as member_season
    from liftplan.timeline import build_timeline

    hashes: dict[str, str] = {}
    for athlete in load_team(team_file).athletes:
        season = member_season(athlete)
        hashes.update(variants(athlete.id, build_timeline(season), season.rules))
    from liftplan import api

    for path in [*sorted(ROOT.glob("examples/*.yaml")), *sorted(ROOT.glob("examples/*/*.yaml"))]:
        try:
            season = api.load_season(path)
        except InputError:  # not a season (examples/scenarios holds overrides)
            continue
        name = str(path.relative_to(ROOT))
        hashes.update(variants(name, build_timeline(season), season.rules))
        hashes.update(through_api(name, path))
    return hashes


def run(team_file: Path, source: str) -> dict[str, str]:
    """`measure` in a fresh process with ``source`` first on the path."""
    from benchmarks.athlete_cost import run as in_child

    hashes = in_child(team_file, source, "benchmarks.model_proto")
    return {key: str(digest) for key, digest in hashes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--baseline", required=False, help="another checkout's src, compared")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child's part: one team file
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return
    if not args.baseline:
        parser.error("--baseline is required")
    from benchmarks.batch_scale import team_yaml

    with tempfile.TemporaryDirectory() as folder:
        team_file = team_yaml(Path(folder), args.athletes, as_json=True)
        old = run(team_file, str(Path(args.baseline).resolve()))
        new = run(team_file, str(ROOT / "src"))
    differ = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    print(f"{len(old)} models on the baseline, {len(new)} on this code, {len(differ)} differ")
    for key in differ[:20]:
        print(f"  {key}: {old.get(key, '-')[:12]} vs {new.get(key, '-')[:12]}")
    if differ:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
