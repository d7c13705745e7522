"""apilint: an API design linter and contract checker for OpenAPI, GraphQL and protobuf."""

__version__ = "0.5.0"
