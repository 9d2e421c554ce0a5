from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    """A frontend cache backend that records what it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)
