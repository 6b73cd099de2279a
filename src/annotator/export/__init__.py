"""Exporters: a project to reports and interchange formats."""
