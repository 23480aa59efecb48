"""A property-based fuzz of the API from its own OpenAPI schema (schemathesis): for every
operation, generated requests, valid and invalid, never get a 5xx, and every answer matches the
schema (status code, content type, body).

Each operation is driven by Hypothesis directly (``operation.as_strategy()``): schemathesis's
lazy pytest fixture does not run under pytest 9.2.
"""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from service_corpus import TOKEN
from testenv import in_ci

from eventwire.service import ServiceSettings, create_app

OPERATIONS = [("GET", "/health"), ("GET", "/events"), ("GET", "/events/{event_id}"),
              ("GET", "/articles/{article_id}"), ("POST", "/articles"), ("GET", "/actors"),
              ("GET", "/timeseries"), ("GET", "/network")]


@pytest.fixture(scope="session")
def api_schema(filled_db, coder, tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "events.db"
    shutil.copy(filled_db, db)  # the fuzz writes: not into the database the read tests share
    # the default limits: a valid request that Hypothesis makes is far below them, and must be accepted
    # schemathesis calls the app as http://testserver: a name given like any --allowed-host
    app = create_app(ServiceSettings(db=str(db), token=TOKEN, allowed_hosts=("testserver",)), coder=coder)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)

    @schema.auth()
    class Token:
        """The token on every request, unless the case is about leaving it out."""

        def get(self, case, context) -> str:
            return TOKEN

        def set(self, case, data: str, context) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    return schema


def test_every_operation_is_fuzzed(api_schema) -> None:
    documented = {(method.upper(), path) for path, item in api_schema.raw_schema["paths"].items() for method in item}
    assert documented == set(OPERATIONS)


# an operation without inputs (GET /health) has no invalid request
CASES = [pytest.param(method, path, mode, id=f"{method} {path} {mode.value}")
         for method, path in OPERATIONS for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode is GenerationMode.POSITIVE or path != "/health"]


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_the_api_answers_every_request_as_its_schema_says(api_schema, method, path, mode) -> None:
    operation = api_schema[path][method]

    # CI replays the same examples each run (a red CI names a real regression); a run by hand explores anew
    @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck),
              derandomize=in_ci())
    @given(case=operation.as_strategy(generation_mode=mode))
    def answer(case) -> None:
        case.call_and_validate()

    answer()
