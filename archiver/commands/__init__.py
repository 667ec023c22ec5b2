"""Command-line commands, one module each (see ``archiver.cli.COMMANDS``)."""
