"""Volume data for the benchmark: news (100 × scale)."""

import datetime

from wagtail.rich_text import RichText

from cms.ops.volume import bulk_add_children, index_pages

from .models import NewsIndexPage, NewsPage

NEWS_PER_SCALE = 100


def generate_news(scale, progress):
    """100 × scale live news, bulk-inserted (``cms.ops.volume``) and indexed."""
    index = NewsIndexPage.objects.first()
    target = int(NEWS_PER_SCALE * scale)
    existing = NewsPage.objects.count()
    missing = max(target - existing, 0)
    if index is None or not missing:
        return 0
    pages = [
        NewsPage(
            title=f"Actualité de volume {position}",
            slug=f"volume-{position}",
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=position % 700),
            summary="Actualité générée pour la mesure de performance.",
            body=[("paragraph", RichText("<p>Texte de volume.</p>" * 5))],
        )
        for position in range(existing, existing + missing)
    ]
    bulk_add_children(index, pages)
    index_pages(NewsPage, pages)
    progress(missing, missing)
    return missing
