"""apilint: an API design linter and contract checker (OpenAPI today; GraphQL and protobuf to come)."""

__version__ = "0.3.0"
