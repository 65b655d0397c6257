"""The pages a citizen answers a survey on, at ``/s/<token>/``: no account, no script, a plain form.

Everything here is anonymous, so nothing here trusts the visitor: the survey is found by its unguessable
token only; a hidden honeypot field catches robots (thanked, not saved); answers from one client address
are limited per window (``TIDTAM_SURVEY_RATE_LIMIT``, counted in the cache) with a polite page and 429 over
it; a survey may take one answer per browser (a cookie) and a most number of answers. CSRF protection
stays on: the form's GET sets the token cookie a fresh phone browser sends back with its POST.
"""

from axes.helpers import get_client_ip_address
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from surveys import answering, design
from surveys.models import Response, Survey

DEVICE_COOKIE_DAYS = 400


def _survey(token: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("organization"), token=token)


def _page(request, survey, template, *, status=200, **context):
    return render(request, f"surveys/public/{template}.html", {"survey": survey, **context}, status=status)


def _full(survey: Survey) -> bool:
    return survey.max_responses is not None and survey.responses.count() >= survey.max_responses


@never_cache
@ensure_csrf_cookie
def answer(request, token):
    survey = _survey(token)
    state = design.status(survey, timezone.localdate())
    if state != "open":
        return _page(request, survey, "closed", state=state)
    if survey.one_per_device and request.COOKIES.get(answering.device_cookie(survey)):
        return _page(request, survey, "thanks", already=True)
    if _full(survey):
        return _page(request, survey, "closed", state="full")
    if request.method != "POST":
        return _page(request, survey, "answer", form=answering.AnswerForm(survey=survey), honeypot=answering.HONEYPOT)
    address = get_client_ip_address(request) or "unknown"
    if answering.over_rate_limit(address):
        return _page(request, survey, "refused", status=429, limit=answering.rate_limit())
    if request.POST.get(answering.HONEYPOT):
        answering.count_answer(address)  # a robot: thanked as a person would be, nothing saved
        return redirect("survey_public:thanks", survey.token)
    form = answering.AnswerForm(request.POST, survey=survey)
    if not form.is_valid():
        return _page(request, survey, "answer", status=400, form=form, honeypot=answering.HONEYPOT)
    try:
        answering.response_record(
            survey=survey, answers=form.answers(), channel=Response.Channel.WEB, answered_on=timezone.localdate()
        )
    except answering.SurveyFull:
        return _page(request, survey, "closed", state="full")
    answering.count_answer(address)
    response = redirect("survey_public:thanks", survey.token)
    if survey.one_per_device:
        response.set_cookie(
            answering.device_cookie(survey),
            "1",
            max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def thanks(request, token):
    return _page(request, _survey(token), "thanks", already=False)
