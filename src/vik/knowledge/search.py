"""Dutch full-text search over a queryset, on PostgreSQL and on SQLite.

On PostgreSQL the database does the work: a weighted `SearchVector` with the 'dutch' configuration
(stemming, Dutch stop words) matched against a `websearch` query and ordered by rank. The vector
is built at query time; the collections searched here hold hundreds of rows, not millions.

Elsewhere (the embedded SQLite demo) each searchable model keeps a `search_text` column with the
stems of its text (`stemmer.index_text`, refreshed by the services on every save). A query is
stemmed the same way and every stem must occur at the start of a stored stem; rows whose title
matches come first. Both paths use the Snowball Dutch stemmer, so they find the same things.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from . import stemmer


@dataclass(frozen=True)
class SearchSpec:
    """What to search: fields by weight ("A" most important) and the field for the title."""

    weighted: dict[str, Sequence[str]]
    title_field: str = "title"


def search(qs: QuerySet, query: str, spec: SearchSpec) -> list:
    """The rows of `qs` matching `query`, best first. An empty query matches nothing."""
    query = (query or "").strip()[:200]
    if not query:
        return []
    if connection.vendor == "postgresql":
        return _search_postgresql(qs, query, spec)
    return _search_stems(qs, query, spec)


def _search_postgresql(qs: QuerySet, query: str, spec: SearchSpec) -> list:
    # Imported here: django.contrib.postgres needs psycopg and is only meaningful on PostgreSQL.
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = None
    for weight, fields in spec.weighted.items():
        part = SearchVector(*fields, weight=weight, config="dutch")
        vector = part if vector is None else vector + part
    search_query = SearchQuery(query, config="dutch", search_type="websearch")
    return list(
        qs.annotate(_document=vector, _rank=SearchRank(vector, search_query))
        .filter(_document=search_query)
        .order_by("-_rank", spec.title_field)
    )


def _search_stems(qs: QuerySet, query: str, spec: SearchSpec) -> list:
    wanted = stemmer.stems(query, drop_stopwords=True) or stemmer.stems(query)
    if not wanted:
        return []
    condition = Q()
    for stem in wanted:
        condition &= Q(search_text__contains=" " + stem)
    rows = list(qs.filter(condition))

    def score(row) -> tuple:
        title = stemmer.index_text(str(getattr(row, spec.title_field)))
        return (-sum(1 for stem in wanted if " " + stem in title), str(getattr(row, spec.title_field)))

    return sorted(rows, key=score)
