"""The submission template workbook: its words, its styles, its writer and the command
that writes it."""
