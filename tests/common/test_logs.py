import json
import logging
import sys

from shop.common.logs import REDACTED, JsonFormatter, KeyValueFormatter


def make_record(message="failed login", exc_info=None, **extra):
    record = logging.LogRecord("shop.test", logging.WARNING, __file__, 1, message, None, exc_info)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_key_value_formatter_appends_extra_fields():
    formatter = KeyValueFormatter("%(levelname)s %(name)s %(message)s")

    line = formatter.format(make_record(event="login_failed", user_id=7, client_address="::1"))

    assert line == "WARNING shop.test failed login event=login_failed user_id=7 client_address=::1"


def test_key_value_formatter_quotes_spaces_and_line_breaks():
    formatter = KeyValueFormatter("%(message)s")

    line = formatter.format(make_record(reason="two words", note="a\nb", empty="", none=None))

    assert line == 'failed login reason="two words" note="a\\nb" empty="" none=null'
    assert "\n" not in line


def test_key_value_pairs_precede_traceback():
    formatter = KeyValueFormatter("%(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        record = make_record(exc_info=sys.exc_info(), user_id=3)

    first, *rest = formatter.format(record).split("\n")

    assert first == "failed login user_id=3"
    assert rest[-1] == "ValueError: boom"


def test_formatters_redact_secret_field_names():
    record = make_record(password="hunter2", token="abc.def", refresh="r", user_id=1)

    text_line = KeyValueFormatter("%(message)s").format(record)
    json_line = JsonFormatter().format(record)

    for secret in ["hunter2", "abc.def", "refresh=r"]:
        assert secret not in text_line
        assert secret not in json_line
    assert f"password={REDACTED}" in text_line
    assert json.loads(json_line)["password"] == REDACTED


def test_json_formatter_writes_one_object_with_extras():
    line = JsonFormatter().format(make_record(event="login_failed", user_id=7))

    body = json.loads(line)
    assert body["message"] == "failed login"
    assert body["level"] == "WARNING"
    assert body["logger"] == "shop.test"
    assert body["event"] == "login_failed"
    assert body["user_id"] == 7
    assert body["time"].endswith("+00:00")
