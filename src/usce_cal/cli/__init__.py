"""The command line (typer only): parse options, call one use case, print its result."""
