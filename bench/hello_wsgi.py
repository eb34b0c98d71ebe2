"""The ceiling for a Python server: a WSGI app that returns a constant body."""

BODY = b'{"hello": "world"}'


def application(environ, start_response):
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]
