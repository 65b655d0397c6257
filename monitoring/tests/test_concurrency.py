"""Two people save the same report at the same moment: one save wins, the other gets the conflict."""

import threading

import pytest
from django.db import connection

from monitoring import selectors, workflow
from monitoring.forms import report_input
from monitoring.models import ProgressReport
from monitoring.views import bind
from orgs.access import access_for


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_report_give_one_success_and_one_conflict(world, q1, today):
    project = world.plan.projects[0]
    report = workflow.report_for(period=q1, project=project)
    outcomes, start = [], threading.Barrier(2)

    def save(persona, narrative):
        try:
            access = access_for(world.users[persona], world.org.slug)
            card = bind(
                selectors.cards(world.org, q1, access, today, project_ids=[project.pk])[0],
                {
                    f"r{project.pk}-version": "1",
                    f"r{project.pk}-narrative": narrative,
                    f"r{project.pk}-project_status": "in_progress",
                },
            )
            assert card.form.is_valid() and all(f.is_valid() for f in card.result_forms)
            start.wait(timeout=10)
            workflow.report_save(
                report=report,
                access=access,
                user=world.users[persona],
                values=report_input(card.form, card.result_forms),
                today=today,
            )
            outcomes.append(("saved", narrative))
        except workflow.Conflict:
            outcomes.append(("conflict", narrative))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in (("reporter", "ฉบับ ก"), ("planner", "ฉบับ ข"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"], outcomes
    winner = next(narrative for kind, narrative in outcomes if kind == "saved")
    saved = ProgressReport.objects.get(pk=report.pk)
    assert (saved.narrative, saved.version) == (winner, 2)
