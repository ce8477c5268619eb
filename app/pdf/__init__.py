"""PDF documents: the shared foundation (:mod:`app.pdf.base`) and the documents built on it."""
