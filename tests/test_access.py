"""Tenancy and roles, proven on every URL pattern of the site.

Each org-scoped URL is requested (1) by every persona of บ้านแพน: allowed roles get through, others
get 403; (2) by a user of another organization, both under บ้านแพน's slug and under their own slug
with บ้านแพน's object ids: always 404. A new URL pattern fails the coverage test until it is added
to the table below with the capability it needs.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from evaluation.models import Evaluation, Finding, ReadinessStep
from evaluation.readiness import add_step_evidence
from monitoring.evidence import add_evidence
from monitoring.models import IndicatorResult
from monitoring.periods import ensure_periods
from monitoring.workflow import report_for
from reports.models import SelfAssessmentItem


@pytest.fixture(autouse=True)
def _evidence(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_files(world)


def add_files(world):
    """A report of a กองช่าง project with one photo, so the evidence URLs have something to serve; an
    evaluation, a step of the ten steps with a file, and a finding."""
    period = ensure_periods(world.org, 2569)[0]
    report = report_for(period=period, project=world.plan.projects[0])
    image = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(image, "PNG")
    photo = SimpleUploadedFile("ภาพถนน.png", image.getvalue(), content_type="image/png")
    world.evidence = add_evidence(report=report, uploaded=photo, user=world.users["reporter"])
    project = world.plan.projects[0]
    world.evaluation = Evaluation.objects.create(organization=world.org, fiscal_year=2569, project=project)
    step = ReadinessStep.objects.create(organization=world.org, fiscal_year=2569, step=1)
    step_photo = SimpleUploadedFile("ขั้นที่1.png", image.getvalue(), content_type="image/png")
    world.step_file = add_step_evidence(step=step, uploaded=step_photo, user=world.users["auditor"])
    world.finding = Finding.objects.create(
        organization=world.org, fiscal_year=2569, title="ข้อเสนอแนะ", owner=world.works
    )
    world.form1_item = SelfAssessmentItem.objects.create(
        organization=world.org, part=SelfAssessmentItem.Part.COMMITTEE, order=1, text="มีการจัดตั้งคณะกรรมการ"
    )
    world.org_result = IndicatorResult.objects.create(
        organization=world.org, indicator=world.plan.org_indicator, period=period, numerator=45, denominator=50
    )
    add_surveys(world)
    add_survey(world, period)
    add_people(world)


def add_surveys(world):
    """A form 3/2 survey (its first part and question, and a spare question to delete) and a spare survey."""
    from orgs.access import access_for
    from surveys.design import survey_create

    user = world.users["planner"]
    access = access_for(user, world.org.slug)
    values = {"title": "", "introduction": "", "fiscal_year": 2569}
    world.survey = survey_create(org=world.org, values=values, template="3/2", user=user, access=access)
    world.survey_section = world.survey.sections.order_by("number").first()
    world.survey_question, *_middle, world.spare_question = world.survey.questions.order_by("number")
    world.spare_survey = survey_create(
        org=world.org, values={**values, "title": "สำรอง"}, template="", user=user, access=access
    )


def add_survey(world, period):
    """A 3/2-like survey with one answer, and a citizen KPI of the organization taking its result from it
    (``world.survey`` has no answer: its questions can still change)."""
    from datetime import date

    from plans.models import Indicator
    from surveys.factories import add_response, build_survey, form_3_2
    from surveys.models import IndicatorSource

    survey = build_survey(world.org, title="แบบที่ 3/2", form="3/2", fiscal_year=2569, sections=form_3_2())
    first = survey.questions.get(number=5)
    add_response(survey, {first: first.options.first()}, answered_on=date(2025, 11, 1))
    kpi = Indicator.objects.create(
        organization=world.org, name="ดัชนีความพึงพอใจ", perspective="citizen", measure_type="percentage"
    )
    IndicatorSource.objects.create(organization=world.org, indicator=kpi, survey=survey)
    world.answered_survey, world.citizen_kpi, world.survey_period = survey, kpi, period


def add_people(world):
    """Staff of กองช่าง: its head (the auditor's account) supervises a technician (the reporter's account,
    with a salary); an analyst (the planner's account) is in no one's line. Round 1 of 2569 with the
    technician's agreement of one KPI (weight 100, five levels) and a spare KPI to delete; a position; rules."""
    from decimal import Decimal

    from people.factories import make_agreement, make_person, make_position, make_round, rule_set

    org = world.org
    world.position = make_position(org)
    head = make_person(org, "หัวหน้ากองช่าง", department=world.works, user=world.users["auditor"])
    world.person = make_person(
        org, "นายช่าง", department=world.works, supervisor=head, user=world.users["reporter"], salary=Decimal(18760)
    )
    make_person(org, "นักวิเคราะห์", user=world.users["planner"])
    world.rules = rule_set(org)
    world.people_round = make_round(org, 2569, 1, rules=world.rules)
    world.agreement = make_agreement(
        world.person, world.people_round, [("ถนน", 100, (1, 2, 3, 4, 5)), ("สำรอง", 10, (1, 2, 3, 4, 5))]
    )
    world.agreement_kpi, world.spare_kpi = world.agreement.kpis.order_by("order")
    from people.models import Competency

    world.competency = Competency.objects.create(organization=org, name="การมุ่งผลสัมฤทธิ์")
    from people.models import DevelopmentAction

    world.development_action = DevelopmentAction.objects.create(
        organization=org, agreement=world.agreement, action="อบรม"
    )
    from people.models import RaiseLine, RaiseProposal, RaiseRules

    raise_rules = RaiseRules.objects.create(organization=org, name="ร้อยละ", valid_from=world.rules.valid_from)
    proposal = RaiseProposal.objects.create(
        organization=org,
        round=world.people_round,
        rules=raise_rules,
        salaries_total=Decimal(18760),
        budget=Decimal("562.80"),
        evaluated=1,
        quota=0,
    )
    world.raise_line = RaiseLine.objects.create(
        organization=org,
        proposal=proposal,
        person=world.person,
        total=Decimal(75),
        band="good",
        salary=Decimal(18760),
        rate=Decimal(3),
        amount=Decimal(570),
    )


TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _publications(world, _evidence):
    add_publications(world)


def add_publications(world):
    """A draft publication with its PDF, a spare one to delete, and a published one for the public URLs."""
    from dashboard import publishing
    from orgs.access import access_for

    user = world.users["planner"]
    access = access_for(user, world.org.slug)

    def make(title):
        made = publishing.publication_create(
            org=world.org, kind="annual", fiscal_year=2569, title=title, user=user, access=access
        )
        pdf = SimpleUploadedFile("รายงาน.pdf", TINY_PDF, content_type="application/pdf")
        return publishing.attach_upload(publication=made, uploaded=pdf, user=user, access=access)

    world.publication, world.spare_publication = make("ร่าง"), make("สำรอง")
    world.published = publishing.publication_publish(publication=make("เผยแพร่แล้ว"), user=user, access=access)


VIEW, EDIT, MANAGE = "plan.view", "plan.edit", "org.manage"
REPORT, REVIEW, PERIOD = "report.edit", "report.review", "period.manage"
EVALUATE, FOLLOW_UP = "evaluation.edit", "finding.follow_up"
PUBLISH = "publication.manage"
SELF_ASSESS = "self_assessment.edit"
READERS = {"admin", "planner", "reporter", "auditor", "executive", "overseer"}
ALLOWED = {
    VIEW: READERS,
    EDIT: {"admin", "planner"},
    MANAGE: {"admin"},
    REPORT: {"admin", "planner", "reporter"},
    REVIEW: {"admin", "auditor"},
    PERIOD: {"admin", "auditor"},
    EVALUATE: {"admin", "auditor"},
    FOLLOW_UP: {"admin", "auditor", "planner", "reporter"},
    PUBLISH: {"admin", "planner", "auditor"},
    SELF_ASSESS: {"admin", "planner", "auditor"},
}


def plan_url_table(w):
    """name → (kwargs without org_slug, HTTP method, capability). ``w`` is the fixture world."""
    p = w.plan
    project = p.projects[0]  # a กองช่าง project, the reporter's department
    q = {"year": 2569, "number": 1}
    evidence = w.evidence.pk
    y = {"year": 2569}
    return {
        "evaluation:index": ({}, "get", VIEW),
        "evaluation:results": (y, "get", VIEW),
        "evaluation:strategy_results": ({**y, "pk": p.strategy.pk}, "get", VIEW),
        "evaluation:program_results": ({**y, "pk": p.program.pk}, "get", VIEW),
        "evaluation:project_results": ({**y, "pk": project.pk}, "get", VIEW),
        "evaluation:indicator_results": ({**y, "pk": p.indicator.pk}, "get", VIEW),
        "evaluation:evaluation_list": ({}, "get", VIEW),
        "evaluation:evaluation_create": ({}, "get", EVALUATE),
        "evaluation:evaluation_detail": ({"pk": w.evaluation.pk}, "get", VIEW),
        "evaluation:evaluation_edit": ({"pk": w.evaluation.pk}, "get", EVALUATE),
        "evaluation:evaluation_approve": ({"pk": w.evaluation.pk}, "post", EVALUATE),
        "evaluation:finding_list": ({}, "get", VIEW),
        "evaluation:finding_create": ({}, "get", EVALUATE),
        "evaluation:finding_detail": ({"pk": w.finding.pk}, "get", VIEW),
        "evaluation:finding_edit": ({"pk": w.finding.pk}, "get", EVALUATE),
        "evaluation:follow_up_add": ({"pk": w.finding.pk}, "post", FOLLOW_UP),
        "evaluation:readiness": (y, "get", VIEW),
        "evaluation:readiness_evidence": ({**y, "step": 1}, "post", EVALUATE),
        "evaluation:readiness_file": ({"pk": w.step_file.pk}, "get", VIEW),
        "evaluation:compare": ({}, "get", VIEW),
        "evaluation:proposals": ({"year": 2569}, "get", VIEW),
        "dashboard:index": ({}, "get", VIEW),
        "dashboard:publications": ({}, "get", VIEW),
        "dashboard:publication_create": ({}, "get", PUBLISH),
        "dashboard:publication_detail": ({"pk": w.publication.pk}, "get", VIEW),
        "dashboard:publication_file": ({"pk": w.publication.pk}, "get", VIEW),
        "dashboard:publication_replace": ({"pk": w.publication.pk}, "post", PUBLISH),
        "dashboard:publication_publish": ({"pk": w.publication.pk}, "post", PUBLISH),
        "dashboard:publication_unpublish": ({"pk": w.publication.pk}, "post", PUBLISH),
        "dashboard:publication_delete": ({"pk": w.spare_publication.pk}, "post", PUBLISH),
        "jobs:index": ({}, "get", VIEW),
        "reports:index": ({}, "get", VIEW),
        "reports:annual_record": ({"year": 2569}, "get", EVALUATE),
        "surveys:results_index": ({}, "get", VIEW),
        "surveys:results": ({"pk": w.survey.pk}, "get", VIEW),
        "surveys:sources": ({}, "get", VIEW),
        "surveys:source_edit": ({"indicator_pk": w.citizen_kpi.pk}, "get", EDIT),
        "surveys:source_compute": (
            {"indicator_pk": w.citizen_kpi.pk, "period_pk": w.survey_period.pk},
            "post",
            "result.org",
        ),
        "reports:page": ({"slug": "form2"}, "get", VIEW),
        "reports:download": ({"slug": "form2", "fmt": "xlsx"}, "get", VIEW),
        "reports:form1_assessment": ({"year": 2569}, "get", VIEW),
        "reports:form1_items": ({}, "get", VIEW),
        "reports:form1_item": ({"pk": w.form1_item.pk}, "get", VIEW),
        "reports:form1_item_move": ({"pk": w.form1_item.pk}, "post", SELF_ASSESS),
        "monitoring:index": ({}, "get", VIEW),
        "monitoring:settings": ({}, "get", PERIOD),
        "monitoring:year_set_up": ({"year": 2569}, "post", PERIOD),
        "monitoring:period": (q, "get", VIEW),
        "monitoring:period_state": (q, "post", PERIOD),
        "monitoring:exception_create": (q, "get", PERIOD),
        "monitoring:org_results": (q, "get", VIEW),
        "monitoring:org_result_review": ({**q, "indicator_id": p.org_indicator.pk}, "post", REVIEW),
        "monitoring:entry": ({**q, "department_id": w.works.pk}, "get", VIEW),
        "monitoring:results_export": ({**q, "department_id": w.works.pk}, "get", VIEW),
        "monitoring:results_import": ({**q, "department_id": w.works.pk}, "get", REPORT),
        "monitoring:report": ({**q, "project_id": project.pk}, "get", VIEW),
        "monitoring:report_save": ({**q, "project_id": project.pk}, "post", REPORT),
        "monitoring:report_review": ({**q, "project_id": project.pk}, "post", REVIEW),
        "monitoring:reports_approve": (q, "post", REVIEW),
        "monitoring:evidence_upload": ({**q, "project_id": project.pk}, "post", REPORT),
        "monitoring:evidence_file": ({"pk": evidence}, "get", VIEW),
        "monitoring:evidence_thumbnail": ({"pk": evidence}, "get", VIEW),
        "org_home": ({}, "get", VIEW),
        "orgs:manage": ({}, "get", MANAGE),
        "orgs:department_create": ({}, "get", MANAGE),
        "orgs:department_edit": ({"pk": w.works.pk}, "get", MANAGE),
        "orgs:member_add": ({}, "get", MANAGE),
        "orgs:member_unlock": ({"pk": w.users["planner"].memberships.get().pk}, "post", MANAGE),
        "orgs:member_remove": ({"pk": w.users["executive"].memberships.get().pk}, "post", MANAGE),
        "plans:index": ({}, "get", VIEW),
        "plans:plan_create": ({}, "get", EDIT),
        "plans:plan_detail": ({"pk": p.plan.pk}, "get", VIEW),
        "plans:plan_edit": ({"pk": p.plan.pk}, "get", EDIT),
        "plans:plan_export": ({"pk": p.plan.pk}, "get", VIEW),
        "plans:plan_import": ({"pk": p.plan.pk}, "get", EDIT),
        "plans:kpi_export": ({"pk": p.plan.pk}, "get", VIEW),
        "plans:kpi_import": ({"pk": p.plan.pk}, "get", EDIT),
        "plans:import_errors": ({}, "get", VIEW),
        "plans:revision_create": ({"pk": p.plan.pk}, "get", EDIT),
        "plans:revision_edit": ({"pk": p.revision.pk}, "get", EDIT),
        "plans:strategy_create": ({"pk": p.plan.pk}, "get", EDIT),
        "plans:strategy_detail": ({"pk": p.strategy.pk}, "get", VIEW),
        "plans:strategy_edit": ({"pk": p.strategy.pk}, "get", EDIT),
        "plans:goal_create": ({"pk": p.strategy.pk}, "get", EDIT),
        "plans:goal_detail": ({"pk": p.goal.pk}, "get", VIEW),
        "plans:goal_edit": ({"pk": p.goal.pk}, "get", EDIT),
        "plans:program_create": ({"pk": p.goal.pk}, "get", EDIT),
        "plans:program_detail": ({"pk": p.program.pk}, "get", VIEW),
        "plans:program_edit": ({"pk": p.program.pk}, "get", EDIT),
        "plans:project_create": ({"pk": p.program.pk}, "get", EDIT),
        "plans:project_list": ({}, "get", VIEW),
        "plans:project_detail": ({"pk": project.pk}, "get", VIEW),
        "plans:project_edit": ({"pk": project.pk}, "get", EDIT),
        "plans:move": ({"kind": "project", "pk": project.pk, "direction": "down"}, "post", EDIT),
        "plans:indicator_list": ({}, "get", VIEW),
        "plans:indicator_create": ({}, "get", EDIT),
        "plans:indicator_detail": ({"pk": p.indicator.pk}, "get", VIEW),
        "plans:indicator_edit": ({"pk": p.indicator.pk}, "get", EDIT),
        "plans:targets_edit": ({"pk": p.indicator.pk, "year": 2569}, "get", EDIT),
        "plans:action_plan_create": ({}, "get", EDIT),
        "plans:action_plan_detail": ({"year": 2569}, "get", VIEW),
        "plans:action_plan_edit": ({"year": 2569}, "get", EDIT),
        "plans:action_plan_items": ({"year": 2569}, "get", EDIT),
        "plans:carry_forward": ({"year": 2569}, "get", EDIT),
        **survey_url_table(w),
        "monitoring:evidence_delete": ({"pk": evidence}, "post", REPORT),  # last: it removes the file
    }


SURVEY_EDIT, SURVEY_ENTER = "survey.edit", "survey.enter"
ALLOWED[SURVEY_EDIT] = ALLOWED[SURVEY_ENTER] = {"admin", "planner", "auditor"}


def survey_url_table(w):
    s = {"pk": w.survey.pk}
    q = {**s, "question_id": w.survey_question.pk}
    return {
        "surveys:survey_list": ({}, "get", VIEW),
        "surveys:survey_create": ({}, "get", SURVEY_EDIT),
        "surveys:survey_detail": (s, "get", VIEW),
        "surveys:survey_edit": (s, "get", SURVEY_EDIT),
        "surveys:section_create": (s, "get", SURVEY_EDIT),
        "surveys:section_edit": ({**s, "section_id": w.survey_section.pk}, "get", SURVEY_EDIT),
        "surveys:question_create": (s, "get", SURVEY_EDIT),
        "surveys:question_edit": (q, "get", SURVEY_EDIT),
        "surveys:question_move": (q, "post", SURVEY_EDIT),
        "surveys:survey_new_version": (s, "post", SURVEY_EDIT),
        "surveys:paper_entry": (s, "get", SURVEY_ENTER),
        "surveys:responses_template": (s, "get", VIEW),
        "surveys:responses_import": (s, "get", SURVEY_ENTER),
        "surveys:qr_svg": (s, "get", VIEW),
        "surveys:qr_png": (s, "get", VIEW),
        "surveys:poster_pdf": (s, "get", VIEW),
        "surveys:question_delete": ({**s, "question_id": w.spare_question.pk}, "post", SURVEY_EDIT),
        "surveys:survey_delete": ({"pk": w.spare_survey.pk}, "post", SURVEY_EDIT),
    }


# URLs outside any organization: name → (kwargs, whether signing in is required).
GLOBAL_URLS = {
    "healthz": False,
    "home": True,
    "login": False,
    "logout": False,
    "password_change": True,
    "password_change_done": True,
    "password_reset": False,
    "password_reset_done": False,
    "password_reset_confirm": False,
    "password_reset_complete": False,
    "orgs:choose": True,
    "orgs:profile": True,
    "orgs:language": False,
    "notifications": True,
    "api:schema": False,
    "api:docs": False,
    "api:tokens": True,
    "oversight": True,
    "orgs:overseers": True,  # superusers only (orgs/tests/test_overseers_page.py)
    "orgs:overseer_remove": True,
}
# The arguments of the global URLs that take some (a reset link that is not valid is a page too).
GLOBAL_URL_KWARGS = {
    "password_reset_confirm": {"uidb64": "MQ", "token": "not-a-token"},
    "orgs:overseer_remove": {"pk": 1},
}


def public_url_table(w):
    """The public pages (no login): name → kwargs. Anyone reads them, signed in or not, of any organization."""
    return {
        "public:org": {"org_slug": w.org.slug},
        "public:document": {"org_slug": w.org.slug, "pk": w.published.pk},
        "survey_public:answer": {"token": w.survey.token},
        "survey_public:thanks": {"token": w.survey.token},
    }


# URLs of what one person owns (their background jobs): name → HTTP method. The owner gets through;
# everyone else, in the same organization or another, gets 404.
OWNER_ONLY_URLS = {
    "jobs:detail": "get",
    "jobs:progress": "get",
    "jobs:download": "get",
    "jobs:restart": "post",  # an interrupted job only; any other job's page shows again (302)
}


# The REST API (api/): the same capabilities, answered the API's way — 401 when signed out, 403 for a role
# without the capability, 404 outside the organization. (name, kwargs without org_slug, method, capability).
RESULT_ORG = "result.org"
ALLOWED[RESULT_ORG] = {"admin", "auditor"}  # and planners where the organization allows it (its own test)
API_WITHOUT_ORG = {"api:orgs"}  # the user's own organizations: any signed-in user


def api_url_table(w):
    p, report = w.plan, w.evidence.report
    result, _created = IndicatorResult.objects.get_or_create(
        organization=w.org, indicator=p.indicator, period=report.period, defaults={"report": report}
    )
    y = {"year": 2569}
    return [
        ("api:departments", {}, "get", VIEW),
        ("api:plans", {}, "get", VIEW),
        ("api:plans", {}, "post", EDIT),
        ("api:plan", {"pk": p.plan.pk}, "get", VIEW),
        ("api:plan", {"pk": p.plan.pk}, "patch", EDIT),
        ("api:action_plans", {}, "get", VIEW),
        ("api:strategies", {}, "get", VIEW),
        ("api:strategies", {}, "post", EDIT),
        ("api:strategy", {"pk": p.strategy.pk}, "get", VIEW),
        ("api:strategy", {"pk": p.strategy.pk}, "patch", EDIT),
        ("api:programs", {}, "get", VIEW),
        ("api:program", {"pk": p.program.pk}, "get", VIEW),
        ("api:projects", {}, "get", VIEW),
        ("api:projects", {}, "post", EDIT),
        ("api:project", {"pk": p.projects[0].pk}, "get", VIEW),
        ("api:project", {"pk": p.projects[0].pk}, "patch", EDIT),
        ("api:indicators", {}, "get", VIEW),
        ("api:indicators", {}, "post", EDIT),
        ("api:indicator", {"pk": p.indicator.pk}, "get", VIEW),
        ("api:indicator", {"pk": p.indicator.pk}, "patch", EDIT),
        ("api:year_targets", {"pk": p.indicator.pk, **y}, "get", VIEW),
        ("api:year_targets", {"pk": p.indicator.pk, **y}, "put", EDIT),
        ("api:targets", {}, "get", VIEW),
        ("api:periods", {}, "get", VIEW),
        ("api:period", {"pk": report.period_id}, "get", VIEW),
        ("api:period_state", {"pk": report.period_id}, "post", PERIOD),
        ("api:reports", {}, "get", VIEW),
        ("api:reports", {}, "post", REPORT),
        ("api:report", {"pk": report.pk}, "get", VIEW),
        ("api:report", {"pk": report.pk}, "patch", REPORT),
        ("api:report_submit", {"pk": report.pk}, "post", REPORT),
        ("api:report_approve", {"pk": report.pk}, "post", REVIEW),
        ("api:report_return", {"pk": report.pk}, "post", REVIEW),
        ("api:results", {}, "get", VIEW),
        ("api:results", {}, "post", RESULT_ORG),
        ("api:result", {"pk": result.pk}, "get", VIEW),
        ("api:result_submit", {"pk": w.org_result.pk}, "post", RESULT_ORG),
        ("api:result_approve", {"pk": w.org_result.pk}, "post", REVIEW),
        ("api:result_return", {"pk": w.org_result.pk}, "post", REVIEW),
        ("api:figures", y, "get", VIEW),
        ("api:strategy_figures", {**y, "pk": p.strategy.pk}, "get", VIEW),
        ("api:project_figures", y, "get", VIEW),
        ("api:kpi_figures", y, "get", VIEW),
        ("api:kpi_period_figures", {**y, "pk": p.indicator.pk}, "get", VIEW),
    ]


# The people pages: each answers by the person's place in the line, not only by role. name → (kwargs without
# org_slug, method, the answer of each persona: "ok" = 200 or 302). The agreement is the reporter's; the
# auditor is their supervisor; the planner a colleague outside the line; the overseer sees nobody's record.
PEOPLE_PERSONAS = ("reporter", "planner", "auditor", "executive", "overseer", "admin")


def people_url_table(w):
    r, a, k = {"pk": w.people_round.pk}, {"pk": w.agreement.pk}, {"pk": w.agreement_kpi.pk}
    members = "ok ok ok ok ok ok"
    manage = "403 403 403 403 403 ok"
    own = "ok 404 ok ok 404 ok"  # a record of the reporter: themselves, their supervisor, the executive, admin
    edit_own = "ok 404 ok 403 404 ok"  # and only those who may change it (the executive reads only)
    return {
        "people:index": ({}, "get", members),
        "people:round_create": ({}, "get", manage),
        "people:round_detail": (r, "get", members),
        "people:round_open_all": (r, "post", manage),
        "people:cascade": (r, "get", "403 403 ok 403 403 ok"),  # those with a line below them, and HR
        "people:agreement_open": (
            {"round_pk": w.people_round.pk, "person_pk": w.person.pk},
            "post",
            "ok 404 ok 403 403 ok",
        ),
        "people:kpi_tree": ({"pk": w.plan.indicator.pk}, "get", members),
        "people:rules_list": ({}, "get", manage),
        "people:rules_create": ({}, "get", manage),
        "people:staff_list": ({}, "get", members),
        "people:person_create": ({}, "get", manage),
        "people:staff_import": ({}, "get", manage),
        "people:staff_template": ({}, "get", manage),
        "people:person_detail": ({"pk": w.person.pk}, "get", own),
        "people:person_edit": ({"pk": w.person.pk}, "get", manage),
        "people:position_list": ({}, "get", manage),
        "people:position_edit": ({"pk": w.position.pk}, "get", manage),
        "people:competency_list": ({}, "get", manage),
        "people:competency_defaults": ({}, "post", manage),
        "people:competency_edit": ({"pk": w.competency.pk}, "get", manage),
        "people:position_competencies": ({"pk": w.position.pk}, "get", manage),
        "people:agreement_detail": (a, "get", own),
        "people:evaluation_detail": (a, "get", own),
        "people:evaluation_rate": (a, "get", "403 404 ok 403 404 403"),  # the supervisor, never oneself
        "people:evaluation_review": (a, "get", "403 404 403 403 404 ok"),  # no reviewer with an account: HR
        "people:evaluation_acknowledge": (a, "get", "ok 404 403 403 404 403"),  # the employee
        "people:round_results": (r, "get", "403 403 403 ok 403 ok"),  # the committee: HR, executive, admin
        "people:round_finalize": (r, "post", manage),
        "people:development": (a, "get", own),
        "people:development_edit": ({"pk": w.development_action.pk}, "get", edit_own),
        "people:kpi_create": (a, "get", edit_own),
        "people:kpi_edit": (k, "get", edit_own),
        "people:checkin_create": (k, "get", edit_own),
        "people:agreement_sign": (a, "post", "ok 404 ok 403 403 403"),  # the employee and the supervisor
        "people:raise_proposal": (r, "get", "403 403 403 ok 403 403"),  # salaries: HR and the executive only
        "people:raise_proposal_make": (r, "post", "403 403 403 403 403 403"),  # HR only (not in this table)
        "people:raise_proposal_finalize": (r, "post", "403 403 403 403 403 403"),
        "people:raise_line_edit": ({"pk": w.raise_line.pk}, "get", "403 403 403 403 403 403"),
        "people:raise_rules_list": ({}, "get", manage),
        "people:raise_rules_create": ({}, "get", manage),
        # the printed forms: whoever sees the agreement; the round's summary: whoever sees the round's results
        "reports:agreement_pdf": (a, "get", own),
        "reports:evaluation_pdf": (a, "get", own),
        "reports:round_summary": ({**r, "fmt": "xlsx"}, "get", "403 403 403 ok 403 ok"),
        # the raise proposal's PDF and XLSX: as its page, salaries for HR and the executive only
        "reports:raise_proposal": ({**r, "fmt": "pdf"}, "get", "403 403 403 ok 403 403"),
        "people:kpi_delete": ({"pk": w.spare_kpi.pk}, "post", "ok 404 ok 403 403 ok"),  # last: it removes the KPI
    }


def api_request(client, method, url):
    """An API call with an empty JSON body for writes (the API reads JSON only)."""
    if method == "get":
        return client.get(url)
    return client.generic(method.upper(), url, "{}", content_type="application/json")


def all_url_names():
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin: superusers only, guarded by Django itself
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def request(client, method, url):
    response = client.post(url) if method == "post" else client.get(url)
    if response.streaming:  # a file: reading it to the end lets the test client close it
        b"".join(response.streaming_content)
    return response


def test_every_url_pattern_is_in_the_access_table(world):
    covered = set(plan_url_table(world)) | set(GLOBAL_URLS) | set(OWNER_ONLY_URLS) | set(public_url_table(world))
    covered |= {name for name, *_rest in api_url_table(world)} | API_WITHOUT_ORG | set(people_url_table(world))
    assert all_url_names() - covered == set(), "add the new URL to tests/test_access.py"
    assert covered - all_url_names() == set()


@pytest.mark.parametrize("persona", sorted(READERS))
def test_each_role_gets_through_or_gets_403_on_every_org_url(world, client_for, persona):
    client = client_for(persona)
    for name, (kwargs, method, capability) in plan_url_table(world).items():
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        allowed = persona in ALLOWED[capability]
        status = request(client, method, url).status_code
        if allowed:
            assert status in (200, 302), f"{persona} {method} {url} → {status}"
        else:
            assert status == 403, f"{persona} {method} {url} → {status}, expected 403"


def test_a_user_of_another_organization_gets_404_for_every_url_of_banphaen(world, client_for):
    client = client_for("outsider")
    for name, (kwargs, method, _capability) in plan_url_table(world).items():
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        assert request(client, method, url).status_code == 404, url


def test_a_user_of_another_organization_gets_404_for_banphaen_objects_under_their_own_org(world, client_for):
    client = client_for("outsider")
    for name, (kwargs, method, _capability) in plan_url_table(world).items():
        if not set(kwargs) & {"pk", "project_id", "department_id"} and not (
            name.startswith("plans:") and "year" in kwargs
        ):
            continue  # no object of บ้านแพน in the URL (periods and results are named by year in every org)
        if set(kwargs) == {"year"}:
            kwargs = {"year": 2570}  # banklang has no action plan for 2570; บ้านแพน's are not theirs
        url = reverse(name, kwargs={"org_slug": world.other_org.slug, **kwargs})
        assert request(client, method, url).status_code == 404, url


def test_a_reporter_gets_404_for_a_project_of_another_department(world, client_for):
    client = client_for("reporter")
    finance_project = world.plan.projects[1]
    url = reverse("plans:project_detail", kwargs={"org_slug": world.org.slug, "pk": finance_project.pk})
    assert client.get(url).status_code == 404


def test_signed_out_visitors_are_sent_to_the_login_page(world, client):
    for name, (kwargs, method, _capability) in plan_url_table(world).items():
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        response = request(client, method, url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for name, needs_login in GLOBAL_URLS.items():
        response = client.get(reverse(name, kwargs=GLOBAL_URL_KWARGS.get(name)))
        if needs_login:
            assert response.status_code == 302 and response.url.startswith(reverse("login")), name
        else:
            assert response.status_code in (200, 302, 405), name


@pytest.mark.parametrize("persona", PEOPLE_PERSONAS)
def test_each_persona_gets_the_answer_of_their_place_in_the_line_on_every_people_url(world, client_for, persona):
    client = client_for(persona)
    for name, (kwargs, method, answers) in people_url_table(world).items():
        expected = dict(zip(PEOPLE_PERSONAS, answers.split(), strict=True))[persona]
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        status = request(client, method, url).status_code
        if expected == "ok":
            assert status in (200, 302), f"{persona} {method} {url} → {status}"
        else:
            assert status == int(expected), f"{persona} {method} {url} → {status}, expected {expected}"


def test_nobody_outside_banphaen_reaches_a_people_url_and_the_signed_out_are_sent_to_log_in(world, client_for):
    outsider = client_for("outsider")
    for name, (kwargs, method, _answers) in people_url_table(world).items():
        assert (
            request(outsider, method, reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})).status_code == 404
        )
        if kwargs:  # บ้านแพน's round, person or agreement under the outsider's own organization (they administer it)
            theirs = reverse(name, kwargs={"org_slug": world.other_org.slug, **kwargs})
            assert request(outsider, method, theirs).status_code == 404, theirs
    client = Client()
    for name, (kwargs, method, _answers) in people_url_table(world).items():
        response = request(client, method, reverse(name, kwargs={"org_slug": world.org.slug, **kwargs}))
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_the_overseer_reads_organizations_of_their_province_only(world, client_for):
    client = client_for("overseer")
    assert client.get(reverse("org_home", args=[world.org.slug])).status_code == 200
    assert client.get(reverse("org_home", args=[world.other_org.slug])).status_code == 404


