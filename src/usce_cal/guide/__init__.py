"""The guide as data: its months, rotation kinds and steps, season dates and their arithmetic,
and the packaged data files."""
