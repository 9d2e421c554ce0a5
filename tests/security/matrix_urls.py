"""Argument factories of the permission matrix: for each URL pattern, the real URLs
to request (objects of department A or B, of partner 1 or 2, drafts...).

``FACTORIES`` is an ordered list of ``(regex on "name route", factory)``; a factory
takes the world and the pattern and returns ``[(label, url), ...]``. The first
matching entry wins. A pattern that no entry matches makes the matrix test fail.
"""

import re
import uuid

from django.urls import reverse

from wagtail.models import Page


def r(name, *args, query="", **kwargs):
    url = reverse(name, args=args or None, kwargs=kwargs or None)
    return f"{url}?{query}" if query else url


def one(name_url):
    return lambda w, p: [("", name_url(w, p))]


def plain(w, p):
    return [("", r(p.name))]


# Objects by model, for the snippet / modeladmin / generic views: (label, object).
def objects_of(w, model):
    return {
        "measures.indicator": [("", w.indicator)],
        "measures.ministry": [("", w.ministry)],
        "measures.pactecommitment": [("", w.commitment)],
        "measures.qpv": [("A", w.qpv)],
        "measures.indicatorvalue": [("A", w.value)],
        "measures.indicatortarget": [("A", w.target)],
        "measures.territory": [("A", w.dept_a)],
        "measures.territorialrole": [("A", w.role_a)],
        "partners.axis": [("", w.axis)],
        "partners.semesterreport": [("A", w.report_a), ("B", w.report_b)],
        "partners.departmentorganisation": [
            ("A", w.organisation_a),
            ("B", w.organisation_b),
        ],
        "partners.association": [("A", w.association_a), ("B", w.association_b)],
        "partners.company": [("A", w.company_a), ("B", w.company_b)],
        "partners.convention": [("A", w.convention_a), ("B", w.convention_b)],
    }[model]


SNIPPET = re.compile(r"wagtailsnippet(?:s|choosers)_(\w+?)_(\w+):")
MODELADMIN = re.compile(r"^(\w+?)_(\w+)_modeladmin_")


def snippet_urls(w, p):
    match = SNIPPET.match(p.name) or MODELADMIN.match(p.name)
    model = f"{match[1]}.{match[2]}"
    if not p.keys:
        return [("", r(p.name))]
    urls = []
    for label, obj in objects_of(w, model):
        kwargs = {}
        for key in p.keys:
            if key in ("pk", "instance_pk"):
                kwargs[key] = obj.pk
            elif key == "revision_id":
                kwargs[key] = obj.latest_revision_id
            elif key == "revision_id_a":
                kwargs[key] = "earliest"
            elif key == "revision_id_b":
                kwargs[key] = "latest"
            elif key == "action_name":
                kwargs[key] = "approve"
            elif key == "task_state_id":
                kwargs[key] = w.report_a_task_state.pk
            elif key == "workflow_state_id":
                kwargs[key] = w.report_a_state.pk
        urls.append((label, r(p.name, **kwargs)))
    return urls


def pages(w):
    return [
        ("contract-A", w.contract_a),
        ("contract-B", w.contract_b),
        ("news", w.news),
        ("draft", w.draft),
        ("practice-1", w.practice_1),
    ]


# The page views where drafts and institutional pages matter most; the others are
# asked on the pages of departments A and B and on a partner's practice only.
KEY_PAGE_VIEWS = re.compile(r":(edit|preview_on_edit|view_draft|delete) ")


def page_urls(w, p):
    """Page admin views, on pages of dept A and B, news, a draft, a practice."""
    urls = []
    variants = pages(w)
    if not KEY_PAGE_VIEWS.search(p.key):
        variants = [v for v in variants if v[0] not in ("news", "draft")]
    for label, page in variants:
        kwargs = {}
        for key in p.keys:
            if key in ("page_id", "parent_page_id", "page_to_move_id", "pk"):
                kwargs[key] = page.pk
            elif key == "revision_id":
                kwargs[key] = page.latest_revision_id
            elif key == "revision_id_a":
                kwargs[key] = "earliest"
            elif key == "revision_id_b":
                kwargs[key] = "latest"
            elif key == "destination_id":
                kwargs[key] = w.dept_page_b.pk
        urls.append((label, r(p.name, **kwargs)))
    return urls