def test_the_organization_chooser_lists_only_the_users_organizations(world, client_for):
    page = client_for("outsider").get(reverse("orgs:choose")).content.decode()
    assert world.other_org.name in page
    assert world.org.name not in page


@pytest.fixture
def planners_job(world):
    from jobs.models import Job

    job = Job(organization=world.org, user=world.users["planner"], kind="test", state=Job.State.DONE)
    job.attach("ผล.txt", "ผลลัพธ์".encode(), "text/plain")
    job.save()
    return job


def test_only_the_owner_of_a_job_reaches_its_pages(world, client_for, planners_job):
    for name, method in OWNER_ONLY_URLS.items():
        url = reverse(name, kwargs={"org_slug": world.org.slug, "pk": planners_job.pk})
        assert request(client_for("planner"), method, url).status_code in (200, 302), url
        for persona in [*sorted(READERS - {"planner"}), "outsider"]:
            # a read-only person's POST is refused before anyone's job is looked at
            refused = 403 if method == "post" and persona in {"executive", "overseer"} else 404
            assert request(client_for(persona), method, url).status_code == refused, (persona, url)
        other = reverse(name, kwargs={"org_slug": world.other_org.slug, "pk": planners_job.pk})
        assert request(client_for("outsider"), method, other).status_code == 404, other
        signed_out = request(Client(), method, url)
        assert signed_out.status_code == 302 and signed_out.url.startswith(reverse("login")), url


