"""Volume data for the benchmark: news (100 × scale)."""

import datetime

from .models import NewsIndexPage, NewsPage

NEWS_PER_SCALE = 100


def generate_news(scale, progress):
    index = NewsIndexPage.objects.first()
    target = int(NEWS_PER_SCALE * scale)
    existing = NewsPage.objects.count()
    missing = max(target - existing, 0)
    for number in range(missing):
        position = existing + number
        page = NewsPage(
            title=f"Actualité de volume {position}",
            slug=f"volume-{position}",
            date=datetime.date(2019, 1, 1) + datetime.timedelta(days=position % 700),
            summary="Actualité générée pour la mesure de performance.",
            body=[("paragraph", "<p>Texte de volume.</p>" * 5)],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        progress(number + 1, missing)
    return missing
