"""Media plumbing shared by the pillars: the bundled ffmpeg, probing and audio decoding."""
