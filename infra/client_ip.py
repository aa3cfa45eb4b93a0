"""The address of the client that sent a request, for rate limits, the login lockout and logs."""


def client_ip(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "unknown"
