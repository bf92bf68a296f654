"""The one error type every layer of the emulator raises for an API answer."""

from __future__ import annotations


class ApiError(Exception):
    """An answer of the form {"Response": {"Error": {"Code", "Message"}}}.

    Raised anywhere below the gateway; the gateway turns it into the
    envelope, so handlers never build error bodies themselves.
    """

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def missing(name: str) -> ApiError:
    return ApiError("MissingParameter", f"The request is missing a required parameter `{name}`.")


def invalid_value(message: str, code: str = "InvalidParameterValue.InvalidParameterValueError") -> ApiError:
    return ApiError(code, message)
