"""The API half of the generated no-5xx walk (dvk/core/tests/test_no_server_errors.py explains it):
every operation of the OpenAPI schema, anonymously and as staff. A file of its own, so that the suite's
two workers run the HTML and the API walks side by side."""

from __future__ import annotations

from typing import Any

import pytest

from dvk.core.tests.test_no_server_errors import STAFF, walk_api

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    from dvk.api.main import api

    return api.get_openapi_schema()


def test_the_api_walk_sees_every_operation(openapi):
    operations = [(m, p) for p, ops in openapi["paths"].items() for m in ops]
    assert len(operations) >= 40 and any(m == "post" for m, _p in operations)


@pytest.mark.parametrize("who", [None, *STAFF])
def test_no_api_operation_answers_5xx(who, openapi):
    failures = walk_api(who, openapi)
    if failures:
        pytest.fail(f"{len(failures)} requests answered 5xx:\n" + "\n".join(failures), pytrace=False)
