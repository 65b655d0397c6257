"""The permission matrix: every URL of the site × every persona × GET and POST (and PUT, PATCH and DELETE
on the API), each cell with the answer it must give, written out below as the intended rules.

One request per cell, by one signed-in client per persona, on objects made once for the module; each cell
runs in a savepoint rolled back after it (and a file it removed is put back). A cell that refuses
(401, 403, 404, 405, or the login page), and a POST to a page that only reads, must not write to the
database: no INSERT, UPDATE or DELETE but the session's. ``tests/test_access.py`` proves the same rules per
capability; this file writes each answer down, so a changed rule shows as a changed cell. The downloads a
department reporter gets are checked for other departments' projects at the end."""

import copy
import re
import shutil
from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_user, make_world
from orgs.models import Role
from tests.test_access import (
    GLOBAL_URL_KWARGS,
    add_files,
    add_publications,
    all_url_names,
    api_url_table,
    people_url_table,
    plan_url_table,
)

PERSONAS = ("anon", "reporter", "planner", "auditor", "executive", "other", "overseer", "admin", "hr")
USERNAMES = {  # the conftest world's users; "other" is the administrator of another organization
    "reporter": "reporter",
    "planner": "planner",
    "auditor": "auditor",
    "executive": "executive",
    "other": "outsider",
    "overseer": "overseer",
    "admin": "admin",
    "hr": "hr",  # งานการเจ้าหน้าที่ (Role.HR): keeps the staff and sees every agreement and salary
}
API_METHODS = ("get", "post", "put", "patch", "delete")
AS_GET = "as get"  # a page that only reads: a POST is answered as the GET is, and writes nothing
LOGIN = "L"  # 302 to the login page
REFUSALS = {"401", "403", "404", "405", LOGIN}

