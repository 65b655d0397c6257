"""Tidtam settings: one module, configured by environment variables.

Defaults are safe for a local run on the embedded SQLite database under var/.
Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, SITE_URL and DEBUG=0.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ

from core.calendar import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from tidtam.secret_key import secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# Outside DEBUG the site refuses to start without a real key of its own (tidtam/secret_key.py).
SECRET_KEY = secret_key(env.str("SECRET_KEY", default=""), debug=DEBUG)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # a plain page that offers the form again

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "core",
    "orgs",
    "jobs",
    "plans",
    "monitoring",
    "evaluation",
    "surveys",
    "people",
    "dashboard",
    "reports",
    "rest_framework",
    "drf_spectacular",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "orgs.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tidtam.urls"
WSGI_APPLICATION = "tidtam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "monitoring.context_processors.unread_notifications",
            ],
            "builtins": ["core.templatetags.thai", "core.templatetags.ui"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tidtam.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN
    # so read-then-write requests queue on the busy timeout instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Tests use a file beside the database, not shared memory, so concurrent tests behave as in production.
    DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}-test"}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Password reset by email: the link works once, for this long; requests are limited per hour from one address
# and to one email address (orgs/password_reset.py, counted in the cache below).
PASSWORD_RESET_TIMEOUT = 60 * env.int("PASSWORD_RESET_MINUTES", default=60)
TIDTAM_PASSWORD_RESET_LIMITS = {
    "per_address": env.int("PASSWORD_RESET_PER_ADDRESS", default=10),
    "per_email": env.int("PASSWORD_RESET_PER_EMAIL", default=3),
}

# Each process's memory unless CACHE_URL names a cache the web workers share (e.g. redis://...,
# or dbcache://tidtam_cache after `manage.py createcachetable`): the password-reset limits count there.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Login throttling: repeated failures lock a username at one address only (the same user signs in from
# another address), for a fixed cool-off counted from the failure that locked it: attempts during the
# lockout do not extend it, so nobody keeps a colleague locked out. An organization admin can unlock a
# member on the members page (orgs/lockouts.py).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Language: Thai first, English available per user.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/sarabun", NODE_MODULES / "@fontsource" / "sarabun"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MANIFEST_STRICT = False
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
# Where ``manage.py backup`` writes its archives by default (see README, "Backup and restore").
TIDTAM_BACKUP_DIR = env.path("TIDTAM_BACKUP_DIR", default=VAR_DIR / "backups")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tidtam@localhost")

# Security headers. HTTPS-only settings follow SECURE (on unless DEBUG).
SECURE = env.bool("SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# The REST API (api/): personal tokens or the session (with CSRF), JSON in and out, pages of 50 rows.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tidtam API",
    "DESCRIPTION": "Plans, projects, indicators, targets, reporting periods, progress reports, KPI results and "
    "computed figures of the organizations you belong to. Send a personal token as 'Authorization: Bearer <token>'.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": r"/api/v1(/orgs/\{org_slug\})?",
    "COMPONENT_SPLIT_REQUEST": True,
    # core/converters.py: a fiscal year in the path (out of range: 404)
    "PATH_CONVERTER_OVERRIDES": {"fy": {"type": "integer", "minimum": FIRST_FISCAL_YEAR, "maximum": LAST_FISCAL_YEAR}},
    "ENUM_NAME_OVERRIDES": {
        "ReportStateEnum": "monitoring.models.ReportState",
        "PeriodStateEnum": "monitoring.models.ReportingPeriod.State",
        "PeriodKindEnum": "monitoring.models.ReportingPeriod.Kind",
        "OrganizationKindEnum": "orgs.models.Organization.Kind",
        "IndicatorKindEnum": "plans.models.Indicator.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# Tidtam's own settings (defaults that regulations may change live in the database per org/year).
TIDTAM_DEMO_PASSWORD = "tidtam-demo"  # noqa: S105 (the documented demo accounts only)
# Defaults of each organization's monitoring settings (editable per organization in the app).
TIDTAM_MONITORING = {
    "period_kind": env.str("TIDTAM_PERIOD_KIND", default="quarter"),
    "deadline_days": env.int("TIDTAM_DEADLINE_DAYS", default=15),
    "grace_days": env.int("TIDTAM_GRACE_DAYS", default=7),
    "reminder_days": env.int("TIDTAM_REMINDER_DAYS", default=3),
    "max_file_mb": env.int("TIDTAM_MAX_FILE_MB", default=20),
    "max_files": env.int("TIDTAM_MAX_FILES", default=10),
}
# Excel import of a development plan: the most rows (and columns) a sheet may have.
TIDTAM_IMPORT_MAX_ROWS = env.int("TIDTAM_IMPORT_MAX_ROWS", default=5000)
# Excel/CSV imports of more rows than this run as a background job with a progress bar.
TIDTAM_IMPORT_BACKGROUND_ROWS = env.int("TIDTAM_IMPORT_BACKGROUND_ROWS", default=300)
# Background jobs (long reports, large imports, publications) go through Django's tasks API (the django-tasks
# backport): jobs/queue.py's one task runs a job by its id. The default backend keeps the queue in this database
# and `manage.py db_worker` (started by `make run`) runs it; a larger deployment names another backend, e.g.
# django_tasks_rq.RQBackend (Redis; its package installed and its RQ_QUEUES set), and runs that backend's worker.
# django_tasks.backends.immediate.ImmediateBackend runs each job at once in the process that starts it (the tests).
TIDTAM_TASKS_BACKEND = env.str("TIDTAM_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TIDTAM_TASKS_BACKEND}}
if TIDTAM_TASKS_BACKEND.split(".")[0] not in INSTALLED_APPS:
    INSTALLED_APPS.append(TIDTAM_TASKS_BACKEND.split(".")[0])  # the backend's own app (its worker command)
# A job still waiting this long after it was recorded, or running without a heartbeat for this many
# seconds (or whose process has ended), is shown as interrupted and may be started again (jobs/state.py).
TIDTAM_JOBS_STALE_MINUTES = env.int("TIDTAM_JOBS_STALE_MINUTES", default=30)
TIDTAM_JOBS_HEARTBEAT_SECONDS = env.int("TIDTAM_JOBS_HEARTBEAT_SECONDS", default=45)
# The reminder rules send_reminders runs, each f(today) -> count (apps import downward; settings wire them).
TIDTAM_REMINDER_JOBS = [
    "monitoring.reminders.due_notifications",
    "evaluation.reminders.due_notifications",
    "people.reminders.due_notifications",
]
# Evaluation: a KPI within this many percentage points below its target is "at risk" (below: off track).
# People: an average of fewer rated people than this is not shown to those who may not see each result
# (the dashboard's individual results by department).
TIDTAM_PEOPLE = {"min_group": env.int("TIDTAM_PEOPLE_MIN_GROUP", default=3)}
TIDTAM_EVALUATION = {"at_risk_band": Decimal(env.str("TIDTAM_AT_RISK_BAND", default="15"))}
# What a fiscal year needs once it has an action plan, each f(org, fiscal_year) (plans/services.year_set_up).
TIDTAM_YEAR_SET_UP = ["monitoring.periods.ensure_periods"]
# Carrying an action plan forward (plans/services.action_plan_carry_forward): the latest approved project
# statuses of a year come from f(org, fiscal_year, project_ids) -> {project id: (status, label)}; a project
# whose status is "finished" is not proposed (the planner may still choose it), one "continued" is proposed
# first. Status values: not_started, in_progress, completed, delayed, cancelled, carried_over.
TIDTAM_CARRY_FORWARD = {
    "statuses": "monitoring.selectors.latest_project_statuses",
    "finished": env.list("TIDTAM_CARRY_FORWARD_FINISHED", default=["completed", "cancelled"]),
    "continued": env.list("TIDTAM_CARRY_FORWARD_CONTINUED", default=["carried_over"]),
}
# The ten steps page asks these for figures of the steps evaluation/ cannot see (apps above it): step → figure.
TIDTAM_READINESS_FIGURES = ["dashboard.publishing.readiness_figures"]
# The public results page: the largest PDF an organization may upload to publish (a signed scan can be large).
# Answers to a public survey accepted from one client address per window (surveys/public.py); over it a
# polite page with status 429.
TIDTAM_SURVEY_RATE_LIMIT = {
    "answers": env.int("TIDTAM_SURVEY_RATE_ANSWERS", default=5),
    "minutes": env.int("TIDTAM_SURVEY_RATE_MINUTES", default=10),
}

TIDTAM_PUBLICATION_MAX_MB = env.int("TIDTAM_PUBLICATION_MAX_MB", default=50)
# How many computed years of figures each process keeps while the data is unchanged (evaluation/memo.py).
TIDTAM_FIGURES_CACHE_SIZE = env.int("TIDTAM_FIGURES_CACHE_SIZE", default=16)
# After the figures kept change: one full garbage collection, then what is alive is frozen (evaluation/memo.py).
TIDTAM_FIGURES_GC_FREEZE = env.bool("TIDTAM_FIGURES_GC_FREEZE", default=True)
# A year's figures that took at least this long to compute are shared by all processes through the database
# (evaluation/memo.py).
TIDTAM_FIGURES_SHARE_MS = env.int("TIDTAM_FIGURES_SHARE_MS", default=200)
# The stored figures of each organization's years (dashboard/summaries.py) are refreshed after each committed
# change of its data: "task" (by the task queue's worker), "inline" (in the request that made the change,
# after its commit) or "off".
TIDTAM_FIGURES_REFRESH = env.str("TIDTAM_FIGURES_REFRESH", default="task")
# The annual M&E report (ระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาของ อปท.; verify each year): reported to the
# executive by the end of this month after the fiscal year, announced within N days of the presentation,
# posted at least N days; warn this many days before a deadline.
TIDTAM_ANNUAL_REPORT = {
    "report_month": env.int("TIDTAM_ANNUAL_REPORT_MONTH", default=12),
    "announce_within_days": env.int("TIDTAM_ANNOUNCE_WITHIN_DAYS", default=15),
    "post_min_days": env.int("TIDTAM_POST_MIN_DAYS", default=30),
    "warn_days": env.int("TIDTAM_DEADLINE_WARN_DAYS", default=14),
}
# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
