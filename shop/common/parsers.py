"""The JSON parser for every API request body."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with deeply nested input rejected as a parse error.

    Python's json module recurses once per nesting level, so a body like
    `[[[[...]]]]` a few thousand levels deep raises RecursionError, which
    would otherwise become a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