# The rows, one line per URL and method (a blank name continues the row above); "name variant" asks for
# the URL named so with other objects. Codes are HTTP statuses; L is a redirect to the login page. An
# allowed POST with an empty body shows its form again with the errors (200, or 400 on the API and on
# the publication form) or does what an empty POST does (302). "as get": a page that only reads answers
# a POST as it answers the GET, and writes nothing.
MATRIX_TABLE = """
# row                                       method    anon   rep  plan   aud  exec other  over admin    hr
healthz                                     get        200   200   200   200   200   200   200   200   200
                                            post      as get
home                                        get          L   302   302   302   302   302   302   302   302
                                            post      as get
login                                       get        200   302   302   302   302   302   302   302   302
                                            post       200   302   302   302   302   302   302   302   302
logout                                      get        405   405   405   405   405   405   405   405   405
                                            post         L     L     L     L     L     L     L     L     L
password_change                             get          L   200   200   200   200   200   200   200   200
                                            post         L   200   200   200   200   200   200   200   200
password_change_done                        get          L   200   200   200   200   200   200   200   200
                                            post         L   405   405   405   405   405   405   405   405
notifications                               get          L   200   200   200   200   200   200   200   200
                                            post      as get
orgs:choose                                 get          L   200   200   200   200   200   200   200   200
                                            post      as get
orgs:department_create                      get          L   403   403   403   403   404   403   200   403
                                            post         L   403   403   403   403   404   403   200   403
orgs:department_edit                        get          L   403   403   403   403   404   403   200   403
                                            post         L   403   403   403   403   404   403   200   403
org_home                                    get          L   200   200   200   200   404   200   200   200
                                            post      as get
orgs:language                               get        405   405   405   405   405   405   405   405   405
                                            post       302   302   302   302   302   302   302   302   302
orgs:manage                                 get          L   403   403   403   403   404   403   200   403
                                            post         L   403   403   403   403   404   403   200   403
orgs:member_add                             get          L   403   403   403   403   404   403   200   403
                                            post         L   403   403   403   403   404   403   200   403
orgs:member_remove                          get          L   403   403   403   403   404   403   405   403
                                            post         L   403   403   403   403   404   403   302   403
orgs:overseer_remove                        get          L   405   405   405   405   405   405   405   405
                                            post         L   403   403   403   403   403   403   403   403
orgs:overseers                              get          L   403   403   403   403   403   403   403   403
                                            post         L   403   403   403   403   403   403   403   403
orgs:profile                                get          L   200   200   200   200   200   200   200   200
                                            post         L   200   200   200   200   200   200   200   200
oversight                                   get          L   404   404   404   404   404   200   404   404
                                            post      as get

public:document                             get        200   200   200   200   200   200   200   200   200
                                            post      as get
public:document draft                       get        404   404   404   404   404   404   404   404   404
                                            post      as get
public:org                                  get        200   200   200   200   200   200   200   200   200
                                            post      as get
survey_public:answer                        get        200   200   200   200   200   200   200   200   200
                                            post       400   400   400   400   400   400   400   400   400
survey_public:thanks                        get        200   200   200   200   200   200   200   200   200
                                            post      as get

plans:action_plan_create                    get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:action_plan_detail                    get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:action_plan_edit                      get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:action_plan_items                     get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:carry_forward                         get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:goal_create                           get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:goal_detail                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:goal_edit                             get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:import_errors                         get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:index                                 get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:indicator_create                      get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:indicator_detail                      get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:indicator_edit                        get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:indicator_list                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:kpi_export                            get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:kpi_import                            get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:move                                  get          L   403   405   403   403   404   403   405   403
                                            post         L   403   302   403   403   404   403   302   403
plans:plan_create                           get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:plan_detail                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:plan_edit                             get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:plan_export                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:plan_import                           get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:program_create                        get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:program_detail                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:program_edit                          get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:project_create                        get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:project_detail                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:project_detail other-department       get          L   404   200   200   200   404   200   200   200
                                            post      as get
plans:project_edit                          get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:project_list                          get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:revision_create                       get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:revision_edit                         get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:strategy_create                       get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:strategy_detail                       get          L   200   200   200   200   404   200   200   200
                                            post      as get
plans:strategy_edit                         get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
plans:targets_edit                          get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403

monitoring:entry                            get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:entry other-department           get          L   404   200   200   200   404   200   200   200
                                            post      as get
monitoring:evidence_delete                  get          L   405   405   403   403   404   403   405   403
                                            post         L   302   302   403   403   404   403   302   403
monitoring:evidence_file                    get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:evidence_thumbnail               get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:evidence_upload                  get          L   405   405   403   403   404   403   405   403
                                            post         L   302   302   403   403   404   403   302   403
monitoring:exception_create                 get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403
monitoring:index                            get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:org_results                      get          L   200   200   200   200   404   200   200   200
                                            post         L   403   403   302   403   404   403   302   403
monitoring:period                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:period_state                     get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
monitoring:report                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:report editable                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:report other-department          get          L   404   200   200   200   404   200   200   200
                                            post      as get
monitoring:report_review                    get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
monitoring:report_save                      get          L   405   405   403   403   404   403   405   403
                                            post         L   302   302   403   403   404   403   302   403
monitoring:reports_approve                  get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
monitoring:results_export                   get          L   200   200   200   200   404   200   200   200
                                            post      as get
monitoring:results_export other-department  get          L   404   200   200   200   404   200   200   200
                                            post      as get
monitoring:results_import                   get          L   200   200   403   403   404   403   200   403
                                            post         L   200   200   403   403   404   403   200   403
monitoring:settings                         get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403

evaluation:compare                          get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:evaluation_approve               get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
evaluation:evaluation_create                get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403
evaluation:evaluation_detail                get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:evaluation_edit                  get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403
evaluation:evaluation_list                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:finding_create                   get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403
evaluation:finding_detail                   get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:finding_edit                     get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403
evaluation:finding_list                     get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:follow_up_add                    get          L   405   405   405   403   404   403   405   403
                                            post         L   200   200   200   403   404   403   200   403
evaluation:index                            get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:indicator_results                get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:program_results                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:project_results                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:proposals                        get          L   200   200   200   200   404   200   200   200
                                            post         L   405   405   405   403   404   403   405   405
evaluation:readiness                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:readiness_evidence               get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
evaluation:readiness_file                   get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:results                          get          L   200   200   200   200   404   200   200   200
                                            post      as get
evaluation:strategy_results                 get          L   200   200   200   200   404   200   200   200
                                            post      as get

reports:annual_record                       get          L   403   403   200   403   404   403   200   403
                                            post         L   403   403   200   403   404   403   200   403
reports:download annual.pdf                 get          L   302   302   302   302   404   302   302   302
                                            post      as get
reports:download annual.xlsx                get          L   302   302   302   302   404   302   302   302
                                            post      as get
reports:download department.pdf             get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download department.xlsx            get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form1.pdf                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form1.xlsx                 get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form2.pdf                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form2.xlsx                 get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form3-1.pdf                get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form3-1.xlsx               get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download iptt.pdf                   get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download iptt.xlsx                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download project-card.pdf           get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download project-card.xlsx          get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download project-card.xlsx other-department
                                            get          L   404   200   200   200   404   200   200   200
                                            post      as get
reports:index                               get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:form1_assessment                    get          L   200   200   200   200   404   200   200   200
                                            post         L   403   302   302   403   404   403   302   403
reports:form1_items                         get          L   200   200   200   200   404   200   200   200
                                            post         L   403   200   200   403   404   403   200   403
reports:form1_item                          get          L   200   200   200   200   404   200   200   200
                                            post         L   403   200   200   403   404   403   200   403
reports:form1_item_move                     get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
reports:page annual                         get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page department                     get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page form2                          get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page form1                          get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page form3-1                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page iptt                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page project-card                   get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page form3-2                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page form3-3                        get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:page survey-results                 get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form3-2.pdf                get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form3-2.xlsx               get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form3-3.pdf                get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download form3-3.xlsx               get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download survey-results.pdf         get          L   200   200   200   200   404   200   200   200
                                            post      as get
reports:download survey-results.xlsx        get          L   200   200   200   200   404   200   200   200
                                            post      as get

surveys:results_index                       get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:results                             get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:sources                             get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:source_edit                         get          L   403   200   403   403   404   403   200   403
                                            post         L   403   200   403   403   404   403   200   403
surveys:source_compute                      get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403

dashboard:index                             get          L   200   200   200   200   404   200   200   200
                                            post      as get
dashboard:publication_create                get          L   403   200   200   403   404   403   200   403
                                            post         L   403   400   400   403   404   403   400   403
dashboard:publication_delete                get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
dashboard:publication_detail                get          L   200   200   200   200   404   200   200   200
                                            post      as get
dashboard:publication_file                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
dashboard:publication_publish               get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
dashboard:publication_replace               get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
dashboard:publication_unpublish             get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
dashboard:publications                      get          L   200   200   200   200   404   200   200   200
                                            post      as get

jobs:detail                                 get          L   404   200   404   404   404   404   404   404
                                            post      as get
jobs:download                               get          L   404   200   404   404   404   404   404   404
                                            post      as get
jobs:index                                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
jobs:progress                               get          L   404   200   404   404   404   404   404   404
                                            post      as get

api:action_plans                            get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:departments                             get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:docs                                    get        200   200   200   200   200   200   200   200   200
                                            post      as get
api:figures                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:indicator                               get        401   200   200   200   200   404   200   200   200
                                            post       401   403   405   403   403   404   403   405   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   200   403   403   404   403   200   403
                                            delete     401   403   405   403   403   404   403   405   403
api:indicators                              get        401   200   200   200   200   404   200   200   200
                                            post       401   403   400   403   403   404   403   400   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   405   403   403   404   403   405   403
                                            delete     401   403   405   403   403   404   403   405   403
api:kpi_figures                             get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:kpi_period_figures                      get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:orgs                                    get        401   200   200   200   200   200   200   200   200
                                            post       401   405   405   405   405   405   405   405   405
                                            put        401   405   405   405   405   405   405   405   405
                                            patch      401   405   405   405   405   405   405   405   405
                                            delete     401   405   405   405   405   405   405   405   405
api:period                                  get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:period_state                            get        401   405   405   405   405   404   405   405   405
                                            post       401   403   403   400   403   404   403   400   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403
api:periods                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:plan                                    get        401   200   200   200   200   404   200   200   200
                                            post       401   403   405   403   403   404   403   405   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   200   403   403   404   403   200   403
                                            delete     401   403   405   403   403   404   403   405   403
api:plans                                   get        401   200   200   200   200   404   200   200   200
                                            post       401   403   400   403   403   404   403   400   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   405   403   403   404   403   405   403
                                            delete     401   403   405   403   403   404   403   405   403
api:program                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:programs                                get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:project                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   403   405   403   403   404   403   405   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   200   403   403   404   403   200   403
                                            delete     401   403   405   403   403   404   403   405   403
api:project_figures                         get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:projects                                get        401   200   200   200   200   404   200   200   200
                                            post       401   403   400   403   403   404   403   400   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   405   403   403   404   403   405   403
                                            delete     401   403   405   403   403   404   403   405   403
api:report                                  get        401   200   200   200   200   404   200   200   200
                                            post       401   405   405   403   403   404   403   405   403
                                            put        401   405   405   403   403   404   403   405   403
                                            patch      401   400   400   403   403   404   403   400   403
                                            delete     401   405   405   403   403   404   403   405   403
api:report_approve                          get        401   405   405   405   405   404   405   405   405
                                            post       401   403   403   400   403   404   403   400   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403
api:report_return                           get        401   405   405   405   405   404   405   405   405
                                            post       401   403   403   400   403   404   403   400   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403
api:report_submit                           get        401   405   405   405   405   404   405   405   405
                                            post       401   400   400   403   403   404   403   400   403
                                            put        401   405   405   403   403   404   403   405   403
                                            patch      401   405   405   403   403   404   403   405   403
                                            delete     401   405   405   403   403   404   403   405   403
api:reports                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   400   400   403   403   404   403   400   403
                                            put        401   405   405   403   403   404   403   405   403
                                            patch      401   405   405   403   403   404   403   405   403
                                            delete     401   405   405   403   403   404   403   405   403
api:result                                  get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:results                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   400   403   404   403   400   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403
api:schema                                  get        200   200   200   200   200   200   200   200   200
                                            post       405   405   405   405   405   405   405   405   405
                                            put        405   405   405   405   405   405   405   405   405
                                            patch      405   405   405   405   405   405   405   405   405
                                            delete     405   405   405   405   405   405   405   405   405
api:strategies                              get        401   200   200   200   200   404   200   200   200
                                            post       401   403   400   403   403   404   403   400   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   405   403   403   404   403   405   403
                                            delete     401   403   405   403   403   404   403   405   403
api:strategy                                get        401   200   200   200   200   404   200   200   200
                                            post       401   403   405   403   403   404   403   405   403
                                            put        401   403   405   403   403   404   403   405   403
                                            patch      401   403   200   403   403   404   403   200   403
                                            delete     401   403   405   403   403   404   403   405   403
api:strategy_figures                        get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:targets                                 get        401   200   200   200   200   404   200   200   200
                                            post       401   403   403   403   403   404   403   403   403
                                            put        401   403   403   403   403   404   403   403   403
                                            patch      401   403   403   403   403   404   403   403   403
                                            delete     401   403   403   403   403   404   403   403   403
api:tokens                                  get          L   200   200   200   200   200   200   200   200
                                            post         L   200   200   200   200   200   200   200   200
api:year_targets                            get        401   200   200   200   200   404   200   200   200
                                            post       401   403   405   403   403   404   403   405   403
                                            put        401   403   200   403   403   404   403   200   403
                                            patch      401   403   405   403   403   404   403   405   403
                                            delete     401   403   405   403   403   404   403   405   403
password_reset                              get        200   200   200   200   200   200   200   200   200
                                            post       200   200   200   200   200   200   200   200   200
password_reset_done                         get        200   200   200   200   200   200   200   200   200
                                            post       405   405   405   405   405   405   405   405   405
password_reset_confirm                      get        200   200   200   200   200   200   200   200   200
                                            post       200   200   200   200   200   200   200   200   200
password_reset_complete                     get        200   200   200   200   200   200   200   200   200
                                            post       405   405   405   405   405   405   405   405   405
orgs:member_unlock                          get          L   403   403   403   403   404   403   405   403
                                            post         L   403   403   403   403   404   403   302   403
monitoring:year_set_up                      get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
monitoring:org_result_review                get          L   403   403   405   403   404   403   405   403
                                            post         L   403   403   302   403   404   403   302   403
jobs:restart                                get          L   405   405   405   405   404   405   405   405
                                            post         L   404   302   404   403   404   403   404   404
api:result_submit                           get        401   405   405   405   405   404   405   405   405
                                            post       401   403   403   200   403   404   403   200   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403
api:result_approve                          get        401   405   405   405   405   404   405   405   405
                                            post       401   403   403   400   403   404   403   400   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403
api:result_return                           get        401   405   405   405   405   404   405   405   405
                                            post       401   403   403   400   403   404   403   400   403
                                            put        401   403   403   405   403   404   403   405   403
                                            patch      401   403   403   405   403   404   403   405   403
                                            delete     401   403   403   405   403   404   403   405   403

surveys:paper_entry                         get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:poster_pdf                          get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:qr_png                              get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:qr_svg                              get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:question_create                     get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:question_delete                     get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
surveys:question_edit                       get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:question_move                       get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
surveys:responses_import                    get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:responses_template                  get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:section_create                      get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:section_edit                        get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:survey_create                       get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:survey_delete                       get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403
surveys:survey_detail                       get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:survey_edit                         get          L   403   200   200   403   404   403   200   403
                                            post         L   403   200   200   403   404   403   200   403
surveys:survey_list                         get          L   200   200   200   200   404   200   200   200
                                            post      as get
surveys:survey_new_version                  get          L   403   405   405   403   404   403   405   403
                                            post         L   403   302   302   403   404   403   302   403

people:index                                get          L   200   200   200   200   404   200   200   200
                                            post      as get
people:staff_list                           get          L   200   200   200   200   404   200   200   200
                                            post      as get
people:round_detail                         get          L   200   200   200   200   404   200   200   200
                                            post      as get
people:person_detail                        get          L   200   404   200   200   404   404   200   200
                                            post      as get
people:agreement_detail                     get          L   200   404   200   200   404   404   200   200
                                            post      as get
people:round_create                         get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:round_open_all                       get          L   403   403   403   403   404   403   405   405
                                            post         L   403   403   403   403   404   403   302   302
people:cascade                              get          L   403   403   200   403   404   403   200   200
                                            post         L   403   403   200   403   404   403   200   200
people:agreement_open                       get          L   405   405   405   405   404   405   405   405
                                            post         L   302   404   302   403   404   403   302   302
people:kpi_tree                             get          L   200   200   200   200   404   200   200   200
                                            post      as get
people:rules_list                           get          L   403   403   403   403   404   403   200   200
                                            post      as get
people:rules_create                         get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:person_create                        get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:staff_import                         get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:staff_template                       get          L   403   403   403   403   404   403   200   200
                                            post      as get
people:person_edit                          get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:position_list                        get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:position_edit                        get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:competency_list                      get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:competency_defaults                  get          L   403   403   403   403   404   403   405   405
                                            post         L   403   403   403   403   404   403   302   302
people:competency_edit                      get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:position_competencies                get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
people:evaluation_detail                    get          L   200   404   200   200   404   404   200   200
                                            post      as get
people:evaluation_rate                      get          L   403   404   200   403   404   404   403   403
                                            post         L   403   404   200   403   404   403   403   403
people:evaluation_review                    get          L   403   404   403   403   404   404   200   200
                                            post         L   403   404   403   403   404   403   200   200
people:evaluation_acknowledge               get          L   200   404   403   403   404   404   403   403
                                            post         L   200   404   403   403   404   403   403   403
people:round_results                        get          L   403   403   403   200   404   403   200   200
                                            post      as get
people:round_finalize                       get          L   403   403   403   403   404   403   405   405
                                            post         L   403   403   403   403   404   403   302   302
people:development                          get          L   200   404   200   200   404   404   200   200
                                            post         L   200   404   200   403   404   403   200   200
people:development_edit                     get          L   200   404   200   403   404   404   200   200
                                            post         L   200   404   200   403   404   403   200   200
people:kpi_create                           get          L   200   404   200   403   404   404   200   200
                                            post         L   200   404   200   403   404   403   200   200
people:kpi_edit                             get          L   200   404   200   403   404   404   200   200
                                            post         L   200   404   200   403   404   403   200   200
people:checkin_create                       get          L   200   404   200   403   404   404   200   200
                                            post         L   200   404   200   403   404   403   200   200
people:agreement_sign                       get          L   405   405   405   405   404   405   405   405
                                            post         L   302   404   302   403   404   403   403   403
people:kpi_delete                           get          L   405   405   405   405   404   405   405   405
                                            post         L   302   404   302   403   404   403   302   302
people:raise_proposal                       get          L   403   403   403   200   404   403   403   200
                                            post         L   403   403   403   403   404   403   403   200
people:raise_proposal_make                  get          L   403   403   403   403   404   403   405   405
                                            post         L   403   403   403   403   404   403   403   302
people:raise_proposal_finalize              get          L   403   403   403   403   404   403   405   405
                                            post         L   403   403   403   403   404   403   403   302
people:raise_line_edit                      get          L   403   403   403   403   404   403   403   200
                                            post         L   403   403   403   403   404   403   403   200
people:raise_rules_list                     get          L   403   403   403   403   404   403   200   200
                                            post      as get
people:raise_rules_create                   get          L   403   403   403   403   404   403   200   200
                                            post         L   403   403   403   403   404   403   200   200
reports:agreement_pdf                       get          L   200   404   200   200   404   404   200   200
                                            post      as get
reports:evaluation_pdf                      get          L   200   404   200   200   404   404   200   200
                                            post      as get
reports:round_summary                       get          L   403   403   403   200   404   403   200   200
                                            post      as get
reports:raise_proposal                      get          L   403   403   403   200   404   403   403   200
                                            post      as get
"""


