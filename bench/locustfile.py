"""Locust users of the load test (issue #7); run by bench/load.py, which sets the environment.

BENCH_LOAD_DATA  JSON written by load.py: ids and search terms picked from the database
BENCH_LOAD_LOG   where to write every request (name, ms, ok, error) when locust quits
BENCH_LOAD_USER, BENCH_LOAD_PASSWORD  the login (default: loadtest, an administrator)
BENCH_LOAD_LANDING  1: after logging in, open the page the login redirects to (/, the to-do
                    list: for an administrator the whole country's, tens of seconds on the
                    national demo, so it is left out by default and timed once by load.py)

Each simulated user logs in once (GET + POST /login/), picks a home province, then loops over
the mix of MIX with a think time of 1–3 s. Every page is
requested without following redirects: anything but a 200 (a redirect to the login page
included) is a failure.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

DATA = json.loads(Path(os.environ["BENCH_LOAD_DATA"]).read_text(encoding="utf-8"))
LOG = os.environ.get("BENCH_LOAD_LOG", "")
USERNAME = os.environ.get("BENCH_LOAD_USER", "loadtest")
PASSWORD = os.environ.get("BENCH_LOAD_PASSWORD", "matkhau-tai-12345")
LANDING = os.environ.get("BENCH_LOAD_LANDING") == "1"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Request names (the rows of the results table), with their share of the loop (weights in %).
SEARCH_COUNTRY = "GET /members/?q=<name> (whole country)"
SEARCH_PROVINCE = "GET /members/?q=<name>&organization=<province>"
SEARCH_DIGITS = "GET /members/?q=<CCCD or card number>"
SEARCH_API = "GET /api/v1/members?q=<name>"
RECORD = "GET /members/<id>/"
LIST = "GET /members/?organization=<id>"
LIST_PAGE = "GET /members/?organization=<id>&page=<2..10>"
TREE = "GET /organizations/"
ORG = "GET /organizations/<id>/"
CHILDREN = "GET /organizations/<id>/children/ (htmx)"
DASH_PROVINCE = "GET /reports/?organization=<province>"
DASH_COMMUNE = "GET /reports/?organization=<commune>"
LOGIN_FORM = "GET /login/"
LOGIN = "POST /login/"
HOME = "GET / (to-do, after login)"
LOGOUT = "POST /logout/ (after the run)"

MIX = [
    ("search", SEARCH_COUNTRY, 10, "a name (2/3 full names, 1/3 «tran thi»-like prefixes)"),
    ("search", SEARCH_PROVINCE, 10, "the same, within the user's home province"),
    ("search", SEARCH_DIGITS, 5, "a sampled member's CCCD (or party card number)"),
    ("search", SEARCH_API, 5, "a name through the JSON API (session auth)"),
    ("member record", RECORD, 30, "a member spread over the whole table"),
    ("member list", LIST, 10, "a province (1/5), commune (1/2) or grassroots org (3/10)"),
    ("member list", LIST_PAGE, 5, "a province or commune, page 2 to 10"),
    ("organization", TREE, 3, "the tree's first level (34 provinces)"),
    ("organization", ORG, 7, "a province (1/5), commune (2/5) or grassroots org (2/5)"),
    ("organization", CHILDREN, 5, "the children of a province (2/5) or commune (3/5)"),
    ("dashboard", DASH_PROVINCE, 4, "the home province's dashboard"),
    ("dashboard", DASH_COMMUNE, 6, "a commune's dashboard"),
]
WEIGHTS = {name: weight for _, name, weight, _ in MIX}

RECORDS: list[list] = []
RUN: dict = {}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kw):
    error = ""
    if exception is not None:
        error = f"{type(exception).__name__}: {exception}"[:300]
    url = kw.get("url") or ""
    RECORDS.append([round(time.time(), 3), name, round(response_time, 2), error, url])


@events.user_error.add_listener
def _user_error(user_instance, exception, tb, **kw):
    RECORDS.append([round(time.time(), 3), "(error in the test code)", 0, repr(exception), ""])


@events.test_start.add_listener
def _start(environment, **kw):
    RUN["start"] = time.time()


@events.test_stop.add_listener
def _stop(environment, **kw):
    RUN["stop"] = time.time()


@events.quitting.add_listener
def _dump(environment, **kw):
    if LOG:
        out = {"run": RUN, "mix": MIX, "logout": LOGOUT, "records": RECORDS}
        Path(LOG).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


class Browser(HttpUser):
    """A logged-in user browsing, searching and opening records."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.province = self.rng.choice(DATA["provinces"])
        with self.client.get("/login/", name=LOGIN_FORM, catch_response=True) as resp:
            found = CSRF.search(resp.text) if resp.status_code == 200 else None
            if not found:
                resp.failure(f"no login form (HTTP {resp.status_code})")
                return
        with self.client.post(
            "/login/",
            name=LOGIN,
            data={
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": found.group(1),
                "next": "",
            },
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            if resp.status_code != 302 or resp.headers.get("Location") != "/":
                resp.failure(f"login refused (HTTP {resp.status_code})")
                return
        if LANDING:
            self._get("/", HOME)

    def on_stop(self) -> None:
        # Closes the session (its row in django_session) once the clock has run out.
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/logout/",
            name=LOGOUT,
            data={"csrfmiddlewaretoken": token},
            headers={"X-CSRFToken": token},
            allow_redirects=False,
        )

    def _get(self, path: str, name: str, params=None, headers=None, json_key: str = "") -> None:
        with self.client.get(
            path,
            params=params,
            name=name,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            if resp.status_code == 0:  # no response: the connection failed
                resp.failure(f"no response: {resp.error!r}"[:300])
            elif resp.status_code != 200:
                where = resp.headers.get("Location", "")
                resp.failure(f"HTTP {resp.status_code}" + (f" -> {where}" if where else ""))
            elif json_key and json_key not in resp.json():
                resp.failure(f"no «{json_key}» in the JSON")

    def _name(self) -> str:
        if self.rng.random() < 2 / 3:
            return self.rng.choice(DATA["names"])
        return self.rng.choice(DATA["prefixes"])

    def _org(self, shares: dict[str, float]) -> int:
        kind = self.rng.choices(list(shares), weights=list(shares.values()))[0]
        if kind == "province":
            return self.province["id"]
        return self.rng.choice(DATA[kind])

    @task(WEIGHTS[SEARCH_COUNTRY])
    def search_country(self) -> None:
        self._get("/members/", SEARCH_COUNTRY, params={"q": self._name()})

    @task(WEIGHTS[SEARCH_PROVINCE])
    def search_province(self) -> None:
        params = {"q": self._name(), "organization": self.province["id"]}
        self._get("/members/", SEARCH_PROVINCE, params=params)

    @task(WEIGHTS[SEARCH_DIGITS])
    def search_digits(self) -> None:
        self._get("/members/", SEARCH_DIGITS, params={"q": self.rng.choice(DATA["numbers"])})

    @task(WEIGHTS[SEARCH_API])
    def search_api(self) -> None:
        self._get("/api/v1/members", SEARCH_API, params={"q": self._name()}, json_key="results")

    @task(WEIGHTS[RECORD])
    def record(self) -> None:
        self._get(f"/members/{self.rng.choice(DATA['members'])}/", RECORD)

    @task(WEIGHTS[LIST])
    def member_list(self) -> None:
        org = self._org({"province": 0.2, "communes": 0.5, "grassroots": 0.3})
        self._get("/members/", LIST, params={"organization": org})

    @task(WEIGHTS[LIST_PAGE])
    def member_list_page(self) -> None:
        org = self._org({"province": 0.4, "communes": 0.6})
        params = {"organization": org, "page": self.rng.randint(2, 10)}
        self._get("/members/", LIST_PAGE, params=params)

    @task(WEIGHTS[TREE])
    def tree(self) -> None:
        self._get("/organizations/", TREE)

    @task(WEIGHTS[ORG])
    def organization(self) -> None:
        org = self._org({"province": 0.2, "communes": 0.4, "grassroots": 0.4})
        self._get(f"/organizations/{org}/", ORG)

    @task(WEIGHTS[CHILDREN])
    def children(self) -> None:
        org = self._org({"province": 0.4, "communes": 0.6})
        self._get(f"/organizations/{org}/children/", CHILDREN, headers={"HX-Request": "true"})

    @task(WEIGHTS[DASH_PROVINCE])
    def dashboard_province(self) -> None:
        self._get("/reports/", DASH_PROVINCE, params={"organization": self.province["id"]})

    @task(WEIGHTS[DASH_COMMUNE])
    def dashboard_commune(self) -> None:
        org = self.rng.choice(DATA["communes"])
        self._get("/reports/", DASH_COMMUNE, params={"organization": org})
