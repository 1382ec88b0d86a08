"""Chat transcripts of a whole journey, written by driving the real bot against the fakes."""
