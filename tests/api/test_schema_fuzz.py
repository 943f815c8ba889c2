"""A bounded schemathesis run over every operation of the API, with every check on.

One refinement of "schema-valid request rejected": a 422 whose `errors` is empty is a
documented business-rule refusal (a drawing with no pain, a slot in the past), which no
schema can express; a 422 naming fields must still never meet schema-valid data.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _rule_refusal(response) -> bool:
    if response.status_code != 422:
        return False
    body = response.json()
    return body.get("errors") == {} and body.get("message") != "some fields are invalid"


@schemathesis.check
def valid_data_accepted_unless_a_rule_refuses(ctx, response, case):
    if _rule_refusal(response):
        return None
    return positive_data_acceptance(ctx, response, case)


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, world):
    case.call_and_validate(
        # The WSGI client does not undo brotli/gzip (web/compression.py); ask for plain bytes.
        headers={"Accept-Encoding": "identity"},
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_accepted_unless_a_rule_refuses],
    )
