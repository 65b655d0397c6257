"""Publications: the organization's own pages (signed in) where it prepares, publishes and withdraws the
documents its public page shows. The pages anyone reads without signing in are in ``dashboard/public.py``."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.calendar import current_fiscal_year
from core.history import history_of
from dashboard import publishing
from dashboard.models import Publication
from evaluation import compare, rollup
from evaluation.labels import KPI_STATUS_LABELS
from orgs.access import org_view

PUBLISH = publishing.PUBLISH
BUILD, UPLOAD = "build", "upload"


class FileForm(forms.Form):
    """Where the PDF comes from: built by the system, or uploaded (a signed copy)."""

    source = forms.ChoiceField(
        label=gettext_lazy("The PDF"),
        choices=[(BUILD, gettext_lazy("Build it from the approved data")), (UPLOAD, gettext_lazy("Upload a PDF"))],
        initial=UPLOAD,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("PDF file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, access, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.access, self.kind = access, kind

    def clean(self):
        data = super().clean()
        kind = data.get("kind", self.kind)
        if data.get("source") == UPLOAD:
            uploaded = data.get("file")
            if not uploaded:
                self.add_error("file", _("Choose the PDF file to upload."))
            else:
                try:
                    publishing.check_pdf(uploaded)
                except publishing.PublicationError as refused:
                    self.add_error("file", str(refused))
        elif data.get("source") == BUILD and kind and not publishing.can_build(kind, self.access):
            self.add_error("source", _("The system cannot build this kind of document. Upload the PDF instead."))
        return data


class PublicationForm(FileForm):
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Publication.Kind.choices)
    fiscal_year = forms.TypedChoiceField(label=gettext_lazy("fiscal year"), coerce=int)
    title = forms.CharField(
        label=gettext_lazy("title"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Leave empty for the usual title of the kind and year."),
    )
    field_order = ["kind", "fiscal_year", "title", "source", "file"]

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = [(y, y) for y in years]


def _years(org) -> list[int]:
    """Years to publish for: those with an action plan, and the current fiscal year; newest first."""
    return sorted({*compare.years_of(org), current_fiscal_year()}, reverse=True)


def _publication(request, pk) -> Publication:
    return get_object_or_404(Publication.objects.for_org(request.org), pk=pk)


def _attach(request, publication, form):
    """Upload the file now, or start the build job; the response goes to the publication or the job."""
    if form.cleaned_data["source"] == BUILD:
        job = publishing.publication_build(publication=publication, user=request.user, access=request.access)
        return redirect(job.get_absolute_url())
    publishing.attach_upload(
        publication=publication, uploaded=form.cleaned_data["file"], user=request.user, access=request.access
    )
    messages.success(request, _("The PDF was saved. Check it, then publish it."))
    return redirect("dashboard:publication_detail", request.org.slug, publication.pk)


# The organization's own pages --------------------------------------------------------------------------------


@org_view()
def publication_list(request):
    publications = list(Publication.objects.for_org(request.org).select_related("published_by"))
    context = {
        "publications": publications,
        "can_manage": request.access.can(PUBLISH),
        "public_url": reverse("public:org", args=[request.org.slug]),
    }
    return render(request, "dashboard/publish_list.html", context)


@org_view(PUBLISH)
def publication_create(request):
    years = _years(request.org)
    data = request.POST if request.method == "POST" else None
    form = PublicationForm(data, request.FILES or None, years=years, access=request.access)
    if data is not None and form.is_valid():
        publication = publishing.publication_create(
            org=request.org,
            kind=form.cleaned_data["kind"],
            fiscal_year=form.cleaned_data["fiscal_year"],
            title=form.cleaned_data["title"],
            user=request.user,
            access=request.access,
        )
        return _attach(request, publication, form)
    buildable = [kind for kind in Publication.Kind.values if publishing.can_build(kind, request.access)]
    return render(
        request,
        "dashboard/publish_form.html",
        {"form": form, "buildable": buildable, "max_mb": settings.TIDTAM_PUBLICATION_MAX_MB},
        status=400 if form.is_bound else 200,
    )


def _history(publication):
    """The publication's history without the storage name of the file and the figures' JSON (the file name,
    size and the publication dates say what changed)."""
    hidden = {str(Publication._meta.get_field(name).verbose_name) for name in ("file", "figures")}
    entries = history_of(publication)
    for entry in entries:
        entry.changes = [c for c in entry.changes if c.field not in hidden]
    return entries


@org_view()
def publication_detail(request, pk):
    publication = _publication(request, pk)
    can_manage = request.access.can(PUBLISH)
    context = {
        "publication": publication,
        "snapshot": publishing.read_snapshot(publication),
        "can_manage": can_manage,
        "can_build": can_manage and publishing.can_build(publication.kind, request.access),
        "form": FileForm(access=request.access, kind=publication.kind),
        "max_mb": settings.TIDTAM_PUBLICATION_MAX_MB,
        "history": _history(publication),
        "public_url": reverse("public:org", args=[request.org.slug]),
        "kpi_status_labels": KPI_STATUS_LABELS,
        "kpi_statuses": rollup.KPI_STATUSES,
    }
    return render(request, "dashboard/publish_detail.html", context)


@org_view()
def publication_file(request, pk):
    """The PDF for the organization's people, published or not."""
    return publishing.pdf_response(_publication(request, pk), private=True)


@org_view(PUBLISH)
@require_POST
def publication_replace(request, pk):
    publication = _publication(request, pk)
    form = FileForm(request.POST, request.FILES, access=request.access, kind=publication.kind)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("dashboard:publication_detail", request.org.slug, publication.pk)
    try:
        return _attach(request, publication, form)
    except publishing.PublicationError as refused:
        messages.error(request, str(refused))
        return redirect("dashboard:publication_detail", request.org.slug, publication.pk)


def _step(request, pk, action, done_message):
    publication = _publication(request, pk)
    try:
        action(publication=publication, user=request.user, access=request.access)
    except publishing.PublicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done_message)
    return redirect("dashboard:publication_detail", request.org.slug, publication.pk)


@org_view(PUBLISH)
@require_POST
def publication_publish(request, pk):
    return _step(
        request, pk, publishing.publication_publish, _("Published: anyone can now read it on the public page.")
    )


@org_view(PUBLISH)
@require_POST
def publication_unpublish(request, pk):
    return _step(request, pk, publishing.publication_unpublish, _("Withdrawn: it is no longer on the public page."))


@org_view(PUBLISH)
@require_POST
def publication_delete(request, pk):
    publication = _publication(request, pk)
    try:
        publishing.publication_delete(publication=publication, user=request.user, access=request.access)
    except publishing.PublicationError as refused:
        messages.error(request, str(refused))
        return redirect("dashboard:publication_detail", request.org.slug, publication.pk)
    messages.success(request, _("Deleted."))
    return redirect("dashboard:publications", request.org.slug)


# The public pages (no login) ---------------------------------------------------------------------------------