def page_add_urls(w, p):
    variants = [
        ("contract-in-A", "measures", "contractpage", w.dept_page_a),
        ("contract-in-B", "measures", "contractpage", w.dept_page_b),
        ("standard-under-home", "home", "standardpage", w.home),
    ]
    return [
        (
            label,
            r(
                p.name,
                content_type_app_name=app,
                content_type_model_name=model,
                parent_page_id=parent.pk,
            ),
        )
        for label, app, model, parent in variants
    ]


def page_workflow_urls(w, p):
    kwargs = {"page_id": w.practice_2.pk}
    if "action_name" in p.keys:
        kwargs["action_name"] = "approve"
    if "task_state_id" in p.keys:
        kwargs["task_state_id"] = w.practice_2_task_state.pk
    if "task_id" in p.keys:
        kwargs["task_id"] = w.practice_2_task_state.task_id
    if "workflow_state_id" in p.keys:
        kwargs["workflow_state_id"] = w.practice_2_task_state.workflow_state_id
    return [("practice-2", r(p.name, **kwargs))]


def public_pages(w):
    """One live page of every page type, plus pages that must stay hidden."""
    seen, urls = set(), []
    for page in Page.objects.live().public().specific().order_by("path"):
        model = type(page).__name__
        if model in seen or page.depth < 2:
            continue
        seen.add(model)
        urls.append((f"live-{model}", page.url))
    urls += [
        ("rss", "/actualites/rss/"),
        ("ical", "/paqte/journees/ical/"),
        ("renovation", "/territoires/renovation/"),
        ("renovation-xlsx", "/territoires/renovation/export/"),
        ("directory-xlsx", "/reseau/telecharger/xlsx/"),
        ("directory-csv", "/reseau/telecharger/csv/"),
        ("directory-filtered", "/reseau/?kind=entreprise&size=pme&department=31"),
        ("practices-filtered", "/bonnes-pratiques/?department=31&axis=1"),
        ("draft", "/brouillon-securite/"),
        ("practice-1-unpublished", w.practice_1.url or "/bonnes-pratiques/x/"),
        ("missing", "/cette-page-n-existe-pas/"),
    ]
    return urls


def default_object_urls(w, p):
    """Generic admin views with an object id, by the name of the id."""
    values = {
        "redirect_id": w.redirect.pk,
        "query_id": w.query.pk,
        "document_id": w.document.pk,
        "doc_id": w.document.pk,
        "image_id": w.image.pk,
        "uploaded_file_id": 999999,
        "collection_id": w.collection.pk,
        "filter_spec": "max-100x100",
    }
    return [("", r(p.name, **{key: values[key] for key in p.keys}))]


def find_urls(w, p):
    """The API's "find" views, asked for an object that exists."""
    obj = {"pages": w.standard, "images": w.image, "documents": w.document}[
        p.name.split(":")[1]
    ]
    return [("", r(p.name, query=f"id={obj.pk}"))]


def modelname_urls(app, model):
    return lambda w, p: [("", r(p.name, app_label=app, model_name=model))]


