#!/usr/bin/env python
import os
import secrets
import sys

# Commands that serve requests or judge the deployment need the site's real SECRET_KEY (settings refuse to
# start without one when DEBUG is off). The others (migrate, makemigrations, collectstatic, backup…) sign
# nothing, so without a key they run on a throwaway one.
NEEDS_THE_REAL_KEY = {"runserver", "check", "shell", "createsuperuser", "send_reminders"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidtam.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in NEEDS_THE_REAL_KEY and not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