@pytest.mark.parametrize("persona", sorted(READERS))
def test_each_role_gets_through_or_gets_403_on_every_api_url(world, client_for, persona):
    client = client_for(persona)
    for name, kwargs, method, capability in api_url_table(world):
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        status = api_request(client, method, url).status_code
        if persona in ALLOWED[capability]:
            assert status < 500 and status not in (401, 403, 404), f"{persona} {method} {url} → {status}"
        else:
            assert status == 403, f"{persona} {method} {url} → {status}, expected 403"
    assert client.get(reverse("api:orgs")).status_code == 200


def test_a_user_of_another_organization_gets_404_for_every_api_url_of_banphaen(world, client_for):
    client = client_for("outsider")
    for name, kwargs, method, _capability in api_url_table(world):
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        assert api_request(client, method, url).status_code == 404, (method, url)
        if "pk" in kwargs:  # บ้านแพน's object under the outsider's own organization
            url = reverse(name, kwargs={"org_slug": world.other_org.slug, **kwargs})
            assert api_request(client, method, url).status_code == 404, (method, url)


def test_signed_out_api_calls_get_401(world, client):
    for name, kwargs, method, _capability in api_url_table(world):
        url = reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        assert api_request(client, method, url).status_code == 401, (method, url)
    assert client.get(reverse("api:orgs")).status_code == 401


