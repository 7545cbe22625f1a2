"""Synthetic worlds for protective monitoring: contract tables plus ground truth.

The world is a police force with regions, districts and units, a citizen population with invented
surnames (a few very common, most rare), addresses and vehicles, duty rosters with gaps and
overtime, registrations per unit, ordinary work (own cases, colleagues' cases, traffic stops that
are legitimately unexplained, free-text searches), large legitimate bursts (a major incident that a
third of a district works on, a public figure arrested by one unit) and every misuse scenario the
engine must find. Everything is invented; the same seed gives the same world.

Ground truth (``truth.jsonl``): one JSON object per misuse episode,
``{"episode_id", "user_id", "scenario", "event_ids": [...]}``. Legitimate bursts are described in
``bursts.jsonl`` (``{"burst_id", "scenario", "registration_id", "user_ids", "event_ids"}``) so that a
reviewer can see which false alerts they cause; the evaluation does not need that file.

The generator is a package by stage (:mod:`.draft` holds the world being drawn; :mod:`.staff`,
:mod:`.population`, :mod:`.registrations`, :mod:`.bursts`, :mod:`.work`, :mod:`.misuse` draw it in
the order of :func:`generate_world`; :mod:`.tables` writes it). ``python -m pmengine.generate OUT
--employees N --weeks W --seed S`` is ``vik monitor generate``.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from pmengine.contract import Format
from pmengine.generate import bursts, misuse, population, registrations, staff, tables, work
from pmengine.generate.draft import DAY, DEFAULT_VISITORS, Draft
from pmengine.generate.misuse import SCENARIOS
from pmengine.generate.tables import World, write_jsonl, write_world

__all__ = ["DEFAULT_VISITORS", "SCENARIOS", "World", "generate", "generate_world", "write_jsonl", "write_world"]


def generate_world(
    n_employees: int,
    weeks: int = 4,
    seed: int = 0,
    *,
    days: int | None = None,
    volume: float = 1.0,
    episodes_per_1000_user_days: float = 1.4,
    show_progress: bool = False,
    population_per_employee: int = 100,
    visitors: float = DEFAULT_VISITORS,
) -> World:
    """Build a synthetic world in memory.

    ``days`` overrides ``weeks`` (the speed benchmark uses one day); ``volume`` scales the number of
    lookups per shift; ``population_per_employee`` sizes the citizen population (the Netherlands has
    about 275 residents per police employee; 100 keeps worlds small while chance encounters with the
    same person stay rare); ``visitors`` is the share of ordinary lookups of people without a
    registration (traffic stops, callers, free-text searches) that concern a resident of another
    district of the region (default 0.2: a driver passing through, a caller from the next town; 0
    gives the worlds of session 1, in which ordinary work never met anyone from outside the own
    district). Misuse episodes are spread evenly over all scenarios, at least one each.
    """
    n_days = days if days is not None else weeks * 7
    if n_employees < 20 or n_days < 1:
        raise ValueError("minstens 20 medewerkers en 1 dag")
    console = Console(stderr=True)
    with Progress(console=console, disable=not show_progress, transient=True) as progress:
        w = Draft(
            n_employees, n_days, seed, volume, progress if show_progress else None, population_per_employee, visitors
        )
        staff.build_organisation(w)
        population.build_population(w)
        staff.build_rosters(w)
        registrations.build_registrations(w)
        bursts.major_incident(w)
        bursts.public_figure_arrest(w)
        registrations.index_registrations(w)
        work.ordinary_work(w)
        user_days = sum(len({s[2] // DAY for s in e.shifts}) for e in w.employees) * 0.94
        n_episodes = max(len(SCENARIOS), round(episodes_per_1000_user_days * user_days / 1000))
        order = [SCENARIOS[i % len(SCENARIOS)] for i in range(n_episodes)]
        w.rng.shuffle(order)
        for scenario in order:
            misuse.misuse(w, scenario)
        frames, truth, burst_table = tables.to_tables(w)
    return World(frames, truth, burst_table)


def generate(
    out_dir: str | Path,
    n_employees: int,
    weeks: int,
    seed: int,
    fmt: Format = "parquet",
    *,
    days: int | None = None,
    volume: float = 1.0,
    show_progress: bool = False,
    population_per_employee: int = 100,
    visitors: float = DEFAULT_VISITORS,
) -> World:
    """Generate a world and write it in the contract layout, plus ``truth.jsonl`` and ``bursts.jsonl``."""
    world = generate_world(
        n_employees,
        weeks,
        seed,
        days=days,
        volume=volume,
        show_progress=show_progress,
        population_per_employee=population_per_employee,
        visitors=visitors,
    )
    write_world(world, out_dir, fmt)
    return world
