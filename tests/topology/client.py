"""A visitor over plain HTTP, from a loopback source address of its own (nginx sees each as a distinct client)."""

import http.client
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMEOUT = 15


@dataclass
class Hit:
    """One HTTP request and what came back."""

    method: str
    path: str
    started: float
    finished: float
    status: int | None  # None: no answer (timeout, connection refused)
    headers: dict = field(default_factory=dict)
    text: str = ""

    @property
    def upstream(self):
        """The app server that answered, as nginx saw it (X-Upstream), or None."""
        return self.headers.get("X-Upstream")

    @property
    def location(self):
        return urlsplit(self.headers.get("Location", "")).path or None

    def describe(self):
        return f"{self.method} {self.path} -> {self.status} via {self.upstream}: {self.text[:300]!r}"


def raw_request(host, port, method, path, *, body=None, headers=None, source=None, timeout=TIMEOUT):
    connection = http.client.HTTPConnection(host, port, timeout=timeout,
                                            source_address=(source, 0) if source else None)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    except OSError as exc:
        return Hit(method, path, started, time.monotonic(), None, text=repr(exc)), None
    finally:
        connection.close()
    hit = Hit(method, path, started, time.monotonic(), response.status, dict(response.headers.items()), text)
    return hit, response.headers.get_all("Set-Cookie") or []


def get(host, port, path):
    return raw_request(host, port, "GET", path, timeout=5)[0]


class Browser:
    """A cookie jar and a source address. The site's cookies are Secure; over this plain HTTP they are sent anyway,
    as a browser would over HTTPS. `forwarded_for` is sent as the visitor's own X-Forwarded-For (a forgery unless
    the visitor is a trusted proxy)."""

    def __init__(self, port, source="127.0.0.1", forwarded_for=None, host="127.0.0.1"):
        self.host, self.port, self.source, self.forwarded_for = host, port, source, forwarded_for
        self.cookies = {}

    def request(self, method, path, form=None, timeout=TIMEOUT):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        hit, set_cookies = raw_request(self.host, self.port, method, path, body=body, headers=headers,
                                       source=self.source, timeout=timeout)
        for header in set_cookies or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return hit

    def get(self, path):
        return self.request("GET", path)

    def follow(self, hit):
        assert hit.status in (301, 302, 303) and hit.location, hit.describe()
        return self.get(hit.location)

    def submit(self, form_path, data, action=None):
        """GET the page with the form (its CSRF token), then POST the form as a browser does."""
        page = self.get(form_path)
        assert page.status == 200, page.describe()
        token = TOKEN.search(page.text)
        assert token, f"no CSRF token on {form_path}"
        return self.request("POST", action or form_path, {**data, "csrfmiddlewaretoken": token.group(1)})

    def sign_up(self, username, password):
        return self.submit("/accounts/signup/", {
            "username": username, "email": f"{username}@example.org", "display_name": username.title(),
            "password1": password, "password2": password,
        })

    def log_in(self, username, password):
        return self.submit("/accounts/login/", {"username": username, "password": password})

    def log_out(self):
        return self.submit("/", {}, action="/accounts/logout/")
