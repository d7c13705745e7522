"""apilint: an API design linter and contract checker (OpenAPI and GraphQL today; protobuf to come)."""

__version__ = "0.4.0"
