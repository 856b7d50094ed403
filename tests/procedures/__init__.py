"""The procedures (processes/*.bpmn, *.dmn) walked through the JSON API."""
