"""The API's OpenAPI description is a valid OpenAPI 3.1 document for openapi-spec-validator, as clients read it."""

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from api.openapi import openapi_description

pytestmark = pytest.mark.django_db


def test_the_served_description_is_valid_openapi_3_1(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on any error, with the path to it


def test_the_validator_rejects_a_broken_description():
    spec = openapi_description()
    spec["paths"]["/summaries/"]["get"]["responses"]["200"]["content"] = "application/json"
    with pytest.raises(OpenAPIValidationError):
        validate(spec)
