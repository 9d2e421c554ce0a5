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
    # A session, or a flash message waiting for this visitor (Django's messages
    # cookie): the page is theirs alone.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Other anonymous visitors: their cookies (CSRF token...) do not change public
    # pages. A page that uses the token sets its own, and is never stored (below).
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
    # A response that sets a cookie or is private is never stored nor shared.
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
