"""The engine: a plan and a day in, typed dated items and checks out. Pure: no file, clock,
template or calendar format."""
