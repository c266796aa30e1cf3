"""iCalendar: descriptions from templates, events and tasks, VTIMEZONEs, serializing,
merging into the previous file, atomic writes, and the linter."""
