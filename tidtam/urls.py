from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views as core_views
from dashboard import home as dashboard_home
from dashboard import overseers as dashboard_overseers
from monitoring import views as monitoring_views
from orgs import views as orgs_views

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", orgs_views.start, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", orgs_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", orgs_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("orgs.urls")),
    path("notifications/", monitoring_views.notifications, name="notifications"),
    path("o/<slug:org_slug>/", dashboard_home.home, name="org_home"),
    path("o/<slug:org_slug>/", include("plans.urls")),
    path("o/<slug:org_slug>/monitoring/", include("monitoring.urls")),
    path("o/<slug:org_slug>/evaluation/", include("evaluation.urls")),
    path("o/<slug:org_slug>/dashboard/", include("dashboard.urls")),
    path("o/<slug:org_slug>/jobs/", include("jobs.urls")),
    path("o/<slug:org_slug>/reports/", include("reports.urls")),
    path("o/<slug:org_slug>/surveys/", include("surveys.urls")),
    path("o/<slug:org_slug>/people/", include("people.urls")),
    path("p/", include("dashboard.public_urls")),
    path("s/", include("surveys.public_urls")),
    path("oversight/", dashboard_overseers.index, name="oversight"),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]