def parse_table(text: str) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    name = None
    for line in text.splitlines():
        words = line.split()
        if not words or line.startswith("#"):
            continue
        at = next((i for i, word in enumerate(words) if word in API_METHODS), len(words))
        if at:
            name = " ".join(words[:at])
        if at < len(words):
            codes = " ".join(words[at + 1 :])
            rows.setdefault(name, {})[words[at]] = AS_GET if codes == AS_GET else codes
    return rows


MATRIX = parse_table(MATRIX_TABLE)

# Cells that do not give their intended answer yet: reason → [(row, methods, personas)]. Each is an
# xfail(strict=True): once fixed it passes, the run fails on it, and its entry here is removed.
FAILING_TODAY: dict[str, list[tuple[str, str, str]]] = {}


ORG_APPS = {"plans", "monitoring", "evaluation", "reports", "dashboard", "jobs", "orgs", "surveys", "people"}
ORG_PAGES = {"org_home"}  # an organization's pages named outside the apps' namespaces
READ_ONLY = ("executive", "overseer")  # they read the organization's pages and write nothing there
PERSONAL = {"orgs:choose", "orgs:profile", "orgs:language"}  # the person's own pages, in no organization


def writes_refused_to_readers(row: str) -> bool:
    """An organization's page: the read-only personas' POST gets 403 before the view runs, even where the
    page only reads (one rule in org_view, not a rule per view)."""
    name = row.split()[0]
    return (name.split(":")[0] in ORG_APPS or name in ORG_PAGES) and name not in PERSONAL


