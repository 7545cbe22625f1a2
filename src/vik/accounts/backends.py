"""Sign-in throttling: django-axes counts failed sign-ins per user name and address and refuses
further attempts for a while (settings `AXES_*`; the refusal is the Dutch page
`registration/locked_out.html`, HTTP 429)."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend

# The backend every session is signed in with (password, SSO, second factor): `UserBackend`.
SESSION_BACKEND = "vik.accounts.backends.UserBackend"


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Axes' check before the password backend, for every sign-in that comes with a request (the
    login page, the API's basic authentication). A call without a request is code in this process
    (the test client's `login`, a management command): nobody can guess passwords through it, so it
    is passed on to the next backend instead of failing as Axes' own backend does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """The answer to a refused sign-in while locked out: the Dutch page with the wait in minutes,
    HTTP 429 (Too Many Requests). Named in `settings.AXES_LOCKOUT_CALLABLE`."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class UserBackend(ModelBackend):
    """Django's password backend, whose `get_user` (every request of a signed-in session) reads in
    one statement what nearly every page asks next: the user, his employee with the unit chain up
    to the region (the policy's `_region_of`, the name in the header), his role names, whether he
    has a confirmed second-factor device and whether he is a member of any case (the menu).

    Through the ORM that was four to five queries per request (issue 14, load), and as one
    annotated ORM query it cost more CPU than the five (3.4 ms against 1.7 ms: building and
    compiling the expressions); so the statement is SQL made once per process from the models'
    own metadata (`_session_user_sql`) and the rows become model instances with `Model.from_db`,
    as the ORM makes them. Read afresh on every request, never cached across requests: a role
    taken away counts from the next click."""

    def get_user(self, user_id):
        from django.db import connection

        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        sql, parts, converters = _session_user_sql(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        row = list(row)
        for at, expression, functions in converters:  # as the ORM's compiler applies them
            for convert in functions:
                row[at] = convert(row[at], expression, connection)
        objects, at = [], 0
        for model, names in parts:
            values = row[at:at + len(names)]
            at += len(names)
            objects.append(None if values[0] is None else model.from_db(connection.alias, names, values))
        user, employee, *units = objects
        role_names, has_device, is_member = row[at:at + 3]
        if not self.user_can_authenticate(user):
            return None
        _cache_chain(user, employee, units)
        user._vik_roles = frozenset(filter(None, (role_names or "").split("\n")))
        user.vik_has_device = bool(has_device)
        user.vik_is_case_member = bool(is_member)
        return user


def _cache_chain(user, employee, units) -> None:
    """Put the employee and his unit chain in the relation caches, as select_related would."""
    from vik.accounts.models import Employee, Unit, User

    User.employee.field.set_cached_value(user, employee)
    if employee is None:
        return
    child_field, child = Employee.unit.field, employee
    for unit in units:
        if unit is None:
            return
        child_field.set_cached_value(child, unit)
        child_field, child = Unit.parent.field, unit


_SQL_CACHE: dict[str, tuple[str, list, list]] = {}
UNIT_LEVELS = 3  # the employee's unit, its district and its region (a deeper tree reads further)


def _session_user_sql(vendor: str) -> tuple[str, list, list]:
    """(SQL with one parameter, the user id; [(model, column attnames)] in select order; the
    database converters per column, [(index, column expression, [converter])]), made once per
    process from the models' metadata. One row, or none for an unknown id."""
    if vendor in _SQL_CACHE:
        return _SQL_CACHE[vendor]
    from django.db import connection

    from vik.accounts.models import Employee, Unit, User

    q = connection.ops.quote_name
    group_model = User.groups.field.related_model
    through = User.groups.through
    device = User.totpdevice_set.rel.related_model
    member = User.case_memberships.rel.related_model

    def columns(model, alias):
        fields = model._meta.concrete_fields
        return [f"{alias}.{q(f.column)}" for f in fields], [f.attname for f in fields]

    selects, parts = [], []
    joins = [f"{q(User._meta.db_table)} u"]
    cols, names = columns(User, "u")
    selects += cols
    parts.append((User, names))
    cols, names = columns(Employee, "e")
    selects += cols
    parts.append((Employee, names))
    joins.append(f"LEFT JOIN {q(Employee._meta.db_table)} e ON e.{q('id')} = u.{q(User.employee.field.column)}")
    previous = f"e.{q(Employee.unit.field.column)}"
    for level in range(UNIT_LEVELS):
        alias = f"u{level}"
        cols, names = columns(Unit, alias)
        selects += cols
        parts.append((Unit, names))
        joins.append(f"LEFT JOIN {q(Unit._meta.db_table)} {alias} ON {alias}.{q('id')} = {previous}")
        previous = f"{alias}.{q(Unit.parent.field.column)}"
    aggregate = "string_agg(g.{name}, chr(10))" if vendor == "postgresql" else "group_concat(g.{name}, char(10))"
    selects.append(
        f"(SELECT {aggregate.format(name=q('name'))} FROM {q(group_model._meta.db_table)} g "
        f"JOIN {q(through._meta.db_table)} ug ON ug.{q(through._meta.get_field('group').column)} = g.{q('id')} "
        f"WHERE ug.{q(through._meta.get_field('user').column)} = u.{q('id')})")
    selects.append(f"EXISTS (SELECT 1 FROM {q(device._meta.db_table)} d WHERE d.{q('user_id')} = u.{q('id')} "
                   f"AND d.{q('confirmed')})")
    selects.append(f"EXISTS (SELECT 1 FROM {q(member._meta.db_table)} m WHERE m.{q('user_id')} = u.{q('id')})")
    sql = f"SELECT {', '.join(selects)} FROM {' '.join(joins)} WHERE u.{q('id')} = %s"
    converters, at = [], 0
    for (model, _names), alias in zip(parts, ["u", "e", *[f"u{level}" for level in range(UNIT_LEVELS)]], strict=True):
        for field in model._meta.concrete_fields:
            expression = field.get_col(alias)
            functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
            if functions:
                converters.append((at, expression, functions))
            at += 1
    _SQL_CACHE[vendor] = (sql, parts, converters)
    return _SQL_CACHE[vendor]
