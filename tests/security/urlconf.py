"""Every URL pattern of the project, found by walking the URL conf."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced name, "?" when the pattern has none
    route: str  # the concatenated routes / regexes
    keys: frozenset  # names of the URL's keyword arguments

    @property
    def key(self):
        return f"{self.name} {self.route}"


def _keys(pattern):
    if isinstance(pattern, RoutePattern):
        return set(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return set(pattern.regex.groupindex)
    return set()


def walk(resolver=None, prefix="", namespaces=(), keys=frozenset()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        entry_keys = keys | _keys(entry.pattern)
        if isinstance(entry, URLResolver):
            spaces = namespaces + ((entry.namespace,) if entry.namespace else ())
            yield from walk(entry, route, spaces, frozenset(entry_keys))
        elif isinstance(entry, URLPattern):
            if entry.callback.__module__ == "cms.admin_exports":
                # Wagtail's exporting views remounted on their own routes: the
                # matrix requests them through Wagtail's named patterns.
                continue
            name = ":".join(namespaces + (entry.name,)) if entry.name else "?"
            yield Pattern(name, route, frozenset(entry_keys))


def all_patterns():
    return list(dict.fromkeys(walk()))
