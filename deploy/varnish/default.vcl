vcl 4.1;

# Quartiers behind Varnish: anonymous GET/HEAD are cached as the application's
# Cache-Control says (s-maxage, stale-while-revalidate); the admin, previews and
# signed-in users pass; PURGE (sent by Wagtail's frontend cache on publication)
# is accepted from this machine only.

backend default {
    .host = "127.0.0.1";
    .port = "8001";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "PURGE interdit"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/admin" || req.url ~ "^/documents/" || req.url ~ "^/api/v2/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Anonymous visitors: their cookies (CSRF token...) do not change public pages.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # One site: the URL alone identifies a page, whatever host name reached it
    # (Wagtail purges with the site's host name).
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