FACTORIES = [
    # Public site, partner space, search, feeds.
    (r"^wagtail_serve ", lambda w, p: public_pages(w)),
    (r"^wagtaildocs_serve ", lambda w, p: [("", w.document.url)]),
    (
        r"^wagtaildocs_authenticate_with_password ",
        one(lambda w, p: r(p.name, restriction_id=999999)),
    ),
    (
        r"^wagtailcore_authenticate_with_password ",
        one(
            lambda w, p: r(
                p.name, page_view_restriction_id=999999, page_id=w.standard.pk
            )
        ),
    ),
    (
        r"^partners_practice_edit ",
        lambda w, p: [
            ("practice-1", r(p.name, pk=w.practice_1.pk)),
            ("practice-2", r(p.name, pk=w.practice_2.pk)),
        ],
    ),
    (r"^partners_confirm ", one(lambda w, p: r(p.name, token="jeton-invalide"))),
    (
        r"^(partners|wagtailadmin)_password_reset_confirm ",
        one(lambda w, p: r(p.name, uidb64="MQ", token="jeton-invalide")),
    ),
    # Open data API.
    (
        r"^wagtailapi:pages:detail ",
        lambda w, p: [
            ("live", r(p.name, pk=w.standard.pk)),
            ("draft", r(p.name, pk=w.draft.pk)),
            ("practice-1", r(p.name, pk=w.practice_1.pk)),
        ],
    ),
    (r"^wagtailapi:images:detail ", one(lambda w, p: r(p.name, pk=w.image.pk))),
    (r"^wagtailapi:documents:detail ", one(lambda w, p: r(p.name, pk=w.document.pk))),
    (r"^wagtail(admin_)?api:\w+:find ", find_urls),
    (
        r"^wagtailadmin_api:pages:detail ",
        lambda w, p: [
            ("draft", r(p.name, pk=w.draft.pk)),
            ("contract-A", r(p.name, pk=w.contract_a.pk)),
        ],
    ),
    (
        r"^wagtailadmin_api:pages:action ",
        one(lambda w, p: r(p.name, pk=w.contract_a.pk, action_name="delete")),
    ),
    (r"^wagtailadmin_api:images:detail ", one(lambda w, p: r(p.name, pk=w.image.pk))),
    (
        r"^wagtailadmin_api:documents:detail ",
        one(lambda w, p: r(p.name, pk=w.document.pk)),
    ),
    # Unnamed admin patterns.
    (r"^\? admin/test404/", lambda w, p: [("test404", "/admin/test404/")]),
    (r"^\? admin/\^\.\*/\$", lambda w, p: [("catch-all", "/admin/n-existe-pas/")]),
    (
        r"^\? \^admin/pages/.*revision_id>0\+",
        lambda w, p: [("revision-0", "/admin/pages/0/revisions/0/revert/")],
    ),
    # Page admin.
    (r"^wagtailadmin_pages:(add|preview_on_add) ", page_add_urls),
    (
        r"^wagtailadmin_pages:(type_use|type_use_results|choose_parent) ",
        lambda w, p: [
            (
                "",
                r(
                    p.name,
                    **(
                        {"app_label": "home", "model_name": "standardpage"}
                        if "app_label" in p.keys
                        else {
                            "content_type_app_name": "home",
                            "content_type_model_name": "standardpage",
                        }
                    ),
                ),
            )
        ],
    ),
    (
        r"^wagtailadmin_pages:(workflow_action|collect_workflow_action_data|"
        r"confirm_workflow_cancellation|workflow_preview|workflow_history_detail) ",
        page_workflow_urls,
    ),
    (r"^wagtailadmin_pages:\w+ .*<", page_urls),
    (r"^wagtailadmin_pages:\w+ .*\(\?P<", page_urls),
    (r"^wagtailadmin_(explore|explore_results|choose_page_child) .*<", page_urls),
    (
        r"^wagtail_bulk_action ",
        lambda w, p: [
            (
                "delete-contract-A",
                r(
                    p.name,
                    app_label="wagtailcore",
                    model_name="page",
                    action="delete",
                    query=f"id={w.contract_a.pk}",
                ),
            )
        ],
    ),
    (
        r"^wagtailadmin_tag_model_autocomplete ",
        one(lambda w, p: r(p.name, app_name="wagtailimages", model_name="image")),
    ),
    (
        r"^wagtailadmin_editing_sessions:ping ",
        one(
            lambda w, p: r(
                p.name,
                app_label="wagtailcore",
                model_name="page",
                object_id=str(w.contract_a.pk),
                session_id=999999,
            )
        ),
    ),
    (
        r"^wagtailadmin_editing_sessions:release ",
        one(lambda w, p: r(p.name, session_id=999999)),
    ),
    # Snippets, their choosers, and modeladmin.
    (r"^wagtailsnippets? ", plain),
    (r"^wagtailsnippet(s|choosers)_\w+:", snippet_urls),
    (r"^\w+_modeladmin_\w+ ", snippet_urls),
    # Generic Wagtail admin objects.
    (
        r"^wagtailadmin_collections:\w+ .*<int:pk>",
        one(lambda w, p: r(p.name, pk=w.collection.pk)),
    ),
    (
        r"^wagtailadmin_workflows:remove ",
        lambda w, p: [
            (
                "",
                r(
                    p.name,
                    **{
                        k: {
                            "page_pk": w.practice_1.get_parent().pk,
                            "workflow_pk": w.workflow.pk,
                        }[k]
                        for k in p.keys
                    },
                ),
            )
        ],
    ),
    (
        r"^wagtailadmin_workflows:(add_task) ",
        one(
            lambda w, p: r(
                p.name, app_label="wagtailcore", model_name="groupapprovaltask"
            )
        ),
    ),
    (
        r"^wagtailadmin_workflows:(edit_task|disable_task|enable_task) ",
        one(lambda w, p: r(p.name, pk=w.task.pk)),
    ),
    (
        r"^wagtailadmin_workflows:task_chosen ",
        one(lambda w, p: r(p.name, task_id=w.task.pk)),
    ),
    (
        r"^wagtailadmin_workflows:\w+ .*<int:pk>",
        one(lambda w, p: r(p.name, pk=w.workflow.pk)),
    ),
    (
        r"^wagtailforms:\w+ .*<int:page_id>",
        one(lambda w, p: r(p.name, page_id=w.standard.pk)),
    ),
    (
        r"^wagtailsettings:(edit|preview_on_edit) .*<slug:app_name>",
        lambda w, p: [
            (
                "site" if "pk" in p.keys else "",
                r(
                    p.name,
                    app_name="home",
                    model_name="sitesettings",
                    **({"pk": w.site.pk} if "pk" in p.keys else {}),
                ),
            )
        ],
    ),
    (r"^wagtailsites:\w+ .*<int:pk>", one(lambda w, p: r(p.name, pk=w.site.pk))),
    (
        r"^wagtailusers_users:\w+ .*<int:pk>",
        lambda w, p: [
            ("other-user", r(p.name, pk=w.other_user.pk)),
            ("national", r(p.name, pk=w.users["national"].pk)),
        ],
    ),
    (
        r"^wagtailusers_groups:\w+ .*<int:pk>",
        one(lambda w, p: r(p.name, pk=w.group.pk)),
    ),
    (r"^wagtaildocs_chooser:chosen ", one(lambda w, p: r(p.name, pk=w.document.pk))),
    (r"^wagtailimages_chooser:chosen ", one(lambda w, p: r(p.name, pk=w.image.pk))),
    (
        r"^wagtail(images|docs|redirects|searchpromotions|images_chooser|admin_collections)\w*:\w+ .*<",
        default_object_urls,
    ),
    # Our admin views.
    (
        r"^measures_admin:indicator_import_preview ",
        one(lambda w, p: r(p.name, token=uuid.UUID(int=1))),
    ),
    (
        r"^measures_admin:synthesis(_docx)? ",
        lambda w, p: [("A", r(p.name, code="31")), ("B", r(p.name, code="44"))],
    ),
    (
        r"^partners_reports:report_xlsx ",
        lambda w, p: [
            ("A", r(p.name, pk=w.report_a.pk)),
            ("B", r(p.name, pk=w.report_b.pk)),
        ],
    ),
    # Everything without arguments.
    (r"^[^ ]+ [^<(]*$", plain),
]
