"""Django settings.

Every value comes from the environment with a default that gives the embedded demo: SQLite under
`var/`, console e-mail, a development secret key. Production sets VIK_SECRET_KEY, VIK_DEBUG=0,
VIK_DB_* for PostgreSQL and VIK_EMAIL_* for SMTP. No secret lives in the repository.
"""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("VIK_PROJECT_DIR", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("VIK_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("VIK_DEBUG", True)
# A demo deployment (`make run`, the tests) keeps its generated secrets under var/; production sets
# VIK_DEMO=0 and every secret through the environment, or refuses to start.
VIK_DEMO = env_bool("VIK_DEMO", DEBUG)
# The directory for the embedded database, generated demo secrets, media and static files; a fresh
# clone has none, so it is made here rather than by whichever command happens to run first.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def secret(name: str, file_name: str) -> str:
    """The secret from environment variable `name`; in a demo deployment, else, one generated once
    into `var/<file_name>` (mode 0600, never in the repository). Raises RuntimeError in production
    when it is missing, so a server never starts with a guessable key."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if not VIK_DEMO:
        raise RuntimeError(f"{name} must be set (see docs/operations.md)")
    path = VAR_DIR / file_name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass  # generated before, or by a concurrent first start: read the winner's value
    else:
        import secrets

        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = secret("VIK_SECRET_KEY", "secret_key")

ALLOWED_HOSTS = os.environ.get("VIK_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("VIK_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "vik.core",
    "vik.accounts",
    "vik.audit",
    "vik.signals",
    "vik.triage",
    "vik.investigations",
    "vik.care",
    "vik.tasks",
    "vik.monitoring",
    "vik.dashboard",
    "vik.confidential",
    "vik.knowledge",
    "vik.prevention",
    "vik.jobs",
    "vik.vetting",
    "vik.learning",
    "vik.secondfactor",
    "vik.site",
    "vik.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "vik.core.middleware.DutchUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "vik.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vik.core.idle.IdleTimeoutMiddleware",
    # The second factor (vik.secondfactor): nothing but the code page until it is given.
    "vik.secondfactor.otp_middleware.SessionDeviceMiddleware",  # django-otp's, one statement per read
    "vik.secondfactor.middleware.SecondFactorRequiredMiddleware",
    "vik.core.middleware.RefuseNulCharactersMiddleware",
    # Irreversible acts ask for confirmation without JavaScript too (vik.core.confirm).
    "vik.core.confirm.ConfirmWithoutScriptMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "vik.audit.middleware.RequestContextMiddleware",
    "vik.policy.memo.ReadOnlyRequestMemoMiddleware",
    "vik.core.middleware.NoStoreForSignedInMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vik.urls"
WSGI_APPLICATION = "vik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vik.site.context_processors.navigation",
                "vik.core.idle.idle_settings",
            ],
        },
    }
]

if os.environ.get("VIK_DB_ENGINE", "sqlite") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("VIK_DB_NAME", "vik"),
            "USER": os.environ.get("VIK_DB_USER", "vik"),
            "PASSWORD": os.environ.get("VIK_DB_PASSWORD", ""),
            "HOST": os.environ.get("VIK_DB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("VIK_DB_PORT", "5432"),
            "CONN_MAX_AGE": int(os.environ.get("VIK_DB_CONN_MAX_AGE", "60")),
            "OPTIONS": {},
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("VIK_SQLITE_PATH", str(VAR_DIR / "vik.sqlite3")),
            # WAL: readers are not blocked while a writer (the dashboard rebuild) works.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }

# `vik serve` (gunicorn) takes its connections from a bounded pool per worker process
# (psycopg_pool through Django's "pool" option: as many connections as the worker has threads, and
# a request waits at most this long for one before it fails with a Dutch error page).
DB_POOL_TIMEOUT_SECONDS = float(os.environ.get("VIK_DB_POOL_TIMEOUT", "10"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
AUTHENTICATION_BACKENDS = [
    "vik.accounts.backends.ThrottledSignInBackend",
    # Django's password backend, reading a session's user with his roles and unit in one query.
    "vik.accounts.backends.UserBackend",
]
# Sign-in throttling (django-axes): after 5 failed attempts for one user name from one address,
# that pair is refused for 15 minutes (a Dutch page, HTTP 429, an audit event per attempt). The pair,
# not the address alone: a whole office behind one proxy must not be locked out by one person.
AXES_FAILURE_LIMIT = int(os.environ.get("VIK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("VIK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "vik.accounts.backends.locked_out"
AXES_VERBOSE = False
# Behind the TLS proxy every client would have the proxy's address: name the header the proxy sets
# (e.g. HTTP_X_FORWARDED_FOR); its last entry, the one our proxy appended, is the client. Used by
# the sign-in throttling and the anonymous channel's per-client throttling alike.
if os.environ.get("VIK_CLIENT_ADDRESS_HEADER"):
    _CLIENT_ADDRESS_HEADER = os.environ["VIK_CLIENT_ADDRESS_HEADER"]

    def _client_address(request):
        forwarded = request.META.get(_CLIENT_ADDRESS_HEADER, "").split(",")[-1].strip()
        return forwarded or request.META.get("REMOTE_ADDR")

    AXES_CLIENT_IP_CALLABLE = _client_address
LOGIN_REDIRECT_URL = "home"
# The second factor after the password (vik.secondfactor, docs/operations.md): the issuer shown in
# the authenticator app, and django-otp's wait after a wrong code (1, 2, 4, ... seconds times this).
OTP_TOTP_ISSUER = os.environ.get("VIK_OTP_ISSUER", "VIK")
OTP_TOTP_THROTTLE_FACTOR = float(os.environ.get("VIK_OTP_THROTTLE_FACTOR", "1"))
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# dd-mm-jjjj and dd-mm-jjjj HH:MM in every language, for display and input (see vik/formats).
FORMAT_MODULE_PATH = ["vik.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG  # debug and tests: straight from the apps, no collectstatic needed
# Static files are served by the application itself (WhiteNoise); with debug off under hashed,
# compressed names from `vik collectstatic` (make run does it), far-future cacheable.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("VIK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
VIK_MAX_ATTACHMENT_BYTES = int(os.environ.get("VIK_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024))

# Django 6.1 mailers: console output in the demo; SMTP when VIK_EMAIL_BACKEND says so.
_mail_backend = os.environ.get("VIK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
_mail_options: dict = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("VIK_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("VIK_EMAIL_PORT", "25")),
        "username": os.environ.get("VIK_EMAIL_USER", ""),
        "password": os.environ.get("VIK_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("VIK_EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("VIK_FROM_EMAIL", "vik-noreply@example.invalid")

# Served over HTTPS (behind the force's TLS proxy): secure cookies, and HSTS when VIK_HSTS_SECONDS
# is set. `make run` serves plain HTTP on loopback and sets VIK_HTTPS=0.
VIK_HTTPS = env_bool("VIK_HTTPS", not DEBUG)
# Django's database sessions, read with one statement instead of an ORM query (vik.core.sessions).
SESSION_ENGINE = "vik.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = VIK_HTTPS
CSRF_COOKIE_SECURE = VIK_HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("VIK_HSTS_SECONDS", "0")) if VIK_HTTPS else 0
SECURE_SSL_REDIRECT = env_bool("VIK_SSL_REDIRECT", False)
if os.environ.get("VIK_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["VIK_PROXY_SSL_HEADER"], "https")
SESSION_COOKIE_AGE = 8 * 3600
# Signed out after this long without activity, with a warning shortly before (vik.core.idle).
VIK_IDLE_SECONDS = int(os.environ.get("VIK_IDLE_MINUTES", "30")) * 60
VIK_IDLE_WARNING_SECONDS = 120
# Requests that leave no trace in the session, not even the time of activity: the anonymous
# reporting channel (a session's last activity must not date an anonymous report).
VIK_IDLE_UNTRACKED_PATHS = ["/vertrouwelijk/anoniem/"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content security policy (Django's own middleware): scripts only from our static files, never
# inline or from elsewhere; no plugins, frames or foreign form targets. Inline style attributes stay
# allowed for the server-drawn bar widths (autoescaped values; style cannot run script).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Single sign-on with the force's identity provider (OpenID Connect, authorization code flow with
# PKCE; vik.accounts.sso, docs/operations.md). Off unless a client id and the issuer (or the
# endpoints) are set; the login page then offers only the local accounts.
VIK_OIDC_ISSUER = os.environ.get("VIK_OIDC_ISSUER", "").strip().rstrip("/")
VIK_OIDC_CLIENT_ID = os.environ.get("VIK_OIDC_CLIENT_ID", "").strip()
VIK_OIDC_CLIENT_SECRET = os.environ.get("VIK_OIDC_CLIENT_SECRET", "").strip()
VIK_OIDC_ENDPOINTS = {  # each overrides the issuer's discovery document
    name: os.environ.get(f"VIK_OIDC_{name.upper()}", "").strip()
    for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
                 "end_session_endpoint")
}
VIK_OIDC_SCOPES = os.environ.get("VIK_OIDC_SCOPES", "openid profile email")
VIK_OIDC_SIGN_ALGO = os.environ.get("VIK_OIDC_SIGN_ALGO", "RS256")
VIK_OIDC_CLAIM_PERSONNEL_NUMBER = os.environ.get("VIK_OIDC_CLAIM_PERSONNEL_NUMBER", "personnel_number")
VIK_OIDC_CLAIM_ROLES = os.environ.get("VIK_OIDC_CLAIM_ROLES", "roles")
VIK_OIDC_CLAIM_UNIT = os.environ.get("VIK_OIDC_CLAIM_UNIT", "unit")


def json_object(name: str) -> dict | None:
    """The JSON object in environment variable `name` (None when unset); refuses to start on
    anything else, rather than sign people in under a mapping nobody meant."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise RuntimeError(f"{name} must be a JSON object (see docs/operations.md)")
    return value


# The provider's role names → VIK's role codes (JSON object; a value may be a list). Unset: the
# provider sends VIK's own role codes. A role the map does not name grants nothing.
VIK_OIDC_ROLE_MAP = json_object("VIK_OIDC_ROLE_MAP")
# The provider's unit identifiers → VIK's unit codes (JSON object). Unset: the claim is the code.
VIK_OIDC_UNIT_MAP = json_object("VIK_OIDC_UNIT_MAP") or {}
# Signing out of VIK also ends the provider's session: its origin may receive the sign-out form's
# redirect (form-action applies to where a form's answer redirects).
SECURE_CSP["form-action"] += sorted({
    "{0.scheme}://{0.netloc}".format(urlsplit(url))
    for url in (VIK_OIDC_ISSUER, VIK_OIDC_ENDPOINTS["end_session_endpoint"]) if url
})

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the API is for programs; people read it at /api/docs/. DRF's browsable pages were
    # English inside the Dutch product (tester t37: "Api Root", "Signal List").
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "VIK API",
    "DESCRIPTION": "Signals, triage decisions and cases of the police integrity system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: no download from a CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Every answer is described, errors too (vik/core/api_schema.py).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "vik.core.api_schema.document_error_responses"],
}

# Domain defaults (overridable per investigation type where the model allows it).
VIK_HEARING_PREPARATION_WORKING_DAYS = int(os.environ.get("VIK_HEARING_PREP_DAYS", "5"))
VIK_STATUS_UPDATE_WEEKS = int(os.environ.get("VIK_STATUS_UPDATE_WEEKS", "4"))
# Protective monitoring: data directories may only be imported from below this root, and the
# pseudonyms of monitored staff are keyed with this secret (set it in production).
VIK_MONITOR_DATA_ROOT = Path(os.environ.get("VIK_MONITOR_DATA_ROOT", VAR_DIR / "monitoring"))
# Its own key, never the secret key: a pseudonym must be undone only by a four-eyes reveal.
VIK_PSEUDONYM_KEY = secret("VIK_PSEUDONYM_KEY", "pseudonym_key")
# The audit trail's hashes are keyed with a secret outside the database, and its head is anchored
# in a file outside it (see vik.audit.services).
VIK_AUDIT_KEY = secret("VIK_AUDIT_KEY", "audit_key")
# The authenticator apps' keys (TOTP) are sealed with this secret (vik.secondfactor.sealing): a copy
# of the database alone does not give anyone's codes.
VIK_OTP_KEY = secret("VIK_OTP_KEY", "otp_key")
# Record keys of the dashboard's cell-key noise (vik.core.cellkey); SECRET_KEY when unset. Changing
# it changes every published count's noise, so set it once (a rebuild of the facts follows).
VIK_CELL_KEY_SECRET = os.environ.get("VIK_CELL_KEY_SECRET", "").strip()
VIK_AUDIT_ANCHOR_FILE = Path(os.environ.get("VIK_AUDIT_ANCHOR_FILE", VAR_DIR / "audit-anchors.log"))
VIK_SCHEDULER_INTERVAL_SECONDS = int(os.environ.get("VIK_SCHEDULER_INTERVAL", "300"))
# Background jobs (vik.jobs): Django's task framework with the database backend of django-tasks-db;
# `vik serve` starts its `db_worker` as a process of its own. No broker: SQLite or PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
VIK_JOBS_POLL_SECONDS = int(os.environ.get("VIK_JOBS_POLL_SECONDS", "2"))
# The background process (and `vik dashboard_rebuild`) runs at this lower CPU priority (nice): a
# rebuild or an import yields the cores to the web workers, so pages stay quick while it runs.
VIK_BACKGROUND_NICE = int(os.environ.get("VIK_BACKGROUND_NICE", "10"))
# The anonymous channel's throttling (vik.confidential.throttle; docs/security.md).
VIK_ANON_POW_BITS = int(os.environ.get("VIK_ANON_POW_BITS", "16"))
VIK_ANON_POW_ABOVE = int(os.environ.get("VIK_ANON_POW_ABOVE", "30"))
VIK_ANON_POW_ALWAYS = env_bool("VIK_ANON_POW_ALWAYS", False)
VIK_ANON_REPORTS_PER_WINDOW = int(os.environ.get("VIK_ANON_REPORTS_PER_WINDOW", "3"))
VIK_RECEIPT_FAILURES_PER_CLIENT = int(os.environ.get("VIK_RECEIPT_FAILURES_PER_CLIENT", "10"))
VIK_RECEIPT_FAILURES_PER_KEY = int(os.environ.get("VIK_RECEIPT_FAILURES_PER_KEY", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "vik": {"handlers": ["console"], "level": os.environ.get("VIK_LOG_LEVEL", "INFO")},
        # With debug off Django logs a server error nowhere by default: every 500 with its traceback.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
