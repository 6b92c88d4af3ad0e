"""The bundled DejaVu Sans family (see LICENSE.txt), so PDFs never depend on host fonts."""
