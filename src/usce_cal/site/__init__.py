"""Publishing: a cohort's site (feeds, pages, tokens), the season picture, and the server."""
