"""What every live workshop page shares: safe widgets and text (``ui``), the refresh thread and the
browser's memory (``browser``), and who may do what on a page (``access``)."""
