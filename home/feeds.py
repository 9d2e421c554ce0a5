from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed

from wagtail.models import Site


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index_page

    def title(self, obj):
        site = Site.find_for_request(self.request)
        return f"{obj.title} — {site.site_name if site else 'Quartiers'}"

    def link(self, obj):
        return obj.get_url(request=self.request)

    def description(self, obj):
        return obj.summary

    def items(self, obj):
        return obj.get_news()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_url(request=self.request))

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))
