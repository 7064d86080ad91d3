"""``backlint server``: a language server for editors, over stdio, built on pygls.

Install it with ``pip install 'backlint[lsp]'``. :func:`main` serves until the client says
exit; :func:`create_server` builds the server without starting it.
"""

from backlint.server.lsp import BacklintServer, create_server, main

__all__ = ["BacklintServer", "create_server", "main"]
