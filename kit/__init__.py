"""Course workbook and facilitation kit for "Professionalisering Sociale Veiligheid".

Import cost matters: notebooks import ``kit`` in every kernel, so this package
imports nothing heavy at the top level. Sub-modules are imported where used.
"""

__version__ = "0.1.0"
