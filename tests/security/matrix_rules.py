"""Expected answers of the permission matrix, by URL pattern and object.

``RULES`` is an ordered list of ``(regex, expected)``; the regex is searched in
``"<pattern name> | <label>"`` (label: which object, e.g. ``contract-A``,
``practice-1``, ``B``), the first match wins. ``expected`` gives each role's
answer:

- a status code (200, 400, 403, 404, 405);
- ``LOGIN``: a redirect to a login page (admin or partner login);
- ``REFUSED``: Wagtail's refusal, a redirect to the admin dashboard with a message
  (staff holding no permission on a page of the /territoires/ tree get an
  explicit 403 instead);
- ``"->/path"``: a redirect to a path starting with ``/path``.

Roles: anonymous, partner, other_partner (partners: no admin access),
communication, moderator, referent_a (Haute-Garonne, 31), referent_b
(Loire-Atlantique, 44), producer, national.
"""

from .world import PARTNERS, ROLES, STAFF

LOGIN = "login"
REFUSED = "refused"


def E(default=None, *, anonymous=None, partners=None, staff=None, **roles):
    """Expected answer per role: ``default``, then by group, then by role."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")
    expected = dict.fromkeys(ROLES, default)
    if anonymous is not None:
        expected["anonymous"] = anonymous
    for group, value in ((PARTNERS, partners), (STAFF, staff)):
        if value is not None:
            expected.update(dict.fromkeys(group, value))
    expected.update(roles)
    return expected


def admin(staff=200, **roles):
    """An admin URL: anonymous users and partners are sent to the login page."""
    return E(staff, anonymous=LOGIN, partners=LOGIN, **roles)


PUBLIC = E(200)
EVERY_STAFF = admin(200)
POST_ONLY = admin(405)
NATIONAL_ONLY = admin(REFUSED, national=200)
NOT_FOUND = admin(404)

# Page admin views by object: who edits what.
# - contract-A / contract-B: pages of the /territoires/ tree, editable by the
#   referent of their department, communication (page rights on the whole tree)
#   and national administrators. Staff holding no permission on such a page
#   (another department's page) get an explicit 403 on every page admin URL of it
#   (``measures.middleware``, asking the page permission policy); those who may
#   work on it get Wagtail's own refusal for an action they may not do.
# - news, draft: institutional pages: communication and national administrators.
# - practice-1: a partner's good practice: moderators (rights on /bonnes-pratiques/),
#   communication and national administrators.
EDIT_A = admin(403, communication=200, referent_a=200, national=200)
EDIT_B = admin(403, communication=200, referent_b=200, national=200)
EDIT_INSTITUTIONAL = admin(REFUSED, communication=200, national=200)
EDIT_PRACTICE = admin(REFUSED, communication=200, moderator=200, national=200)
# Publish-level actions (delete a live page, unpublish, move, privacy): national
# administrators only (nobody else has publish rights there).
PUBLISHER_A = admin(403, communication=REFUSED, referent_a=REFUSED, national=200)
PUBLISHER_B = admin(403, communication=REFUSED, referent_b=REFUSED, national=200)
PUBLISHER_INSTITUTIONAL = admin(REFUSED, national=200)
PUBLISHER_PRACTICE = admin(REFUSED, moderator=200, national=200)


def page_view(a=EDIT_A, b=EDIT_B, news=EDIT_INSTITUTIONAL, draft=None, practice=None):
    draft = draft or news
    practice = practice or EDIT_PRACTICE
    return [
        ("contract-A", a),
        ("contract-B", b),
        ("news", news),
        ("draft", draft),
        ("practice-1", practice),
    ]


def per_label(name, variants):
    return [(rf"^{name} \| {label}$", expected) for label, expected in variants]


# Staff holding no page permission on contract A (B): another department's page.
NO_RIGHTS_ON = {
    "contract-A": ("moderator", "referent_b", "producer"),
    "contract-B": ("moderator", "referent_a", "producer"),
}


def territorial_403(name, expected):
    """``expected`` for every object, but 403 on the contract pages to the staff
    holding no permission on them (whatever the view would have answered)."""
    return [
        *(
            (rf"^{name} \| {label}$", {**expected, **dict.fromkeys(roles, 403)})
            for label, roles in NO_RIGHTS_ON.items()
        ),
        (rf"^{name} ", expected),
    ]


# Department-scoped snippets and modeladmin (DepartmentPermissionPolicy): the
# referent of the object's department and national administrators; other staff
# are refused (Wagtail's refusal).
SCOPED_A = admin(REFUSED, referent_a=200, national=200)
SCOPED_B = admin(REFUSED, referent_b=200, national=200)
SCOPED_LIST = admin(REFUSED, referent_a=200, referent_b=200, national=200)

RULES = [
    # --- Public site, feeds, exports, search, open data -------------------------
    (r"^wagtail_serve \| (draft|practice-1-unpublished|missing)$", E(404)),
    (r"^wagtail_serve ", PUBLIC),
    (r"^wagtaildocs_serve ", PUBLIC),
    (r"^(wagtaildocs|wagtailcore)_authenticate_with_password ", E(404)),
    (r"^(search|search_autocomplete|sitemap|robots_txt) ", PUBLIC),
    (r"^wagtailapi:pages:detail \| (draft|practice-1)$", E(404)),
    (r"^wagtailapi:\w+:find ", E("->/api/v2/")),
    (r"^wagtailapi:", PUBLIC),
    (r"^api_not_found ", E(404)),
    # --- Partner accounts and space ---------------------------------------------
    (r"^partners_(space|propose) ", E(LOGIN, partners=200, staff=403)),
    (
        r"^partners_practice_edit \| practice-1$",
        E(LOGIN, partner=200, other_partner=404, staff=403),
    ),
    (r"^partners_practice_edit \| practice-2$", E(LOGIN, partners=404, staff=403)),
    (r"^partners_confirm ", E(400)),
    # Signed-in users are sent on to the partner space (staff then get a 403 there).
    (r"^partners_login ", E("->/mon-espace/", anonymous=200)),
    (r"^partners_logout ", E(405)),  # POST only
    (r"^wagtailadmin_logout ", admin(405)),
    (r"^wagtailadmin_login ", E(REFUSED, anonymous=200, partners=200)),
    (r"^partners_(signup|signup_sent|password_reset\w*) ", PUBLIC),
    # --- Admin: login, password reset, static assets -----------------------------
    (
        r"^(wagtailcore_login|wagtailadmin_password_reset\w*|"
        r"wagtailadmin_sprite|wagtailadmin_javascript_catalog) ",
        PUBLIC,
    ),
    (r"^wagtailadmin_error_test ", admin(500)),
    (r"^\? \| test404$", EVERY_STAFF),  # Wagtail's page to preview its 404 template
]


# Issue 12, « nothing meant for editors reaches visitors » (pub-finish): the report
# Rapports → À compléter opens for every member of staff; each sees only the pages
# and objects they may edit (tests/home/test_completeness_report.py).
RULES += [
    (r"^completeness_report(_results)? ", EVERY_STAFF),
]

RULES += [
    # --- Admin: dashboard, account, generic helpers --------------------------------
    (
        r"^(wagtailadmin_home|wagtailadmin_account|wagtailadmin_tag_autocomplete) ",
        EVERY_STAFF,
    ),
    (r"^\? \| catch-all$", NOT_FOUND),  # the admin's catch-all (its own 404 page)
    # Revision 0, which Wagtail failed on (cms.views.revision_zero).
    (r"^\? \| revision-0$", NOT_FOUND),
    (r"^wagtailadmin_tag_model_autocomplete ", NOT_FOUND),
    (r"^wagtailadmin_dismissibles ", EVERY_STAFF),
    (r"^wagtailadmin_block_preview ", NOT_FOUND),
    (r"^wagtailadmin_editing_sessions:\w+ ", POST_ONLY),
    # Admin API: pages the user may see (page rights), images and documents.
    (
        r"^wagtailadmin_api:pages:detail \| draft$",
        admin(404, communication=200, national=200),
    ),
    (
        r"^wagtailadmin_api:pages:detail \| contract-A$",
        admin(404, communication=200, referent_a=200, national=200),
    ),
    (r"^wagtailadmin_api:pages:action ", POST_ONLY),
    # A page outside the user's part of the tree is not found.
    (
        r"^wagtailadmin_api:pages:find ",
        admin(404, communication="->/admin/api/main/", national="->/admin/api/main/"),
    ),
    (r"^wagtailadmin_api:\w+:find ", admin("->/admin/api/main/")),
    (r"^wagtailadmin_api:", EVERY_STAFF),
    # --- Page tree -------------------------------------------------------------------
    (
        r"^wagtailadmin_explore_root ",
        admin(
            200,
            moderator="->/admin/pages/",
            referent_a="->/admin/pages/",
            referent_b="->/admin/pages/",
            producer=REFUSED,
        ),
    ),
]

# Anyone holding a page permission somewhere (everyone on the staff but producers).
PAGE_USERS = admin(200, producer=REFUSED)


def explore(**roles):
    """The page explorer: other staff are sent to the part of the tree they may
    explore (moderators: /bonnes-pratiques/, referents: their department)."""
    return admin(
        "->/admin/pages/",
        communication=200,
        national=200,
        producer=REFUSED,
        **roles,
    )


EXPLORE = [
    ("contract-A", explore(referent_a=200)),
    ("contract-B", explore(referent_b=200)),
    ("news", explore()),
    ("draft", explore()),
    ("practice-1", explore(moderator=200)),
]
ADD_IN_A = EDIT_A
ADD_IN_B = EDIT_B

RULES += [
    *per_label(r"wagtailadmin_(explore|explore_results)", EXPLORE),
    (r"^wagtail_bulk_action ", EVERY_STAFF),  # GET: confirmation; POST tested apart
    *per_label(
        r"wagtailadmin_pages:(add|preview_on_add)",
        [
            ("contract-in-A", EDIT_A),
            ("contract-in-B", EDIT_B),
            ("standard-under-home", EDIT_INSTITUTIONAL),
        ],
    ),
    (
        r"^wagtailadmin_pages:(type_use|type_use_results|search|search_results) ",
        PAGE_USERS,
    ),
    (r"^wagtailadmin_pages:choose_parent ", EVERY_STAFF),
    *per_label(
        r"wagtailadmin_pages:(usage|edit|preview_on_edit|view_draft|copy|"
        r"revisions_view|revisions_revert|revisions_compare|workflow_history|history|"
        r"history_results)",
        page_view(),
    ),
    *territorial_403(r"wagtailadmin_pages:revisions_index", admin("->/admin/pages/")),
    *per_label(
        r"wagtailadmin_pages:add_subpage",
        [
            # A contract holds one protocol: contract A has it already.
            (
                "contract-A",
                admin(403, communication=REFUSED, referent_a=REFUSED, national=REFUSED),
            ),
            (
                "contract-B",
                admin(
                    403,
                    communication="->/admin/pages/add/",
                    referent_b="->/admin/pages/add/",
                    national="->/admin/pages/add/",
                ),
            ),
            ("news", admin(REFUSED)),
            (
                "draft",
                admin(
                    REFUSED,
                    communication="->/admin/pages/add/",
                    national="->/admin/pages/add/",
                ),
            ),
            ("practice-1", admin(REFUSED)),
        ],
    ),
    *per_label(
        r"wagtailadmin_pages:(delete|move)",
        page_view(
            a=PUBLISHER_A,
            b=PUBLISHER_B,
            news=PUBLISHER_INSTITUTIONAL,
            draft=EDIT_INSTITUTIONAL,
        ),
    ),
    # Moving to department B's page: only contracts may go there (and only
    # national administrators may move them); a refusal before any confirmation.
    *per_label(
        r"wagtailadmin_pages:move_confirm",
        page_view(
            a=PUBLISHER_A,
            b=PUBLISHER_B,
            news=admin(REFUSED),
            draft=admin(REFUSED),
            practice=admin(REFUSED),
        ),
    ),
    *per_label(
        r"wagtailadmin_pages:unpublish",
        page_view(
            a=PUBLISHER_A,
            b=PUBLISHER_B,
            news=PUBLISHER_INSTITUTIONAL,
            draft=admin(REFUSED),  # not live
            practice=admin(REFUSED),
        ),
    ),
    *per_label(
        r"wagtailadmin_pages:(revisions_unschedule|set_privacy)",
        page_view(
            a=PUBLISHER_A,
            b=PUBLISHER_B,
            news=PUBLISHER_INSTITUTIONAL,
            draft=PUBLISHER_INSTITUTIONAL,
            practice=PUBLISHER_PRACTICE,
        ),
    ),
    *territorial_403(r"wagtailadmin_pages:convert_alias", NOT_FOUND),
    *territorial_403(r"wagtailadmin_pages:(set_page_position|lock|unlock)", POST_ONLY),
    # Workflow actions on a practice in moderation: moderators only.
    (
        r"^wagtailadmin_pages:(workflow_action|collect_workflow_action_data|"
        r"workflow_preview) ",
        admin(REFUSED, moderator=200),
    ),
    # Only says which workflow and task are in progress.
    (r"^wagtailadmin_pages:confirm_workflow_cancellation ", EVERY_STAFF),
    (
        r"^wagtailadmin_pages:workflow_history_detail ",
        EDIT_PRACTICE,
    ),
    # Page chooser: titles of the whole tree, for links in rich text.
    (r"^wagtailadmin_choose_page\w* ", EVERY_STAFF),
    # --- Collections, workflows, reports -----------------------------------------
    (
        r"^wagtailadmin_collections:delete ",
        NOT_FOUND,
    ),  # the first collection has children
    (r"^wagtailadmin_collections:", admin(REFUSED)),
    (r"^wagtailadmin_workflows:(enable|remove|enable_task) ", POST_ONLY),
    (r"^wagtailadmin_workflows:(disable|disable_task) ", admin(REFUSED)),
    (r"^wagtailadmin_workflows:task_choose\w* ", EVERY_STAFF),
    (r"^wagtailadmin_workflows:task_chosen ", EVERY_STAFF),
    (r"^wagtailadmin_workflows:", NATIONAL_ONLY),
    (r"^wagtailadmin_reports:locked_pages", NATIONAL_ONLY),
    (r"^wagtailadmin_reports:site_history", EVERY_STAFF),
    (r"^wagtailadmin_reports:", PAGE_USERS),
]


PRODUCERS = admin(REFUSED, producer=200, national=200)
REFERENTS = SCOPED_LIST
EDITORS = admin(REFUSED, communication=200, national=200)  # images, documents
NOBODY = admin(REFUSED)  # superusers only
CHOSEN_MEDIA = admin(REFUSED, communication=200, moderator=200, national=200)
# Reference data the referents, communication and national admins read.
READ_REFERENCE = admin(200, moderator=REFUSED, producer=REFUSED)


def family(prefix, rules):
    return [(rf"^{prefix}:{regex}", expected) for regex, expected in rules]


def scoped_snippet(model, *, referents_delete):
    delete = (r"delete \| ", None if referents_delete else NATIONAL_ONLY)
    rules = [
        (r"(list|list_results|add) ", SCOPED_LIST),
        (r"(revisions_unschedule|unpublish) ", NATIONAL_ONLY),
    ]
    if delete[1] is not None:
        rules.append(delete)
    rules += [
        (r"lock \| A$", admin(REFUSED, national=405)),  # in the workflow
        (r"lock \| B$", admin(REFUSED, referent_b=405, national=405)),  # POST only
        (r"unlock \| A$", NOBODY),
        (r"unlock \| B$", admin(REFUSED, referent_b=405, national=405)),
        (r"(workflow_action|collect_workflow_action_data) \| A$", NATIONAL_ONLY),
        # B with A's task state: sent back to the object.
        (
            r"(workflow_action|collect_workflow_action_data) \| B$",
            admin(
                REFUSED,
                referent_b="->/admin/snippets/",
                national="->/admin/snippets/",
            ),
        ),
        (
            r"workflow_history_detail \| B$",
            admin(REFUSED, referent_b=404, national=404),
        ),
        (r"\w+ \| A$", SCOPED_A),
        (r"\w+ \| B$", SCOPED_B),
    ]
    choosers = [
        (r"create ", SCOPED_LIST),
        (r"chosen \| A$", admin(404, referent_a=200, national=200)),
        (r"chosen \| B$", admin(404, referent_b=200, national=200)),
        (r"", EVERY_STAFF),  # the lists: empty for other staff
    ]
    return family(f"wagtailsnippets_{model}", rules) + family(
        f"wagtailsnippetchoosers_{model}", choosers
    )


def national_snippet(model, read):
    """A snippet of reference data: ``read`` lists and inspects it, national
    administrators manage it; every staff member may choose it."""
    return family(
        f"wagtailsnippets_{model}",
        [(r"(list|list_results|inspect) ", read), (r"", NATIONAL_ONLY)],
    ) + family(
        f"wagtailsnippetchoosers_{model}",
        [(r"create ", NATIONAL_ONLY), (r"", EVERY_STAFF)],
    )


RULES += [
    # --- Indicators (producers), reference data (national admins) ---------------
    *family(
        "wagtailsnippets_measures_indicator",
        [
            (r"(list|list_results|inspect) ", admin(200, moderator=REFUSED)),
            (r"(edit|usage|history|history_results) ", PRODUCERS),
            (r"", NATIONAL_ONLY),
        ],
    ),
    *family(
        "wagtailsnippetchoosers_measures_indicator",
        [(r"create ", NATIONAL_ONLY), (r"", EVERY_STAFF)],
    ),
    *national_snippet("measures_ministry", EDITORS),
    *national_snippet("measures_pactecommitment", READ_REFERENCE),
    # The search's synonyms: managed by the editors.
    *family("wagtailsnippets_search_synonymset", [(r"", EDITORS)]),
    *family(
        "wagtailsnippetchoosers_search_synonymset",
        [(r"create ", EDITORS), (r"", EVERY_STAFF)],
    ),
    *national_snippet("measures_qpv", READ_REFERENCE),
    *national_snippet("partners_axis", REFERENTS),
    (r"^measures_(indicatorvalue|indicatortarget)_modeladmin_delete ", NATIONAL_ONLY),
    (r"^measures_(indicatorvalue|indicatortarget)_modeladmin_", PRODUCERS),
    (r"^measures_territory_modeladmin_(index|inspect|history) ", REFERENTS),
    (r"^measures_territory_modeladmin_", NATIONAL_ONLY),
    (r"^measures_territorialrole_modeladmin_", NATIONAL_ONLY),
    (r"^measures_reports:", PRODUCERS),
    (
        r"^measures_admin:indicator_import_preview ",
        admin(REFUSED, producer=404, national=404),
    ),
    (r"^measures_admin:indicator_", PRODUCERS),
    (r"^measures_admin:qpv_import ", NATIONAL_ONLY),
    (r"^measures_admin:synthesis_index ", REFERENTS),
    (r"^measures_admin:synthesis\w* \| A$", admin(403, referent_a=200, national=200)),
    (r"^measures_admin:synthesis\w* \| B$", admin(403, referent_b=200, national=200)),
    # --- PAQTE: department-bound objects (referent of the department) -----------
    (r"^partners_(company|convention)_modeladmin_(index|create) ", SCOPED_LIST),
    (r"^partners_(company|convention)_modeladmin_\w+ \| A$", SCOPED_A),
    (r"^partners_(company|convention)_modeladmin_\w+ \| B$", SCOPED_B),
    *scoped_snippet("partners_semesterreport", referents_delete=False),
    *scoped_snippet("partners_departmentorganisation", referents_delete=False),
    *scoped_snippet("partners_association", referents_delete=True),
    (r"^partners_reports:national_table ", NATIONAL_ONLY),
    (r"^partners_reports:report_xlsx \| A$", SCOPED_A),
    (r"^partners_reports:report_xlsx \| B$", SCOPED_B),
    # adm-work (issue 11): the moderation queue and its filtered results fragment
    # (moderators act on it, national administrators follow it); the French help
    # page (every staff member).
    (
        r"^partners_moderation_queue(_results)? ",
        admin(REFUSED, moderator=200, national=200),
    ),
    (r"^quartiers_admin_help ", EVERY_STAFF),
    (r"^partners_invite ", NATIONAL_ONLY),
    # --- Wagtail's own screens -------------------------------------------------
    (r"^wagtailsnippets:index ", admin(200, moderator=REFUSED)),
    (r"^wagtailforms:(index|index_results) ", PAGE_USERS),
    (r"^wagtailforms:list_submissions", NOT_FOUND),  # no form page
    (r"^wagtailforms:", NOBODY),
    (r"^wagtailredirects:", NOBODY),
    (r"^wagtailsettings:edit \| site$", NATIONAL_ONLY),
    (r"^wagtailsettings:edit ", admin("->/admin/settings/home/sitesettings/")),
    (r"^wagtailsettings:preview_on_edit ", admin(REFUSED, national=404)),
    (r"^wagtailsearchpromotions:(chooser|chooserresults) ", EVERY_STAFF),
    (r"^wagtailsearchpromotions:search_terms", NOBODY),  # superusers only
    (
        r"^wagtailsearchpromotions:",
        admin(REFUSED, communication=200, national=200),
    ),
    (r"^(wagtail_modeladmin:javascript_catalog|wagtailembeds:\w+) ", EVERY_STAFF),
    (r"^wagtail(docs|images):(edit|delete)_multiple ", POST_ONLY),
    (r"^wagtail(docs|images):(create_multiple_from|delete_upload)\w* ", POST_ONLY),
    (
        r"^wagtailimages:url_generator\w* ",
        admin(REFUSED, communication=404, national=404),
    ),
    (r"^wagtail(docs|images):", EDITORS),
    (r"^wagtail(docs|images)_chooser:create ", EDITORS),
    (r"^wagtail(docs|images)_chooser:(chosen|select_format) ", CHOSEN_MEDIA),
    (r"^wagtail(docs|images)_chooser:", EVERY_STAFF),
    (r"^wagtailsites:", NOBODY),
    (r"^wagtailusers_groups:", NOBODY),
    (r"^wagtailusers_users:delete ", NOBODY),
    (r"^wagtailusers_users:", NATIONAL_ONLY),
]
