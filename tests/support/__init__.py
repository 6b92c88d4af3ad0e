"""Helpers the tests share: sites to build, and readers for PDFs and emails."""