def expand(row: str, method: str) -> list[str]:
    spec = MATRIX[row][method]
    tokens = MATRIX[row]["get"].split() if spec == AS_GET else spec.split()
    if spec == AS_GET and writes_refused_to_readers(row):
        tokens = ["403" if persona in READ_ONLY else code for persona, code in zip(PERSONAS, tokens, strict=True)]
    assert len(tokens) == len(PERSONAS), f"{row} {method}: {len(tokens)} answers for {len(PERSONAS)} personas"
    return tokens


def failing_cells() -> dict[tuple[str, str, str], str]:
    cells = {}
    for reason, entries in FAILING_TODAY.items():
        for row, methods, personas in entries:
            for method in methods.split():
                for persona in personas.split():
                    assert row in MATRIX and method in MATRIX[row] and persona in PERSONAS, (row, method, persona)
                    cells[row, method, persona] = reason
    return cells


def matrix_items():
    """One test per row and method for the cells that give their answer today, one per cell for the others."""
    failing = failing_cells()
    for row, methods in MATRIX.items():
        for method in methods:
            passing = tuple(p for p in PERSONAS if (row, method, p) not in failing)
            yield pytest.param(row, method, passing, id=f"{row}|{method}")
            for persona in PERSONAS:
                if (row, method, persona) in failing:
                    mark = pytest.mark.xfail(strict=True, reason=failing[row, method, persona])
                    yield pytest.param(row, method, (persona,), marks=mark, id=f"{row}|{method}|{persona}")


