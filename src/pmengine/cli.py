"""Command line: ``vik monitor detect|learn|generate|evaluate ...`` (also ``python -m pmengine``).

Malformed input stops with a Dutch message naming file, row and column, and exit code 2; output is
written to a temporary file and renamed, so nothing is half-written.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pmengine import baseline, contract, explain, feedback, learn, pipeline
from pmengine.contract import atomic_path
from pmengine.dense import densify
from pmengine.engine import detect_dir, user_days
from pmengine.errors import ContractError, PMEngineError, UsageError
from pmengine.evaluate import evaluate, load_jsonl, load_truth
from pmengine.generate import DEFAULT_VISITORS, generate_world, write_world
from pmengine.params import Params

log = logging.getLogger("pmengine")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vik monitor", description="Protective monitoring: atypisch bevragen.")
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("detect", help="meldingen maken uit een map met auditgegevens")
    d.add_argument("data_dir")
    d.add_argument("--out", required=True, help="uitvoerbestand (JSONL)")
    d.add_argument("--feedback", help="oordelen van beoordelaars (JSONL)")
    d.add_argument(
        "--baseline",
        nargs="?",
        const="lookups",
        default=None,
        choices=baseline.MODES,
        help="eenvoudige vergelijkingsregels in plaats van de engine: opvragingen met een vlag per gebruikersdag "
        "(lookups, standaard) of het aantal vlaggen per gebruikersdag (flags)",
    )
    d.add_argument(
        "--chunk-days",
        type=int,
        default=None,
        help="verwerk per blok van zoveel dagen met begrensd geheugen (0 = nooit; standaard automatisch bij lange "
        "vensters in Parquet)",
    )
    d.add_argument(
        "--weights",
        help="geleerde gewichtsfactoren uit 'vik monitor learn' (JSON); zonder: de handgewichten",
    )
    lrn = sub.add_parser("learn", help="gewichten per regel leren uit oordelen over eerdere meldingen")
    lrn.add_argument("data_dir", help="de auditgegevens waarover de beoordeelde meldingen gingen")
    lrn.add_argument("--feedback", required=True, help="oordelen van beoordelaars (JSONL)")
    lrn.add_argument("--out", required=True, help="uitvoerbestand met de factoren (JSON)")
    g = sub.add_parser("generate", help="synthetische wereld met grondwaarheid maken")
    g.add_argument("out_dir")
    g.add_argument("--employees", type=int, required=True)
    g.add_argument("--weeks", type=int, required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--format", choices=contract.FORMATS, default="parquet")
    g.add_argument(
        "--visitors",
        type=float,
        default=DEFAULT_VISITORS,
        help="aandeel gewone opvragingen zonder registratie over inwoners van een ander district (standaard 0,2)",
    )
    g.add_argument(
        "--profile",
        choices=("ordinary", "dense"),
        default="ordinary",
        help="dense: drukke eenheden met duizenden registraties, grote incidenten, volle adressen en records "
        "die duizenden keren worden opgevraagd (scheef zoals echte gegevens)",
    )
    g.add_argument("--no-progress", action="store_true")
    e = sub.add_parser("evaluate", help="meldingen toetsen aan de grondwaarheid")
    e.add_argument("data_dir")
    e.add_argument("truth")
    e.add_argument("alerts")
    e.add_argument("--no-explained", action="store_true", help="aandeel verklaarde opvragingen niet berekenen")
    return parser


def _detect(args: argparse.Namespace) -> int:
    verdicts = feedback.load_verdicts(args.feedback) if args.feedback else []
    if args.chunk_days is not None and args.chunk_days < 0:
        raise UsageError("--chunk-days moet 0 of groter zijn")
    factors = learn.load(args.weights).factors if args.weights else None
    if factors:
        print(
            "gewichtsfactoren uit oordelen: "
            + ", ".join(f"{code} {f:.2f}" for code, f in sorted(factors.items()) if abs(f - 1.0) > 0.005),
            file=sys.stderr,
        )
    result = detect_dir(
        args.data_dir,
        verdicts=verdicts,
        baseline=args.baseline or False,
        chunk_days=args.chunk_days,
        weight_factors=factors,
    )
    with atomic_path(Path(args.out)) as tmp, tmp.open("w", encoding="utf-8") as handle:
        for alert in result.alerts:
            handle.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
    share = result.explained_share
    print(
        f"{len(result.alerts)} meldingen uit {result.lookups} opvragingen ({result.user_days} gebruikersdagen); "
        f"verklaard {share.get('explained', 0.0):.1%}, deels {share.get('partial', 0.0):.1%}, "
        f"onverklaard {share.get('unexplained', 0.0):.1%} van de opvragingen met een record",
        file=sys.stderr,
    )
    return 0


def _learn(args: argparse.Namespace) -> int:
    verdicts = feedback.load_verdicts(args.feedback)
    model = learn.learn(contract.load_dataset(args.data_dir), verdicts)
    learn.save(model, args.out)
    for line in model.lines():
        print(line)
    return 0


def _generate(args: argparse.Namespace) -> int:
    if args.employees < 20 or args.weeks < 1:
        raise UsageError("--employees moet minstens 20 zijn en --weeks minstens 1")
    if not 0.0 <= args.visitors <= 1.0:
        raise UsageError("--visitors moet tussen 0 en 1 liggen")
    world = generate_world(
        args.employees, args.weeks, args.seed, show_progress=not args.no_progress, visitors=args.visitors
    )
    if args.profile == "dense":
        world = densify(world, args.seed)
    write_world(world, args.out_dir, args.format)
    print(
        f"{world.tables['query_log'].height} opvragingen, {world.truth.height} misbruikepisodes "
        f"geschreven naar {args.out_dir} (grondwaarheid: truth.jsonl)",
        file=sys.stderr,
    )
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    path = contract.find_table_file(data_dir, "query_log")
    if path is None:
        raise ContractError("verplichte tabel 'query_log' ontbreekt", file=str(data_dir / "query_log"))
    query_log = contract.load_table(path, "query_log")
    result = evaluate(load_jsonl(args.alerts), load_truth(args.truth), user_days(query_log))
    for line in result.lines():
        print(line)
    if not args.no_explained:
        frame, _ = pipeline.chunk_evidence(pipeline.Chunk(0, contract.load_dataset(data_dir)), Params())
        share = explain.explained_shares(frame)
        print(
            f"aandeel opvragingen (met record) verklaard: {share['explained']:.3f}, deels: {share['partial']:.3f}, "
            f"onverklaard: {share['unexplained']:.3f}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit code (0 ok, 2 bad input or usage)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    try:
        if args.command == "detect":
            return _detect(args)
        if args.command == "learn":
            return _learn(args)
        if args.command == "generate":
            return _generate(args)
        return _evaluate(args)
    except PMEngineError as exc:
        log.debug("input error", exc_info=True)
        print(exc.message, file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Bestand niet te lezen of te schrijven: {exc.filename or ''} ({exc.strerror})", file=sys.stderr)
        return 2
