"""One row as a model instance, read with a statement made once per process.

For the few reads every request makes (the session's second-factor device; see also
`accounts.backends.UserBackend`): through the ORM each cost 0.7-1 ms of CPU to build and compile,
several times the database's own work (issue 14, load; docs/architecture.md). The statement
selects the model's concrete columns; the values pass the same database converters the ORM applies
and become an instance with `Model.from_db`, as the ORM makes them.
"""

from django.db import connection

_PLANS: dict[tuple, tuple] = {}


def _plan(model, where: str) -> tuple:
    key = (connection.vendor, model, where)
    if key not in _PLANS:
        q = connection.ops.quote_name
        fields = model._meta.concrete_fields
        converters = []
        for at, field in enumerate(fields):
            expression = field.get_col("t")
            functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if functions:
                converters.append((at, expression, functions))
        sql = (f"SELECT {', '.join(f't.{q(f.column)}' for f in fields)} FROM {q(model._meta.db_table)} t "
               f"WHERE {where}")
        _PLANS[key] = (sql, [f.attname for f in fields], converters)
    return _PLANS[key]


def fetch_one(model, where: str, params: list):
    """The first row of `model` matching `where` (SQL over alias `t`, with %s parameters) as an
    instance, or None. `where` is code, never user input; values go in `params`."""
    sql, names, converters = _plan(model, where)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for at, expression, functions in converters:
        for convert in functions:
            row[at] = convert(row[at], expression, connection)
    return model.from_db(connection.alias, names, row)
