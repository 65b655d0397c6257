"""The Thai catalogue is complete, compiled, and used by default.

1. Every user-visible msgid in the source has a Thai translation: the source is copied to a temporary
   directory, ``makemessages`` refreshes the copied catalogue there (the real one is not touched), and
   no entry may be untranslated or fuzzy (Django ignores fuzzy entries).
2. The header says Thai, UTF-8 and one plural form; ``msgfmt --check`` accepts the catalogue.
3. The compiled catalogue (``django.mo``, built by ``make test`` / ``compilemessages``) matches the
   ``.po``: every entry comes back from ``gettext`` as written.
4. Pages are Thai whatever the browser asks for, and English once the person chooses it.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR).resolve()
CATALOGUE = BASE_DIR / "locale" / "th" / "LC_MESSAGES" / "django.po"
SOURCE_SUFFIXES = {".py", ".html", ".txt"}  # what makemessages reads for the "django" domain
NOT_SOURCE = {".venv", "node_modules", "var", "static", "__pycache__"}


# --- a tiny .po reader -------------------------------------------------------------------------


def _unquote(token: str) -> str:
    body = token.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file as dicts: msgctxt, msgid, msgid_plural, msgstr (a list), flags, obsolete."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {"flags": set(), "msgstr": [], "obsolete": False}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
                line = line[2:].strip()
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
                continue
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$", line)
            if match:
                key, value = match.group(1), _unquote(match.group(2))
                if key.startswith("msgstr"):
                    entry["msgstr"].append(value)
                else:
                    entry[key] = value
            elif line.strip().startswith('"') and key is not None:
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += _unquote(line)
                else:
                    entry[key] += _unquote(line)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def header(entries: list[dict]) -> dict[str, str]:
    head = next(e for e in entries if e["msgid"] == "" and "msgctxt" not in e)
    fields = (line.split(":", 1) for line in head["msgstr"][0].splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, value in fields}


def label(entry: dict) -> str:
    text = repr(entry["msgid"]) if entry["msgid"] else "<header>"
    if "msgctxt" in entry:
        text = f"[{entry['msgctxt']}] {text}"
    return text


def require_gettext_tools():
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq", "msgfmt") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"GNU gettext is required for the translation tests (missing: {', '.join(missing)})")


# --- what is source ----------------------------------------------------------------------------


def source_roots() -> list[Path]:
    """Directories makemessages must read: every installed app that lives in this repository, the
    project package, the template directories and the locale directories."""
    roots = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(BASE_DIR):
            continue
        parts = path.relative_to(BASE_DIR).parts
        if not parts or parts[0].startswith(".") or parts[0] in NOT_SOURCE or "site-packages" in parts:
            continue
        roots.add(path)
    project_modules = (
        settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE"),
        settings.ROOT_URLCONF,
        getattr(settings, "WSGI_APPLICATION", None),
    )
    roots.update(BASE_DIR / module.split(".")[0] for module in project_modules if module)
    for engine in settings.TEMPLATES:
        roots.update(Path(d).resolve() for d in engine.get("DIRS", []))
    roots.update(Path(p).resolve() for p in settings.LOCALE_PATHS)
    return sorted(r for r in roots if r.is_dir() and r.is_relative_to(BASE_DIR))


def copy_source(target: Path) -> None:
    for root in source_roots():
        for path in root.rglob("*"):
            relative = path.relative_to(BASE_DIR)
            if not path.is_file() or NOT_SOURCE.intersection(relative.parts):
                continue
            if path.suffix in SOURCE_SUFFIXES or "locale" in relative.parts:
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)


def test_source_roots_cover_the_apps_of_this_repository():
    names = {root.relative_to(BASE_DIR).as_posix() for root in source_roots()}
    assert {"core", "orgs", "plans", "tidtam", "templates", "locale"} <= names
    assert not any(name.startswith((".venv", "node_modules")) for name in names)


# --- 1. complete --------------------------------------------------------------------------------


def test_every_msgid_in_the_source_has_a_thai_translation(tmp_path, monkeypatch):
    require_gettext_tools()
    copy_source(tmp_path)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["th"], no_obsolete=True, verbosity=0)

    catalogues = sorted(tmp_path.rglob("th/LC_MESSAGES/django.po"))
    assert catalogues, "makemessages wrote no Thai catalogue"
    problems = []
    for po in catalogues:
        entries = [e for e in read_po(po) if not e["obsolete"]]
        untranslated = [label(e) for e in entries if e["msgid"] and not all(e["msgstr"])]
        fuzzy = [label(e) for e in entries if "fuzzy" in e["flags"]]
        where = po.relative_to(tmp_path)
        if untranslated:
            problems.append(f"{where}: {len(untranslated)} untranslated: " + ", ".join(untranslated))
        if fuzzy:
            problems.append(
                f"{where}: {len(fuzzy)} fuzzy (check the translation, then drop the flag): " + ", ".join(fuzzy)
            )
        # Cross-check the reader with GNU gettext's own view of the same file.
        for option, found in (("--untranslated", untranslated), ("--only-fuzzy", fuzzy)):
            listed = subprocess.run(
                ["msgattrib", option, "--no-wrap", str(po)], capture_output=True, text=True, check=True
            ).stdout
            count = len([line for line in listed.splitlines() if line.startswith('msgid "') and line != 'msgid ""'])
            count += listed.count('msgid ""\n"')  # wrapped msgids (not expected with --no-wrap, but cheap)
            if count != len([f for f in found if f != "<header>"]):
                problems.append(f"{where}: msgattrib {option} lists {count} entries, the reader {len(found)}")
    assert not problems, (
        "Refresh and translate the catalogue (make messages, then edit locale/th/LC_MESSAGES/django.po):\n"
        + "\n".join(problems)
    )


# --- 2. well-formed -----------------------------------------------------------------------------


def test_catalogue_header_and_syntax():
    require_gettext_tools()
    fields = header(read_po(CATALOGUE))
    assert fields.get("Language") == "th"
    assert "charset=UTF-8" in fields.get("Content-Type", "")
    assert fields.get("Plural-Forms") == "nplurals=1; plural=0;"
    entries = read_po(CATALOGUE)
    assert not any("fuzzy" in e["flags"] for e in entries if e["msgid"] == ""), "the header is marked fuzzy"
    too_many = [label(e) for e in entries if "msgid_plural" in e and len(e["msgstr"]) != 1]
    assert not too_many, f"Thai has one plural form; keep only msgstr[0] in: {', '.join(too_many)}"
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


# --- 3. compiled and used -----------------------------------------------------------------------


def test_compiled_catalogue_is_used():
    with translation.override("th"):
        assert translation.gettext("Log in") == "เข้าสู่ระบบ"
        # Django's own Thai catalogue also knows "Log in"; these only Tidtam's catalogue has.
        assert translation.gettext("Tidtam") == "ติดตาม"
        assert translation.gettext("Department reporter") == "ผู้รายงานของกอง"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


def test_compiled_catalogue_matches_the_po():
    """A stale django.mo (the .po changed, compilemessages not run) shows up here."""
    stale = []
    with translation.override("th"):
        for e in read_po(CATALOGUE):
            if not e["msgid"] or e["obsolete"] or "fuzzy" in e["flags"] or not all(e["msgstr"]):
                continue
            if "msgid_plural" in e:
                got = (
                    translation.npgettext(e["msgctxt"], e["msgid"], e["msgid_plural"], 1)
                    if "msgctxt" in e
                    else translation.ngettext(e["msgid"], e["msgid_plural"], 1)
                )
            elif "msgctxt" in e:
                got = translation.pgettext(e["msgctxt"], e["msgid"])
            else:
                got = translation.gettext(e["msgid"])
            if got != e["msgstr"][0]:
                stale.append(label(e))
    assert not stale, (
        "django.mo does not match django.po; run "
        "`make locale/th/LC_MESSAGES/django.mo` (or `DEBUG=1 .venv/bin/python manage.py compilemessages -l th "
        "--ignore=.venv --ignore=node_modules`). "
        f"Differing: {', '.join(stale[:20])}" + (" …" if len(stale) > 20 else "")
    )


# --- 4. Thai by default -------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_are_thai_by_default_and_english_on_request(client, settings):
    settings.STORAGES = {  # no collected static manifest needed to render a page here
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    login = reverse("login")

    page = client.get(login, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "th"
    assert "เข้าสู่ระบบ" in page.text
    assert "ติดตาม" in page.text
    assert '<html lang="th">' in page.text

    chosen = client.post(reverse("orgs:language"), {"language": "en", "next": login}, follow=True)
    assert chosen.status_code == 200
    assert chosen.redirect_chain[-1][0] == login
    assert "Log in" in chosen.text
    assert "เข้าสู่ระบบ" not in chosen.text
    assert "Tidtam" in chosen.text
    assert chosen.headers["Content-Language"] == "en"

    back = client.post(reverse("orgs:language"), {"language": "th", "next": login}, follow=True)
    assert "เข้าสู่ระบบ" in back.text
