"""Alumni: the return, the alumni registry, JETAA chapters and membership, surveys, bulletins and
engagement."""
