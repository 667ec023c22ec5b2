"""Spiders: ``news`` serves live crawls and replays alike."""
