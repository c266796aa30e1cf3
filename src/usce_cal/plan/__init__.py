"""Input: the plan and cohort models, their TOML readers, and a new plan's text."""
