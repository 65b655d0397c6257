"""A migration that has landed is never edited or regenerated: databases in use have applied it as it was.
A change to the models is a new migration. When a new migration lands, add its line here
(``sha256sum <file> | cut -c1-16``)."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LANDED = {
    "api/migrations/0001_initial.py": "5abb2d514f4517fb",
    "dashboard/migrations/0001_initial.py": "fd26710d1b44753a",
    "evaluation/migrations/0001_initial.py": "85b1288e0f90f388",
    "jobs/migrations/0001_initial.py": "7ef48e1c17838f7e",
    "jobs/migrations/0002_job_heartbeat.py": "209cb9519f113144",
    "monitoring/migrations/0001_initial.py": "44ecd1d424ea2ac6",
    "monitoring/migrations/0002_org_result_review.py": "21fe64d5437ad7c9",
    "orgs/migrations/0001_initial.py": "3201f3e4f3863e5a",
    "plans/migrations/0001_initial.py": "df909326c79c4733",
    "plans/migrations/0002_indicator_disaggregation.py": "d98ec22c61262281",
    "plans/migrations/0003_indicator_code.py": "91017b95ce0b5b43",
    "reports/migrations/0001_initial.py": "bcb7a3947861712c",
    "reports/migrations/0002_annual_report_version.py": "e3f2ddd990a3514e",
    "reports/migrations/0003_self_assessment.py": "ce2eba42399acc09",
    "surveys/migrations/0001_initial.py": "892c05d0e7b7afcf",
    "surveys/migrations/0002_labels.py": "d38b37e0db439690",
    "reports/migrations/0004_answer_labels.py": "38cf700673420b8c",
    "plans/migrations/0004_project_carried_from.py": "3c36c06202f8abe3",
    "dashboard/migrations/0002_org_year_figures.py": "d82a51fae5fdadfb",
    "evaluation/migrations/0002_figures_version_indexes.py": "ef8973683a8cb422",
    "evaluation/migrations/0003_shared_figures.py": "88a0c46805b059ee",
    "orgs/migrations/0002_hr_role.py": "a18867d4ca9eeb73",
    "people/migrations/0001_initial.py": "1f16660a0e6e7eac",
    "people/migrations/0002_competencies_evaluation.py": "e76e67ec7a2cd8bf",
    "people/migrations/0003_development_actions.py": "b6a5127be311aedb",
    "people/migrations/0004_round_checkin_reminder_weeks.py": "d79e0231f1faa738",
    "people/migrations/0005_raise_proposal.py": "d1b86dd80983929d",
}


def test_no_landed_migration_was_edited_or_removed():
    changed = {
        path
        for path, digest in LANDED.items()
        if not (ROOT / path).exists() or hashlib.sha256((ROOT / path).read_bytes()).hexdigest()[:16] != digest
    }
    assert not changed, f"landed migrations changed (write a new migration instead): {sorted(changed)}"


def test_every_migration_is_listed_so_the_next_change_to_it_is_seen():
    present = {p.relative_to(ROOT).as_posix() for p in ROOT.glob("*/migrations/0*.py")}
    assert present <= set(LANDED), f"add these to LANDED once they land: {sorted(present - set(LANDED))}"
