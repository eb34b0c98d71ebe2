"""Requests of the shop API's Postman collection: one module per folder."""
