from django.urls import reverse

from conftest import make_report
from evaluation.models import Evaluation, Factor, Finding, ReadinessStep
from plans.services import action_plan_carry_forward


def url(world, name, *args):
    return reverse(name, args=[world.org.slug, *args])


def evaluation_post(world, **extra):
    data = {
        "fiscal_year": "2569",
        "round": "year",
        "project": world.plan.projects[0].pk,
        "strategy": "",
        "summary": "ก่อสร้างถนนแล้วเสร็จ 2 สาย",
        "objective_achieved": "partly",
        "success_reasons": "ประชาชนมีส่วนร่วม",
        "failure_reasons": "ฝนตกหนักช่วงไตรมาส 4",
        "recommendations": "เริ่มงานก่อสร้างก่อนฤดูฝน",
        "factors-TOTAL_FORMS": "2",
        "factors-INITIAL_FORMS": "0",
        "factors-MIN_NUM_FORMS": "0",
        "factors-MAX_NUM_FORMS": "1000",
        "factors-0-kind": "supporting",
        "factors-0-category": "participation",
        "factors-0-description": "ชุมชนช่วยดูแล",
        "factors-1-kind": "hindering",
        "factors-1-category": "weather",
        "factors-1-description": "ฝนตกหนัก",
    }
    return {**data, **extra}


def test_the_auditor_records_the_four_phases_with_factors(world, client_for):
    response = client_for("auditor").post(url(world, "evaluation:evaluation_create"), evaluation_post(world))
    evaluation = Evaluation.objects.get(organization=world.org)
    assert response.status_code == 302
    assert (evaluation.objective_achieved, evaluation.state) == ("partly", "draft")
    assert set(evaluation.factors.values_list("kind", "category")) == {
        ("supporting", "participation"),
        ("hindering", "weather"),
    }
    page = client_for("executive").get(url(world, "evaluation:evaluation_detail", evaluation.pk)).content.decode()
    assert "ฝนตกหนัก" in page and "เริ่มงานก่อสร้างก่อนฤดูฝน" in page


def test_one_evaluation_per_subject_and_round(world, client_for):
    client = client_for("auditor")
    client.post(url(world, "evaluation:evaluation_create"), evaluation_post(world))
    page = client.post(url(world, "evaluation:evaluation_create"), evaluation_post(world)).content.decode()
    assert Evaluation.objects.count() == 1 and "alert-danger" in page


def test_approval_is_kept_in_history_and_a_later_change_makes_a_draft_again(world, client_for):
    client = client_for("auditor")
    client.post(url(world, "evaluation:evaluation_create"), evaluation_post(world))
    evaluation = Evaluation.objects.get()
    client.post(url(world, "evaluation:evaluation_approve", evaluation.pk))
    evaluation.refresh_from_db()
    assert evaluation.state == "approved" and evaluation.approved_by == world.users["auditor"]
    factor = evaluation.factors.first()
    data = evaluation_post(
        world,
        summary="สรุปใหม่",
        **{
            "factors-TOTAL_FORMS": "1",
            "factors-INITIAL_FORMS": "1",
            "factors-0-id": factor.pk,
            "factors-0-kind": factor.kind,
            "factors-0-category": factor.category,
            "factors-0-description": factor.description,
            "factors-0-evaluation": evaluation.pk,
        },
    )
    client.post(url(world, "evaluation:evaluation_edit", evaluation.pk), data)
    evaluation.refresh_from_db()
    assert (evaluation.summary, evaluation.state) == ("สรุปใหม่", "draft")
    assert evaluation.history.filter(state="approved").exists()


def test_only_the_audit_unit_writes_evaluations(world, client_for):
    assert (
        client_for("executive").post(url(world, "evaluation:evaluation_create"), evaluation_post(world)).status_code
        == 403
    )
    assert client_for("reporter").get(url(world, "evaluation:evaluation_create")).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_ten_steps_show_figures_from_the_data_and_keep_the_status(world, client_for):
    client = client_for("auditor")
    page = client.get(url(world, "evaluation:readiness", 2569)).content.decode()
    assert page.count("<tr>") >= 10
    # world: 2 project KPIs without baseline + 1 org KPI → 0 % with a baseline; the project KPIs have 2569 targets
    assert "0.00%" in page and "66.67%" in page
    client.post(
        url(world, "evaluation:readiness", 2569),
        {
            **{f"s{n}-status": "not_started" for n in range(1, 11)},
            "s4-status": "partly",
            "s4-notes": "เก็บค่าฐานเพิ่ม",
        },
    )
    assert ReadinessStep.objects.get(organization=world.org, fiscal_year=2569, step=4).status == "partly"
    assert ReadinessStep.objects.filter(organization=world.org, fiscal_year=2569).count() == 10


def test_a_recommendation_of_2569_used_by_a_2570_project_counts_for_step_9(world, client_for):
    action_plan_carry_forward(source=world.plan.action_plan)
    finding = Finding.objects.create(organization=world.org, fiscal_year=2569, title="เริ่มงานก่อนฤดูฝน")
    finding.used_in.add(world.plan.projects[0])
    Finding.objects.create(organization=world.org, fiscal_year=2569, title="ยังไม่ได้ใช้")
    page = client_for("auditor").get(url(world, "evaluation:readiness", 2569)).content.decode()
    assert "50.00%" in page


def test_factors_of_another_organization_cannot_be_attached(world, client_for):
    assert Factor.objects.count() == 0
    response = client_for("outsider").get(url(world, "evaluation:evaluation_list"))
    assert response.status_code == 404


def test_the_summary_is_filled_from_the_approved_data(world, client_for):
    from monitoring.periods import ensure_periods

    period = ensure_periods(world.org, 2569)[0]
    project = world.plan.projects[0]
    make_report(project, period, "completed", percent_complete=100, disbursed="47500.25")
    page = client_for("auditor").get(url(world, "evaluation:evaluation_create") + f"?project={project.pk}&year=2569")
    summary = page.context["form"].initial["summary"]
    assert "47,500.25" in summary and "95,000.50" in summary  # disbursed of the action plan's budget
    client_for("auditor").post(url(world, "evaluation:evaluation_create"), evaluation_post(world))
    evaluation = Evaluation.objects.get()
    detail = client_for("executive").get(url(world, "evaluation:evaluation_detail", evaluation.pk)).content.decode()
    assert 'id="data-summary"' in detail and "47,500.25" in detail


def test_a_step_takes_evidence_files_checked_by_content(world, client_for, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    client = client_for("auditor")
    image = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(image, "PNG")
    photo = SimpleUploadedFile("ประชุมคณะกรรมการ.png", image.getvalue(), content_type="image/png")
    fake = SimpleUploadedFile("minutes.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(url(world, "evaluation:readiness_evidence", 2569, 1), {"files": [photo, fake]}, follow=True)
    step = ReadinessStep.objects.get(organization=world.org, fiscal_year=2569, step=1)
    assert [e.original_name for e in step.evidence.all()] == ["ประชุมคณะกรรมการ.png"]
    assert "minutes.pdf" in response.content.decode()  # refused with a message
    evidence = step.evidence.get()
    download = client_for("executive").get(url(world, "evaluation:readiness_file", evidence.pk))
    assert download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)
    assert client_for("executive").post(url(world, "evaluation:readiness_evidence", 2569, 1)).status_code == 403
    outsider = client_for("outsider").get(url(world, "evaluation:readiness_file", evidence.pk))
    assert outsider.status_code == 404
