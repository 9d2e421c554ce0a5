"""Writing a validated indicator values import, and its entries in the audit log.

``apply_import`` writes all or nothing, then refreshes the pages that show the
imported indicators; each import is logged per indicator as
``quartiers.indicator_import``, labelled by ``IndicatorImportLogFormatter``.
"""

from collections import Counter, defaultdict
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action

from cms.cache import content_changed
from measures.models import IndicatorValue

from .parse import existing_values

IMPORT_LOG_ACTION = "quartiers.indicator_import"
# The model field each optional column of the file writes.
FIELDS = {"precision": "approximation", "commentaire": "comment"}


class ImportCounts(NamedTuple):
    created: int
    updated: int


def apply_import(result, user=None):
    """Write every row of a valid ``ImportResult``, all or nothing.

    Creates the new values and updates the existing ones (same indicator, territory
    and date), then logs one ``quartiers.indicator_import`` entry per indicator in
    Wagtail's audit log. Raises ``ValueError`` if the result has errors: nothing is
    written then. Returns ``ImportCounts(created, updated)``.
    """
    if result.errors:
        raise ValueError("An import with errors cannot be applied.")
    if not result.rows:
        return ImportCounts(0, 0)

    with transaction.atomic():
        # Existing values are read again: the file may have been previewed a while
        # ago. The unique constraint refuses a value created in between.
        existing = existing_values(result.rows)
        # An optional column absent from the file leaves its stored values as
        # they are (a new value takes the field's default).
        written = ["value"] + [
            FIELDS[name] for name in result.optional_columns if name in FIELDS
        ]
        now = timezone.now()
        to_create, to_update = [], []
        per_indicator = defaultdict(Counter)
        for row in result.rows:
            found = existing.get(row.key)
            fields = {name: getattr(row, name) for name in written}
            if found:
                to_update.append(IndicatorValue(pk=found[0], updated_at=now, **fields))
                per_indicator[row.indicator]["updated"] += 1
            else:
                to_create.append(
                    IndicatorValue(
                        indicator=row.indicator,
                        territory=row.territory,
                        date=row.date,
                        **fields,
                    )
                )
                per_indicator[row.indicator]["created"] += 1
        IndicatorValue.objects.bulk_create(to_create, batch_size=500)
        IndicatorValue.objects.bulk_update(
            to_update,
            [*written, "updated_at"],
            batch_size=500,
        )

        dates = defaultdict(list)
        for row in result.rows:
            dates[row.indicator].append(row.date)
        for indicator, counts in per_indicator.items():
            log_action(
                instance=indicator,
                action=IMPORT_LOG_ACTION,
                user=user,
                data={
                    "created": counts["created"],
                    "updated": counts["updated"],
                    "first_date": min(dates[indicator]).isoformat(),
                    "last_date": max(dates[indicator]).isoformat(),
                    "filename": result.filename,
                },
            )
        transaction.on_commit(lambda: refresh_pages_showing(list(per_indicator)))
    return ImportCounts(len(to_create), len(to_update))


def refresh_pages_showing(indicators):
    """After an import: forget cached fragments and purge, from the HTTP cache,
    the measure pages that show these indicators (and the pages listing them)."""
    from wagtail.models import Site

    from measures.models import MeasurePage

    pages = list(
        MeasurePage.objects.filter(measure_indicators__indicator__in=indicators)
        .live()
        .distinct()
    )
    pages += [site.root_page for site in Site.objects.select_related("root_page")]
    content_changed(pages=pages)


class IndicatorImportLogFormatter(LogFormatter):
    label = gettext_lazy("Import de valeurs (xlsx)")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        try:
            created, updated = int(data["created"]), int(data["updated"])
        except (KeyError, TypeError, ValueError):
            return _("Import de valeurs")
        return _("Import de valeurs : %(created)s, %(updated)s") % {
            "created": ngettext(
                "%(count)d valeur créée", "%(count)d valeurs créées", created
            )
            % {"count": created},
            "updated": ngettext(
                "%(count)d mise à jour", "%(count)d mises à jour", updated
            )
            % {"count": updated},
        }

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("filename", "")


def register_import_log_actions(actions):
    """For the ``register_log_actions`` hook: label the import entries."""
    actions.register_action(IMPORT_LOG_ACTION)(IndicatorImportLogFormatter)
