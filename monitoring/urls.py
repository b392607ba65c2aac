"""The monitoring base's pages, under /konto/monitoring/."""

from django.urls import path

from .access import views as access
from .activities import views as activities
from .effects import views as effects
from .participants import sharing_views as sharing
from .participants import views as participants
from .projects import views as projects
from .reports import views as reports

app_name = "monitoring"

urlpatterns = [
    path("", access.home, name="home"),
    path("dostep/wniosek/", access.request_access, name="request_access"),
    path("zespol/", access.staff, name="staff"),
    path("administracja/", access.admin_overview, name="admin_overview"),
    path("administracja/dostep/<int:pk>/", access.admin_activate, name="admin_activate"),
    path("administracja/umowa/<int:contract_pk>/", access.admin_from_contract, name="admin_from_contract"),
    path("projekty/", projects.project_list, name="project_list"),
    path("projekty/nowy/", projects.project_create, name="project_create"),
    path("projekty/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projekty/<int:pk>/edycja/", projects.project_edit, name="project_edit"),
    path("uczestnicy/", participants.participant_list, name="participant_list"),
    path("uczestnicy/eksport.csv", participants.participant_export, name="participant_export"),
    path("uczestnicy/import/", participants.participant_import, name="participant_import"),
    path("uczestnicy/nowy/", participants.participant_create, name="participant_create"),
    path("uczestnicy/<int:pk>/", participants.participant_detail, name="participant_detail"),
    path("uczestnicy/<int:pk>/dane.json", participants.participant_copy, name="participant_copy"),
    path("uczestnicy/<int:pk>/usuniecie/", participants.participant_erase, name="participant_erase"),
    path("uczestnicy/<int:pk>/edycja/", participants.participant_edit, name="participant_edit"),
    path("uczestnicy/<int:pk>/zgody/", participants.consent_add, name="consent_add"),
    path("uczestnicy/<int:pk>/udzial/", participants.enrolment_add, name="enrolment_add"),
    path(
        "uczestnicy/<int:pk>/opusc-rodzine/", participants.family_remove_member, name="family_remove_member"
    ),
    path("zgody/<int:pk>/wycofanie/", participants.consent_withdraw, name="consent_withdraw"),
    path("udzial/<int:pk>/zakonczenie/", participants.enrolment_end, name="enrolment_end"),
    path("uczestnicy/<int:pk>/udostepnienie/", sharing.participant_share, name="participant_share"),
    path("udostepnieni/", sharing.shared_list, name="shared_list"),
    path("udostepnieni/<int:pk>/", sharing.shared_detail, name="shared_detail"),
    path("rodziny/", participants.family_list, name="family_list"),
    path("rodziny/nowa/", participants.family_create, name="family_create"),
    path("rodziny/<int:pk>/", participants.family_detail, name="family_detail"),
    path("dziennik-dostepu/", participants.access_log, name="access_log"),
    path("projekty/<int:project_pk>/zajecia/nowe/", activities.activity_create, name="activity_create"),
    path("projekty/<int:project_pk>/wsparcie/nowe/", activities.support_add, name="support_add"),
    path("zajecia/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("zajecia/<int:pk>/spotkania/", activities.session_add, name="session_add"),
    path("spotkania/<int:pk>/obecnosc/", activities.attendance, name="attendance"),
    path("uczestnicy/<int:pk>/cele/", effects.goals, name="goals"),
    path("projekty/<int:pk>/raport/", reports.project_report, name="project_report"),
    path("projekty/<int:pk>/raport.<str:kind>", reports.project_report_file, name="project_report_file"),
    path("miasto/", reports.city_report, name="city_report"),
]
