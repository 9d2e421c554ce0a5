"""Keep the departments' page permissions in line with the territorial roles."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import TerritorialRole, Territory
from .permissions import sync_department_group


@receiver(pre_save, sender=TerritorialRole)
def remember_previous_department(sender, instance, raw=False, **kwargs):
    instance._previous_territory_id = None
    if instance.pk and not raw:
        instance._previous_territory_id = (
            TerritorialRole.objects.filter(pk=instance.pk)
            .values_list("territory_id", flat=True)
            .first()
        )


@receiver(post_save, sender=TerritorialRole)
def grant_department_pages(sender, instance, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_previous_territory_id", None)
    if previous and previous != instance.territory_id:
        sync_department_group(Territory.objects.get(pk=previous))
    sync_department_group(instance.territory)


@receiver(post_delete, sender=TerritorialRole)
def revoke_department_pages(sender, instance, **kwargs):
    territory = Territory.objects.filter(pk=instance.territory_id).first()
    if territory is not None:
        sync_department_group(territory)


def purge_territorial_views(sender, instance, **kwargs):
    """A contract or protocol is shown beyond its ancestors (which the HTTP cache
    purge already covers): on the pacte page and in the national renovation view."""
    from cms.cache import purge

    from .models import PacteDijonPage, TerritoryIndexPage

    urls = []
    index = TerritoryIndexPage.objects.live().first()
    if index is not None and index.full_url:
        urls += [
            index.full_url + index.reverse_subpage("renovation"),
            index.full_url + index.reverse_subpage("renovation_export"),
        ]
    pacte = PacteDijonPage.objects.live().first()
    if pacte is not None and pacte.full_url:
        urls.append(pacte.full_url)
    purge(urls=urls)


def connect_cache_purges():
    from wagtail.signals import page_published, page_unpublished

    from .models import ContractPage, RenovationProtocolPage

    for model in (ContractPage, RenovationProtocolPage):
        for signal in (page_published, page_unpublished):
            signal.connect(
                purge_territorial_views,
                sender=model,
                dispatch_uid=f"quartiers-purge-{model.__name__}-{id(signal)}",
            )


connect_cache_purges()
