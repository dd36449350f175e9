"""Game forms: each module reads its sections of a scenario file into a `Model` subclass."""