# The objects --------------------------------------------------------------------------------------------

REPORT_SLUGS = ("form1", "form2", "form3-1", "iptt", "project-card", "department", "annual")
SURVEY_REPORT_SLUGS = ("survey-results", "form3-2", "form3-3")


def row_urls(w) -> dict[str, str]:
    """The address each row asks for."""
    urls = {}
    for name, (kwargs, _method, _capability) in plan_url_table(w).items():
        urls[name] = reverse(name, kwargs={"org_slug": w.org.slug, **kwargs})
    for name, kwargs, _method, _capability in api_url_table(w):
        urls[name] = reverse(name, kwargs={"org_slug": w.org.slug, **kwargs})
    for name, (kwargs, _method, _answers) in people_url_table(w).items():
        urls[name] = reverse(name, kwargs={"org_slug": w.org.slug, **kwargs})
    for name in ("healthz", "home", "login", "logout", "password_change", "password_change_done", "notifications"):
        urls[name] = reverse(name)
    for name in ("password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"):
        urls[name] = reverse(name, kwargs=GLOBAL_URL_KWARGS.get(name))
    for name in ("orgs:choose", "orgs:profile", "orgs:language", "oversight"):
        urls[name] = reverse(name)
    urls["orgs:overseers"] = reverse("orgs:overseers")
    urls["orgs:overseer_remove"] = reverse("orgs:overseer_remove", args=[w.users["overseer"].oversights.get().pk])
    for name in ("api:schema", "api:docs", "api:tokens", "api:orgs"):
        urls[name] = reverse(name)
    urls["public:org"] = reverse("public:org", args=[w.org.slug])
    urls["public:document"] = reverse("public:document", args=[w.org.slug, w.published.pk])
    urls["public:document draft"] = reverse("public:document", args=[w.org.slug, w.publication.pk])
    for name in ("survey_public:answer", "survey_public:thanks"):
        urls[name] = reverse(name, args=[w.survey.token])
    for name in ("jobs:detail", "jobs:progress", "jobs:download", "jobs:restart"):  # the planner's job
        urls[name] = reverse(name, args=[w.org.slug, w.job.pk])
    mine, theirs = w.plan.projects  # กองช่าง (the reporter's department), กองคลัง
    slug = w.org.slug
    q = {"org_slug": slug, "year": 2569, "number": 1}
    urls["plans:project_detail other-department"] = reverse("plans:project_detail", args=[slug, theirs.pk])
    urls["monitoring:report other-department"] = reverse("monitoring:report", kwargs={**q, "project_id": theirs.pk})
    urls["monitoring:report editable"] = reverse("monitoring:report", kwargs={**q, "number": 2, "project_id": mine.pk})
    card = reverse("reports:download", args=[slug, "project-card", "xlsx"])
    urls["reports:download project-card.xlsx other-department"] = f"{card}?year=2569&project={theirs.pk}"
    for name in ("monitoring:entry", "monitoring:results_export"):
        urls[f"{name} other-department"] = reverse(name, kwargs={**q, "department_id": w.finance.pk})
    del urls["reports:page"], urls["reports:download"]
    for report in REPORT_SLUGS:
        query = f"?year=2569&project={mine.pk}" if report == "project-card" else "?year=2569"
        urls[f"reports:page {report}"] = reverse("reports:page", args=[slug, report]) + query
        for fmt in ("xlsx", "pdf"):
            urls[f"reports:download {report}.{fmt}"] = reverse("reports:download", args=[slug, report, fmt]) + query
    for report in SURVEY_REPORT_SLUGS:
        query = f"?survey={w.survey.pk}"
        urls[f"reports:page {report}"] = reverse("reports:page", args=[slug, report]) + query
        for fmt in ("xlsx", "pdf"):
            urls[f"reports:download {report}.{fmt}"] = reverse("reports:download", args=[slug, report, fmt]) + query
    return urls


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The conftest world with test_access's files and publications, a report that can still be edited
    (a lock exception reopens the second quarter of 2569 for the กองช่าง project), a finished job of the
    planner, and one signed-in client per persona. Rolled back after the module."""
    from core.calendar import current_fiscal_year
    from jobs.models import Job
    from monitoring.models import LockException
    from monitoring.periods import ensure_periods

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = make_world()
            w.users["hr"] = make_user("hr", w.org, Role.HR)
            add_files(w)
            add_publications(w)
            second = ensure_periods(w.org, 2569)[1]
            LockException.objects.create(
                organization=w.org,
                period=second,
                project=w.plan.projects[0],
                reason="ขยายเวลา",
                until=timezone.localdate() + timedelta(days=365),
                granted_by=w.users["auditor"],
            )
            ensure_periods(w.org, current_fiscal_year())  # made by monitoring's index on its first view
            w.job = Job(organization=w.org, user=w.users["planner"], kind="test", state=Job.State.DONE)
            w.job.attach("ผล.txt", "ผลลัพธ์".encode(), "text/plain")
            w.job.save()
            clients = {"anon": Client(raise_request_exception=False)}
            for persona, username in USERNAMES.items():
                clients[persona] = Client(raise_request_exception=False)
                clients[persona].force_login(w.users[username])
            pristine = tmp_path_factory.mktemp("media-pristine")
            shutil.copytree(media, pristine, dirs_exist_ok=True)
            yield SimpleNamespace(world=w, urls=row_urls(w), clients=clients, media=media, pristine=pristine)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def cell(matrix, db, settings, monkeypatch):
    """One cell's database transaction (pytest-django's, rolled back after it) and settings."""
    settings.MEDIA_ROOT = matrix.media
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # a job is recorded, not run
    monkeypatch.setattr("reports.output.render_pdf", lambda report, thai_digits=False: b"%PDF-1.4 matrix")
    return matrix


def is_api(url: str) -> bool:
    return url.startswith("/api/v1/") or url.startswith("/api/schema/")


def call(client, method, url):
    if method == "get":
        response = client.get(url)
    elif is_api(url):  # the API reads JSON only
        response = client.generic(method.upper(), url, "{}", content_type="application/json")
    else:
        response = client.post(url)
    if response.streaming:  # a file: reading it to the end lets the test client close it
        b"".join(response.streaming_content)
    return response


def answer(response) -> str:
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return LOGIN
    return str(response.status_code)


WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
SESSION_TABLES = ("django_session", "axes_")  # who is signed in (and log-in attempts): not the project's data


def writes(queries) -> list[str]:
    """The statements that changed a row of the project's tables."""
    return [
        q["sql"] for q in queries if WRITE.match(q["sql"]) and not any(table in q["sql"] for table in SESSION_TABLES)
    ]


