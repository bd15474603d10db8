"""A participant on a light page without a browser: the same HTTP requests a phone makes, nothing rendered.

Used by the load test (``tests/light/test_light_load.py``) and the benchmark
(``benchmarks/bench_light.py``). Like a browser it keeps its cookies (the participant token,
``_xsrf``), sends the form's ``_xsrf`` field, follows the redirect after a form (303) and
polls the live state as the page's script does.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin

from tornado.httpclient import AsyncHTTPClient, HTTPRequest

XSRF_RE = re.compile(r'name="_xsrf" value="([^"]+)"')
ME_RE = re.compile(r'<strong class="kit-me">([^<]*)</strong>')
TIMEOUT = 60.0


def client(max_clients: int = 400) -> AsyncHTTPClient:
    """One HTTP client for many participants (Tornado's default allows only 10 requests at a time)."""
    AsyncHTTPClient.configure(None, max_clients=max_clients)
    return AsyncHTTPClient()


@dataclass
class Reply:
    status: int
    url: str
    text: str
    seconds: float


@dataclass
class LightParticipant:
    """One phone on one exercise's light page (``/mee/<exercise>?school=&code=``)."""

    http: AsyncHTTPClient
    base: str
    school: str
    code: str
    exercise: str = "visie"
    cookies: dict[str, str] = field(default_factory=dict)
    xsrf: str = ""
    name: str = ""

    @property
    def page(self) -> str:
        return f"{self.base}/mee/{self.exercise}?{urlencode({'school': self.school, 'code': self.code})}"

    @property
    def state_url(self) -> str:
        return f"{self.base}/mee/{self.exercise}/staat?{urlencode({'school': self.school, 'code': self.code})}"

    async def request(self, url: str, method: str = "GET", form: dict | None = None) -> Reply:
        """One request (and the GET after a redirect), with this phone's cookies; the last reply."""
        start = time.perf_counter()
        body = urlencode(form, doseq=True) if form is not None else None
        while True:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            response = await self.http.fetch(HTTPRequest(url, method=method, body=body, headers=headers,
                                                         follow_redirects=False, request_timeout=TIMEOUT),
                                             raise_error=False)
            for value in response.headers.get_list("Set-Cookie"):
                jar = SimpleCookie()
                jar.load(value)
                for name, morsel in jar.items():
                    if not morsel.value or morsel["max-age"] == "0":  # cleared (Tornado's clear_cookie)
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if response.code in (301, 302, 303, 307) and "Location" in response.headers:
                url, method, body = urljoin(url, response.headers["Location"]), "GET", None
                continue
            text = response.body.decode("utf-8", "replace") if response.body else ""
            found = XSRF_RE.search(text)
            if found:
                self.xsrf = found.group(1)
            return Reply(response.code, url, text, time.perf_counter() - start)

    async def open(self) -> Reply:
        return await self.request(self.page)

    async def send(self, action: str, **fields: object) -> Reply:
        """Send one of the page's forms (``actie``), as the page does."""
        return await self.request(self.page, "POST", {"_xsrf": self.xsrf, "actie": action, **fields})

    async def join(self, name: str) -> Reply:
        """Open the page and join under ``name``; the reply is the page after joining."""
        await self.open()
        reply = await self.send("meedoen", naam=name)
        found = ME_RE.search(reply.text)
        self.name = found.group(1) if found else ""
        return reply

    async def state(self) -> Reply:
        return await self.request(self.state_url)