@pytest.mark.parametrize("persona", [None, "outsider", "reporter"])
def test_the_public_pages_answer_anyone_and_hide_what_is_not_published(world, client_for, persona):
    client = client_for(persona) if persona else Client()
    for name, kwargs in public_url_table(world).items():
        assert request(client, "get", reverse(name, kwargs=kwargs)).status_code == 200, name
    for draft in (world.publication, world.spare_publication):  # not published: 404 for everyone
        url = reverse("public:document", kwargs={"org_slug": world.org.slug, "pk": draft.pk})
        assert request(client, "get", url).status_code == 404, url
    elsewhere = reverse("public:document", kwargs={"org_slug": world.other_org.slug, "pk": world.published.pk})
    assert request(client, "get", elsewhere).status_code == 404


WRITE_METHODS = ("post", "put", "patch", "delete")


@pytest.mark.parametrize("persona", ["executive", "overseer"])
def test_a_read_only_role_gets_403_for_every_write_method_on_every_org_url_and_api_url(world, client_for, persona):
    """The executive and an overseer read everything and change nothing: whatever the view and whatever
    capability it names, every method but GET is refused, on the screens and in the API alike."""
    from jobs.models import Job

    client = client_for(persona)
    job = Job.objects.create(organization=world.org, user=world.users[persona], kind="test", state=Job.State.DONE)
    urls = [
        reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        for name, (kwargs, *_r) in plan_url_table(world).items()
    ]
    urls += [reverse(name, kwargs={"org_slug": world.org.slug, "pk": job.pk}) for name in OWNER_ONLY_URLS]
    urls += [reverse(name, kwargs={"org_slug": world.org.slug, **kwargs}) for name, kwargs, *_r in api_url_table(world)]
    urls += [
        reverse(name, kwargs={"org_slug": world.org.slug, **kwargs})
        for name, (kwargs, *_r) in people_url_table(world).items()
    ]
    before = {model: model.objects.count() for model in (IndicatorResult, Job)}
    for url in urls:
        for method in WRITE_METHODS:
            status = api_request(client, method, url).status_code
            assert status == 403, f"{persona} {method} {url} → {status}, expected 403"
    assert {model: model.objects.count() for model in before} == before
    world.org_result.refresh_from_db()
    assert world.org_result.state == "draft"
