"""Exporters: a project to reports and interchange formats.

`gather.build_report` reads what a report shows into the `model`; `html`, `markdown`, `pdf`,
`csv_export`, `claimreview` and `web_annotation` render it; `project_json` writes the whole project;
`formats` names them all for the command line and the GUI. Formats are described in docs/export-json.md.
"""