# Rows whose page writes on a GET, by design (the POST is answered the same way).
WRITES_WHEN_READ = {
    "notifications": "opening the page marks the person's notifications read",
    "reports:download annual.xlsx": "the annual report is built by a background job of the person",
    "reports:download annual.pdf": "the annual report is built by a background job of the person",
}


def ask(cell, row: str, method: str, persona: str, expected: str) -> list[str]:
    """One cell: its request, in a savepoint rolled back after it. Returns what is wrong with the answer."""
    client = cell.clients[persona]
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            got = answer(call(client, method, cell.urls[row]))
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies  # signing out or choosing a language stays in its cell
        if method != "get":
            shutil.copytree(cell.pristine, cell.media, dirs_exist_ok=True)  # a deleted file comes back
    wrong = [] if got == expected else [f"{persona} got {got}, expected {expected}"]
    reads_only = MATRIX[row][method] == AS_GET and row not in WRITES_WHEN_READ
    if method != "get" and (expected in REFUSALS or reads_only) and writes(queries):
        wrong.append(f"{persona} changed the database: {writes(queries)[0][:200]}")
    return wrong


@pytest.mark.parametrize(("row", "method", "personas"), list(matrix_items()))
def test_each_cell_of_the_matrix_gives_its_answer(cell, row, method, personas):
    expected = dict(zip(PERSONAS, expand(row, method), strict=True))
    wrong = [problem for persona in personas for problem in ask(cell, row, method, persona, expected[persona])]
    assert wrong == [], f"{method.upper()} {cell.urls[row]}: " + "; ".join(wrong)


