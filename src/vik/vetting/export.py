"""The declared relations as the protective-monitoring contract's `declared_relations` table (CSV),
for the download of the SOC and `vik export_declared_relations`."""

import csv
from typing import TextIO

from . import selectors, services


def write_declared_relations(actor, stream: TextIO) -> int:
    """Write the CSV to `stream`, audit the export and return the number of rows."""
    rows = selectors.declared_relations()
    services.record_relations_export(actor, len(rows))
    writer = csv.DictWriter(stream, fieldnames=selectors.DECLARED_RELATIONS_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)
