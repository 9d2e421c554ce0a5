"""The rate limit must not break sign-ups and proposals when Redis is down."""

from django.test import override_settings

from partners.ratelimit import hit

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
}


@override_settings(
    CACHES=UNREACHABLE_REDIS,
    DJANGO_REDIS_IGNORE_EXCEPTIONS=True,
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False,
    QUARTIERS_RATE_LIMIT=(1, 3600),
)
def test_attempts_pass_when_the_cache_is_unreachable():
    assert [hit("submission", 1) for _ in range(3)] == [False, False, False]


@override_settings(QUARTIERS_RATE_LIMIT=(1, 3600))
def test_attempts_beyond_the_limit_are_refused_when_the_cache_works():
    assert [hit("submission", "limit-check") for _ in range(2)] == [False, True]