def test_every_url_of_the_site_is_a_row_of_the_matrix(matrix):
    names = {row.split()[0] for row in MATRIX}
    assert all_url_names() - names == set(), "add the new URL to MATRIX in tests/test_permission_matrix.py"
    assert names - all_url_names() == set()
    assert set(matrix.urls) == set(MATRIX)


def test_every_row_answers_get_and_post_and_the_api_also_put_patch_and_delete():
    for row, methods in MATRIX.items():
        wanted = API_METHODS if row.startswith("api:") and row not in ("api:docs", "api:tokens") else ("get", "post")
        assert tuple(methods) == wanted, row
        for method in methods:
            assert set(expand(row, method)) <= {"200", "302", "400", "401", "403", "404", "405", LOGIN}, row


# What a department reporter downloads ------------------------------------------------------------------


@pytest.fixture
def approved_quarter(cell, settings):
    """The first quarter of 2569 reported and approved for both projects, each naming its own problems,
    with its KPI's result (in the test's transaction)."""
    from decimal import Decimal

    from monitoring.models import IndicatorResult, ReportState
    from monitoring.periods import ensure_periods
    from monitoring.workflow import report_for

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # runs in the request
    w = cell.world
    period = ensure_periods(w.org, 2569)[0]
    for project in w.plan.projects:
        report = report_for(period=period, project=project)
        report.project_status = "completed"
        report.percent_complete = Decimal(100)
        report.disbursed = Decimal("90000.00")
        report.narrative = f"ผลการดำเนินงานของ {project.code}"
        report.problems = f"ปัญหาของ {project.code}"
        report.state = ReportState.APPROVED
        report.approved_at = timezone.now()
        report.save()
        IndicatorResult.objects.update_or_create(
            organization=w.org,
            indicator=project.indicators.get(),
            period=period,
            defaults={"report": report, "value": Decimal(150), "state": ReportState.APPROVED},
        )
    return cell


