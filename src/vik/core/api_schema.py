"""The API description names every answer an operation can give, not only the successful one
(issue 14, finding 12; tests/api/test_schema_conformance.py runs schemathesis against it).

drf-spectacular documents an operation's 200/201 only. Every operation of VIK's API can also answer:
401 (no or an invalid sign-in), 403 (signed in, but the role or the policy refuses: a Dutch
`detail`), 404 (an object that does not exist or that the user may not see, and a page number past
the end of a list); operations that take a body also 400 (the invalid fields, each with its Dutch
messages) and 409 (the domain refuses the change, e.g. a stale version: a Dutch `detail`).
"""

DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Per field (or `detail` / `non_field_errors`) the messages that explain why it was refused.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"},
                  {"type": "object"}],
    },
}
COMMON = {
    "401": "Niet (geldig) aangemeld.",
    "403": "Aangemeld, maar deze rol of dit beleid staat het niet toe.",
    "404": "Bestaat niet, is niet zichtbaar voor deze gebruiker, of de pagina bestaat niet.",
}
WITH_BODY = {"400": "Ongeldige invoer: per veld de meldingen.", "409": "Conflict: de wijziging kan zo niet."}


def _response(description: str, schema_name: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", DETAIL)
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for _path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in COMMON.items():
                responses.setdefault(code, _response(description, "ErrorDetail"))
            if "requestBody" in operation:
                responses.setdefault("400", _response(WITH_BODY["400"], "FieldErrors"))
                responses.setdefault("409", _response(WITH_BODY["409"], "ErrorDetail"))
    return result
