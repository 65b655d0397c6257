"""The test suite's environment, loaded by pytest (``-p tests.environment`` in pyproject.toml) before
Django reads its settings, so it applies to the suite and to the commands tests run in subprocesses.

The suite runs with DEBUG off, as production does, so it needs a real SECRET_KEY: a fresh random one
per run unless the environment sets one.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", f"tidtam-test-suite-{secrets.token_urlsafe(48)}")
