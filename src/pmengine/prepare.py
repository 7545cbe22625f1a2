"""Turn the contract tables into one wide frame of lookups, the input of every later step.

Each row is one ``query_log`` event, joined with what is known about the employee who ran it
(unit, role, home) and about the record he opened (surname, address, public figure, colleague).
Local time (hour of day, calendar day) is computed here once, in the force's time zone
(:attr:`pmengine.params.Params.time_zone`).
"""

from __future__ import annotations

import polars as pl

from pmengine.contract import Dataset
from pmengine.params import Params

UNKNOWN = "onbekend"


def prepare(ds: Dataset, params: Params) -> pl.DataFrame:
    """One row per lookup with employee and subject attributes and local time columns."""
    emp = ds.employees.select(
        "user_id",
        "unit",
        "district",
        "region",
        "role",
        pl.col("home_postcode").str.replace_all(" ", "").str.to_uppercase(),
        pl.col("home_address_id"),
        pl.col("surname_key").alias("user_surname"),
    )
    subj = ds.subjects.select(
        "subject_type",
        "subject_id",
        pl.col("surname_key").alias("s_surname"),
        pl.col("address_id").alias("s_address_id"),
        pl.col("postcode").str.replace_all(" ", "").str.to_uppercase().alias("s_postcode"),
        "high_profile",
        "employee_user_id",
    )
    local = pl.col("ts").dt.convert_time_zone(params.time_zone)
    frame = (
        ds.query_log.lazy()
        .with_row_index("row")
        .join(emp.lazy(), on="user_id", how="left", maintain_order="left")
        .join(subj.lazy(), on=["subject_type", "subject_id"], how="left", maintain_order="left")
        .with_columns(
            pl.col("unit", "district", "region", "role").fill_null(UNKNOWN),
            pl.col("home_postcode").str.slice(0, 4).alias("home_pc4"),
            # a free-text search that names a postcode is about that postcode
            pl.coalesce(
                "s_postcode",
                pl.col("query_text")
                .str.to_uppercase()
                .str.extract(r"\b(\d{4})\s?([A-Z]{2})\b", 0)
                .str.replace_all(" ", ""),
            ).alias("s_postcode"),
            pl.col("high_profile").fill_null(False),
            local.dt.date().alias("day"),
            local.dt.hour().cast(pl.Int8).alias("hour"),
        )
        .with_columns(
            pl.concat_str("role", pl.lit("|"), "unit").alias("peer"),
            pl.col("s_postcode").str.slice(0, 4).alias("s_pc4"),
        )
        # In the query log's order, kept by the joins: sorting the wide frame afterwards took
        # half of this function's time (session 19).
        .collect()
    )
    return frame