def downloaded_text(client, url: str) -> str:
    """The text of every cell of the workbook the URL gives (following a background job to its file)."""
    response = client.get(url)
    if response.status_code == 302:  # a background job (run at once in the tests): its file
        response = client.get(response.url + "download/")
    assert response.status_code == 200, url
    data = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(BytesIO(data), read_only=True)
    cells = (v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row)
    return "\n".join(str(v) for v in cells if v is not None)


def download_urls(w) -> dict[str, str]:
    slug, mine = w.org.slug, w.plan.projects[0]
    urls = {
        "plans:plan_export": reverse("plans:plan_export", args=[slug, w.plan.plan.pk]),
        "plans:kpi_export": reverse("plans:kpi_export", args=[slug, w.plan.plan.pk]),
    }
    for report in REPORT_SLUGS:
        query = f"?year=2569&project={mine.pk}" if report == "project-card" else "?year=2569"
        urls[f"reports:download {report}.xlsx"] = reverse("reports:download", args=[slug, report, "xlsx"]) + query
    return urls


SCOPED_DOWNLOADS = [
    "plans:plan_export",
    "plans:kpi_export",
    # the project card shows one project; form 1 shows no project at all
    *(f"reports:download {report}.xlsx" for report in REPORT_SLUGS if report not in ("project-card", "form1")),
]


@pytest.mark.parametrize("download", SCOPED_DOWNLOADS)
def test_a_department_reporter_downloads_nothing_of_another_department(approved_quarter, download):
    """What gives away the กองคลัง project: its code, or a total with its money in it (2 × 90,000 disbursed)."""
    w, clients = approved_quarter.world, approved_quarter.clients
    url = download_urls(w)[download]
    theirs = (w.plan.projects[1].code, "180000")
    everything = downloaded_text(clients["planner"], url)
    assert any(mark in everything for mark in theirs), "the planner's download shows the other department"
    own = downloaded_text(clients["reporter"], url)
    assert w.plan.projects[0].code in own or download == "reports:download form3-1.xlsx"
    assert [mark for mark in theirs if mark in own] == [], f"the reporter's {download} shows another department"


# What a person's page shows of the salary ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown"),
    [("reporter", False), ("auditor", False), ("planner", False), ("admin", False), ("executive", True), ("hr", True)],
)
def test_a_salary_appears_only_to_hr_and_the_executive(cell, persona, shown):
    """The reporter's own record and the staff list: the salary (18,760.00) only for HR and the executive."""
    w = cell.world
    for name, args in (("people:staff_list", []), ("people:person_detail", [w.person.pk])):
        response = cell.clients[persona].get(reverse(name, args=[w.org.slug, *args]))
        text = response.content.decode() if response.status_code == 200 else ""
        assert ("18,760.00" in text) == shown, (persona, name, response.status_code)
