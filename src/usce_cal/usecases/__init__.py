"""The jobs the commands run: each takes keyword arguments and returns values; nothing
here prints or exits."""
